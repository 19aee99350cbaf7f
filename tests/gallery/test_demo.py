import io

import pytest
from django.db.models import Sum

from gallery import demo
from gallery.models import Outlet, OutletClosure, StockLevel, StockMovement
from tests.factories import ProductFactory, StaffFactory, curated

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        list(Outlet.objects.order_by("slug").values_list("slug", "is_planned", "is_active")),
        OutletClosure.objects.count(),
        list(StockLevel.objects.order_by("pk").values_list("pk", "on_hand", "reserved")),
        StockMovement.objects.count(),
    )


def test_the_demo_adds_the_real_outlets_the_planned_ones_and_stock_once():
    staff = StaffFactory(email="staf@galerimenong.id")
    products = curated(*ProductFactory.create_batch(6))
    demo.seed(io.StringIO())
    first = snapshot()
    demo.seed(io.StringIO())
    assert snapshot() == first

    one = Outlet.objects.get(slug="galeri-menong-1")
    assert one.address == "Jl. Veteran No. 134, Ciseureuh, Purwakarta"
    assert one.kecamatan.name == "Purwakarta"
    assert one.opening_hours.count() == 8  # every day, Fridays with a break for prayers
    friday = one.opening_hours.filter(weekday=4).values_list("opens", "closes")
    assert [(o.strftime("%H.%M"), c.strftime("%H.%M")) for o, c in friday] == [
        ("08.00", "11.30"),
        ("13.00", "17.00"),
    ]
    two = Outlet.objects.get(slug="galeri-menong-2")
    assert "Situ Buleud" in two.address
    assert two.opening_hours.count() == 6  # closed on Mondays
    planned = Outlet.objects.filter(is_planned=True)
    assert {(o.slug, o.kecamatan.name) for o in planned} == {
        ("galeri-menong-wanayasa", "Wanayasa"),
        ("galeri-menong-gunung-parang", "Tegalwaru"),
    }
    assert not StockLevel.objects.filter(outlet__in=planned).exists()
    assert OutletClosure.objects.filter(outlet=one, reason="Hari Raya Natal").exists()

    # Every product is at the first outlet, taken in by the demo staff account.
    intake = StockMovement.objects.filter(outlet=one, kind="intake")
    assert set(intake.values_list("product_id", flat=True)) == {p.pk for p in products}
    assert set(intake.values_list("by", flat=True)) == {staff.pk}
    totals = StockMovement.objects.aggregate(total=Sum("on_hand_change"))["total"]
    assert totals == StockLevel.objects.aggregate(total=Sum("on_hand"))["total"] > 0


def test_the_demo_without_products_adds_the_outlets_and_says_why_there_is_no_stock():
    out = io.StringIO()
    demo.seed(out)
    assert Outlet.objects.count() == 4
    assert not StockMovement.objects.exists()
    assert "no public products yet" in out.getvalue()
