"""The product feeds Google Merchant Center and Meta's catalogue read, and their place on the
staff dashboard."""

import csv
import io
import re
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.utils import timezone

from products import services
from products.models import Category, Product
from tests.factories import (
    ProductFactory,
    ProductImageFactory,
    StaffFactory,
    VendorFactory,
)
from tests.products.storefront import build_shop, many_products
from vendors.models import Vendor

pytestmark = pytest.mark.django_db

G = "{http://base.google.com/ns/1.0}"
GOOGLE_FIELDS = [
    "id",
    "title",
    "description",
    "link",
    "image_link",
    "availability",
    "price",
    "brand",
    "condition",
    "google_product_category",
    "identifier_exists",
]
META_COLUMNS = [
    "id",
    "title",
    "description",
    "availability",
    "condition",
    "price",
    "link",
    "image_link",
    "brand",
    "additional_image_link",
    "google_product_category",
]
ABSOLUTE = re.compile(r"^https?://[^/\s]+/\S*$")


@pytest.fixture
def shop():
    return build_shop()


def google_items(client, language="id"):
    response = client.get(f"/feeds/google-{language}.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)  # noqa: S314 (our own feed)
    return {
        item.findtext(f"{G}id"): {
            **{field: item.findtext(f"{G}{field}") for field in GOOGLE_FIELDS},
            "additional_image_link": [e.text for e in item.findall(f"{G}additional_image_link")],
        }
        for item in root.iter("item")
    }


def meta_rows(client, language="id"):
    response = client.get(f"/feeds/meta-{language}.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    reader = csv.DictReader(io.StringIO(response.content.decode()))
    assert reader.fieldnames == META_COLUMNS
    return {row["id"]: row for row in reader}


def test_the_google_feed_lists_every_public_product_with_every_required_field(client, shop):
    items = google_items(client)
    products = vars(shop.products)
    assert set(items) == {product.code for product in products.values()}
    for product in products.values():
        item = items[product.code]
        assert all(item[field] for field in GOOGLE_FIELDS), item
        assert item["title"] == product.name
        assert item["description"] == product.description
        assert item["link"] == f"http://testserver/produk/{product.slug}/"
        assert item["image_link"].endswith("-1280.jpg")
        assert len(item["additional_image_link"]) == 1
        assert item["price"] == f"{product.price}.00 IDR"
        assert item["brand"] == product.vendor.business_name
        assert (item["condition"], item["identifier_exists"]) == ("new", "no")
    # The guci and the gula are on a shelf; the tas is all reserved; the others are on none.
    in_stock = {code for code, item in items.items() if item["availability"] == "in_stock"}
    assert in_stock == {shop.products.guci.code, shop.products.gula.code}


def test_the_meta_feed_lists_every_public_product_in_meta_columns(client, shop):
    rows = meta_rows(client)
    products = vars(shop.products)
    assert set(rows) == {product.code for product in products.values()}
    for product in products.values():
        row = rows[product.code]
        assert all(row[column] for column in META_COLUMNS), row
        assert row["price"] == f"{product.price} IDR"
        assert row["condition"] == "new"
        assert row["link"] == f"http://testserver/produk/{product.slug}/"
        assert [ABSOLUTE.match(url) for url in row["additional_image_link"].split(",")]
    assert rows[shop.products.guci.code]["availability"] == "in stock"
    assert rows[shop.products.tas.code]["availability"] == "out of stock"


def test_categories_map_to_googles_taxonomy_with_food_and_crafts_defaults(client, shop):
    vase = ProductFactory(category=Category.objects.get(slug="guci-vas"))
    food = ProductFactory(category=shop.categories.gula, food_override=True)
    for product in (vase, food):
        ProductImageFactory(product=product)
    items = google_items(client)
    category = {code: item["google_product_category"] for code, item in items.items()}
    assert category[vase.code] == "Home & Garden > Decor > Vases"
    assert category[food.code] == "Food, Beverages & Tobacco > Food Items"
    assert category[shop.products.tas.code] == (
        "Arts & Entertainment > Hobbies & Creative Arts > Arts & Crafts"
    )


def test_prices_and_availability_are_the_ones_the_product_pages_show(client, shop):
    items = google_items(client)
    for item in items.values():
        html = client.get(urlsplit(item["link"]).path).content.decode()
        shown = re.search(r'property="product:price:amount" content="(\d+)"', html).group(1)
        assert item["price"] == f"{shown}.00 IDR"
        assert ('class="stock-in"' in html) == (item["availability"] == "in_stock")


def test_products_the_public_may_not_see_or_without_a_picture_are_left_out(client, shop):
    suspended = VendorFactory(status=Vendor.Status.SUSPENDED, status_reason="Izin usaha dicabut.")
    hidden = dict(hidden_at=timezone.now(), hidden_reason="Foto produk milik orang lain.")
    unseen = [
        ProductFactory(status=Product.Status.DRAFT),
        ProductFactory(status=Product.Status.ARCHIVED),
        ProductFactory(**hidden),
        ProductFactory(vendor=suspended),
    ]
    for product in unseen:
        ProductImageFactory(product=product)
    without_picture = ProductFactory()
    left_out = {product.code for product in [*unseen, without_picture]}
    for language in ("id", "en"):
        assert not left_out & set(google_items(client, language))
        assert not left_out & set(meta_rows(client, language))


def test_the_english_feeds_use_english_texts_where_written_and_english_pages(client, shop):
    guci = shop.products.guci
    english = "name_en" in {field.name for field in Product._meta.get_fields()}
    if english:
        guci.name_en = "Plered Ceramic Jar, Mega Mendung Pattern"
        guci.description_en = "A clay jar fired twice, dark brown glaze. 40 cm tall."
        guci.save()
    items = google_items(client, "en")
    rows = meta_rows(client, "en")
    for product in vars(shop.products).values():
        assert items[product.code]["link"] == f"http://testserver/en/produk/{product.slug}/"
        assert rows[product.code]["link"] == items[product.code]["link"]
    title = "Plered Ceramic Jar, Mega Mendung Pattern" if english else guci.name
    assert items[guci.code]["title"] == rows[guci.code]["title"] == title
    # A product without English text keeps its Indonesian one.
    assert items[shop.products.vas.code]["title"] == shop.products.vas.name


def test_the_google_feed_is_valid_rss_with_well_formed_fields(client, shop):
    # A control character pasted into a description would make the whole document unreadable.
    ProductImageFactory(product=ProductFactory(description="Kendi air\x0b sejuk"))
    for language in ("id", "en"):
        root = ET.fromstring(client.get(f"/feeds/google-{language}.xml").content)  # noqa: S314
        assert root.tag == "rss" and root.get("version") == "2.0"
        channels = root.findall("channel")
        assert len(channels) == 1
        channel = channels[0]
        assert all(channel.findtext(name) for name in ("title", "link", "description"))
        assert ABSOLUTE.match(channel.findtext("link"))
        items = channel.findall("item")
        ids = [item.findtext(f"{G}id") for item in items]
        assert len(ids) == len(set(ids)) == 7
        for item in items:
            assert re.fullmatch(r"\d+\.\d{2} IDR", item.findtext(f"{G}price"))
            assert item.findtext(f"{G}availability") in {"in_stock", "out_of_stock"}
            assert 0 < len(item.findtext(f"{G}title")) <= 150
            assert len(item.findtext(f"{G}description")) <= 5000
            links = [item.findtext(f"{G}link"), item.findtext(f"{G}image_link")]
            links += [e.text for e in item.findall(f"{G}additional_image_link")]
            assert all(ABSOLUTE.match(link) for link in links), links
            assert len(links) <= 12


def test_a_cached_feed_changes_after_a_product_edit(
    client, shop, django_capture_on_commit_callbacks
):
    before = client.get("/feeds/google-id.xml")
    assert client.get("/feeds/google-id.xml").content == before.content
    with django_capture_on_commit_callbacks(execute=True):
        services.product_update(product=shop.products.vas, by=None, price=95_000)
    after = client.get("/feeds/google-id.xml")
    assert after["ETag"] != before["ETag"]
    assert b"<g:price>95000.00 IDR</g:price>" in after.content
    assert b"<g:price>95000.00 IDR</g:price>" not in before.content


def test_head_answers_with_the_type_and_a_repeat_fetch_gets_not_modified(client, shop):
    head = client.head("/feeds/meta-id.csv")
    assert head.status_code == 200
    assert head["Content-Type"].startswith("text/csv")
    assert head["ETag"] and head["Last-Modified"]
    again = client.get("/feeds/meta-id.csv", HTTP_IF_NONE_MATCH=head["ETag"])
    assert again.status_code == 304
    assert client.post("/feeds/google-id.xml").status_code == 405


@pytest.mark.parametrize("count", [3, 30])
def test_a_feed_is_built_in_a_fixed_number_of_queries(
    client, shop, count, django_assert_max_num_queries
):
    many_products(
        count,
        category=shop.categories.guci,
        vendor=shop.vendors.plered,
        outlets=[shop.outlets.galeri1],
    )
    for address in ("/feeds/google-en.xml", "/feeds/meta-id.csv"):
        cache.clear()
        with django_assert_max_num_queries(6):
            assert client.get(address).status_code == 200


def test_the_staff_dashboard_lists_every_feed_address_with_how_to_register(client, shop):
    staff = StaffFactory(email="dinas@contoh.id")
    staff.groups.add(Group.objects.get(name="Staf Dinas"))
    client.force_login(staff)
    html = client.get("/admin/").content.decode()
    assert 'id="product-feeds"' in html
    for address in ("google-id.xml", "google-en.xml", "meta-id.csv", "meta-en.csv"):
        assert f'href="http://testserver/feeds/{address}"' in html
    assert "Merchant Center" in html and "Commerce Manager" in html
