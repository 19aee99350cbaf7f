"""Bar 3: a shift's cash and totals, compared with totals worked out by hand."""

import pytest

from counter.models import Shift
from counter.services import (
    CounterError,
    LineInput,
    ReturnInput,
    sale_return_record,
    sale_void,
    shift_approve_difference,
    shift_close,
    shift_open,
    shift_report,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy_shift(shift, sell, vase, simping, supervisor, cashier):
    """A morning at the counter (vase Rp150.000, simping Rp25.000):

    1. 2 vases + 3 simping = 375.000, cash, buyer gives 400.000 (change 25.000)
    2. 1 vase = 150.000: 100.000 QRIS + 50.000 cash
    3. 4 simping = 100.000 by transfer
    4. 1 vase with a 10.000 discount = 140.000 cash: voided (a mistake)
    5. 2 simping = 50.000 cash; later one is returned damaged, refunded 25.000 cash
    6. from sale 1, one vase returned to the shelf, refunded 150.000 by QRIS
    """
    first = sell((vase, 2), (simping, 3), tendered=400_000)
    sell((vase, 1), qris=100_000, cash=50_000)
    sell((simping, 4), transfer=100_000)
    discounted = sell(
        LineInput(vase.pk, 1, discount=10_000, discount_reason="Pajangan, sedikit tergores"),
        by=supervisor,
    )
    sale_void(sale=discounted, by=supervisor, reason="Salah barang")
    fifth = sell((simping, 2))
    sale_return_record(
        sale=fifth,
        by=cashier,
        lines=[ReturnInput(fifth.lines.get().pk, 1, back_to_stock=False)],
        reason="Kemasan bocor",
        refund_method="cash",
        idempotency_key="return-1",
    )
    sale_return_record(
        sale=first,
        by=cashier,
        lines=[ReturnInput(first.lines.get(product=vase).pk, 1, back_to_stock=True)],
        reason="Salah ukuran",
        refund_method="qris",
        idempotency_key="return-2",
    )
    return shift


def test_expected_cash_is_the_float_plus_cash_sales_less_cash_refunds(busy_shift):
    report = shift_report(busy_shift)
    # Cash kept: 375.000 (sale 1; the 25.000 change went back) + 50.000 (sale 2) + 50.000
    # (sale 5); the voided 140.000 is not kept. Refunded in cash: 25.000.
    assert report.cash_sales == 375_000 + 50_000 + 50_000
    assert report.cash_refunds == 25_000
    assert report.expected_cash == 200_000 + 475_000 - 25_000 == 650_000
    assert report.receipts == 4
    assert report.voided == 1


def test_totals_by_method_match_the_hand_count(busy_shift):
    report = shift_report(busy_shift)
    assert report.sales_by_method == {"cash": 475_000, "qris": 100_000, "transfer": 100_000}
    assert report.refunds_by_method == {"cash": 25_000, "qris": 150_000}
    assert report.total_sales == 675_000
    assert report.total_refunds == 175_000
    assert [row[1:] for row in report.methods] == [
        (475_000, 25_000, 450_000),
        (100_000, 150_000, -50_000),
        (100_000, 0, 100_000),
    ]


def test_totals_by_vendor_and_category_match_the_hand_count(busy_shift):
    report = shift_report(busy_shift)
    by_vendor = {
        row.name: (row.units, row.sold, row.returned_units, row.returned, row.net)
        for row in report.by_vendor
    }
    # Gerabah Anjun: vases 2 + 1 = 3 units, 450.000; one returned, 150.000.
    # Simping Kaum: 3 + 4 + 2 = 9 units, 225.000; one returned, 25.000.
    assert by_vendor == {
        "Gerabah Anjun": (3, 450_000, 1, 150_000, 300_000),
        "Simping Kaum": (9, 225_000, 1, 25_000, 200_000),
    }
    by_category = {row.name: (row.units, row.net) for row in report.by_category}
    assert by_category == {"Keramik": (3, 300_000), "Kuliner": (9, 200_000)}


def test_closing_with_the_expected_cash_closes_the_shift(busy_shift, cashier):
    shift = shift_close(shift=busy_shift, by=cashier, counted_cash=650_000)
    assert shift.status == Shift.Status.CLOSED
    assert (shift.expected_cash, shift.counted_cash, shift.difference) == (650_000, 650_000, 0)


def test_a_difference_needs_a_reason(busy_shift, cashier):
    with pytest.raises(CounterError, match="off the expected cash"):
        shift_close(shift=busy_shift, by=cashier, counted_cash=645_000)
    busy_shift.refresh_from_db()
    assert busy_shift.status == Shift.Status.OPEN


def test_a_small_difference_with_a_reason_closes_the_shift(busy_shift, cashier, settings):
    settings.COUNTER_CASH_DIFFERENCE_LIMIT = 10_000
    shift = shift_close(
        shift=busy_shift, by=cashier, counted_cash=645_000, reason="Kembalian kurang"
    )
    assert shift.status == Shift.Status.CLOSED
    assert shift.difference == -5_000
    report = shift_report(shift)
    assert (report.expected_cash, report.counted_cash, report.difference) == (
        650_000,
        645_000,
        -5_000,
    )


def test_a_difference_above_the_limit_waits_for_another_supervisor(
    busy_shift, cashier, supervisor, settings, outlet
):
    settings.COUNTER_CASH_DIFFERENCE_LIMIT = 10_000
    shift = shift_close(shift=busy_shift, by=cashier, counted_cash=630_000, reason="Belum tahu")
    assert shift.status == Shift.Status.AWAITING_APPROVAL
    with pytest.raises(CounterError, match="Only a supervisor"):
        shift_approve_difference(shift=shift, by=cashier, note="ok")
    with pytest.raises(CounterError, match="Write a note"):
        shift_approve_difference(shift=shift, by=supervisor, note=" ")
    shift = shift_approve_difference(shift=shift, by=supervisor, note="Dihitung ulang bersama")
    assert shift.status == Shift.Status.CLOSED
    assert shift.approved_by == supervisor


def test_a_supervisor_cannot_approve_their_own_shift(outlet, supervisor, settings, sell):
    settings.COUNTER_CASH_DIFFERENCE_LIMIT = 10_000
    own = shift_open(outlet=outlet, by=supervisor, opening_float=100_000)
    shift_close(shift=own, by=supervisor, counted_cash=50_000, reason="Uang hilang")
    with pytest.raises(CounterError, match="Another supervisor"):
        shift_approve_difference(shift=own, by=supervisor, note="Saya setujui")


def test_a_closed_shift_refuses_new_sales(busy_shift, cashier, sell, vase):
    shift_close(shift=busy_shift, by=cashier, counted_cash=650_000)
    with pytest.raises(CounterError, match="No shift is open"):
        sell((vase, 1))


def test_only_one_shift_is_open_at_an_outlet(shift, outlet, supervisor):
    with pytest.raises(CounterError, match="already open"):
        shift_open(outlet=outlet, by=supervisor, opening_float=0)


def test_a_cashier_opens_shifts_only_where_assigned(other_outlet, cashier):
    with pytest.raises(CounterError, match="do not work"):
        shift_open(outlet=other_outlet, by=cashier, opening_float=0)


def test_a_closed_shift_keeps_its_frozen_expected_cash(busy_shift, cashier):
    shift = shift_close(shift=busy_shift, by=cashier, counted_cash=650_000)
    assert shift_report(shift).expected_cash == 650_000
