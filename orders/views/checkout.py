"""Checkout in two steps: the shopper's details, then a review whose button places the order."""

import secrets
from contextlib import suppress
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from affiliates import services as affiliates
from core.phones import normalise_mobile
from gallery.models import Outlet

from .. import services
from ..cart import Cart
from ..forms import CheckoutForm
from .pages import grant

CHECKOUT_KEY = "checkout"
TOKENS_KEY = "checkout_tokens"
MAX_TOKENS = 5


def _checkout_initial(request, cart, outlets) -> dict:
    initial = dict(request.session.get(CHECKOUT_KEY) or {})
    user = request.user
    if user.is_authenticated:
        initial.setdefault("name", user.full_name)
        initial.setdefault("email", user.email)
        if user.phone:
            # Not a mobile number (a landline?): the shopper types one.
            with suppress(ValidationError):
                initial.setdefault("phone", normalise_mobile(user.phone))
    initial["outlet"] = cart.outlet(outlets)
    return initial


def checkout(request):
    cart = Cart(request.session)
    if not len(cart):
        messages.info(request, _("Your cart is empty."))
        return redirect("orders:cart")
    outlets = list(Outlet.objects.active())
    if request.method == "POST":
        form = CheckoutForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            cart.set_outlet(data["outlet"])
            request.session[CHECKOUT_KEY] = {
                "name": data["name"],
                "phone": data["phone"],
                "email": data["email"],
                "note": data["note"],
            }
            return redirect("orders:checkout-review")
    else:
        form = CheckoutForm(initial=_checkout_initial(request, cart, outlets))
    return render(request, "orders/order_checkout.html", {"form": form})


def checkout_review(request):
    cart = Cart(request.session)
    contact = request.session.get(CHECKOUT_KEY)
    if not len(cart):
        messages.info(request, _("Your cart is empty."))
        return redirect("orders:cart")
    if not contact:
        return redirect("orders:checkout")
    outlets = list(Outlet.objects.active())
    outlet = next((o for o in outlets if o.pk == cart.outlet_id), None)
    if outlet is None:
        messages.error(
            request, _("Your pickup outlet does not take orders. Please choose another.")
        )
        return redirect("orders:checkout")
    lines = cart.lines(outlet=outlet, outlets=outlets)
    total = sum(line.line_total for line in lines)
    # A one-time key for this page's button: submitting it twice places one order.
    token = secrets.token_urlsafe(32)
    tokens = [pair for pair in request.session.get(TOKENS_KEY, []) if pair[0] != token]
    request.session[TOKENS_KEY] = [*tokens[-(MAX_TOKENS - 1) :], [token, total]]
    return render(
        request,
        "orders/order_review.html",
        {
            "lines": lines,
            "total": total,
            "outlet": outlet,
            "contact": contact,
            "token": token,
            "all_available": all(line.is_available for line in lines),
            "pickup_until": timezone.now() + timedelta(days=settings.ORDER_PICKUP_WINDOW_DAYS),
            "pickup_days": settings.ORDER_PICKUP_WINDOW_DAYS,
        },
    )


@require_POST
def checkout_place(request):
    token = request.POST.get("token", "")
    issued = dict(request.session.get(TOKENS_KEY, []))
    if token not in issued:
        messages.error(request, _("This checkout page has expired. Please check your order again."))
        return redirect("orders:checkout-review")
    cart = Cart(request.session)
    contact = request.session.get(CHECKOUT_KEY) or {}
    try:
        with transaction.atomic():
            order = services.order_place(
                cart_lines=cart.items(),
                customer=request.user,
                name=contact.get("name", ""),
                phone=contact.get("phone", ""),
                email=contact.get("email", ""),
                note=contact.get("note", ""),
                outlet=Outlet.objects.filter(pk=cart.outlet_id).first(),
                idempotency_key=token,
                expected_total=issued[token],
            )
            # The affiliate whose share link the shopper followed last, within the window.
            affiliates.referral_record(order=order, visit=affiliates.visit_from(request))
    except services.OrderItemsUnavailable as exc:
        messages.error(request, str(exc))
        return redirect("orders:cart")
    except services.OrderError as exc:
        messages.error(request, str(exc))
        return redirect("orders:checkout-review")
    grant(request, order)
    cart.clear()
    if CHECKOUT_KEY in request.session:
        request.session[CHECKOUT_KEY] = {**contact, "note": ""}
    messages.success(request, _("Thank you! Your order %(number)s is placed.") % {"number": order})
    return redirect(order)
