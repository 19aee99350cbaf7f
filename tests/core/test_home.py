import re
from datetime import datetime

import pytest
import time_machine
from django.utils import timezone

from core.home import NEW_ARRIVALS
from core.pagecache import versions
from gallery.hours import JAKARTA
from tests.factories import (
    CategoryFactory,
    OutletFactory,
    ProductFactory,
    ProductImageFactory,
    VendorFactory,
)
from tests.products.storefront import build_shop

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop():
    return build_shop()


def section(html, title_id):
    return html.split(f'id="{title_id}"')[1].split("</section>")[0]


def test_home_tells_the_gallerys_story_with_figures_from_the_database(client, shop):
    html = client.get("/en/").content.decode()
    assert "The gallery&#x27;s story" in html or "The gallery's story" in html
    # 6 public products by 3 makers from Plered, Wanayasa and Darangdan.
    assert "6 products by 3 makers from 3 kecamatan." in html


def catalogue_moved_on():
    """Factories write behind the services' back; the services would move the catalogue version
    on (on commit), which the home page's kept parts are keyed on."""
    versions._bump(versions.VERSION_KEY)


def test_home_figures_count_only_products_on_show_from_approved_makers(client, shop):
    plered = shop.vendors.plered
    ProductFactory(vendor=plered, slug="draf", status="draft")
    ProductFactory(
        vendor=plered, slug="disembunyikan", hidden_at=timezone.now(), hidden_reason="Foto buram"
    )
    suspended = VendorFactory(kecamatan=plered.kecamatan, status="suspended", status_reason="Izin")
    ProductFactory(vendor=suspended, slug="ditangguhkan")
    pending = VendorFactory(status="submitted")
    ProductFactory(vendor=pending, slug="menunggu")
    VendorFactory(business_name="UMKM Tanpa Produk")
    html = client.get("/en/").content.decode()
    assert "6 products by 3 makers from 3 kecamatan." in html
    ProductFactory(vendor=VendorFactory(kecamatan=plered.kecamatan), slug="baru")
    catalogue_moved_on()
    assert "7 products by 4 makers from 3 kecamatan." in client.get("/en/").content.decode()


def test_home_shows_the_top_categories_with_their_pictures(client, shop):
    keramik = shop.categories.keramik
    keramik.file = "images/products/category/aa/keramik.jpg"
    keramik.width, keramik.height = 1200, 1200
    keramik.renditions = {
        "320": {"webp": "images/k-320.webp", "jpeg": "images/k-320.jpg"},
        "640": {"webp": "images/k-640.webp", "jpeg": "images/k-640.jpg"},
    }
    keramik.save()
    html = section(client.get("/en/").content.decode(), "categories-title")
    assert 'href="/en/kategori/keramik/"' in html
    assert 'href="/en/kategori/anyaman/"' in html
    assert 'href="/en/kategori/guci/"' not in html  # children live on their parent's page
    assert "/media/images/k-320.webp 320w" in html


def test_new_arrivals_are_the_newest_public_products(client, shop):
    ProductFactory(slug="kendi-draf", name="Kendi Draf", status="draft")
    ProductFactory(
        slug="kendi-tersembunyi",
        name="Kendi Tersembunyi",
        hidden_at=timezone.now(),
        hidden_reason="x",
    )
    newest = ProductFactory(slug="celengan-ayam", name="Celengan Ayam Gerabah")
    response = client.get("/en/")
    arrivals = [p.slug for p in response.context["new_arrivals"]]
    assert arrivals[0] == newest.slug
    assert len(arrivals) == 7
    assert "kendi-draf" not in arrivals and "kendi-tersembunyi" not in arrivals
    for n in range(10):
        ProductFactory(slug=f"piring-{n}")
    catalogue_moved_on()
    assert len(client.get("/en/").context["new_arrivals"]) == NEW_ARRIVALS


def test_featured_makers_are_approved_ones_with_the_most_products_on_show(client, shop):
    suspended = VendorFactory(
        business_name="Gerabah Ditangguhkan", status="suspended", status_reason="Izin habis"
    )
    for n in range(5):
        ProductFactory(vendor=suspended, slug=f"ditangguhkan-{n}")
    for n in range(3):
        ProductFactory(
            vendor=shop.vendors.darangdan, slug=f"gula-semut-{n}", name=f"Gula Semut {n}"
        )
    VendorFactory(business_name="UMKM Tanpa Produk")
    response = client.get("/en/")
    vendors = [v.business_name for v in response.context["vendors"]]
    assert vendors == ["Gula Aren Darangdan", "Keramik Anjun Jaya", "Anyaman Wanayasa"]
    html = section(response.content.decode(), "makers-title")
    assert "Darangdan · 4 products" in html


def test_outlets_are_listed_open_or_closed_now_with_the_planned_ones_coming_soon(client, shop):
    OutletFactory(name="Galeri Menong Lama", slug="galeri-lama", is_active=False)
    with time_machine.travel(datetime(2026, 11, 30, 10, 0, tzinfo=JAKARTA)):  # a Monday
        html = section(client.get("/en/").content.decode(), "outlets-title")
    assert html.count("Open now") == 2
    names = re.findall(r'<a href="/en/galeri/[^"]+/">([^<]+)</a>', html)
    assert names == ["Galeri Menong 1", "Galeri Menong 2", "Galeri Menong Gunung Parang"]
    assert html.count("Coming soon") == 1
    assert "Jl. Veteran No. 134, Ciseureuh" in html


def test_home_works_on_an_empty_shop(client):
    response = client.get("/")
    assert response.status_code == 200
    assert response.context["new_arrivals"] == []


def test_home_renders_in_at_most_10_queries(client, shop, django_assert_max_num_queries):
    for n in range(12):
        product = ProductFactory(category=CategoryFactory(slug=f"kategori-{n}"), slug=f"baru-{n}")
        ProductImageFactory(product=product)
    with django_assert_max_num_queries(10):
        response = client.get("/")
    assert response.status_code == 200
    assert len(response.context["new_arrivals"]) == NEW_ARRIVALS
    assert all(p.card_image for p in response.context["new_arrivals"])
