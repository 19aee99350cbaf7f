import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, F, Sum

from core.models import Kecamatan
from gallery.models import Outlet, StockLevel, StockMovement
from orders.models import Order, OrderLine
from products.models import Product, ProductImage
from vendors.models import Vendor

pytestmark = pytest.mark.django_db

NUMBER = re.compile(r"^GM-[0-9]{6}-[2-9A-HJ-NP-Z]{4,8}$")


@pytest.fixture
def bench_data():
    call_command(
        "bench_data",
        products=50,
        vendors=10,
        orders=100,
        outlets=5,
        images=2,
        seed=7,
        stdout=io.StringIO(),
    )


def test_bench_data_loads_the_counts_asked_for_once(bench_data):
    assert Vendor.objects.approved().count() == 10
    assert Product.objects.public().count() == 50
    assert Outlet.objects.active().count() == 5
    assert Order.objects.count() == 100
    assert Kecamatan.objects.filter(vendors__isnull=False).distinct().count() == 10
    with pytest.raises(CommandError):
        call_command("bench_data", products=5, vendors=2, orders=5, images=1)
    assert Product.objects.count() == 50
    pictures = Product.objects.annotate(n=Count("images")).values_list("n", flat=True)
    assert set(pictures) <= {1, 2, 3}
    image = ProductImage.objects.first()
    assert image.width and image.height and image.renditions
    assert image.srcset()


def test_stock_levels_are_the_sums_of_the_ledger_and_open_orders_hold_the_reserved_units(
    bench_data,
):
    ledger = {
        (row["outlet_id"], row["product_id"]): (row["on_hand"], row["reserved"])
        for row in StockMovement.objects.values("outlet_id", "product_id").annotate(
            on_hand=Sum("on_hand_change"), reserved=Sum("reserved_change")
        )
    }
    levels = {
        (level.outlet_id, level.product_id): (level.on_hand, level.reserved)
        for level in StockLevel.objects.all()
    }
    assert levels
    assert levels == ledger
    assert not StockLevel.objects.filter(reserved__gt=F("on_hand")).exists()
    reserved = StockLevel.objects.aggregate(total=Sum("reserved"))["total"]
    open_units = OrderLine.objects.filter(order__status__in=["placed", "ready"]).aggregate(
        total=Sum("quantity")
    )["total"]
    assert reserved == (open_units or 0)


def test_orders_have_numbers_totals_and_unique_keys(bench_data):
    orders = list(Order.objects.annotate(lines_total=Sum("lines__line_total"), n=Count("lines")))
    assert all(NUMBER.match(order.number) for order in orders)
    assert all(1 <= order.n <= 3 and order.total == order.lines_total for order in orders)
    assert len({order.idempotency_key for order in orders}) == len(orders)
    assert all(order.payment_status == "paid" for order in orders if order.status == "collected")
