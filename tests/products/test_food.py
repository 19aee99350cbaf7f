"""Food on the product page and in the vendor's form: permits, the date a shopper would get at
each outlet (first expiry first out), what search engines read."""

import datetime
import json
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from gallery.models import Outlet
from gallery.services import BatchSpec, stock_receive, stock_reserve
from products.models import Product
from tests.factories import OutletFactory, ProductFactory, StaffFactory
from tests.products.helpers import leaf, product_fields

pytestmark = pytest.mark.django_db

JAKARTA = ZoneInfo("Asia/Jakarta")
NOW = datetime.datetime(2026, 12, 6, 10, 0, tzinfo=JAKARTA)
SCHEMA = "https://schema.org/"


@pytest.fixture
def now():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def outlets():
    return [
        OutletFactory(name="Galeri Menong 1", slug="galeri-menong-1", position=1),
        OutletFactory(name="Galeri Menong 2", slug="galeri-menong-2", position=2),
        OutletFactory(name="Galeri Menong 3", slug="galeri-menong-3", position=3),
    ]


def receive(outlet, product, quantity, code, expires_on):
    stock_receive(
        outlet=outlet,
        product=product,
        quantity=quantity,
        by=StaffFactory(),
        batch=BatchSpec(code=code, expires_on=expires_on, produced_on=datetime.date(2026, 10, 1)),
    )


@pytest.fixture
def simping(now, outlets):
    """Simping at three outlets. 1: a batch all reserved for an order (20 Dec), then 12 Jan and
    1 Mar 2027. 2: only a batch that expired yesterday. 3: a batch expiring tomorrow."""
    product = ProductFactory(
        category=leaf("simping-semprong"),
        name="Simping Kaum Rasa Kencur",
        slug="simping-kaum",
        pirt_number="206321401012326",
        halal_number="ID32110000123450822",
        shelf_life_days=120,
    )
    first, second, third = outlets
    now.move_to(datetime.datetime(2026, 11, 1, 10, 0, tzinfo=JAKARTA))
    receive(second, product, 4, "SK-0511", datetime.date(2026, 12, 5))
    now.move_to(NOW)
    receive(first, product, 5, "SK-0301", datetime.date(2027, 3, 1))
    receive(first, product, 5, "SK-1201", datetime.date(2027, 1, 12))
    receive(first, product, 2, "SK-1220", datetime.date(2026, 12, 20))
    stock_reserve(outlet=first, items=[(product, 2)], reference="GM-2612-0001")
    receive(third, product, 1, "SK-1207", datetime.date(2026, 12, 7))
    return product


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def outlet_line(html, name):
    availability = html.split('class="availability"')[1].split("</section>")[0]
    (line,) = [li for li in re.findall(r"<li[^>]*>.*?</li>", availability, re.S) if name in li]
    return line


def product_jsonld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    (product,) = [data for data in map(json.loads, blocks) if data.get("@type") == "Product"]
    return product


# The product page


def test_each_outlet_shows_the_earliest_expiry_a_shopper_would_get_in_english(client, simping):
    html = page(client, "/en/produk/simping-kaum/")
    # The 20 December batch is all reserved for an order: a shopper gets the 12 January one.
    first = outlet_line(html, "Galeri Menong 1")
    assert "Available at Galeri Menong 1: 10" in first
    assert "Best before 12 January 2027" in first
    assert "2026" not in first and "March" not in first
    # An expired batch is neither available nor dated.
    second = outlet_line(html, "Galeri Menong 2")
    assert "Out of stock at Galeri Menong 2" in second
    assert "Best before" not in second and "5 December" not in second
    assert "Best before 7 December 2026" in outlet_line(html, "Galeri Menong 3")


def test_the_indonesian_page_writes_the_date_the_indonesian_way(client, simping):
    html = page(client, "/produk/simping-kaum/")
    # "Baik digunakan sebelum 12 Januari 2027" once the Indonesian catalogue has the sentence.
    with translation.override("id"):
        expected = translation.gettext("Best before %(date)s") % {"date": "12 Januari 2027"}
    assert expected in outlet_line(html, "Galeri Menong 1")
    assert "Desember" not in outlet_line(html, "Galeri Menong 2")


def test_the_facts_name_the_permit_and_the_halal_certificate(client, simping):
    html = page(client, "/en/produk/simping-kaum/")
    facts = html.split('class="facts"')[1].split("</dl>")[0]
    assert "<dt>Food permit</dt>" in facts
    assert "P-IRT 206321401012326" in facts
    assert "<dt>Halal certificate</dt>" in facts
    assert "ID32110000123450822" in facts


def test_a_bpom_number_is_the_permit_shown_when_there_is_one(client, simping):
    Product.objects.filter(pk=simping.pk).update(bpom_number="MD 224510001234")
    html = page(client, "/en/produk/simping-kaum/")
    assert "BPOM RI MD 224510001234" in html
    assert "P-IRT 206321401012326" not in html
    properties = product_jsonld(html)["additionalProperty"]
    assert {"@type": "PropertyValue", "name": "BPOM RI", "value": "MD 224510001234"} in properties


def test_jsonld_carries_the_permits_and_an_offer_that_follows_the_live_batches(client, simping):
    data = product_jsonld(page(client, "/produk/simping-kaum/"))
    assert data["additionalProperty"][0] == {
        "@type": "PropertyValue",
        "name": "P-IRT",
        "value": "206321401012326",
    }
    assert data["additionalProperty"][1]["value"] == "ID32110000123450822"
    assert data["offers"]["availability"] == SCHEMA + "InStock"


def test_at_midnight_of_its_expiry_date_the_last_batch_is_neither_offered_nor_dated(
    client, now, outlets
):
    product = ProductFactory(
        category=leaf("camilan"), slug="opak-ketan", pirt_number="206321401012327"
    )
    receive(outlets[0], product, 3, "OK-1", datetime.date(2026, 12, 7))
    now.move_to(datetime.datetime(2026, 12, 6, 23, 59, tzinfo=JAKARTA))
    html = page(client, "/en/produk/opak-ketan/")
    assert "Best before 7 December 2026" in html
    assert product_jsonld(html)["offers"]["availability"] == SCHEMA + "InStock"
    now.move_to(datetime.datetime(2026, 12, 7, 0, 0, tzinfo=JAKARTA))
    html = page(client, "/en/produk/opak-ketan/")
    assert "Best before" not in html
    assert "Out of stock at Galeri Menong 1" in html
    assert product_jsonld(html)["offers"]["availability"] == SCHEMA + "OutOfStock"


def test_a_product_that_is_not_food_shows_no_permit_nor_date(client, now, outlets):
    # A permit typed before the product moved to a craft category stays out of sight.
    product = ProductFactory(
        category=leaf("guci-vas"), slug="guci-daun", pirt_number="206321401012326"
    )
    stock_receive(outlet=outlets[0], product=product, quantity=2, by=StaffFactory())
    html = page(client, "/en/produk/guci-daun/")
    assert "Available at Galeri Menong 1: 2" in html
    assert "Best before" not in html
    assert "Food permit" not in html and "206321401012326" not in html
    assert "additionalProperty" not in product_jsonld(html)


def test_the_food_product_page_costs_what_any_product_page_costs(client, simping):
    plain = ProductFactory(category=leaf("guci-vas"), slug="guci-polos")
    stock_receive(outlet=Outlet.objects.first(), product=plain, quantity=2, by=None)
    # The session and the caches settle (the newest products of each category are read once).
    client.get("/produk/guci-polos/")
    client.get("/produk/simping-kaum/")
    with CaptureQueriesContext(connection) as plain_page:
        assert client.get(f"/produk/{plain.slug}/").status_code == 200
    with CaptureQueriesContext(connection) as food_page:
        assert client.get("/produk/simping-kaum/").status_code == 200
    assert len(food_page.captured_queries) == len(plain_page.captured_queries) <= 10


# The vendor's form


def form_data(**overrides):
    data = {
        key: "" if value is None else value
        for key, value in product_fields(category=leaf("simping-semprong")).items()
    }
    data.update(
        name="Simping Kencur", materials="tepung beras, kencur", category=data["category"].pk
    )
    data.pop("made_to_order")
    data.update(overrides)
    return data


def test_the_vendor_saves_the_food_details_as_printed_on_the_pack(vendor_client, vendor):
    response = vendor_client.post(
        reverse("dashboard-products:product-create"),
        form_data(
            pirt_number="P-IRT No. 2063214010123-26",
            bpom_number="bpom ri md 2245.1000.1234",
            halal_number=" id32110000123450822 ",
            shelf_life_days="120",
        ),
    )
    assert response.status_code == 302
    product = Product.objects.get(vendor=vendor)
    assert product.pirt_number == "206321401012326"
    assert product.bpom_number == "MD 224510001234"
    assert product.halal_number == "ID32110000123450822"
    assert product.shelf_life_days == 120


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("pirt_number", "12345", "A P-IRT number has 15 to 17 digits."),
        ("pirt_number", "P-IRT 2063214O10123-26", "A P-IRT number has 15 to 17 digits."),
        ("bpom_number", "MD 12345", "A BPOM number is MD or ML followed by 12 digits."),
        ("bpom_number", "SP 224510001234", "A BPOM number is MD or ML followed by 12 digits."),
        ("shelf_life_days", "0", "greater than or equal to 1"),
    ],
)
def test_a_malformed_food_detail_is_refused_and_nothing_is_saved(
    vendor_client, vendor, field, value, message
):
    with translation.override("en"):
        response = vendor_client.post(
            reverse("dashboard-products:product-create"), form_data(**{field: value})
        )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Product.objects.filter(vendor=vendor).exists()


def test_the_food_section_is_marked_for_the_script_and_says_it_is_only_for_food(vendor_client):
    with translation.override("en"):
        html = vendor_client.get(reverse("dashboard-products:product-create")).content.decode()
    section = html.split('id="food-details"')[1].split("</fieldset>")[0]
    assert "data-food-section" in section
    assert "Only for food and drink" in section
    assert 'name="pirt_number"' in section and 'name="shelf_life_days"' in section
    assert 'name="pirt_number"' not in html.split('id="food-details"')[0]
    simping = leaf("simping-semprong")
    assert re.search(rf'<option value="{simping.pk}"[^>]* data-food', html)
    assert not re.search(rf'<option value="{leaf("guci-vas").pk}"[^>]* data-food', html)
    assert "js/product-form.js" in html


def test_a_food_product_without_a_permit_or_shelf_life_is_warned(vendor_client, vendor):
    food = ProductFactory(vendor=vendor, category=leaf("simping-semprong"))
    craft = ProductFactory(vendor=vendor, category=leaf("guci-vas"))
    with translation.override("en"):
        html = vendor_client.get(reverse("dashboard-products:product-update", args=[food.pk]))
        assert "add its P-IRT or BPOM number" in html.content.decode()
        assert "add its shelf life" in html.content.decode()
        Product.objects.filter(pk=food.pk).update(pirt_number="206321401012326", shelf_life_days=90)
        html = vendor_client.get(reverse("dashboard-products:product-update", args=[food.pk]))
        assert "add its P-IRT" not in html.content.decode()
        assert "add its shelf life" not in html.content.decode()
        html = vendor_client.get(reverse("dashboard-products:product-update", args=[craft.pk]))
        assert "add its P-IRT" not in html.content.decode()
