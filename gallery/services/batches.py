"""Which batches of a food product a stock change moves, first expiry first out.

The ledger calls these while it holds the stock level's row lock; each function locks the
product's batches at the outlet (in expiry order) before reading them, and returns the ``Part``s
the change is made of: one per batch touched, each written as its own ledger row naming its batch.
Units taken in before batches were kept (``batch`` None) count as a batch that never expires and
come last. Products that are not food move as one part without a batch.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Sum
from django.utils.translation import gettext as _

from products.models import Product

from ..models import Batch, StockMovement, today_in_jakarta
from .errors import StockError

Kind = StockMovement.Kind


@dataclass
class Part:
    batch: Batch | None
    on_hand_change: int
    reserved_change: int


@dataclass(frozen=True)
class BatchSpec:
    """A batch as an intake names it: what the pack says."""

    code: str
    expires_on: datetime.date
    produced_on: datetime.date | None = None


def food_ids(product_ids) -> set[int]:
    return set(Product.objects.filter(pk__in=list(product_ids)).food().values_list("pk", flat=True))


def lock_batches(outlet, product) -> list[Batch]:
    return list(
        Batch.objects.select_for_update()
        .filter(outlet=outlet, product=product)
        .order_by("expires_on", "pk")
    )


def _unbatched(level, batches) -> tuple[int, int]:
    return (
        level.on_hand - sum(batch.on_hand for batch in batches),
        level.reserved - sum(batch.reserved for batch in batches),
    )


def live_free(level, batches, today=None) -> int:
    """Units free to sell today: in batches that have not expired, and units without a batch."""
    today = today or today_in_jakarta()
    on_hand, reserved = _unbatched(level, batches)
    return (on_hand - reserved) + sum(
        batch.available for batch in batches if batch.expires_on > today
    )


def free_parts(level, batches, quantity, *, today=None, with_expired=False, chosen=None):
    """``[(batch, units)]`` of free units, earliest expiry first, up to ``quantity``, and the
    shortfall. Expired batches only when ``with_expired`` (goods going back to their vendor or
    written off); only the ``chosen`` batch when staff chose one."""
    today = today or today_in_jakarta()
    if chosen is not None:
        candidates = [batch for batch in batches if batch.pk == chosen.pk]
        if not candidates:
            raise StockError(
                _("Batch %(code)s is not on this outlet's shelf for %(product)s.")
                % {"code": chosen.code, "product": level.product}
            )
        if candidates[0].expires_on <= today and not with_expired:
            candidates = []
    else:
        candidates = [b for b in batches if with_expired or b.expires_on > today]
    taken, left = [], quantity
    for batch in candidates:
        units = min(left, batch.available)
        if units > 0:
            taken.append((batch, units))
            left -= units
    if left and chosen is None:
        on_hand, reserved = _unbatched(level, batches)
        units = min(left, on_hand - reserved)
        if units > 0:
            taken.append((None, units))
            left -= units
    return taken, left


def reserved_for(outlet, product, reference) -> dict:
    """``{batch id or None: units}`` still reserved under ``reference`` (an order number)."""
    rows = (
        StockMovement.objects.filter(outlet=outlet, product=product, reference=reference)
        .values("batch_id")
        .annotate(units=Sum("reserved_change"))
        .order_by()
    )
    return {row["batch_id"]: row["units"] for row in rows if row["units"]}


def reserved_parts(level, batches, reference, quantity, *, leaves_shelf):
    """The parts that end ``quantity`` units of ``reference``'s reservation, batch by batch."""
    by_id = {batch.pk: batch for batch in batches}
    held = reserved_for(level.outlet, level.product_id, reference)
    parts, left = [], quantity
    for batch_id, units in sorted(held.items(), key=lambda item: (item[0] is None, item[0] or 0)):
        take = min(left, units)
        if take > 0:
            parts.append(Part(by_id.get(batch_id), -take if leaves_shelf else 0, -take))
            left -= take
    if left:
        # Reserved before batches were kept: those units have no batch.
        parts.append(Part(None, -left if leaves_shelf else 0, -left))
    return parts


def sold_batch(outlet, product, batches, reference) -> Batch | None:
    """Where goods sold at the counter under ``reference`` come back: the latest-expiring batch
    the receipt took from."""
    ids = set(
        StockMovement.objects.filter(
            outlet=outlet, product=product, reference=reference, kind=Kind.COUNTER_SALE
        ).values_list("batch_id", flat=True)
    )
    taken = [batch for batch in batches if batch.pk in ids]
    return taken[-1] if taken else None


def intake_batch(outlet, product, batches, spec: BatchSpec | None) -> Batch:
    """The batch an intake adds to: the one with the pack's code and expiry, or a new one."""
    if spec is None or not (spec.code or "").strip() or not spec.expires_on:
        raise StockError(
            _("%(product)s is food: give its batch code and expiry date.") % {"product": product}
        )
    if spec.expires_on <= today_in_jakarta():
        raise StockError(
            _("The batch %(code)s of %(product)s has expired: it cannot be taken in.")
            % {"code": spec.code, "product": product}
        )
    if spec.produced_on and spec.produced_on >= spec.expires_on:
        raise StockError(_("A batch is produced before it expires."))
    code = spec.code.strip()[:40]
    for batch in batches:
        if batch.code == code and batch.expires_on == spec.expires_on:
            return batch
    batch = Batch.objects.create(
        outlet=outlet,
        product=product,
        code=code,
        expires_on=spec.expires_on,
        produced_on=spec.produced_on,
    )
    batches.append(batch)
    batches.sort(key=lambda b: (b.expires_on, b.pk))
    return batch


def free_until(level, batches):
    """The latest expiry date among batches with free units; None when units without a batch are
    free (they never expire) or nothing is free."""
    on_hand, reserved = _unbatched(level, batches)
    if on_hand > reserved:
        return None
    dates = [batch.expires_on for batch in batches if batch.available > 0]
    return max(dates) if dates else None
