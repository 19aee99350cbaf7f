"""Placing an order: prices from the database, stock reserved at the outlet, all or nothing."""

import secrets
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.phones import normalise_mobile
from gallery.models import Outlet
from gallery.services import InsufficientStock, StockError, stock_reserve
from products.models import Product

from .. import notifications
from ..cart import CartError, check_quantity
from ..models import (
    JAKARTA,
    NUMBER_ALPHABET,
    NUMBER_SUFFIX_LENGTH,
    Order,
    OrderLine,
    OrderStatusChange,
)
from .errors import OrderError, OrderItemsUnavailable

Status = Order.Status


def order_number_new(*, now=None) -> str:
    """A fresh order number, GM-YYMMDD-XXXXX: readable, unguessable, dated in Jakarta."""
    day = timezone.localtime(now or timezone.now(), JAKARTA).strftime("%y%m%d")
    while True:
        suffix = "".join(secrets.choice(NUMBER_ALPHABET) for _i in range(NUMBER_SUFFIX_LENGTH))
        number = f"GM-{day}-{suffix}"
        if not Order.objects.filter(number=number).exists():
            return number


def _quantities(cart_lines: Iterable) -> dict[int, int]:
    """Product id -> quantity, from (product or product id, quantity) pairs."""
    quantities: dict[int, int] = {}
    for product, quantity in cart_lines:
        product_id = getattr(product, "pk", product)
        try:
            check_quantity(quantity)
            check_quantity(quantities.get(product_id, 0) + quantity)
        except CartError as exc:
            raise OrderError(str(exc)) from exc
        quantities[product_id] = quantities.get(product_id, 0) + quantity
    return quantities


def _shortage_message(outlet, shortages) -> str:
    parts = []
    for shortage in shortages:
        if shortage.available > 0:
            parts.append(
                _("%(product)s (only %(n)s left)")
                % {"product": shortage.product, "n": shortage.available}
            )
        else:
            parts.append(_("%(product)s (none left)") % {"product": shortage.product})
    return _(
        "Sorry, these are no longer available at %(outlet)s: %(lines)s. Change the quantities "
        "or choose another outlet, then try again."
    ) % {"outlet": outlet, "lines": ", ".join(parts)}


def order_place(
    *,
    cart_lines: Iterable,
    customer,
    name: str,
    phone: str,
    outlet: Outlet,
    idempotency_key: str,
    email: str = "",
    note: str = "",
    expected_total: int | None = None,
) -> Order:
    """Place an order for pickup at ``outlet`` and reserve its goods, all or nothing.

    Prices come from the database. A second call with the same ``idempotency_key`` (a double
    submit, even a simultaneous one) returns the first order instead of making another.
    ``expected_total`` is the total the shopper reviewed: if the cart or its prices changed since,
    nothing is placed and the shopper is asked to look again.
    """
    if not idempotency_key or len(idempotency_key) > 64:
        raise OrderError(_("This checkout form has expired. Please review your order again."))
    existing = Order.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing
    quantities = _quantities(cart_lines)
    if not quantities:
        raise OrderError(_("Your cart is empty."))
    name = (name or "").strip()
    if not name:
        raise OrderError(_("Please give the name the order is for."))
    try:
        phone = normalise_mobile(phone)
    except ValidationError as exc:
        raise OrderError(exc.messages[0]) from exc
    if customer is not None and not customer.is_authenticated:
        customer = None

    while True:
        number = order_number_new()
        try:
            with transaction.atomic():
                return _order_create(
                    number=number,
                    quantities=quantities,
                    customer=customer,
                    name=name[:120],
                    phone=phone,
                    email=(email or "").strip(),
                    note=(note or "").strip(),
                    outlet=outlet,
                    idempotency_key=idempotency_key,
                    expected_total=expected_total,
                )
        except IntegrityError:
            existing = Order.objects.filter(idempotency_key=idempotency_key).first()
            if existing is not None:
                return existing
            if not Order.objects.filter(number=number).exists():
                raise
            # Two orders drew the same number at the same moment: draw again.


def _order_create(
    *,
    number,
    quantities,
    customer,
    name,
    phone,
    email,
    note,
    outlet,
    idempotency_key,
    expected_total,
) -> Order:
    outlet = Outlet.objects.active().filter(pk=getattr(outlet, "pk", outlet)).first()
    if outlet is None:
        raise OrderError(_("This outlet does not take orders. Please choose another outlet."))
    products = Product.objects.public().select_related("vendor").in_bulk(list(quantities))
    gone = [pk for pk in quantities if pk not in products]
    if gone:
        names = list(Product.objects.filter(pk__in=gone).values_list("name", flat=True))
        raise OrderItemsUnavailable(
            _("Sorry, these are no longer for sale: %(names)s. Please remove them from your cart.")
            % {"names": ", ".join(names) or _("a product in your cart")},
            names,
        )
    total = sum(products[pk].price * quantity for pk, quantity in quantities.items())
    if expected_total is not None and total != expected_total:
        raise OrderError(
            _("Your cart or its prices changed since you reviewed it. Please check the new total.")
        )
    # The order row goes in first: a simultaneous double submit waits here on the unique key
    # and then returns this order, without touching the stock levels at all.
    order = Order.objects.create(
        number=number,
        customer=customer,
        name=name,
        phone=phone,
        email=email,
        note=note,
        outlet=outlet,
        total=total,
        idempotency_key=idempotency_key,
        language=(get_language() or settings.LANGUAGE_CODE)[:8],
    )
    OrderLine.objects.bulk_create(
        OrderLine(
            order=order,
            product=products[pk],
            vendor=products[pk].vendor,
            product_name=products[pk].name,
            vendor_name=products[pk].vendor.business_name,
            unit_price=products[pk].price,
            quantity=quantity,
            line_total=products[pk].price * quantity,
        )
        for pk, quantity in quantities.items()
    )
    try:
        stock_reserve(
            outlet=outlet,
            items=[(products[pk], quantity) for pk, quantity in quantities.items()],
            reference=number,
            by=customer,
        )
    except InsufficientStock as exc:
        raise OrderItemsUnavailable(
            _shortage_message(outlet, exc.shortages),
            [str(shortage.product) for shortage in exc.shortages],
        ) from exc
    except StockError as exc:
        raise OrderError(str(exc)) from exc
    change = OrderStatusChange.objects.create(
        order=order, from_status="", to_status=Status.PLACED, by=customer
    )
    notifications.order_email_queue(order=order, change=change)
    return order
