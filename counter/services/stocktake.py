"""Stock-take (stock opname): a count sheet, counts entered on the phone, differences shown,
then applied by a supervisor as ledger adjustments with the reason "stock opname"."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import staff_decision
from gallery.models import StockLevel
from gallery.services import StockError, stock_adjust

from ..access import works_at
from ..models import STOCK_OPNAME_REASON, StockCount, StockCountLine
from .errors import CounterError

MAX_COUNT = 100_000


def _check_counter(by, outlet, permission):
    if not works_at(by, outlet) or not by.has_perm(permission):
        raise CounterError(_("You may not count stock at this outlet."))


@transaction.atomic
def stockcount_start(*, outlet, by, vendor=None, category=None) -> StockCount:
    """A count sheet of the outlet's shelf (a vendor's goods or a category's, if chosen): every
    product with a stock level here, with what the ledger says is on hand now."""
    _check_counter(by, outlet, "counter.count_stock")
    count = StockCount.objects.create(
        outlet=outlet, vendor=vendor, category=category, started_by=by
    )
    levels = StockLevel.objects.at(outlet).filter(on_hand__gt=0).select_related("product")
    if vendor is not None:
        levels = levels.filter(product__vendor=vendor)
    if category is not None:
        levels = levels.filter(
            Q(product__category=category) | Q(product__category__parent=category)
        )
    StockCountLine.objects.bulk_create(
        StockCountLine(count=count, product=level.product, on_hand_at_start=level.on_hand)
        for level in levels.order_by("product__vendor__business_name", "product__name")
    )
    return count


@transaction.atomic
def stockcount_record(*, count, by, counted: dict[int, int | None]) -> StockCount:
    """Counts typed for some lines (``{line id: units}``); an empty value clears a count."""
    count = StockCount.objects.select_for_update().select_related("outlet").get(pk=count.pk)
    _check_counter(by, count.outlet, "counter.count_stock")
    if count.status != StockCount.Status.COUNTING:
        raise CounterError(_("This stock count is finished."))
    lines = {line.pk: line for line in count.lines.filter(pk__in=list(counted))}
    now = timezone.now()
    for line_id, units in counted.items():
        line = lines.get(line_id)
        if line is None:
            raise CounterError(_("That product is not on this count sheet."))
        if units is not None and (
            not isinstance(units, int) or isinstance(units, bool) or not 0 <= units <= MAX_COUNT
        ):
            raise CounterError(_("A count must be a whole number, 0 or more."))
        if line.counted == units:
            continue
        line.counted = units
        line.counted_by = by if units is not None else None
        line.counted_at = now if units is not None else None
        line.save(update_fields=["counted", "counted_by", "counted_at"])
    return count


def stockcount_differences(count) -> list[tuple[StockCountLine, int, int]]:
    """``(line, on hand now, counted − on hand now)`` for every counted line that differs."""
    on_hand = dict(
        StockLevel.objects.at(count.outlet)
        .filter(product_id__in=count.lines.values("product_id"))
        .values_list("product_id", "on_hand")
    )
    rows = []
    for line in count.lines.select_related("product", "product__vendor"):
        if line.counted is None:
            continue
        now = on_hand.get(line.product_id, 0)
        if line.counted != now:
            rows.append((line, now, line.counted - now))
    return rows


@transaction.atomic
def stockcount_apply(*, count, by) -> StockCount:
    """Move the ledger to the counted figures, all lines or none. Uncounted lines stay as they are."""
    count = StockCount.objects.select_for_update().select_related("outlet").get(pk=count.pk)
    _check_counter(by, count.outlet, "counter.apply_stock_count")
    if count.status != StockCount.Status.COUNTING:
        raise CounterError(_("This stock count is finished."))
    if not count.lines.filter(counted__isnull=False).exists():
        raise CounterError(_("Nothing has been counted yet."))
    for line, _now, change in stockcount_differences(count):
        try:
            stock_adjust(
                outlet=count.outlet,
                product=line.product,
                change=change,
                by=by,
                reason=STOCK_OPNAME_REASON,
                reference=count.reference,
            )
        except StockError as exc:
            raise CounterError(
                _("%(product)s: %(error)s Units reserved for online orders are on the shelf too.")
                % {"product": line.product, "error": exc}
            ) from exc
        line.applied_change = change
        line.save(update_fields=["applied_change"])
    count.status = StockCount.Status.APPLIED
    count.finished_by = by
    count.finished_at = timezone.now()
    count.save(update_fields=["status", "finished_by", "finished_at"])
    staff_decision(by=by, obj=count.outlet, event="stock_count_applied", message=count.reference)
    return count


@transaction.atomic
def stockcount_cancel(*, count, by, note="") -> StockCount:
    count = StockCount.objects.select_for_update().select_related("outlet").get(pk=count.pk)
    _check_counter(by, count.outlet, "counter.count_stock")
    if count.status != StockCount.Status.COUNTING:
        raise CounterError(_("This stock count is finished."))
    count.status = StockCount.Status.CANCELLED
    count.finished_by = by
    count.finished_at = timezone.now()
    count.note = (note or "").strip()
    count.save(update_fields=["status", "finished_by", "finished_at", "note"])
    return count
