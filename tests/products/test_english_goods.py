"""Goods described in English: what vendors and staff write in English shows on the /en/ pages,
and where they wrote none the Indonesian text shows, marked "(in Indonesian)" and tagged
``lang="id"``. The Indonesian pages never change."""

import datetime
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from products import services
from products.models import Product
from tests.factories import (
    CategoryFactory,
    OutletFactory,
    ProductFactory,
    ProductImageFactory,
    VendorFactory,
)
from tests.products.test_dashboard import form_data
from tests.products.test_seo import sitemap
from tests.vendors.test_dashboard import profile_data
from training.models import TrainingSession

pytestmark = pytest.mark.django_db

MARKER = ' <span class="in-other-language">(in Indonesian)</span>'


def url_of(obj, lang):
    with translation.override(lang):
        return obj.get_absolute_url()


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def jsonld_of(html, kind):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    found = [item for item in map(json.loads, blocks) if item.get("@type") == kind]
    assert len(found) == 1, kind
    return found[0]


@pytest.fixture
def goods():
    category = CategoryFactory(slug="guci", name_id="Guci", name_en="Jars")
    vendor = VendorFactory(
        business_name="Gerabah Anjun",
        slug="gerabah-anjun",
        story="Perajin gerabah sejak 1985.",
        story_en="Potters since 1985.",
    )
    translated = ProductFactory(
        vendor=vendor,
        category=category,
        name="Guci Motif Daun",
        slug="guci-motif-daun",
        description="Guci tanah liat dengan motif daun.",
        name_en="Leaf-Pattern Jar",
        description_en="A clay jar with a leaf pattern.",
    )
    untranslated = ProductFactory(
        vendor=vendor,
        category=category,
        name="Kendi Gerabah",
        slug="kendi-gerabah",
        description="Kendi air minum dari Plered.",
    )
    for product in (translated, untranslated):
        ProductImageFactory(product=product, alt="")
    return translated, untranslated


def test_the_english_product_page_shows_the_english_words_where_written(client, goods):
    translated, untranslated = goods
    html = page(client, url_of(translated, "en"))
    assert "<h1>Leaf-Pattern Jar</h1>" in html
    assert "A clay jar with a leaf pattern." in html
    assert "Guci tanah liat" not in html
    assert "in-other-language" not in html

    html = page(client, url_of(untranslated, "en"))
    assert '<span lang="id">Kendi Gerabah</span>' + MARKER in html
    assert '<div lang="id"><p>Kendi air minum dari Plered.</p></div>' in html


def test_the_indonesian_product_page_shows_no_english_and_no_marker(client, goods):
    translated = goods[0]
    for product in goods:
        html = page(client, url_of(product, "id"))
        assert "in-other-language" not in html
        assert 'lang="id">' not in html.split("<body", 1)[1]
    html = page(client, url_of(translated, "id"))
    assert "<h1>Guci Motif Daun</h1>" in html
    assert "Leaf-Pattern" not in html and "clay jar" not in html


def test_jsonld_and_hreflang_agree_with_the_page_language(client, goods, settings):
    translated, untranslated = goods
    english = url_of(translated, "en")
    html = page(client, english)
    data = jsonld_of(html, "Product")
    assert data["name"] == "Leaf-Pattern Jar"
    assert data["description"] == "A clay jar with a leaf pattern."
    assert data["inLanguage"] == "en"
    assert data["url"] == settings.SITE_URL + english
    assert f'<link rel="alternate" hreflang="en" href="{settings.SITE_URL}{english}">' in html
    assert f'<link rel="canonical" href="{settings.SITE_URL}{english}">' in html
    assert '<meta property="og:title" content="Leaf-Pattern Jar">' in html

    data = jsonld_of(page(client, url_of(untranslated, "en")), "Product")
    assert (data["name"], data["inLanguage"]) == ("Kendi Gerabah", "id")

    data = jsonld_of(page(client, url_of(translated, "id")), "Product")
    assert (data["name"], data["inLanguage"]) == ("Guci Motif Daun", "id")
    assert data["description"] == "Guci tanah liat dengan motif daun."


def catalogue_url(lang):
    with translation.override(lang):
        return reverse("products:catalogue")


def test_cards_of_the_english_catalogue_use_english_names(client, goods):
    html = page(client, catalogue_url("en"))
    assert '<h3 class="card-title">Leaf-Pattern Jar</h3>' in html
    assert '<h3 class="card-title" lang="id">Kendi Gerabah</h3>' in html
    html = page(client, catalogue_url("id"))
    assert '<h3 class="card-title">Guci Motif Daun</h3>' in html
    assert "Leaf-Pattern" not in html


def test_vendor_outlet_and_training_pages_speak_english_where_written(client, goods):
    vendor = goods[0].vendor
    html = page(client, url_of(vendor, "en"))
    assert "<p>Potters since 1985.</p>" in html and "Perajin" not in html
    assert "Perajin gerabah sejak 1985." in page(client, url_of(vendor, "id"))

    outlet = OutletFactory(slug="galeri-veteran", description="Di depan Taman Sri Baduga.")
    html = page(client, url_of(outlet, "en"))
    assert '<p lang="id">Di depan Taman Sri Baduga.</p>' in html
    assert '<p class="in-other-language">(in Indonesian)</p>' in html
    outlet.description_en = "Opposite Sri Baduga Park."
    outlet.save()
    html = page(client, url_of(outlet, "en"))
    assert "<p>Opposite Sri Baduga Park.</p>" in html
    assert jsonld_of(html, "Store")["description"] == "Opposite Sri Baduga Park."

    start = timezone.now() + datetime.timedelta(days=7)
    session = TrainingSession.objects.create(
        title="Foto Produk dengan Ponsel",
        title_en="Product photos with a phone",
        topic=TrainingSession.Topic.PHOTOGRAPHY,
        description="Membuat foto produk yang menarik.",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
        place="Aula Dinas Koperasi dan UKM",
        quota=20,
        is_published=True,
    )
    html = page(client, url_of(session, "en"))
    assert "<h1>Product photos with a phone</h1>" in html
    assert '<div lang="id"><p>Membuat foto produk yang menarik.</p></div>' in html
    assert "<h1>Foto Produk dengan Ponsel</h1>" in page(client, url_of(session, "id"))


def test_the_vendor_writes_english_in_the_product_form_and_the_profile(vendor_client, vendor):
    product = ProductFactory(vendor=vendor, status=Product.Status.DRAFT)
    edit = reverse("dashboard-products:product-update", args=[product.pk])
    html = page(vendor_client, edit)
    assert "<legend>English (optional)</legend>" in html or "<legend>Bahasa Inggris" in html
    response = vendor_client.post(
        edit,
        form_data(name_en="  Leaf-Pattern Jar ", description_en="A clay jar from Plered."),
    )
    assert response.status_code == 302
    product.refresh_from_db()
    assert (product.name_en, product.description_en) == (
        "Leaf-Pattern Jar",
        "A clay jar from Plered.",
    )

    response = vendor_client.post(
        reverse("dashboard-vendors:profile-edit"),
        profile_data(vendor, story_en="Potters since 1985."),
    )
    assert response.status_code == 302
    vendor.refresh_from_db()
    assert vendor.story_en == "Potters since 1985."


def test_the_dashboard_list_flags_products_without_english(vendor_client, vendor):
    ProductFactory(vendor=vendor, name="Guci", name_en="Jar", description="", slug="a")
    ProductFactory(vendor=vendor, name="Kendi", slug="b")  # no English name
    ProductFactory(vendor=vendor, name="Vas", name_en="Vase", slug="c")  # description only in id
    products = reverse("dashboard-products:product-list")
    html = page(vendor_client, products)
    assert html.count("product-status-no-english") == 2
    assert re.search(r"\?status=no-english\"[^>]*>[^<]*<span class=\"count\">\(2\)</span>", html)
    html = page(vendor_client, products + "?status=no-english")
    assert "Kendi" in html and "Vas" in html and ">Guci<" not in html


def test_an_english_edit_shows_at_once_on_cached_pages(
    client, goods, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 3600
    untranslated = goods[1]
    urls = [url_of(untranslated, "en"), catalogue_url("en")]
    for url in urls:
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        services.product_update(
            product=untranslated, by=untranslated.vendor.user, name_en="Water Jug"
        )
    for url in urls:
        assert "Water Jug" in page(client, url), url
    assert "Water Jug" not in page(client, url_of(untranslated, "id"))


def test_the_sitemap_lists_the_english_address_with_the_same_alternates(client, goods):
    urls = sitemap(client)
    base = "http://testserver"
    for product in goods:
        indonesian, english = base + url_of(product, "id"), base + url_of(product, "en")
        alternates = {"id": indonesian, "en": english, "x-default": indonesian}
        assert urls[indonesian] == urls[english] == alternates
