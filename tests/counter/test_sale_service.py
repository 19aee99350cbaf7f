"""Recording, voiding and resolving counter sales through the services."""

import datetime

import pytest
import time_machine
from django.db.models import Sum

from counter.models import Sale, SaleLine
from counter.services import (
    CounterError,
    LineInput,
    ReturnInput,
    sale_resolve,
    sale_return_record,
    sale_void,
    shift_close,
)
from gallery.models import StockLevel, StockMovement
from gallery.services import stock_adjust
from tests.orders.test_concurrency import assert_ledger_matches

pytestmark = pytest.mark.django_db


def on_hand(outlet, product):
    return StockLevel.objects.get(outlet=outlet, product=product).on_hand


def test_a_sale_takes_its_units_from_the_shelf_through_the_ledger(
    outlet, shift, sell, vase, simping
):
    sale = sell((vase, 2), (simping, 3), tendered=400_000)

    assert (sale.subtotal, sale.total, sale.change_given) == (375_000, 375_000, 25_000)
    assert on_hand(outlet, vase) == 8 and on_hand(outlet, simping) == 37
    rows = StockMovement.objects.filter(kind="counter_sale", reference=sale.number)
    assert sorted(rows.values_list("on_hand_change", flat=True)) == [-3, -2]
    assert set(rows.values_list("reserved_change", flat=True)) == {0}
    line = sale.lines.get(product=vase)
    assert (line.vendor_name, line.category_name, line.unit_price) == (
        "Gerabah Anjun",
        "Keramik",
        150_000,
    )
    assert_ledger_matches(outlet)


def test_receipts_are_numbered_per_outlet_and_day(
    outlet, other_outlet, cashier, shift, sell, vase, receive
):
    from counter.services import shift_open
    from tests.counter.conftest import assign

    with time_machine.travel(datetime.datetime(2026, 12, 6, 23, 50, tzinfo=datetime.UTC)):
        # 06:50 on 7 December in Jakarta.
        first = sell((vase, 1))
        second = sell((vase, 1))
    assert (first.number, second.number) == (
        f"GM{outlet.pk}-261207-0001",
        f"GM{outlet.pk}-261207-0002",
    )
    assign(cashier, other_outlet)
    receive(vase, other_outlet, 3)
    shift_open(outlet=other_outlet, by=cashier, opening_float=0)
    elsewhere = sell((vase, 1), at=other_outlet)
    assert elsewhere.number.startswith(f"GM{other_outlet.pk}-") and elsewhere.number.endswith(
        "-0001"
    )


def test_the_same_key_twice_records_one_sale(shift, sell, vase, outlet):
    first = sell((vase, 1), key="tap-once")
    again = sell((vase, 1), key="tap-once")
    assert first.pk == again.pk
    assert Sale.objects.count() == 1
    assert on_hand(outlet, vase) == 9


def test_a_sale_short_of_stock_is_refused_and_records_nothing(shift, sell, vase, outlet):
    with pytest.raises(CounterError, match="Not enough stock"):
        sell((vase, 11))
    assert not Sale.objects.exists()
    assert on_hand(outlet, vase) == 10


def test_units_reserved_for_online_orders_are_not_sold_at_the_counter(shift, sell, vase, outlet):
    from orders.services import order_place

    order_place(
        cart_lines=[(vase.pk, 8)],
        customer=None,
        name="Siti",
        phone="081234567890",
        outlet=outlet,
        idempotency_key="online-1",
    )
    with pytest.raises(CounterError, match="2 available"):
        sell((vase, 3))
    assert sell((vase, 2)).total == 300_000


def test_a_discount_needs_the_permission_and_a_reason(shift, sell, vase, supervisor):
    with pytest.raises(CounterError, match="may not give discounts"):
        sell(LineInput(vase.pk, 1, discount=10_000, discount_reason="Pelanggan tetap"))
    with pytest.raises(CounterError, match="why the discount"):
        sell(LineInput(vase.pk, 1, discount=10_000), by=supervisor)
    with pytest.raises(CounterError, match="cannot exceed"):
        sell(LineInput(vase.pk, 1, discount=200_000, discount_reason="x"), by=supervisor, cash=1)
    sale = sell(LineInput(vase.pk, 1, discount=10_000, discount_reason="Tergores"), by=supervisor)
    assert (sale.subtotal, sale.discount_total, sale.total) == (150_000, 10_000, 140_000)


def test_payments_must_cover_the_total_exactly(shift, sell, vase):
    with pytest.raises(CounterError, match=r"add up to Rp100\.000 but the total is Rp150\.000"):
        sell((vase, 1), cash=100_000)
    with pytest.raises(CounterError, match="cash given is less"):
        sell((vase, 1), cash=150_000, tendered=100_000)
    sale = sell((vase, 1), qris=100_000, cash=50_000, tendered=100_000)
    assert sale.change_given == 50_000
    assert sorted(sale.payments.values_list("method", "amount")) == [
        ("cash", 50_000),
        ("qris", 100_000),
    ]
    assert not Sale.objects.exclude(pk=sale.pk).exists()


def test_a_changed_price_refuses_an_online_sale(shift, sell, vase):
    with pytest.raises(CounterError, match="Prices changed"):
        sell((vase, 1), expected_total=140_000)


def test_only_public_products_are_sold_online(shift, sell, vase):
    vase.status = "archived"
    vase.save()
    with pytest.raises(CounterError, match="No longer for sale"):
        sell((vase, 1))


def test_a_cashier_sells_only_where_assigned(other_outlet, sell, vase, receive, cashier):
    receive(vase, other_outlet, 2)
    with pytest.raises(CounterError, match="do not work"):
        sell((vase, 1), at=other_outlet)


def test_a_staff_member_without_the_counter_permission_cannot_sell(shift, sell, vase, outlet):
    from tests.counter.conftest import assign
    from tests.factories import StaffFactory

    clerk = assign(StaffFactory(email="dinas@contoh.id"), outlet)
    with pytest.raises(CounterError, match="do not work"):
        sell((vase, 1), by=clerk)


def test_an_offline_sale_whose_stock_went_is_kept_and_flagged(
    shift, sell, vase, outlet, supervisor
):
    stock_adjust(outlet=outlet, product=vase, change=-9, by=supervisor, reason="Pecah")
    sale = sell((vase, 3), offline=True, expected_total=450_000, shift_id=shift.pk)

    assert sale.needs_attention and sale.sent_offline
    assert "Guci Motif Daun (1 available)" in sale.attention_note
    line = sale.lines.get()
    assert (line.quantity, line.unposted_quantity) == (3, 2)
    assert on_hand(outlet, vase) == 0
    assert Sale.objects.needing_attention().get() == sale
    assert_ledger_matches(outlet)

    with pytest.raises(CounterError, match="Correct the shelf"):
        sale_resolve(sale=sale, by=supervisor, note="Cek")
    stock_adjust(outlet=outlet, product=vase, change=2, by=supervisor, reason="Ditemukan di gudang")
    sale_resolve(sale=sale, by=supervisor, note="Dua guci ada di gudang")
    sale.refresh_from_db()
    assert sale.resolved_by == supervisor
    assert sale.lines.get().unposted_quantity == 0
    assert on_hand(outlet, vase) == 0
    assert not Sale.objects.needing_attention().exists()
    assert_ledger_matches(outlet)


def test_an_offline_sale_after_its_shift_closed_is_kept_on_that_shift(shift, sell, vase, cashier):
    shift_close(shift=shift, by=cashier, counted_cash=200_000)
    sale = sell((vase, 1), offline=True, expected_total=150_000, shift_id=shift.pk)
    assert sale.shift == shift
    assert sale.needs_attention
    assert "after its shift was closed" in sale.attention_note


def test_an_offline_sale_keeps_its_time_within_the_shift(shift, sell, vase):
    earlier = shift.opened_at - datetime.timedelta(days=3)
    sale = sell((vase, 1), offline=True, sold_at=earlier, shift_id=shift.pk, expected_total=150_000)
    assert sale.sold_at == shift.opened_at
    later = shift.opened_at + datetime.timedelta(minutes=10)
    with time_machine.travel(shift.opened_at + datetime.timedelta(hours=1)):
        sale = sell(
            (vase, 1), offline=True, sold_at=later, shift_id=shift.pk, expected_total=150_000
        )
    assert sale.sold_at == later


def test_a_void_puts_the_goods_back_and_keeps_the_receipt(
    shift, sell, vase, outlet, supervisor, cashier
):
    sale = sell((vase, 2))
    with pytest.raises(CounterError, match="may not void"):
        sale_void(sale=sale, by=cashier, reason="Salah")
    with pytest.raises(CounterError, match="why"):
        sale_void(sale=sale, by=supervisor, reason="")
    sale_void(sale=sale, by=supervisor, reason="Pembeli batal")
    sale.refresh_from_db()
    assert (sale.status, sale.voided_by, sale.void_reason) == (
        "voided",
        supervisor,
        "Pembeli batal",
    )
    assert on_hand(outlet, vase) == 10
    assert (
        StockMovement.objects.filter(kind="sale_return", reference=sale.number).get().on_hand_change
        == 2
    )
    with pytest.raises(CounterError, match="already void"):
        sale_void(sale=sale, by=supervisor, reason="Lagi")
    assert_ledger_matches(outlet)


def test_only_receipts_of_the_open_shift_are_voided(shift, sell, vase, supervisor, cashier):
    sale = sell((vase, 1))
    shift_close(shift=shift, by=cashier, counted_cash=350_000)
    with pytest.raises(CounterError, match="open shift"):
        sale_void(sale=sale, by=supervisor, reason="Terlambat")


def test_a_receipt_with_returns_cannot_be_voided(shift, sell, vase, supervisor, cashier):
    sale = sell((vase, 2))
    sale_return_record(
        sale=sale,
        by=cashier,
        lines=[ReturnInput(sale.lines.get().pk, 1)],
        reason="Berubah pikiran",
        refund_method="cash",
        idempotency_key="r1",
    )
    with pytest.raises(CounterError, match="returned"):
        sale_void(sale=sale, by=supervisor, reason="x")


def test_returns_in_parts_refund_exactly_the_discounted_line(
    shift, sell, vase, supervisor, cashier, outlet
):
    # 3 vases at 150.000 less a 10.000 discount: 440.000, not divisible by 3.
    sale = sell(LineInput(vase.pk, 3, discount=10_000, discount_reason="Borongan"), by=supervisor)
    line = sale.lines.get()
    refunds = []
    for i, (quantity, back) in enumerate([(1, True), (1, False), (1, True)]):
        refunds.append(
            sale_return_record(
                sale=sale,
                by=cashier,
                lines=[ReturnInput(line.pk, quantity, back_to_stock=back)],
                reason="Retur",
                refund_method="cash",
                idempotency_key=f"part-{i}",
            ).refund_amount
        )
    assert refunds == [146_666, 146_667, 146_667]
    assert sum(refunds) == 440_000
    with pytest.raises(CounterError, match="Only 0 of Guci Motif Daun"):
        sale_return_record(
            sale=sale,
            by=cashier,
            lines=[ReturnInput(line.pk, 1)],
            reason="Retur",
            refund_method="cash",
            idempotency_key="part-4",
        )
    # Two back on the shelf, one written off as damaged.
    assert on_hand(outlet, vase) == 9
    assert StockMovement.objects.filter(kind="loss", reference=f"{sale.number}-R2").exists()
    assert_ledger_matches(outlet)


def test_a_return_needs_a_reason_a_method_and_an_open_shift(shift, sell, vase, cashier):
    sale = sell((vase, 1))
    line = sale.lines.get()
    with pytest.raises(CounterError, match="why the goods"):
        sale_return_record(
            sale=sale,
            by=cashier,
            lines=[ReturnInput(line.pk, 1)],
            reason="",
            refund_method="cash",
            idempotency_key="a",
        )
    with pytest.raises(CounterError, match="refund is paid"):
        sale_return_record(
            sale=sale,
            by=cashier,
            lines=[ReturnInput(line.pk, 1)],
            reason="x",
            refund_method="gold",
            idempotency_key="b",
        )
    shift_close(shift=shift, by=cashier, counted_cash=350_000)
    with pytest.raises(CounterError, match="open a shift"):
        sale_return_record(
            sale=sale,
            by=cashier,
            lines=[ReturnInput(line.pk, 1)],
            reason="x",
            refund_method="cash",
            idempotency_key="c",
        )


def test_sold_units_equal_the_ledger_after_sales_voids_and_returns(
    shift, sell, vase, simping, supervisor, cashier, outlet
):
    kept = sell((vase, 2), (simping, 5))
    voided = sell((vase, 1))
    sale_void(sale=voided, by=supervisor, reason="Salah")
    sale_return_record(
        sale=kept,
        by=cashier,
        lines=[ReturnInput(kept.lines.get(product=simping).pk, 2)],
        reason="Kemasan rusak",
        refund_method="cash",
        idempotency_key="r",
    )
    sold = (
        SaleLine.objects.completed().filter(product=vase).aggregate(units=Sum("quantity"))["units"]
    )
    assert sold == 2
    net = StockMovement.objects.filter(
        product=vase, kind__in=["counter_sale", "sale_return"]
    ).aggregate(units=Sum("on_hand_change"))["units"]
    assert net == -2
    assert on_hand(outlet, simping) == 40 - 5 + 2
    assert_ledger_matches(outlet)
