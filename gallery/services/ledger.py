"""The ledger itself: one product at a time (intake, return, loss, correction) and the lines of
an order (reserve, release, sell). See the package's docstring for the locking rules.

Food is held by batch (``gallery.services.batches``): a change to a food product is made of one
part per batch it touches, each written as its own ledger row naming the batch, first expiry
first out. The stock level stays the sum of its batches.
"""

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from core.pagecache import catalogue_changed, product_stock_changed

from ..models import Outlet, StockLevel, StockMovement, today_in_jakarta
from . import batches as batching
from .batches import BatchSpec, Part
from .errors import InsufficientStock, Shortage, StockError

Kind = StockMovement.Kind
REFERENCE_MAX_LENGTH = StockMovement._meta.get_field("reference").max_length


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


class Locked:
    """The stock levels of some products at an outlet, locked in product order, with the batches
    of the food among them (locked after their level)."""

    def __init__(self, outlet: Outlet, products: Iterable):
        products = list(products)
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
        self.outlet = outlet
        self.levels = {level.product_id: level for level in levels}
        self.food = batching.food_ids(product_ids)
        self.batches = {
            product_id: batching.lock_batches(outlet, product_id)
            for product_id in product_ids
            if product_id in self.food
        }

    def __getitem__(self, product_id) -> StockLevel:
        return self.levels[product_id]

    def is_food(self, product) -> bool:
        return product.pk in self.food

    def available(self, product, today=None) -> int:
        """Units free to sell today: for food, only in batches that have not expired."""
        level = self.levels[product.pk]
        if not self.is_food(product):
            return level.available
        return batching.live_free(level, self.batches[product.pk], today)

    def free(self, product, quantity, *, with_expired=False, batch=None):
        """Parts taking ``quantity`` free units off the shelf (or reserving them), food first
        expiry first: ``[(batch, units)]`` and what is short."""
        level = self.levels[product.pk]
        if not self.is_food(product):
            units = min(quantity, max(level.available, 0))
            return [(None, units)], quantity - units
        return batching.free_parts(
            level,
            self.batches[product.pk],
            quantity,
            with_expired=with_expired,
            chosen=batch,
        )


def _lock_levels(outlet: Outlet, products: Iterable) -> Locked:
    return Locked(outlet, products)


def _apply(locked: Locked, product, *, kind, parts: list[Part], by, reason, reference):
    """Apply the parts to the level (and their batches) and write one ledger row each."""
    level = locked[product.pk]
    parts = [part for part in parts if part.on_hand_change or part.reserved_change]
    was_available = locked.available(product) > 0
    level.on_hand += sum(part.on_hand_change for part in parts)
    level.reserved += sum(part.reserved_change for part in parts)
    for part in parts:
        if part.batch is not None:
            part.batch.on_hand += part.on_hand_change
            part.batch.reserved += part.reserved_change
            part.batch.save(update_fields=["on_hand", "reserved", "updated_at"])
    if locked.is_food(product):
        level.free_until = batching.free_until(level, locked.batches[product.pk])
    level.save(update_fields=["on_hand", "reserved", "free_until", "updated_at"])
    if (locked.available(product) > 0) != was_available:
        # In stock or sold out here: cards, the availability filters and outlet pages change.
        catalogue_changed()
    else:
        # Only the counts per outlet on the product's own page change.
        product_stock_changed(product.slug)
    return [
        StockMovement.objects.create(
            outlet=level.outlet,
            product=product,
            batch=part.batch,
            kind=kind,
            on_hand_change=part.on_hand_change,
            reserved_change=part.reserved_change,
            reason=reason,
            reference=reference,
            by=by,
        )
        for part in parts
    ]


def _one(movements):
    """The row of a change to one product: its last part (food may take several batches)."""
    return movements[-1]


def _take_off_shelf(
    *, outlet, product, quantity, kind, by, reason="", reference="", batch=None, with_expired=True
):
    """Free units leave the shelf (returned to the vendor, lost): never reserved units."""
    locked = _lock_levels(outlet, [product])
    taken, short = locked.free(product, quantity, with_expired=with_expired, batch=batch)
    if short:
        available = quantity - short
        raise InsufficientStock([Shortage(product, quantity, available)])
    return _one(
        _apply(
            locked,
            product,
            kind=kind,
            parts=[Part(part_batch, -units, 0) for part_batch, units in taken],
            by=by,
            reason=reason,
            reference=reference,
        )
    )


def _intake(locked: Locked, product, quantity, batch: BatchSpec | None):
    if not locked.is_food(product):
        return [Part(None, quantity, 0)]
    target = batching.intake_batch(locked.outlet, product, locked.batches[product.pk], batch)
    return [Part(target, quantity, 0)]


@transaction.atomic
def stock_receive(*, outlet, product, quantity, by, reference="", reason="", batch=None):
    """Goods a vendor brings to the outlet on consignment. Food names its ``batch``
    (a ``BatchSpec``: the pack's code and expiry date)."""
    _check_quantity(quantity)
    _check_outlet_takes_stock(outlet)
    locked = _lock_levels(outlet, [product])
    return _one(
        _apply(
            locked,
            product,
            kind=Kind.INTAKE,
            parts=_intake(locked, product, quantity, batch),
            by=by,
            reason=reason,
            reference=reference,
        )
    )


@transaction.atomic
def stock_return_to_vendor(*, outlet, product, quantity, by, reason="", reference="", batch=None):
    """Goods handed back to their maker, earliest expiry first (expired batches included) or
    from the ``batch`` staff chose. Reserved units cannot be returned."""
    _check_quantity(quantity)
    return _take_off_shelf(
        outlet=outlet,
        product=product,
        quantity=quantity,
        kind=Kind.RETURN,
        by=by,
        reason=reason,
        reference=reference,
        batch=batch,
    )


@transaction.atomic
def stock_record_loss(*, outlet, product, quantity, by, reason, reference="", batch=None):
    if not reason.strip():
        raise StockError(_("Say what happened: a reason is required."))
    _check_quantity(quantity)
    return _take_off_shelf(
        outlet=outlet,
        product=product,
        quantity=quantity,
        kind=Kind.LOSS,
        by=by,
        reason=reason,
        reference=reference,
        batch=batch,
    )


@transaction.atomic
def stock_adjust(*, outlet, product, change, by, reason, reference=""):
    """A correction after counting the shelf: ``change`` units up or down, with the reason.

    Food found missing leaves its batches earliest expiry first; food found over the count joins
    the batch that expires last (a batch never seen here comes in as an intake with its batch).
    """
    if not reason.strip():
        raise StockError(_("Say why the count changes: a reason is required."))
    if not isinstance(change, int) or isinstance(change, bool) or change == 0:
        raise StockError(_("An adjustment must change the count by a whole number other than 0."))
    _check_not_planned(outlet)
    locked = _lock_levels(outlet, [product])
    level = locked[product.pk]
    if change < 0:
        if level.on_hand + change < level.reserved:
            raise InsufficientStock([Shortage(product, -change, level.available)])
        taken, short = locked.free(product, -change, with_expired=True)
        if short:
            raise InsufficientStock([Shortage(product, -change, level.available)])
        parts = [Part(batch, -units, 0) for batch, units in taken]
    elif locked.is_food(product) and locked.batches[product.pk]:
        parts = [Part(locked.batches[product.pk][-1], change, 0)]
    else:
        parts = [Part(None, change, 0)]
    return _one(
        _apply(
            locked,
            product,
            kind=Kind.ADJUSTMENT,
            parts=parts,
            by=by,
            reason=reason,
            reference=reference,
        )
    )


@transaction.atomic
def stock_reserve(*, outlet, items, reference, by=None):
    """Reserve every (product, quantity) for an order, or nothing at all; food from the live
    batches that expire first.

    Raises ``InsufficientStock`` naming every line that is short, after checking them all.
    """
    items = _merge(items)
    _check_outlet_takes_stock(outlet)
    locked = _lock_levels(outlet, [product for product, _quantity in items])
    today = today_in_jakarta()
    shortages = [
        Shortage(product, quantity, max(locked.available(product, today), 0))
        for product, quantity in items
        if locked.available(product, today) < quantity
    ]
    if shortages:
        raise InsufficientStock(shortages)
    movements = []
    for product, quantity in items:
        taken, _short = locked.free(product, quantity)
        movements += _apply(
            locked,
            product,
            kind=Kind.RESERVATION,
            parts=[Part(batch, 0, units) for batch, units in taken],
            by=by,
            reason="",
            reference=reference,
        )
    return movements


def _take_reserved(*, outlet, items, reference, by, kind, leaves_shelf, reason=""):
    """Reserved units end their reservation: back on the shelf, or off it as a sale. Food ends
    it in the batches the reservation took."""
    items = _merge(items)
    locked = _lock_levels(outlet, [product for product, _quantity in items])
    for product, quantity in items:
        if locked[product.pk].reserved < quantity:
            raise StockError(
                _("Only %(n)s of %(product)s are reserved.")
                % {"n": locked[product.pk].reserved, "product": product}
            )
    movements = []
    for product, quantity in items:
        if locked.is_food(product):
            parts = batching.reserved_parts(
                locked[product.pk],
                locked.batches[product.pk],
                reference,
                quantity,
                leaves_shelf=leaves_shelf,
            )
        else:
            parts = [Part(None, -quantity if leaves_shelf else 0, -quantity)]
        movements += _apply(
            locked, product, kind=kind, parts=parts, by=by, reason=reason, reference=reference
        )
    return movements


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
def stock_sell_at_counter(*, outlet, items, reference, by, take_short=False, chosen=None):
    """A walk-in sale: units leave the shelf from what is available, never from the units
    reserved for online orders, and food only from batches that have not expired: earliest
    expiry first, or the batch staff chose (``chosen``: product id -> ``Batch``, the pack the
    buyer took). Returns ``(movements, shortages)``.

    All or nothing (``InsufficientStock`` naming every short line), unless ``take_short``: a sale
    made while the counter was offline has already handed over the goods and taken the money, so
    each line takes what the ledger still holds and the shortages go back to the caller, which
    keeps them for staff to resolve.
    """
    items = _merge(items)
    _check_outlet_takes_stock(outlet)
    locked = _lock_levels(outlet, [product for product, _quantity in items])
    chosen = {
        product_id: batch
        for product_id, batch in (chosen or {}).items()
        if batch is not None and product_id in locked.food
    }
    taken = {
        product.pk: locked.free(product, quantity, batch=chosen.get(product.pk))
        for product, quantity in items
    }
    shortages = [
        Shortage(product, quantity, quantity - taken[product.pk][1])
        for product, quantity in items
        if taken[product.pk][1]
    ]
    if shortages and not take_short:
        raise InsufficientStock(shortages)
    movements = []
    for product, _quantity in items:
        movements += _apply(
            locked,
            product,
            kind=Kind.COUNTER_SALE,
            parts=[Part(batch, -units, 0) for batch, units in taken[product.pk][0]],
            by=by,
            reason="",
            reference=reference,
        )
    return movements, shortages


@transaction.atomic
def stock_take_back(*, outlet, items, reference, by, reason, sold_under=""):
    """Goods sold at the counter come back on the shelf: a voided receipt or a buyer's return.
    Food goes back into the batch the receipt (``sold_under``, else ``reference``) took it from."""
    items = _merge(items)
    locked = _lock_levels(outlet, [product for product, _quantity in items])
    movements = []
    for product, quantity in items:
        batch = None
        if locked.is_food(product):
            batch = batching.sold_batch(
                outlet, product, locked.batches[product.pk], sold_under or reference
            )
        movements += _apply(
            locked,
            product,
            kind=Kind.SALE_RETURN,
            parts=[Part(batch, quantity, 0)],
            by=by,
            reason=reason,
            reference=reference,
        )
    return movements
