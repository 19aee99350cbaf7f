"""Bar 1: twenty shoppers, five units, one outlet, all at once, on real parallel connections."""

import io
import re
import secrets
import threading
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Sum
from django.utils import timezone

from gallery.models import StockLevel, StockMovement
from gallery.services import stock_receive
from orders.models import Order, OrderLine
from orders.services import OrderItemsUnavailable, order_mark_ready, order_place
from tests.factories import OutletFactory, ProductFactory, StaffFactory

# Committed data and separate connections: the migrations' data (kecamatan) is restored for it.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SHOPPERS = 20


def run_together(count, work):
    """Run ``work(i)`` in ``count`` threads released at the same moment; collect the outcomes."""
    barrier = threading.Barrier(count)
    outcomes = [None] * count

    def shopper(i):
        try:
            barrier.wait(timeout=30)
            outcomes[i] = ("ok", work(i))
        except Exception as exc:
            outcomes[i] = ("error", exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=shopper, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return outcomes


def assert_ledger_matches(outlet):
    for level in StockLevel.objects.filter(outlet=outlet):
        sums = StockMovement.objects.filter(outlet=outlet, product=level.product).aggregate(
            on_hand=Sum("on_hand_change"), reserved=Sum("reserved_change")
        )
        assert (level.on_hand, level.reserved) == (sums["on_hand"], sums["reserved"] or 0)
        assert level.on_hand >= 0 and level.reserved >= 0 and level.reserved <= level.on_hand


def test_twenty_shoppers_checking_out_the_last_five_units_make_exactly_five_orders():
    staff = StaffFactory()
    outlet = OutletFactory(name="Galeri Menong 1")
    product = ProductFactory(name="Menong Boneka Tanah Liat", price=45_000)
    stock_receive(outlet=outlet, product=product, quantity=5, by=staff)

    outcomes = run_together(
        SHOPPERS,
        lambda i: order_place(
            cart_lines=[(product.pk, 1)],
            customer=None,
            name=f"Pembeli {i}",
            phone=f"+62812000000{i:02d}",
            outlet=outlet,
            idempotency_key=secrets.token_urlsafe(16),
        ),
    )

    placed = [value for kind, value in outcomes if kind == "ok"]
    refused = [value for kind, value in outcomes if kind == "error"]
    assert len(placed) == 5
    assert len(refused) == 15
    for exc in refused:
        assert isinstance(exc, OrderItemsUnavailable), repr(exc)
        assert "tidak lagi tersedia di Galeri Menong 1" in str(exc)
        assert exc.names == ["Menong Boneka Tanah Liat"]
    assert Order.objects.count() == 5
    assert OrderLine.objects.aggregate(units=Sum("quantity"))["units"] == 5
    level = StockLevel.objects.get(outlet=outlet, product=product)
    assert (level.on_hand, level.reserved, level.available) == (5, 5, 0)
    assert StockMovement.objects.filter(kind="reservation").count() == 5
    assert set(
        StockMovement.objects.filter(kind="reservation").values_list("reference", flat=True)
    ) == {order.number for order in placed}
    assert_ledger_matches(outlet)


def test_shoppers_with_carts_in_different_orders_never_deadlock_and_never_oversell():
    """Carts naming the same two products in opposite orders, racing for scarce units."""
    staff = StaffFactory()
    outlet = OutletFactory()
    batik = ProductFactory(name="Batik Tulis Purwakarta", price=250_000)
    gula = ProductFactory(name="Gula Aren Wanayasa", price=25_000)
    stock_receive(outlet=outlet, product=batik, quantity=6, by=staff)
    stock_receive(outlet=outlet, product=gula, quantity=4, by=staff)

    def work(i):
        lines = [(batik.pk, 1), (gula.pk, 1)] if i % 2 else [(gula.pk, 1), (batik.pk, 1)]
        return order_place(
            cart_lines=lines,
            customer=None,
            name=f"Pembeli {i}",
            phone="+6281311112222",
            outlet=outlet,
            idempotency_key=secrets.token_urlsafe(16),
        )

    outcomes = run_together(12, work)
    errors = [value for kind, value in outcomes if kind == "error"]
    assert all(isinstance(exc, OrderItemsUnavailable) for exc in errors), errors
    assert Order.objects.count() == 4  # gula runs out first
    assert_ledger_matches(outlet)


def test_a_double_submit_arriving_at_the_same_moment_makes_one_order():
    staff = StaffFactory()
    outlet = OutletFactory()
    product = ProductFactory(price=60_000)
    stock_receive(outlet=outlet, product=product, quantity=10, by=staff)
    key = secrets.token_urlsafe(32)

    outcomes = run_together(
        6,
        lambda i: order_place(
            cart_lines=[(product.pk, 2)],
            customer=None,
            name="Siti",
            phone="081234567890",
            outlet=outlet,
            idempotency_key=key,
        ),
    )

    assert [kind for kind, _value in outcomes] == ["ok"] * 6
    assert len({order.pk for _kind, order in outcomes}) == 1
    assert Order.objects.count() == 1
    assert StockLevel.objects.get(outlet=outlet, product=product).reserved == 2
    assert_ledger_matches(outlet)


def test_expire_orders_runs_overlapping_expire_each_order_once(settings):
    staff = StaffFactory()
    outlet = OutletFactory()
    product = ProductFactory()
    stock_receive(outlet=outlet, product=product, quantity=30, by=staff)
    orders = [
        order_place(
            cart_lines=[(product.pk, 1)],
            customer=None,
            name="Asep",
            phone="081234567890",
            outlet=outlet,
            idempotency_key=f"key-{i}",
        )
        for i in range(12)
    ]
    order_mark_ready(order=orders[0], by=staff)
    Order.objects.update(
        placed_at=timezone.now() - timedelta(days=settings.ORDER_PICKUP_WINDOW_DAYS, hours=1)
    )

    outputs = [io.StringIO() for _i in range(4)]
    outcomes = run_together(4, lambda i: call_command("expire_orders", stdout=outputs[i]))

    assert [kind for kind, _value in outcomes] == ["ok"] * 4
    counts = [int(re.search(r"Expired (\d+)", out.getvalue()).group(1)) for out in outputs]
    assert sum(counts) == 12
    assert Order.objects.filter(status="expired").count() == 12
    assert StockMovement.objects.filter(kind="release").count() == 12
    assert StockLevel.objects.get(outlet=outlet, product=product).reserved == 0
    assert_ledger_matches(outlet)
