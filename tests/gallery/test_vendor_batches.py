"""The vendor's own food batches that expired or expire soon, on the stock page (/dasbor/stok/)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from gallery.models import Batch
from gallery.services import BatchSpec, stock_receive, stock_reserve, stock_return_to_vendor
from tests.factories import CategoryFactory, OutletFactory, ProductFactory, VendorFactory

pytestmark = pytest.mark.django_db

JAKARTA = ZoneInfo("Asia/Jakarta")
NOW = datetime.datetime(2026, 12, 6, 10, 0, tzinfo=JAKARTA)
BEFORE = datetime.datetime(2026, 11, 1, 10, 0, tzinfo=JAKARTA)


def day(month, number, year=2026):
    return datetime.date(year, month, number)


@pytest.fixture
def now():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def food():
    return CategoryFactory(slug="camilan-uji", name_id="Camilan", name_en="Snacks", is_food=True)


@pytest.fixture
def shelves(now, vendor, food, staf_galeri):
    """Two outlets; the vendor's keripik and gula aren, another vendor's opak, a craft."""
    first = OutletFactory(name="Galeri Menong 1", slug="galeri-menong-1", position=1)
    second = OutletFactory(name="Galeri Menong 2", slug="galeri-menong-2", position=2)
    keripik = ProductFactory(vendor=vendor, category=food, name="Keripik Singkong Pedas")
    gula = ProductFactory(vendor=vendor, category=food, name="Gula Aren Cetak")
    guci = ProductFactory(vendor=vendor, name="Guci Motif Daun")
    opak = ProductFactory(vendor=VendorFactory(), category=food, name="Opak Ketan Wanayasa")

    def receive(outlet, product, quantity, code, expires_on):
        stock_receive(
            outlet=outlet,
            product=product,
            quantity=quantity,
            by=staf_galeri,
            batch=BatchSpec(code=code, expires_on=expires_on),
        )

    now.move_to(BEFORE)
    receive(first, keripik, 3, "K-A", day(12, 1))  # expired five days ago
    receive(second, gula, 2, "G-A", day(12, 6))  # expired at midnight
    receive(first, keripik, 2, "K-Z", day(12, 3))  # expired, but back with its maker
    receive(first, opak, 6, "O-A", day(12, 2))  # another vendor's
    now.move_to(NOW)
    stock_return_to_vendor(
        outlet=first,
        product=keripik,
        quantity=2,
        by=staf_galeri,
        batch=Batch.objects.get(code="K-Z"),
    )
    receive(first, gula, 4, "G-B", day(12, 7))  # sold until tonight
    receive(first, keripik, 5, "K-B", day(1, 5, 2027))  # the 30th day
    receive(first, keripik, 5, "K-C", day(1, 6, 2027))  # the 31st day: not yet near
    receive(second, keripik, 1, "K-D", day(12, 20))
    stock_reserve(outlet=second, items=[(keripik, 1)], reference="GM-2612-0007")
    receive(second, opak, 6, "O-B", day(12, 10))  # another vendor's
    stock_receive(outlet=first, product=guci, quantity=2, by=staf_galeri)
    return first, second


def listed(groups):
    return [
        (
            outlet.name,
            [(b.product.name, b.code, b.expires_on, b.on_hand) for b in batches],
        )
        for outlet, batches in groups
    ]


def test_the_vendor_sees_their_expired_and_near_expiry_batches_per_outlet_soonest_first(
    client, vendor, shelves
):
    client.force_login(vendor.user)
    response = client.get("/en/dasbor/stok/")
    assert response.status_code == 200
    assert listed(response.context["expired"]) == [
        ("Galeri Menong 1", [("Keripik Singkong Pedas", "K-A", day(12, 1), 3)]),
        ("Galeri Menong 2", [("Gula Aren Cetak", "G-A", day(12, 6), 2)]),
    ]
    assert listed(response.context["near_expiry"]) == [
        (
            "Galeri Menong 1",
            [
                ("Gula Aren Cetak", "G-B", day(12, 7), 4),
                ("Keripik Singkong Pedas", "K-B", day(1, 5, 2027), 5),
            ],
        ),
        # Reserved for an order, but still on the shelf until it is collected.
        ("Galeri Menong 2", [("Keripik Singkong Pedas", "K-D", day(12, 20), 1)]),
    ]
    html = response.content.decode()
    expiring = html.split('id="expiring-heading"')[1].split("<h2>By outlet</h2>")[0]
    expired = expiring.split('class="gallery-expiry gallery-expiry-expired"')[1].split(
        "</section>"
    )[0]
    assert expired.index("1 December 2026") < expired.index("6 December 2026")
    assert "Expiring within 30 days" in expiring
    assert "(1 day left)" in expiring and "(30 days left)" in expiring
    assert "K-C" not in expiring and "K-Z" not in expiring and "Guci" not in expiring


def test_another_vendors_batches_never_show(client, vendor, shelves):
    client.force_login(vendor.user)
    html = client.get("/en/dasbor/stok/").content.decode()
    assert "Opak" not in html and "O-A" not in html and "O-B" not in html


def test_a_vendor_without_food_near_expiry_sees_no_such_section(client, shelves):
    client.force_login(VendorFactory().user)
    response = client.get("/en/dasbor/stok/")
    assert response.context["expired"] == response.context["near_expiry"] == []
    assert "expiring-heading" not in response.content.decode()


def test_expired_units_are_not_counted_as_available_on_the_stock_page(client, vendor, shelves):
    client.force_login(vendor.user)
    products = {p.name: p for p in client.get("/en/dasbor/stok/").context["products"]}
    gula = products["Gula Aren Cetak"]
    # 2 expired at Galeri Menong 2, 4 live at Galeri Menong 1.
    assert (gula.total_on_hand, gula.total_available) == (6, 4)


def test_the_stock_page_costs_the_same_queries_however_many_batches(
    client, vendor, food, shelves, staf_galeri, django_assert_num_queries
):
    client.force_login(vendor.user)
    client.get("/en/dasbor/stok/")  # the session settles
    with django_assert_num_queries(8):
        client.get("/en/dasbor/stok/")
    for n in range(10):
        product = ProductFactory(vendor=vendor, category=food, name=f"Opak Bakar {n}")
        for outlet in shelves:
            stock_receive(
                outlet=outlet,
                product=product,
                quantity=2,
                by=staf_galeri,
                batch=BatchSpec(code=f"OB-{n}", expires_on=day(12, 10 + n)),
            )
    with django_assert_num_queries(8):
        response = client.get("/en/dasbor/stok/")
    assert sum(len(batches) for _, batches in response.context["near_expiry"]) == 3 + 20
