"""Bar 2: the dashboard over 1 000+ orders and 500 vendors within a pinned number of queries."""

import datetime
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from core.models import Kecamatan
from orders.models import Order, OrderLine
from products.models import Category, Product
from tests.factories import StaffFactory
from vendors.models import Vendor

from .conftest import jakarta, tables

pytestmark = pytest.mark.django_db

# Session, user, the groups' permissions, the outlets of the filter form, and one aggregate per
# figure and work list. It does not grow with the data.
MAX_QUERIES = 24
SUFFIX = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def bulk_gallery(outlets, *, vendors, orders, start=0):
    """``vendors`` vendors with two products each, and ``orders`` orders of two lines each."""
    places = list(Kecamatan.objects.all())
    category = Category.objects.create(slug=f"massal-{start}", name_id="Massal", name_en="Bulk")
    users = User.objects.bulk_create(
        User(email=f"umkm{start + n}@contoh.id", full_name=f"Pemilik {n}") for n in range(vendors)
    )
    statuses = itertools.cycle(["approved", "approved", "submitted", "draft"])
    made = Vendor.objects.bulk_create(
        Vendor(
            user=user,
            business_name=f"UMKM Massal {start + n}",
            slug=f"umkm-massal-{start + n}",
            owner_name=f"Pemilik {n}",
            whatsapp=f"+62813{start + n:08d}",
            kecamatan=places[n % len(places)],
            desa="Anjun",
            address="Jl. Raya",
            status=(status := next(statuses)),
            submitted_at=jakarta("2026-01-02 08:00") if status != "draft" else None,
            approved_at=jakarta(f"2026-{n % 12 + 1:02d}-03 09:00")
            if status == "approved"
            else None,
        )
        for n, user in enumerate(users)
    )
    products = Product.objects.bulk_create(
        Product(
            vendor=vendor,
            category=category,
            name=f"Produk {vendor.pk}-{k}",
            slug=f"produk-{vendor.pk}-{k}",
            price=10_000 + 1_000 * k,
            status="published",
        )
        for vendor in made
        for k in range(2)
    )
    placed = Order.objects.bulk_create(
        Order(
            number=f"GM-260101-{SUFFIX[(start + n) // 32**3 % 32]}{SUFFIX[(start + n) // 1024 % 32]}"
            f"{SUFFIX[(start + n) // 32 % 32]}{SUFFIX[(start + n) % 32]}",
            name="Pembeli",
            phone="+6281234567890",
            outlet=outlets[n % 2],
            status="collected" if n % 5 else "placed",
            payment_status="paid" if n % 5 else "unpaid",
            payment_method="qris" if n % 5 else "",
            paid_at=(closed := jakarta(f"2026-{n % 12 + 1:02d}-15 10:00")) if n % 5 else None,
            closed_at=closed if n % 5 else None,
            total=0,
            idempotency_key=f"massal-{start + n}",
        )
        for n in range(orders)
    )
    OrderLine.objects.bulk_create(
        OrderLine(
            order=order,
            product=(product := products[(n * 2 + k) % len(products)]),
            vendor_id=product.vendor_id,
            product_name=product.name,
            vendor_name="UMKM",
            unit_price=product.price,
            quantity=k + 1,
            line_total=product.price * (k + 1),
        )
        for n, order in enumerate(placed)
        for k in range(2)
    )


def queries_for(client, user, params=None):
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/admin/", params or {})
    assert response.status_code == 200
    assert b'id="figure-sales-totals"' in response.content
    return len(captured), response


@pytest.fixture
def staff(db):
    return StaffFactory(email="kepala@contoh.id", groups=["Staf Dinas", "Staf Galeri"])


def test_dashboard_renders_a_big_gallery_within_the_pinned_query_count(
    client, outlets, staff, django_assert_max_num_queries
):
    bulk_gallery(outlets, vendors=5, orders=10)
    small, _response = queries_for(client, staff)

    bulk_gallery(outlets, vendors=500, orders=1_200, start=1_000)
    assert Vendor.objects.count() >= 500
    assert Order.objects.count() > 1_000
    client.force_login(staff)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get("/admin/")
    assert response.status_code == 200
    big, response = queries_for(client, staff)
    print(f"dashboard queries: small={small} big={big} (pinned at most {MAX_QUERIES})")
    assert big == small
    filtered, _response = queries_for(
        client, staff, {"date_from": "2026-03-01", "date_to": "2026-06-30", "outlet": outlets[0].pk}
    )
    assert filtered <= MAX_QUERIES
    # 10 + 1 200 orders, every fifth one still placed: 8 + 960 collected.
    assert tables(response.content)["figure-sales-totals"][0][1] == "968"


def test_month_series_have_no_gaps(outlets):
    bulk_gallery(outlets, vendors=3, orders=12)
    from backoffice import figures

    # Collected: orders 1-4, 6-9 and 11, in February to May, July to October and December.
    rows = figures.sales_months(figures.Filters())
    assert [row.month for row in rows] == [datetime.date(2026, m, 1) for m in range(2, 13)]
    assert [row.orders for row in rows] == [1, 1, 1, 1, 0, 1, 1, 1, 1, 0, 1]
