"""An order's page, the lookup by number and phone, and "my orders"."""

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import ListView

from core.audit import audit, mask_phone
from core.net import client_ip

from .. import notifications, services
from ..forms import OrderLookupForm, ShopperCancelForm
from ..models import Order
from .cart import first_error

GRANTS_KEY = "orders_granted"
MAX_GRANTS = 20
LOOKUP_FAILURES_ALLOWED = 10
LOOKUP_COOLOFF_SECONDS = 15 * 60


def grant(request, order: Order) -> None:
    """This browser may see the order: it placed it or looked it up with the phone number."""
    granted = [number for number in request.session.get(GRANTS_KEY, []) if number != order.number]
    request.session[GRANTS_KEY] = [*granted[-(MAX_GRANTS - 1) :], order.number]


def _viewable_order(request, number) -> Order:
    """The order, if this visitor owns it or was granted it in this session; else 404."""
    if "\x00" in number:  # no order number holds one, and PostgreSQL refuses it in a query
        raise Http404
    order = get_object_or_404(Order.objects.select_related("outlet"), number=number)
    owner = request.user.is_authenticated and order.customer_id == request.user.pk
    if not owner and order.number not in request.session.get(GRANTS_KEY, []):
        raise Http404
    return order


def order_detail(request, number):
    order = _viewable_order(request, number)
    return render(
        request,
        "orders/order_detail.html",
        {
            "order": order,
            "lines": order.lines.all(),
            "changes": order.status_changes.all(),
            "outlet_whatsapp_url": notifications.outlet_whatsapp_url(order),
            "cancel_form": ShopperCancelForm() if order.can_be_cancelled_by_shopper else None,
        },
    )


@require_POST
def order_cancel(request, number):
    order = _viewable_order(request, number)
    form = ShopperCancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, first_error(form))
        return redirect(order)
    try:
        services.order_cancel(
            order=order,
            by=request.user if request.user.is_authenticated else None,
            reason=form.cleaned_data["reason"],
            by_shopper=True,
        )
    except services.OrderError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Your order %(number)s is cancelled.") % {"number": order})
    return redirect(order)


def _lookup_keys(request, number) -> list[str]:
    """The counters a miss adds to: the visitor's address, and the order number guessed at (so
    guesses spread over many addresses meet the limit too). A success never resets them: opening
    one's own order between guesses must not buy more guesses at someone else's."""
    target = hashlib.sha256((number or "").strip().upper().encode()).hexdigest()[:32]
    return [
        f"orders:lookup-failures:ip:{client_ip(request) or 'unknown'}",
        f"orders:lookup-failures:order:{target}",
    ]


def _count_miss(keys):
    for key in keys:
        cache.add(key, 0, LOOKUP_COOLOFF_SECONDS)
        try:
            cache.incr(key)
        except ValueError:  # expired between the two calls: start again
            cache.set(key, 1, LOOKUP_COOLOFF_SECONDS)


def order_lookup(request):
    """Number plus WhatsApp number opens an order. A miss says the same whichever was wrong."""
    if request.method == "POST":
        form = OrderLookupForm(request.POST)
        keys = _lookup_keys(request, request.POST.get("number", "")[:40])
        if any(count >= LOOKUP_FAILURES_ALLOWED for count in cache.get_many(keys).values()):
            form.add_error(None, _("Too many attempts. Please wait a few minutes and try again."))
        elif form.is_valid():
            order = Order.objects.filter(
                number=form.cleaned_data["number"], phone=form.cleaned_data["phone"]
            ).first()
            if order is not None:
                grant(request, order)
                return redirect(order)
            _count_miss(keys)
            audit(
                "order_lookup_failed",
                request=request,
                phone=mask_phone(form.cleaned_data["phone"]),
            )
            form.add_error(
                None,
                _(
                    "We could not find an order with this number and WhatsApp number. Check "
                    "both and try again."
                ),
            )
    else:
        form = OrderLookupForm(initial={"number": request.GET.get("number", "")[:24]})
    return render(request, "orders/order_lookup.html", {"form": form})


@method_decorator(login_required, name="dispatch")
class MyOrderListView(ListView):
    template_name = "orders/order_list.html"
    paginate_by = 20

    def get_queryset(self):
        return Order.objects.of_customer(self.request.user).select_related("outlet")
