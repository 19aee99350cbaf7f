"""Bar 3: twenty shoppers check out the last five units of a food product, spread over two
batches, at the same moment on real parallel connections."""

import datetime
import secrets

import pytest
from django.db.models import Sum

from gallery.models import Batch, StockLevel, StockMovement, today_in_jakarta
from gallery.services import BatchSpec, stock_receive
from orders.models import Order
from orders.services import OrderItemsUnavailable, order_place
from tests.factories import CategoryFactory, OutletFactory, ProductFactory, StaffFactory
from tests.orders.test_concurrency import assert_ledger_matches, run_together

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_twenty_checkouts_for_the_last_five_units_in_two_batches_make_exactly_five_orders():
    staff = StaffFactory()
    outlet = OutletFactory(name="Galeri Menong 1")
    food = CategoryFactory(slug="uji-gula", name_id="Gula Uji", name_en="Sugar", is_food=True)
    product = ProductFactory(category=food, name="Gula Aren Cetak", price=25_000)
    today = today_in_jakarta()
    stock_receive(
        outlet=outlet,
        product=product,
        quantity=2,
        by=staff,
        batch=BatchSpec(code="GA-01", expires_on=today + datetime.timedelta(days=10)),
    )
    stock_receive(
        outlet=outlet,
        product=product,
        quantity=3,
        by=staff,
        batch=BatchSpec(code="GA-02", expires_on=today + datetime.timedelta(days=40)),
    )

    outcomes = run_together(
        20,
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
    assert all(isinstance(exc, OrderItemsUnavailable) for exc in refused), refused
    assert Order.objects.count() == 5
    first, second = Batch.objects.order_by("expires_on")
    assert (first.on_hand, first.reserved) == (2, 2)
    assert (second.on_hand, second.reserved) == (3, 3)
    level = StockLevel.objects.get(outlet=outlet, product=product)
    assert (level.on_hand, level.reserved, level.free_until) == (5, 5, None)
    for batch in (first, second):
        rows = StockMovement.objects.filter(batch=batch).aggregate(
            on_hand=Sum("on_hand_change"), reserved=Sum("reserved_change")
        )
        assert (rows["on_hand"], rows["reserved"]) == (batch.on_hand, batch.reserved)
    # Each order's reservation names the batch it took: the sooner one went first.
    reservations = StockMovement.objects.filter(kind="reservation")
    assert reservations.count() == 5
    assert reservations.filter(batch=first).count() == 2
    assert_ledger_matches(outlet)
