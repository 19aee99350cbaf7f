"""Stock-take (stock opname) through the services: counted, compared, applied by a supervisor."""

import pytest

from counter.models import StockCount
from counter.services import (
    CounterError,
    stockcount_apply,
    stockcount_cancel,
    stockcount_differences,
    stockcount_record,
    stockcount_start,
)
from gallery.models import StockLevel, StockMovement
from tests.orders.test_concurrency import assert_ledger_matches

pytestmark = pytest.mark.django_db


def test_a_sheet_lists_the_shelf_filtered_by_vendor_or_category(
    outlet, cashier, vase, simping, potter, snacks
):
    everything = stockcount_start(outlet=outlet, by=cashier)
    assert [(line.product, line.on_hand_at_start) for line in everything.lines.all()] == [
        (vase, 10),
        (simping, 40),
    ]
    potters = stockcount_start(outlet=outlet, by=cashier, vendor=potter)
    assert [line.product for line in potters.lines.all()] == [vase]
    food = stockcount_start(outlet=outlet, by=cashier, category=snacks)
    assert [line.product for line in food.lines.all()] == [simping]


def test_differences_are_shown_against_the_shelf_now_and_applied_by_a_supervisor(
    outlet, cashier, supervisor, vase, simping, sell, shift
):
    count = stockcount_start(outlet=outlet, by=cashier)
    lines = {line.product: line for line in count.lines.all()}
    stockcount_record(count=count, by=cashier, counted={lines[vase].pk: 7, lines[simping].pk: 40})
    # A sale after the sheet was made: the shelf now holds 8 vases, so the difference is −1.
    sell((vase, 2))
    assert [(line.product, now, change) for line, now, change in stockcount_differences(count)] == [
        (vase, 8, -1)
    ]
    with pytest.raises(CounterError, match="may not count"):
        stockcount_apply(count=count, by=cashier)
    stockcount_apply(count=count, by=supervisor)

    count.refresh_from_db()
    assert count.status == StockCount.Status.APPLIED and count.finished_by == supervisor
    row = StockMovement.objects.get(kind="adjustment")
    assert (row.product, row.on_hand_change, row.reason, row.reference, row.by) == (
        vase,
        -1,
        "stock opname",
        count.reference,
        supervisor,
    )
    assert StockLevel.objects.get(outlet=outlet, product=vase).on_hand == 7
    assert count.lines.get(product=vase).applied_change == -1
    with pytest.raises(CounterError, match="finished"):
        stockcount_record(count=count, by=cashier, counted={lines[vase].pk: 1})
    assert_ledger_matches(outlet)


def test_a_count_below_the_reserved_units_is_refused_whole(
    outlet, cashier, supervisor, vase, simping
):
    from orders.services import order_place

    order_place(
        cart_lines=[(vase.pk, 4)],
        customer=None,
        name="Siti",
        phone="081234567890",
        outlet=outlet,
        idempotency_key="online",
    )
    count = stockcount_start(outlet=outlet, by=cashier)
    lines = {line.product: line for line in count.lines.all()}
    stockcount_record(count=count, by=cashier, counted={lines[simping].pk: 39, lines[vase].pk: 2})
    with pytest.raises(CounterError, match="Guci Motif Daun"):
        stockcount_apply(count=count, by=supervisor)
    assert not StockMovement.objects.filter(kind="adjustment").exists()
    assert StockCount.objects.get().status == StockCount.Status.COUNTING


def test_bad_counts_are_refused(outlet, cashier, supervisor, vase):
    count = stockcount_start(outlet=outlet, by=cashier)
    line = count.lines.get()
    with pytest.raises(CounterError, match="whole number"):
        stockcount_record(count=count, by=cashier, counted={line.pk: -1})
    with pytest.raises(CounterError, match="not on this count sheet"):
        stockcount_record(count=count, by=cashier, counted={line.pk + 999: 1})
    with pytest.raises(CounterError, match="Nothing has been counted"):
        stockcount_apply(count=count, by=supervisor)


def test_a_cancelled_count_moves_nothing(outlet, cashier, supervisor, vase):
    count = stockcount_start(outlet=outlet, by=cashier)
    stockcount_record(count=count, by=cashier, counted={count.lines.get().pk: 3})
    stockcount_cancel(count=count, by=cashier, note="Salah rak")
    with pytest.raises(CounterError, match="finished"):
        stockcount_apply(count=count, by=supervisor)
    assert StockLevel.objects.get(outlet=outlet, product=vase).on_hand == 10


def test_staff_of_another_outlet_cannot_count_here(other_outlet, cashier):
    with pytest.raises(CounterError, match="may not count"):
        stockcount_start(outlet=other_outlet, by=cashier)
