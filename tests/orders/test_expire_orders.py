"""`manage.py expire_orders`: releases what was not collected in time, and only that."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from gallery.models import StockLevel, StockMovement
from orders.models import Order
from orders.services import order_cancel, order_collect, order_mark_ready

pytestmark = pytest.mark.django_db


def expire():
    out = StringIO()
    call_command("expire_orders", stdout=out)
    return out.getvalue()


def age(order, days, hours=0):
    Order.objects.filter(pk=order.pk).update(
        placed_at=timezone.now() - timedelta(days=days, hours=hours)
    )


def test_open_orders_past_the_window_expire_and_their_stock_is_released(
    place, product, outlet, staff, settings
):
    settings.ORDER_PICKUP_WINDOW_DAYS = 3
    old_placed = place([(product.pk, 2)])
    old_ready = order_mark_ready(order=place([(product.pk, 1)]), by=staff)
    fresh = place([(product.pk, 1)])
    almost = place([(product.pk, 1)])
    old_collected = order_collect(
        order=order_mark_ready(order=place([(product.pk, 1)]), by=staff),
        by=staff,
        payment_method="cash",
    )
    old_cancelled = order_cancel(order=place([(product.pk, 1)]), by=staff, reason="Batal")
    for order in (old_placed, old_ready, old_collected, old_cancelled):
        age(order, 3, hours=1)
    age(almost, 2, hours=23)

    output = expire()

    assert "Expired 2 order(s)" in output
    statuses = dict(Order.objects.values_list("pk", "status"))
    assert statuses == {
        old_placed.pk: "expired",
        old_ready.pk: "expired",
        fresh.pk: "placed",
        almost.pk: "placed",
        old_collected.pk: "collected",
        old_cancelled.pk: "cancelled",
    }
    level = StockLevel.objects.get(product=product, outlet=outlet)
    assert (level.on_hand, level.reserved) == (9, 2)  # fresh + almost still reserved
    releases = StockMovement.objects.filter(
        kind="release", reference__in=[old_placed.number, old_ready.number]
    )
    assert sorted(releases.values_list("reserved_change", flat=True)) == [-2, -1]


def test_running_it_again_changes_nothing(place, product, outlet):
    order = place([(product.pk, 2)])
    age(order, 4)
    assert "Expired 1 order(s)" in expire()
    movements = StockMovement.objects.count()
    assert "Expired 0 order(s)" in expire()
    assert StockMovement.objects.count() == movements
    assert Order.objects.get().status_changes.filter(to_status="expired").count() == 1
