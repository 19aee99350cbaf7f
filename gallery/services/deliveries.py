"""A delivery: several products of one vendor coming in, or going back, in one go."""

from django.db import transaction
from django.utils.translation import gettext as _

from curation.rules import intake_refusal

from .batches import Part
from .errors import InsufficientStock, Shortage, StockError
from .ledger import (
    REFERENCE_MAX_LENGTH,
    Kind,
    _apply,
    _check_not_planned,
    _check_outlet_takes_stock,
    _check_quantity,
    _intake,
    _lock_levels,
)


def _check_delivery(*, vendor, outlet, lines, reference):
    """One delivery's lines, each product once and all of them the vendor's. A line is
    ``(product, quantity)``, or ``(product, quantity, batch)`` where ``batch`` is the
    ``BatchSpec`` of a food product (the pack's code and expiry date) or, going back, the
    ``Batch`` staff chose."""
    lines = [tuple(line) if len(line) == 3 else (*line, None) for line in lines]
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
    for product, quantity, _batch in lines:
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
    ledger shows the delivery as one. Only an approved vendor's goods come in, and only goods
    that passed the gallery's curation check (``curation.rules``).
    """
    lines = _check_delivery(vendor=vendor, outlet=outlet, lines=lines, reference=reference)
    _check_outlet_takes_stock(outlet)
    if not vendor.is_approved:
        raise StockError(
            _("%(vendor)s is not an approved vendor: its goods cannot be taken in.")
            % {"vendor": vendor}
        )
    for product, _quantity, _batch in lines:
        if product.status == product.Status.ARCHIVED:
            raise StockError(
                _("%(product)s is archived: publish it again before taking it in.")
                % {"product": product}
            )
        # The gallery checks every product before it first goes on an outlet's shelf.
        refusal = intake_refusal(product, outlet)
        if refusal:
            raise StockError(refusal)
    locked = _lock_levels(outlet, [line[0] for line in lines])
    movements = []
    for product, quantity, batch in lines:
        movements += _apply(
            locked,
            product,
            kind=Kind.INTAKE,
            parts=_intake(locked, product, quantity, batch),
            by=by,
            reason=reason,
            reference=reference.strip(),
        )
    return movements


@transaction.atomic
def delivery_return(*, vendor, outlet, lines, by, reference, reason=""):
    """Goods handed back to their vendor in one go; reserved units stay for their orders.

    Raises ``InsufficientStock`` naming every line asking for more than is available.
    """
    lines = _check_delivery(vendor=vendor, outlet=outlet, lines=lines, reference=reference)
    locked = _lock_levels(outlet, [line[0] for line in lines])
    # Expired food goes back too: earliest expiry first, or the batch staff chose.
    taken = {
        product.pk: locked.free(product, quantity, with_expired=True, batch=batch)
        for product, quantity, batch in lines
    }
    shortages = [
        Shortage(product, quantity, quantity - taken[product.pk][1])
        for product, quantity, _batch in lines
        if taken[product.pk][1]
    ]
    if shortages:
        raise InsufficientStock(shortages)
    movements = []
    for product, _quantity, _batch in lines:
        movements += _apply(
            locked,
            product,
            kind=Kind.RETURN,
            parts=[Part(batch, -units, 0) for batch, units in taken[product.pk][0]],
            by=by,
            reason=reason,
            reference=reference.strip(),
        )
    return movements
