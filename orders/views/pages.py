"""An order's page, the lookup by number and phone, and "my orders"."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import ListView

from core import limits
from core.audit import audit, mask_phone

from .. import notifications, services
from ..forms import OrderLookupForm, ShopperCancelForm
from ..models import Order
from .cart import first_error

GRANTS_KEY = "orders_granted"
MAX_GRANTS = 20
# Misses allowed per address and per order number (RATE_LIMITS["lookup.address"], ".order").
LOOKUP_FAILURES_ALLOWED = limits.allowed("lookup.address")


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
    """The order's page for its owner or a granted browser. Anyone else (another device, no
    session, another account) gets the lookup form with the number filled in, answered 403
    whether or not such an order exists, so the page tells nothing about it."""
    try:
        order = _viewable_order(request, number)
    except Http404:
        form = OrderLookupForm(initial={"number": _plain(number)})
        return _lookup_page(request, form, status=403, elsewhere=True)
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


def order_lookup(request):
    """Number plus WhatsApp number opens an order. A miss says the same whichever was wrong.

    Misses count per address and per order number guessed at (core.limits.LOOKUP_MISSES), so
    guesses spread over many addresses meet the limit too. A success never resets them: opening
    one's own order between guesses must not buy more guesses at someone else's. Over the limit the
    form says so in place (a 429 with Retry-After), and even the right answer is refused.
    """
    wait = 0
    if request.method == "POST":
        form = OrderLookupForm(request.POST)
        wait = limits.exhausted(limits.LOOKUP_MISSES, request)
        if wait:
            form.add_error(None, _("Too many attempts. Please wait a few minutes and try again."))
        elif form.is_valid():
            order = Order.objects.filter(
                number=form.cleaned_data["number"], phone=form.cleaned_data["phone"]
            ).first()
            if order is not None:
                grant(request, order)
                return redirect(order)
            limits.count(limits.LOOKUP_MISSES, request)
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
        form = OrderLookupForm(initial={"number": _plain(request.GET.get("number", ""))})
    return _lookup_page(request, form, wait=wait)


def _plain(number) -> str:
    """An order number as the lookup form may show it back: printable and short."""
    return "".join(c for c in number if c.isprintable())[:24]


def _lookup_page(request, form, *, wait=0, status=200, elsewhere=False):
    context = {"form": form, "order_elsewhere": elsewhere}
    response = render(request, "orders/order_lookup.html", context, status=status)
    if wait:
        response.status_code = 429
        response["Retry-After"] = str(wait)
    return response


@method_decorator(login_required, name="dispatch")
class MyOrderListView(ListView):
    template_name = "orders/order_list.html"
    paginate_by = 20

    def get_queryset(self):
        return Order.objects.of_customer(self.request.user).select_related("outlet")
