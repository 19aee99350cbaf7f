"""The ledger itself: one product at a time (intake, return, loss, correction) and the lines of
an order (reserve, release, sell). See the package's docstring for the locking rules.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from core.pagecache import catalogue_changed, product_stock_changed

from ..models import Outlet, StockLevel, StockMovement

Kind = StockMovement.Kind
REFERENCE_MAX_LENGTH = StockMovement._meta.get_field("reference").max_length


class StockError(Exception):
    """A stock change that the rules refuse; its message is meant for the person who asked."""


@dataclass(frozen=True)
class Shortage:
    product: object
    requested: int
    available: int


class InsufficientStock(StockError):
    def __init__(self, shortages: list[Shortage]):
        self.shortages = shortages
        names = ", ".join(str(s.product) for s in shortages)
        super().__init__(_("Not enough stock for: %(names)s.") % {"names": names})


def _check_quantity(quantity):
    if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 1:
        raise StockError(_("The quantity must be a whole number of at least 1."))


def _merge(items) -> list[tuple[object, int]]:
    """(product, quantity) lines with each product once, its quantities added, in product order."""
    merged: dict[int, list] = {}
    for product, quantity in items:
        _check_quantity(quantity)
        if product.pk in merged:
            merged[product.pk][1] += quantity
        else:
            merged[product.pk] = [product, quantity]
    return [
        (product, quantity)
        for product, quantity in sorted(merged.values(), key=lambda line: line[0].pk)
    ]


def _check_outlet_takes_stock(outlet: Outlet):
    if not outlet.takes_stock:
        raise StockError(_("%(outlet)s does not hold stock.") % {"outlet": outlet})


def _check_not_planned(outlet: Outlet):
    if outlet.is_planned:
        raise StockError(_("%(outlet)s is not open yet: it holds no stock.") % {"outlet": outlet})


def _lock_levels(outlet: Outlet, products: Iterable) -> dict[int, StockLevel]:
    """The levels of these products at the outlet, created if missing, locked in product order."""
    product_ids = sorted({p.pk for p in products})
    existing = set(
        StockLevel.objects.filter(outlet=outlet, product_id__in=product_ids).values_list(
            "product_id", flat=True
        )
    )
    for product_id in product_ids:
        if product_id not in existing:
            StockLevel.objects.get_or_create(outlet=outlet, product_id=product_id)
    levels = (
        StockLevel.objects.select_for_update()
        .filter(outlet=outlet, product_id__in=product_ids)
        .order_by("product_id")
    )
    return {level.product_id: level for level in levels}


def _apply(
    level: StockLevel, product, *, kind, on_hand_change, reserved_change, by, reason, reference
):
    was_available = level.on_hand - level.reserved > 0
    level.on_hand += on_hand_change
    level.reserved += reserved_change
    level.save(update_fields=["on_hand", "reserved", "updated_at"])
    if (level.on_hand - level.reserved > 0) != was_available:
        # In stock or sold out here: cards, the availability filters and outlet pages change.
        catalogue_changed()
    else:
        # Only the counts per outlet on the product's own page change.
        product_stock_changed(product.slug)
    return StockMovement.objects.create(
        outlet=level.outlet,
        product=product,
        kind=kind,
        on_hand_change=on_hand_change,
        reserved_change=reserved_change,
        reason=reason,
        reference=reference,
        by=by,
    )


def _move_one(
    *, outlet, product, kind, on_hand_change, reserved_change, by, reason="", reference=""
):
    level = _lock_levels(outlet, [product])[product.pk]
    if (
        level.on_hand + on_hand_change < 0
        or level.on_hand + on_hand_change < level.reserved + reserved_change
    ):
        raise InsufficientStock([Shortage(product, -on_hand_change, level.available)])
    if level.reserved + reserved_change < 0:
        raise StockError(
            _("Only %(n)s of %(product)s are reserved.") % {"n": level.reserved, "product": product}
        )
    return _apply(
        level,
        product,
        kind=kind,
        on_hand_change=on_hand_change,
        reserved_change=reserved_change,
        by=by,
        reason=reason,
        reference=reference,
    )


@transaction.atomic
def stock_receive(*, outlet, product, quantity, by, reference="", reason=""):
    """Goods a vendor brings to the outlet on consignment."""
    _check_quantity(quantity)
    _check_outlet_takes_stock(outlet)
    return _move_one(
        outlet=outlet,
        product=product,
        kind=Kind.INTAKE,
        on_hand_change=quantity,
        reserved_change=0,
        by=by,
        reason=reason,
        reference=reference,
    )


@transaction.atomic
def stock_return_to_vendor(*, outlet, product, quantity, by, reason="", reference=""):
    """Goods handed back to their maker. Reserved units cannot be returned."""
    _check_quantity(quantity)
    return _move_one(
        outlet=outlet,
        product=product,
        kind=Kind.RETURN,
        on_hand_change=-quantity,
        reserved_change=0,
        by=by,
        reason=reason,
        reference=reference,
    )


@transaction.atomic
def stock_record_loss(*, outlet, product, quantity, by, reason, reference=""):
    if not reason.strip():
        raise StockError(_("Say what happened: a reason is required."))
    _check_quantity(quantity)
    return _move_one(
        outlet=outlet,
        product=product,
        kind=Kind.LOSS,
        on_hand_change=-quantity,
        reserved_change=0,
        by=by,
        reason=reason,
        reference=reference,
    )


@transaction.atomic
def stock_adjust(*, outlet, product, change, by, reason, reference=""):
    """A correction after counting the shelf: ``change`` units up or down, with the reason."""
    if not reason.strip():
        raise StockError(_("Say why the count changes: a reason is required."))
    if not isinstance(change, int) or isinstance(change, bool) or change == 0:
        raise StockError(_("An adjustment must change the count by a whole number other than 0."))
    _check_not_planned(outlet)
    return _move_one(
        outlet=outlet,
        product=product,
        kind=Kind.ADJUSTMENT,
        on_hand_change=change,
        reserved_change=0,
        by=by,
        reason=reason,
        reference=reference,
    )


@transaction.atomic
def stock_reserve(*, outlet, items, reference, by=None):
    """Reserve every (product, quantity) for an order, or nothing at all.

    Raises ``InsufficientStock`` naming every line that is short, after checking them all.
    """
    items = _merge(items)
    _check_outlet_takes_stock(outlet)
    levels = _lock_levels(outlet, [product for product, _quantity in items])
    shortages = [
        Shortage(product, quantity, levels[product.pk].available)
        for product, quantity in items
        if levels[product.pk].available < quantity
    ]
    if shortages:
        raise InsufficientStock(shortages)
    return [
        _apply(
            levels[product.pk],
            product,
            kind=Kind.RESERVATION,
            on_hand_change=0,
            reserved_change=quantity,
            by=by,
            reason="",
            reference=reference,
        )
        for product, quantity in items
    ]


def _take_reserved(*, outlet, items, reference, by, kind, leaves_shelf, reason=""):
    """Reserved units end their reservation: back on the shelf, or off it as a sale."""
    items = _merge(items)
    levels = _lock_levels(outlet, [product for product, _quantity in items])
    for product, quantity in items:
        if levels[product.pk].reserved < quantity:
            raise StockError(
                _("Only %(n)s of %(product)s are reserved.")
                % {"n": levels[product.pk].reserved, "product": product}
            )
    return [
        _apply(
            levels[product.pk],
            product,
            kind=kind,
            on_hand_change=-quantity if leaves_shelf else 0,
            reserved_change=-quantity,
            by=by,
            reason=reason,
            reference=reference,
        )
        for product, quantity in items
    ]


@transaction.atomic
def stock_release(*, outlet, items, reference, by=None, reason=""):
    """Give reserved units back to the shelf (an order cancelled or expired)."""
    return _take_reserved(
        outlet=outlet,
        items=items,
        reference=reference,
        by=by,
        kind=Kind.RELEASE,
        leaves_shelf=False,
        reason=reason,
    )


@transaction.atomic
def stock_sell_reserved(*, outlet, items, reference, by):
    """An order collected: its reserved units leave the shelf as a sale."""
    return _take_reserved(
        outlet=outlet, items=items, reference=reference, by=by, kind=Kind.SALE, leaves_shelf=True
    )


@transaction.atomic
def stock_sell_at_counter(*, outlet, items, reference, by, take_short=False):
    """A walk-in sale: units leave the shelf from what is available, never from the units
    reserved for online orders. Returns ``(movements, shortages)``.

    All or nothing (``InsufficientStock`` naming every short line), unless ``take_short``: a sale
    made while the counter was offline has already handed over the goods and taken the money, so
    each line takes what the ledger still holds and the shortages go back to the caller, which
    keeps them for staff to resolve.
    """
    items = _merge(items)
    _check_outlet_takes_stock(outlet)
    levels = _lock_levels(outlet, [product for product, _quantity in items])
    shortages = [
        Shortage(product, quantity, max(levels[product.pk].available, 0))
        for product, quantity in items
        if levels[product.pk].available < quantity
    ]
    if shortages and not take_short:
        raise InsufficientStock(shortages)
    movements = []
    for product, quantity in items:
        taken = min(quantity, levels[product.pk].available)
        if taken > 0:
            movements.append(
                _apply(
                    levels[product.pk],
                    product,
                    kind=Kind.COUNTER_SALE,
                    on_hand_change=-taken,
                    reserved_change=0,
                    by=by,
                    reason="",
                    reference=reference,
                )
            )
    return movements, shortages


@transaction.atomic
def stock_take_back(*, outlet, items, reference, by, reason):
    """Goods sold at the counter come back on the shelf: a voided receipt or a buyer's return."""
    items = _merge(items)
    levels = _lock_levels(outlet, [product for product, _quantity in items])
    return [
        _apply(
            levels[product.pk],
            product,
            kind=Kind.SALE_RETURN,
            on_hand_change=quantity,
            reserved_change=0,
            by=by,
            reason=reason,
            reference=reference,
        )
        for product, quantity in items
    ]
