"""The vendor's orders page: their own lines only, nothing about the shopper, sales per month."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from orders.models import Order, OrderLine
from orders.services import order_cancel, order_collect, order_mark_ready
from tests.factories import ProductFactory, UserFactory

pytestmark = pytest.mark.django_db
URL = "dashboard-orders:order-lines"
JAKARTA = ZoneInfo("Asia/Jakarta")


@pytest.fixture
def vendor(product):
    return product.vendor


@pytest.fixture
def vendor_client(client, vendor):
    client.force_login(vendor.user)
    return client


def collect(order, staff, method="cash", at=None):
    order = order_collect(
        order=order_mark_ready(order=order, by=staff), by=staff, payment_method=method
    )
    if at:
        Order.objects.filter(pk=order.pk).update(closed_at=at, paid_at=at)
    return order


def test_a_vendor_sees_the_lines_of_its_own_products_and_nothing_of_the_shopper(
    vendor_client, place, product, outlet, receive
):
    rival = receive(ProductFactory(name="Anyaman Bambu Rival", price=80_000), outlet, 5)
    order = place(
        [(product.pk, 2), (rival.pk, 1)],
        name="Rahmawati Kusuma",
        phone="081377776666",
        email="rahma@contoh.id",
        note="Titip ke satpam Bojong",
    )

    response = vendor_client.get(reverse(URL))

    html = response.content.decode()
    assert response.status_code == 200
    assert order.number in html and "Guci Keramik Plered" in html and "Rp300.000" in html
    assert "Galeri Menong 1" in html
    assert "Anyaman Bambu Rival" not in html and "Rp80.000" not in html
    for private in ("Rahmawati", "Kusuma", "77776666", "rahma@contoh.id", "satpam Bojong"):
        assert private not in html


def test_sales_per_month_count_collected_orders_only(
    vendor_client, place, product, staff, other_outlet, receive
):
    collect(place([(product.pk, 2)]), staff, at=datetime(2026, 10, 31, 23, 30, tzinfo=JAKARTA))
    collect(
        place([(product.pk, 1)]), staff, "qris", at=datetime(2026, 11, 1, 0, 30, tzinfo=JAKARTA)
    )
    collect(place([(product.pk, 3)]), staff, at=datetime(2026, 11, 20, 10, 0, tzinfo=JAKARTA))
    place([(product.pk, 1)])  # placed, not a sale yet
    order_cancel(order=place([(product.pk, 1)]), by=staff, reason="Batal")

    sales = list(OrderLine.objects.of_vendor(product.vendor).sales_by_month())

    assert [
        (s["month"].date().isoformat(), s["orders"], s["units"], s["gross"]) for s in sales
    ] == [
        ("2026-11-01", 2, 4, 600_000),
        ("2026-10-01", 1, 2, 300_000),
    ]
    html = vendor_client.get(reverse(URL)).content.decode()
    assert "November 2026" in html and "Rp600.000" in html and "October 2026" in html


def test_no_account_or_a_non_vendor_gets_no_vendor_page(client):
    response = client.get(reverse(URL))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    client.force_login(UserFactory())
    assert client.get(reverse(URL)).status_code == 403


def test_another_vendor_sees_none_of_these_lines(client, place, product):
    order = place([(product.pk, 1)])
    other = ProductFactory().vendor
    client.force_login(other.user)
    html = client.get(reverse(URL)).content.decode()
    assert order.number not in html and "Guci Keramik Plered" not in html


def test_the_page_reads_a_fixed_number_of_queries_however_many_lines(
    vendor_client, place, product, outlet, staff, receive, django_assert_max_num_queries
):
    receive(product, outlet, 30)
    for i in range(30):
        order = place([(product.pk, 1)])
        if i % 3 == 0:
            collect(order, staff)
    # session, user, vendor, count, lines page, sales by month
    with django_assert_max_num_queries(7):
        response = vendor_client.get(reverse(URL))
    assert len(response.context["lines"]) == 25
    assert response.context["page_obj"].paginator.count == 30
    assert vendor_client.get(reverse(URL), {"page": 2}).context["page_obj"].number == 2
