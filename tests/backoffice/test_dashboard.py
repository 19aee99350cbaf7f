"""Bar 1: every figure of the staff dashboard against totals computed by hand from a small
gallery, with and without the period and the outlet."""

import datetime
import secrets

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import dateformat, translation

from backoffice import figures
from backoffice.figures import Filters
from core.models import Kecamatan
from core.templatetags.rupiah import format_rupiah as rp
from orders.models import Order, OrderLine
from products.models import Category
from tests.factories import ProductFactory, StaffFactory, VendorFactory, kecamatan
from vendors.models import Vendor

from .conftest import jakarta, tables

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def indonesian():
    """The admin speaks Indonesian (the default language): so do the figures read directly."""
    with translation.override("id"):
        yield


DEC, JAN, FEB, MAR = (
    datetime.date(y, m, 1) for y, m in ((2025, 12), (2026, 1), (2026, 2), (2026, 3))
)


def make_order(code, outlet, status, lines, closed=None):
    paid = status == Order.Status.COLLECTED
    order = Order.objects.create(
        number=f"GM-260101-{code}",
        name="Ibu Sari Rahayu",
        phone="+6281234567890",
        outlet=outlet,
        status=status,
        payment_status="paid" if paid else "unpaid",
        payment_method="cash" if paid else "",
        paid_at=jakarta(closed) if paid else None,
        closed_at=jakarta(closed) if closed else None,
        total=sum(product.price * quantity for product, quantity in lines),
        idempotency_key=secrets.token_hex(16),
    )
    OrderLine.objects.bulk_create(
        OrderLine(
            order=order,
            product=product,
            vendor=product.vendor,
            product_name=product.name,
            vendor_name=product.vendor.business_name,
            unit_price=product.price,
            quantity=quantity,
            line_total=product.price * quantity,
        )
        for product, quantity in lines
    )
    return order


def vendor(name, slug, kecamatan_name, created, approved=None, **fields):
    made = VendorFactory(
        business_name=name, slug=slug, kecamatan=kecamatan(kecamatan_name), **fields
    )
    Vendor.objects.filter(pk=made.pk).update(
        created_at=jakarta(created), approved_at=jakarta(approved) if approved else None
    )
    return made


@pytest.fixture
def gallery(outlets):
    """Four vendors, three categories, four products, nine orders in every state, four months."""
    o1, o2 = outlets
    anjun = vendor(
        "Gerabah Anjun", "gerabah-anjun", "Plered", "2026-01-10 09:00", "2026-01-20 10:00"
    )
    cirama = vendor(
        "Anyaman Cirama", "anyaman-cirama", "Wanayasa", "2026-02-05 09:00", "2026-03-02 10:00"
    )
    batik = vendor(
        "Batik Purwakarta",
        "batik-purwakarta",
        "Purwakarta",
        "2026-03-15 09:00",
        status=Vendor.Status.SUBMITTED,
        submitted_at=jakarta("2026-03-16 08:00"),
    )
    vendor(
        "Dapur Simping", "dapur-simping", "Plered", "2025-12-20 09:00", status=Vendor.Status.DRAFT
    )

    keramik = Category.objects.create(slug="uji-keramik", name_id="Keramik Uji", name_en="Ceramics")
    guci_cat = Category.objects.create(
        slug="uji-guci", name_id="Guci Uji", name_en="Jars", parent=keramik
    )
    anyaman = Category.objects.create(slug="uji-anyaman", name_id="Anyaman Uji", name_en="Weaving")
    guci = ProductFactory(vendor=anjun, category=guci_cat, name="Guci", slug="guci", price=150_000)
    kendi = ProductFactory(vendor=anjun, category=keramik, name="Kendi", slug="kendi", price=45_000)
    tas = ProductFactory(vendor=cirama, category=anyaman, name="Tas", slug="tas", price=85_000)
    ProductFactory(
        vendor=anjun,
        category=keramik,
        name="Celengan Ayam",
        slug="celengan",
        hidden_at=jakarta("2026-03-20 10:00"),
        hidden_reason="Foto tidak sesuai barang",
    )

    c = Order.Status
    make_order("AAA2", o1, c.COLLECTED, [(guci, 2), (kendi, 1)], "2026-01-31 23:30")
    make_order("AAA3", o2, c.COLLECTED, [(tas, 3)], "2026-02-01 00:30")
    make_order("AAA4", o1, c.COLLECTED, [(guci, 1), (tas, 1)], "2026-02-14 10:00")
    make_order("AAA5", o2, c.COLLECTED, [(kendi, 4)], "2026-03-05 12:00")
    make_order("AAA6", o1, c.CANCELLED, [(guci, 5)], "2026-02-10 10:00")
    make_order("AAA7", o2, c.EXPIRED, [(tas, 2)], "2026-02-20 10:00")
    make_order("AAA8", o1, c.PLACED, [(kendi, 1)])
    make_order("AAA9", o1, c.READY, [(guci, 1)])
    make_order("AAAB", o2, c.PLACED, [(tas, 1)])
    return {"outlets": outlets, "batik": batik, "categories": (keramik, anyaman)}


@pytest.fixture
def staff(db):
    return StaffFactory(
        email="kepala@contoh.id", full_name="Kepala Bidang", groups=["Staf Dinas", "Staf Galeri"]
    )


def month(value, fmt="F Y"):
    with translation.override("id"):
        return dateformat.format(value, fmt)


def dashboard(client, user, **params):
    client.force_login(user)
    response = client.get("/admin/", params)
    assert response.status_code == 200
    return tables(response.content)


def sales(rows):
    return [[label, str(orders), str(units), rp(gross)] for label, orders, units, gross in rows]


# The same expectations serve the query module and the page.
ALL_TIME = {
    "totals": (4, 12, 1_015_000),
    "months": [(JAN, 1, 3, 345_000), (FEB, 2, 5, 490_000), (MAR, 1, 4, 180_000)],
    "outlets": [("Galeri Menong 1", 2, 5, 580_000), ("Galeri Menong 2", 2, 7, 435_000)],
    "categories": [("Keramik Uji", 3, 8, 675_000), ("Anyaman Uji", 2, 4, 340_000)],
    "products": [
        ("Guci (Gerabah Anjun)", 2, 3, 450_000),
        ("Tas (Anyaman Cirama)", 2, 4, 340_000),
        ("Kendi (Gerabah Anjun)", 2, 5, 225_000),
    ],
    "vendors": [("Gerabah Anjun", 3, 8, 675_000), ("Anyaman Cirama", 2, 4, 340_000)],
    "vendor_months": [(DEC, 1, 0), (JAN, 1, 1), (FEB, 1, 0), (MAR, 1, 1)],
    "kecamatan": {"Plered": (2, 1), "Wanayasa": (1, 1), "Purwakarta": (1, 0)},
}
FEBRUARY = {
    "totals": (2, 5, 490_000),
    "months": [(FEB, 2, 5, 490_000)],
    "outlets": [("Galeri Menong 2", 1, 3, 255_000), ("Galeri Menong 1", 1, 2, 235_000)],
    "categories": [("Anyaman Uji", 2, 4, 340_000), ("Keramik Uji", 1, 1, 150_000)],
    "products": [("Tas (Anyaman Cirama)", 2, 4, 340_000), ("Guci (Gerabah Anjun)", 1, 1, 150_000)],
    "vendors": [("Anyaman Cirama", 2, 4, 340_000), ("Gerabah Anjun", 1, 1, 150_000)],
    "vendor_months": [(FEB, 1, 0)],
    "kecamatan": {"Wanayasa": (1, 0)},
}
OUTLET_1 = {
    "totals": (2, 5, 580_000),
    "months": [(JAN, 1, 3, 345_000), (FEB, 1, 2, 235_000)],
    "outlets": [("Galeri Menong 1", 2, 5, 580_000)],
    "categories": [("Keramik Uji", 2, 4, 495_000), ("Anyaman Uji", 1, 1, 85_000)],
    "products": [
        ("Guci (Gerabah Anjun)", 2, 3, 450_000),
        ("Tas (Anyaman Cirama)", 1, 1, 85_000),
        ("Kendi (Gerabah Anjun)", 1, 1, 45_000),
    ],
    "vendors": [("Gerabah Anjun", 2, 4, 495_000), ("Anyaman Cirama", 1, 1, 85_000)],
    # Vendors belong to no outlet: the outlet leaves their figures as they are.
    "vendor_months": ALL_TIME["vendor_months"],
    "kecamatan": ALL_TIME["kecamatan"],
}
OUTLET_1_FEBRUARY = {
    "totals": (1, 2, 235_000),
    "months": [(FEB, 1, 2, 235_000)],
    "outlets": [("Galeri Menong 1", 1, 2, 235_000)],
    "categories": [("Keramik Uji", 1, 1, 150_000), ("Anyaman Uji", 1, 1, 85_000)],
    "products": [("Guci (Gerabah Anjun)", 1, 1, 150_000), ("Tas (Anyaman Cirama)", 1, 1, 85_000)],
    "vendors": [("Gerabah Anjun", 1, 1, 150_000), ("Anyaman Cirama", 1, 1, 85_000)],
    "vendor_months": FEBRUARY["vendor_months"],
    "kecamatan": FEBRUARY["kecamatan"],
}
# The last day of January in Jakarta ends at 17:00 UTC: the order collected at 23:30 is in it,
# the one at 00:30 on 1 February is not.
LAST_DAY_OF_JANUARY = {
    "totals": (1, 3, 345_000),
    "months": [(JAN, 1, 3, 345_000)],
    "outlets": [("Galeri Menong 1", 1, 3, 345_000)],
    "categories": [("Keramik Uji", 1, 3, 345_000)],
    "products": [("Guci (Gerabah Anjun)", 1, 2, 300_000), ("Kendi (Gerabah Anjun)", 1, 1, 45_000)],
    "vendors": [("Gerabah Anjun", 1, 3, 345_000)],
    "vendor_months": [(JAN, 0, 0)],
    "kecamatan": {},
}

CASES = [
    ({}, ALL_TIME),
    ({"date_from": "2026-02-01", "date_to": "2026-02-28"}, FEBRUARY),
    ({"outlet": 1}, OUTLET_1),
    ({"date_from": "2026-02-01", "date_to": "2026-02-28", "outlet": 1}, OUTLET_1_FEBRUARY),
    ({"date_from": "2026-01-31", "date_to": "2026-01-31"}, LAST_DAY_OF_JANUARY),
]
CASE_IDS = ["all-time", "february", "outlet-1", "outlet-1-february", "last-day-of-january"]


def filters_for(params, outlets):
    return Filters(
        date_from=datetime.date.fromisoformat(params["date_from"])
        if "date_from" in params
        else None,
        date_to=datetime.date.fromisoformat(params["date_to"]) if "date_to" in params else None,
        outlet=outlets[0] if "outlet" in params else None,
    )


def kecamatan_rows(expected):
    return [
        (name, *expected.get(name, (0, 0)))
        for name in Kecamatan.objects.values_list("name", flat=True)
    ]


@pytest.mark.parametrize(("params", "expected"), CASES, ids=CASE_IDS)
def test_figure_queries_equal_the_totals_counted_by_hand(gallery, params, expected):
    filters = filters_for(params, gallery["outlets"])
    totals = figures.sales_totals(filters)
    assert (totals.orders, totals.units, totals.gross) == expected["totals"]
    assert [
        (r.month, r.orders, r.units, r.gross) for r in figures.sales_months(filters)
    ] == expected["months"]
    for name, function in (
        ("outlets", figures.sales_outlets),
        ("categories", figures.sales_categories),
        ("products", figures.top_products),
        ("vendors", figures.top_vendors),
    ):
        assert [(r.label, r.orders, r.units, r.gross) for r in function(filters)] == expected[name]
    assert [
        (r.month, r.registered, r.approved) for r in figures.vendor_months(filters)
    ] == expected["vendor_months"]
    assert [
        (r.name, r.registered, r.approved) for r in figures.vendor_kecamatan(filters)
    ] == kecamatan_rows(expected["kecamatan"])


@pytest.mark.parametrize(("params", "expected"), CASES, ids=CASE_IDS)
def test_dashboard_page_shows_every_figure_counted_by_hand(
    client, gallery, staff, params, expected
):
    if "outlet" in params:
        params = {**params, "outlet": gallery["outlets"][0].pk}
    found = dashboard(client, staff, **params)

    orders, units, gross = expected["totals"]
    assert found["figure-sales-totals"][0][1:] == [str(orders), str(units), rp(gross)]
    assert found["figure-sales-months"] == sales(
        (month(m), o, u, g) for m, o, u, g in expected["months"]
    )
    assert found["figure-sales-outlets"] == sales(expected["outlets"])
    assert found["figure-sales-categories"] == sales(expected["categories"])
    assert found["figure-top-products"] == sales(expected["products"])
    assert found["figure-top-vendors"] == sales(expected["vendors"])
    assert found["figure-vendor-months"] == [
        [month(m), str(r), str(a)] for m, r, a in expected["vendor_months"]
    ]
    assert found["figure-vendor-kecamatan"] == [
        [name, str(r), str(a)] for name, r, a in kecamatan_rows(expected["kecamatan"])
    ]


def test_each_chart_is_an_inline_svg_image_with_a_title_and_no_style(client, gallery, staff):
    client.force_login(staff)
    html = client.get("/admin/").content.decode()
    for chart in (
        "vendor-months",
        "vendor-kecamatan",
        "sales-months",
        "sales-outlets",
        "sales-categories",
        "top-products",
        "top-vendors",
    ):
        assert f'role="img" aria-labelledby="chart-{chart}-title"' in html
        assert f'<title id="chart-{chart}-title">' in html
    assert "style=" not in html.split('id="staff-dashboard"', 1)[1]
    assert "<script" not in html.split('id="staff-dashboard"', 1)[1]
    # Guci: Rp450.000 over two orders, drawn as one bar with its number as a tooltip.
    assert "Guci (Gerabah Anjun) · " in html


def test_work_lists_show_waiting_vendors_hidden_products_and_orders_to_prepare(
    client, gallery, staff
):
    client.force_login(staff)
    html = client.get("/admin/").content.decode()
    found = tables(html)
    assert [row[:2] for row in found["work-awaiting-review"]] == [
        ["Batik Purwakarta", "Purwakarta"]
    ]
    assert [row[:2] for row in found["work-hidden-products"]] == [
        ["Celengan Ayam", "Gerabah Anjun"]
    ]
    assert f"/admin/vendors/vendor/{gallery['batik'].pk}/change/" in html
    to_prepare = found["work-orders-to-prepare"]
    assert to_prepare == [["Galeri Menong 1", "1", "1"], ["Galeri Menong 2", "1", "0"]]
    narrowed = dashboard(client, staff, outlet=gallery["outlets"][1].pk)
    assert narrowed["work-orders-to-prepare"] == [["Galeri Menong 2", "1", "0"]]


def test_vendors_waiting_for_review_come_oldest_first(client, gallery, staff):
    later = VendorFactory(
        business_name="Simping Kaum", slug="simping-kaum", status=Vendor.Status.SUBMITTED
    )
    Vendor.objects.filter(pk=later.pk).update(submitted_at=jakarta("2026-04-01 08:00"))
    client.force_login(staff)
    html = client.get("/admin/").content.decode()
    names = [row[0] for row in tables(html)["work-awaiting-review"]]
    assert names == ["Batik Purwakarta", "Simping Kaum"]


def test_a_wrong_period_is_explained_and_the_figures_stay_unfiltered(client, gallery, staff):
    found = dashboard(client, staff, date_from="2026-03-01", date_to="2026-01-01")
    assert found["figure-sales-totals"][0][1:] == ["4", "12", rp(1_015_000)]


def test_each_part_needs_its_own_permission(client, gallery, staf_galeri, staf_dinas):
    galeri = dashboard(client, staf_galeri)
    assert "work-orders-to-prepare" in galeri
    assert "figure-sales-totals" not in galeri
    assert "work-awaiting-review" not in galeri

    dinas = dashboard(client, staf_dinas)
    assert "figure-sales-totals" in dinas
    assert "work-awaiting-review" in dinas
    assert "work-orders-to-prepare" not in dinas

    nobody = StaffFactory(email="magang@contoh.id")
    bare = dashboard(client, nobody)
    assert not any(key.startswith(("figure-", "work-")) for key in bare)


def test_the_dashboard_is_for_staff_only(client, gallery):
    response = client.get("/admin/")
    assert response.status_code == 302
    client.force_login(gallery["batik"].user)
    assert client.get("/admin/").status_code == 302


def test_latest_staff_actions_show_only_what_the_staff_member_may_see(
    client, gallery, staf_galeri, staf_dinas
):
    vendor = gallery["batik"]
    LogEntry.objects.create(
        user=staf_dinas,
        content_type=ContentType.objects.get_for_model(Vendor),
        object_id=str(vendor.pk),
        object_repr=str(vendor),
        action_flag=CHANGE,
        change_message="Dikoreksi: alamat",
    )
    seen_by_dinas = dashboard(client, staf_dinas)["staff-actions"]
    assert "Batik Purwakarta" in seen_by_dinas[0][0]
    assert "Dewi Lestari" in seen_by_dinas[0][1]
    seen_by_galeri = dashboard(client, staf_galeri)["staff-actions"]
    assert all("Batik Purwakarta" not in row[0] for row in seen_by_galeri)
