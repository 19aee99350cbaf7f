from io import StringIO

import pytest
from django.db.models import Sum

from gallery.models import StockLevel, StockMovement
from orders import demo
from orders.models import Order
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def test_demo_orders_fill_the_past_weeks_in_every_state_and_only_once(
    outlet, other_outlet, receive
):
    for i in range(12):
        receive(ProductFactory(name=f"Keramik Plered {i}"), outlet if i % 2 else other_outlet, 40)
    out = StringIO()

    demo.seed(out)

    orders = Order.objects.all()
    assert 30 <= orders.count() <= demo.ORDERS
    assert set(orders.values_list("status", flat=True)) == set(Order.Status.values)
    assert all(o.total == sum(line.line_total for line in o.lines.all()) for o in orders)
    assert (
        orders.filter(status="collected", payment_status="paid").count()
        == orders.filter(status="collected").count()
    )
    for level in StockLevel.objects.all():
        sums = StockMovement.objects.filter(outlet=level.outlet, product=level.product).aggregate(
            on_hand=Sum("on_hand_change"), reserved=Sum("reserved_change")
        )
        assert (level.on_hand, level.reserved) == (sums["on_hand"], sums["reserved"])
    reserved = StockLevel.objects.aggregate(r=Sum("reserved"))["r"]
    open_units = orders.open().aggregate(units=Sum("lines__quantity"))["units"] or 0
    assert reserved == open_units

    counts = (orders.count(), StockMovement.objects.count())
    demo.seed(out)
    assert (Order.objects.count(), StockMovement.objects.count()) == counts
    assert "already there" in out.getvalue()


def test_without_stock_there_are_no_demo_orders(outlet):
    out = StringIO()
    demo.seed(out)
    assert not Order.objects.exists()
    assert "no outlet has stock yet" in out.getvalue()
