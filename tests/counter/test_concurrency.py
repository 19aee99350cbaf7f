"""Bar 1: the counter and online checkouts race for the last units of one outlet, on real
parallel connections; receipt numbers stay unique and without gaps under the race."""

import secrets

import pytest
from django.db.models import Sum

from counter.models import Sale
from counter.services import CounterError, LineInput, PaymentInput, sale_record
from gallery.models import StockLevel, StockMovement
from gallery.services import stock_return_to_vendor
from orders.models import Order
from orders.services import OrderItemsUnavailable, order_place
from tests.orders.test_concurrency import assert_ledger_matches, run_together

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def counter_sale(outlet, cashier, product, quantity=1, key=None):
    return sale_record(
        outlet=outlet,
        by=cashier,
        lines=[LineInput(product_id=product.pk, quantity=quantity)],
        payments=[
            PaymentInput(
                method="cash", amount=product.price * quantity, tendered=product.price * quantity
            )
        ],
        idempotency_key=key or secrets.token_urlsafe(16),
    )


def online_checkout(outlet, product, i):
    return order_place(
        cart_lines=[(product.pk, 1)],
        customer=None,
        name=f"Pembeli {i}",
        phone=f"+62812000000{i:02d}",
        outlet=outlet,
        idempotency_key=secrets.token_urlsafe(16),
    )


def assert_receipts_without_gaps(outlet):
    by_day = {}
    for day, sequence, number in Sale.objects.filter(outlet=outlet).values_list(
        "day", "sequence", "number"
    ):
        by_day.setdefault(day, []).append(sequence)
        assert number == f"GM{outlet.pk}-{day:%y%m%d}-{sequence:04d}"
    for sequences in by_day.values():
        assert sorted(sequences) == list(range(1, len(sequences) + 1))


def test_ten_counter_sales_and_ten_online_checkouts_share_the_last_five_units_exactly(
    outlet, cashier, shift, receive, vase
):
    level = StockLevel.objects.get(outlet=outlet, product=vase)
    # Leave exactly five units: the other five go back to their maker first.
    stock_return_to_vendor(outlet=outlet, product=vase, quantity=level.on_hand - 5, by=cashier)

    def work(i):
        if i % 2:
            return counter_sale(outlet, cashier, vase)
        return online_checkout(outlet, vase, i)

    outcomes = run_together(20, work)

    succeeded = [value for kind, value in outcomes if kind == "ok"]
    refused = [value for kind, value in outcomes if kind == "error"]
    assert len(succeeded) == 5
    assert len(refused) == 15
    for exc in refused:
        assert isinstance(exc, CounterError | OrderItemsUnavailable), repr(exc)
    sales = Sale.objects.filter(outlet=outlet)
    orders = Order.objects.filter(outlet=outlet)
    assert sales.count() + orders.count() == 5
    assert sales.count() == sum(isinstance(value, Sale) for value in succeeded)
    level = StockLevel.objects.get(outlet=outlet, product=vase)
    # Counter sales left the shelf; online orders hold their units reserved until collected.
    assert level.on_hand == 5 - sales.count()
    assert level.reserved == orders.count()
    assert level.available == 0
    moved = StockMovement.objects.filter(outlet=outlet, product=vase)
    sold = moved.filter(kind="counter_sale").aggregate(units=Sum("on_hand_change"))["units"]
    assert -(sold or 0) == sales.count()
    assert set(moved.filter(kind="counter_sale").values_list("reference", flat=True)) == set(
        sales.values_list("number", flat=True)
    )
    assert_ledger_matches(outlet)
    assert_receipts_without_gaps(outlet)


def test_receipt_numbers_stay_unique_and_gapless_when_many_counter_sales_race(
    outlet, cashier, shift, vase, simping
):
    """Twenty sales at once, the last ten of them short of stock: the refused ones take no number."""

    def work(i):
        return counter_sale(outlet, cashier, vase if i % 2 else simping, quantity=2)

    outcomes = run_together(20, work)

    made = [value for kind, value in outcomes if kind == "ok"]
    refused = [value for kind, value in outcomes if kind == "error"]
    # 10 vases make 5 sales of two; 40 simping make all 10 of theirs.
    assert len(made) == 15
    assert all(isinstance(exc, CounterError) for exc in refused)
    assert len({sale.number for sale in made}) == 15
    assert_receipts_without_gaps(outlet)
    assert_ledger_matches(outlet)


def test_a_double_tap_arriving_at_the_same_moment_records_one_sale(outlet, cashier, shift, vase):
    key = secrets.token_urlsafe(32)

    outcomes = run_together(6, lambda i: counter_sale(outlet, cashier, vase, 2, key=key))

    assert [kind for kind, _value in outcomes] == ["ok"] * 6
    assert len({sale.pk for _kind, sale in outcomes}) == 1
    assert Sale.objects.count() == 1
    assert StockLevel.objects.get(outlet=outlet, product=vase).on_hand == 8
    assert_receipts_without_gaps(outlet)
    assert_ledger_matches(outlet)
