"""Bar 3: CSV exports read back with the csv module: headers, row counts, filters, permissions."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation

from backoffice import exports, marketplace
from gallery.models import StockMovement
from gallery.services import stock_receive
from orders.models import Order, OrderLine
from products.models import Product, ProductImage
from tests.factories import ProductFactory, StaffFactory, VendorFactory, kecamatan
from vendors.models import Vendor

from .conftest import sell

pytestmark = pytest.mark.django_db


def read_csv(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    raw = b"".join(response.streaming_content)
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 byte order mark first"
    # Semicolons by default: what Excel set up for Indonesia opens into columns.
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))


def header_of(export):
    """The header as the admin (Indonesian, the default language) writes it."""
    with translation.override("id"):
        return [str(title) for title in export.header]


def export_url(app_label, model_name, query=""):
    return reverse("admin:backoffice_report_export", args=[app_label, model_name]) + query


@pytest.fixture
def gallery(outlets, cashier):
    anjun = VendorFactory(business_name="Gerabah Anjun", slug="gerabah-anjun")
    cirama = VendorFactory(
        business_name="Anyaman Bambu Cirama – Wanayasa",
        slug="anyaman-cirama",
        kecamatan=kecamatan("Wanayasa"),
    )
    VendorFactory(
        business_name='=HYPERLINK("http://contoh.id")',
        slug="rumus",
        status=Vendor.Status.SUBMITTED,
    )
    VendorFactory(business_name="Batik Draf", slug="batik-draf", status=Vendor.Status.DRAFT)
    guci = ProductFactory(vendor=anjun, name="Guci Motif Daun", slug="guci", price=150_000)
    tas = ProductFactory(vendor=cirama, name="Tas Anyaman", slug="tas", price=85_000)
    ProductFactory(vendor=anjun, name="Kendi Draf", slug="kendi", status=Product.Status.DRAFT)
    sell(outlet=outlets[0], items=[(guci, 2), (tas, 1)], when="2026-02-10 10:00", by=cashier)
    sell(outlet=outlets[1], items=[(tas, 3)], when="2026-02-11 10:00", by=cashier)
    sell(outlet=outlets[0], items=[(guci, 1)], when="2026-02-12 10:00", by=cashier, collect=False)
    stock_receive(outlet=outlets[1], product=guci, quantity=4, by=cashier, reference="SJ-0042")
    return {"anjun": anjun, "cirama": cirama, "guci": guci}


def test_vendor_export_has_the_documented_header_and_a_row_per_vendor(client, gallery, staf_dinas):
    client.force_login(staf_dinas)
    rows = read_csv(client.get(export_url("vendors", "vendor")))
    assert rows[0] == header_of(exports.VENDORS)
    assert len(rows) - 1 == Vendor.objects.count() == 4
    names = {row[1] for row in rows[1:]}
    assert "Anyaman Bambu Cirama – Wanayasa" in names


def test_export_applies_the_lists_filters_and_search(client, gallery, staf_dinas):
    client.force_login(staf_dinas)
    approved = read_csv(client.get(export_url("vendors", "vendor", "?status__exact=approved")))
    assert len(approved) - 1 == 2
    searched = read_csv(client.get(export_url("vendors", "vendor", "?q=Cirama")))
    assert [row[1] for row in searched[1:]] == ["Anyaman Bambu Cirama – Wanayasa"]
    published = read_csv(client.get(export_url("products", "product", "?status__exact=published")))
    assert sorted(row[1] for row in published[1:]) == ["Guci Motif Daun", "Tas Anyaman"]


def test_wrong_filters_send_staff_back_to_the_list(client, gallery, staf_dinas):
    client.force_login(staf_dinas)
    response = client.get(export_url("vendors", "vendor", "?nonsense__exact=1"))
    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")


def test_text_that_looks_like_a_formula_is_not_run_by_the_spreadsheet(client, gallery, staf_dinas):
    client.force_login(staf_dinas)
    rows = read_csv(client.get(export_url("vendors", "vendor")))
    assert '\'=HYPERLINK("http://contoh.id")' in {row[1] for row in rows}


def test_product_export_has_a_row_per_product(client, gallery, staf_dinas):
    client.force_login(staf_dinas)
    rows = read_csv(client.get(export_url("products", "product")))
    assert rows[0] == header_of(exports.PRODUCTS)
    assert len(rows) - 1 == Product.objects.count() == 3
    guci = next(row for row in rows if row[1] == "Guci Motif Daun")
    assert guci[4] == "150000"
    # 2 + 1 sold, 1 reserved for the waiting order, 4 delivered to the second outlet.
    assert guci[11] == "5"


def test_order_export_has_one_row_per_order_line(client, gallery, staf_galeri):
    client.force_login(staf_galeri)
    rows = read_csv(client.get(export_url("orders", "order")))
    assert rows[0] == header_of(exports.ORDER_LINES)
    assert len(rows) - 1 == OrderLine.objects.count() == 4
    collected = read_csv(client.get(export_url("orders", "order", "?status__exact=collected")))
    assert len(collected) - 1 == OrderLine.objects.filter(order__status="collected").count() == 3
    assert sum(int(row[12]) for row in collected[1:]) == 150_000 * 2 + 85_000 * 4
    assert {row[0] for row in collected[1:]} == set(
        Order.objects.filter(status="collected").values_list("number", flat=True)
    )


def test_stock_ledger_export_has_a_row_per_movement(client, gallery, staf_galeri):
    client.force_login(staf_galeri)
    rows = read_csv(client.get(export_url("gallery", "stockmovement")))
    assert rows[0] == header_of(exports.STOCK_MOVEMENTS)
    assert len(rows) - 1 == StockMovement.objects.count()
    assert "SJ-0042" in {row[7] for row in rows}


@pytest.mark.parametrize(
    ("who", "app_label", "model_name"),
    [
        ("staf_galeri", "vendors", "vendor"),
        ("staf_dinas", "orders", "order"),
        ("staf_dinas", "gallery", "stockmovement"),
    ],
)
def test_staff_without_the_view_permission_cannot_export_that_model(
    client, gallery, request, who, app_label, model_name
):
    client.force_login(request.getfixturevalue(who))
    assert client.get(export_url(app_label, model_name)).status_code == 403


def test_staff_without_any_group_can_export_nothing(client, gallery):
    client.force_login(StaffFactory(email="magang@contoh.id"))
    for label in exports.EXPORTS:
        assert client.get(export_url(*label.split("."))).status_code == 403
    assert client.get(reverse("admin:backoffice_report_changelist")).status_code == 403


def test_a_model_outside_the_list_of_exports_is_not_found_even_for_a_superuser(client, gallery):
    client.force_login(StaffFactory(email="root@contoh.id", is_superuser=True))
    assert client.get(export_url("accounts", "user")).status_code == 404
    assert client.get(export_url("backoffice", "payout")).status_code == 404
    assert client.get(export_url("nothing", "here")).status_code == 404


def test_exports_are_for_staff_only(client, gallery):
    assert client.get(export_url("vendors", "vendor")).status_code == 302
    client.force_login(gallery["anjun"].user)
    assert client.get(export_url("vendors", "vendor")).status_code == 302


def test_the_list_offers_its_export_with_the_current_filters(client, gallery, staf_dinas):
    client.force_login(staf_dinas)
    response = client.get(reverse("admin:vendors_vendor_changelist") + "?status__exact=approved")
    assert response.status_code == 200
    assert export_url("vendors", "vendor", "?status__exact=approved").encode() in response.content
    users = client.get(reverse("admin:backoffice_report_changelist"))
    assert users.status_code == 200
    assert export_url("vendors", "vendor").encode() in users.content
    assert export_url("orders", "order").encode() not in users.content


# The marketplace export of a vendor


@pytest.fixture
def catalogue(gallery):
    anjun = gallery["anjun"]
    ProductImage.objects.create(
        product=gallery["guci"],
        file="images/products/guci.jpg",
        alt="Guci motif daun di atas meja",
        position=0,
        renditions={
            str(w): {
                "webp": f"images/products/guci-{w}.webp",
                "jpeg": f"images/products/guci-{w}.jpg",
            }
            for w in (320, 640, 1280)
        },
    )
    ProductFactory(
        vendor=anjun,
        name="Set Cangkir Pesanan",
        slug="cangkir",
        price=240_000,
        weight_grams=900,
        made_to_order=True,
        lead_time_days=14,
    )
    ProductFactory(
        vendor=anjun,
        name="Celengan Tersembunyi",
        slug="celengan",
        hidden_at="2026-02-01T10:00:00+07:00",
        hidden_reason="Foto tidak sesuai",
    )
    return anjun


def test_an_approved_vendor_downloads_its_products_for_the_marketplaces(client, catalogue):
    client.force_login(catalogue.user)
    page = client.get(reverse("dashboard-backoffice:marketplace-export"))
    assert page.status_code == 200
    rows = read_csv(client.get(reverse("dashboard-backoffice:marketplace-export-csv")))
    assert rows[0] == marketplace.HEADER
    by_name = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    # Published and visible only: not the draft, not the hidden product, not another vendor's.
    assert set(by_name) == {"Guci Motif Daun", "Set Cangkir Pesanan"}
    guci = by_name["Guci Motif Daun"]
    assert guci["Harga (Rp)"] == "150000"
    assert guci["Kondisi"] == "Baru"
    assert guci["Minimum Pemesanan"] == "1"
    assert guci["SKU"] == f"GM-{catalogue.products.get(slug='guci').pk:06d}"
    assert guci["Foto Produk 1"] == "http://testserver/media/images/products/guci-1280.jpg"
    assert guci["Foto Produk 2"] == ""
    assert guci["Preorder"] == "Tidak"
    cangkir = by_name["Set Cangkir Pesanan"]
    assert (cangkir["Preorder"], cangkir["Waktu Proses Preorder (hari)"]) == ("Ya", "14")
    assert cangkir["Berat (gram)"] == "900"
    assert "Gerabah Anjun" in cangkir["Deskripsi Produk"]


def test_vendors_not_approved_are_refused_the_marketplace_export(client, gallery):
    waiting = Vendor.objects.get(slug="rumus")
    client.force_login(waiting.user)
    assert client.get(reverse("dashboard-backoffice:marketplace-export")).status_code == 403
    assert client.get(reverse("dashboard-backoffice:marketplace-export-csv")).status_code == 403
