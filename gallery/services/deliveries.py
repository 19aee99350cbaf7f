"""A delivery: several products of one vendor coming in, or going back, in one go."""

from django.db import transaction
from django.utils.translation import gettext as _

from .ledger import (
    REFERENCE_MAX_LENGTH,
    InsufficientStock,
    Kind,
    Shortage,
    StockError,
    _apply,
    _check_not_planned,
    _check_outlet_takes_stock,
    _check_quantity,
    _lock_levels,
)


def _check_delivery(*, vendor, outlet, lines, reference):
    """One delivery's lines, each product once and all of them the vendor's."""
    lines = list(lines)
    if not lines:
        raise StockError(_("A delivery needs at least one product."))
    if not reference.strip():
        raise StockError(_("Give the delivery note number or another reference."))
    if len(reference.strip()) > REFERENCE_MAX_LENGTH:
        raise StockError(
            _("A reference has at most %(n)s characters.") % {"n": REFERENCE_MAX_LENGTH}
        )
    _check_not_planned(outlet)
    seen = set()
    for product, quantity in lines:
        _check_quantity(quantity)
        if product.vendor_id != vendor.pk:
            raise StockError(
                _("%(product)s is not a product of %(vendor)s.")
                % {"product": product, "vendor": vendor}
            )
        if product.pk in seen:
            raise StockError(
                _("%(product)s appears twice: list each product once.") % {"product": product}
            )
        seen.add(product.pk)
    return sorted(lines, key=lambda line: line[0].pk)


@transaction.atomic
def delivery_receive(*, vendor, outlet, lines, by, reference, reason=""):
    """One delivery a vendor brings: several (product, quantity) lines, all or none recorded.

    Every line becomes an intake row carrying the same reference (the delivery note), so the
    ledger shows the delivery as one. Only an approved vendor's goods come in.
    """
    lines = _check_delivery(vendor=vendor, outlet=outlet, lines=lines, reference=reference)
    _check_outlet_takes_stock(outlet)
    if not vendor.is_approved:
        raise StockError(
            _("%(vendor)s is not an approved vendor: its goods cannot be taken in.")
            % {"vendor": vendor}
        )
    for product, _quantity in lines:
        if product.status == product.Status.ARCHIVED:
            raise StockError(
                _("%(product)s is archived: publish it again before taking it in.")
                % {"product": product}
            )
    levels = _lock_levels(outlet, [product for product, _quantity in lines])
    return [
        _apply(
            levels[product.pk],
            product,
            kind=Kind.INTAKE,
            on_hand_change=quantity,
            reserved_change=0,
            by=by,
            reason=reason,
            reference=reference.strip(),
        )
        for product, quantity in lines
    ]


@transaction.atomic
def delivery_return(*, vendor, outlet, lines, by, reference, reason=""):
    """Goods handed back to their vendor in one go; reserved units stay for their orders.

    Raises ``InsufficientStock`` naming every line asking for more than is available.
    """
    lines = _check_delivery(vendor=vendor, outlet=outlet, lines=lines, reference=reference)
    levels = _lock_levels(outlet, [product for product, _quantity in lines])
    shortages = [
        Shortage(product, quantity, levels[product.pk].available)
        for product, quantity in lines
        if levels[product.pk].available < quantity
    ]
    if shortages:
        raise InsufficientStock(shortages)
    return [
        _apply(
            levels[product.pk],
            product,
            kind=Kind.RETURN,
            on_hand_change=-quantity,
            reserved_change=0,
            by=by,
            reason=reason,
            reference=reference.strip(),
        )
        for product, quantity in lines
    ]
