"""The vendor directory and a vendor's public page."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.template import engines
from django.test import RequestFactory

from tests.factories import (
    CategoryFactory,
    ProductFactory,
    VendorFactory,
    VendorImageFactory,
    kecamatan,
)
from vendors.models import Vendor

pytestmark = pytest.mark.django_db

S = Vendor.Status


@pytest.fixture
def crafts():
    return {
        "keramik": CategoryFactory(slug="uji-keramik", name_id="Keramik", name_en="Ceramics"),
        "anyaman": CategoryFactory(slug="uji-anyaman", name_id="Anyaman", name_en="Weaving"),
    }


@pytest.fixture
def makers(crafts):
    plered = VendorFactory(business_name="Gerabah Anjun", kecamatan=kecamatan("Plered"))
    plered.categories.set([crafts["keramik"]])
    cibatu = VendorFactory(business_name="Anyaman Cibatu", kecamatan=kecamatan("Cibatu"))
    cibatu.categories.set([crafts["anyaman"]])
    both = VendorFactory(business_name="Bambu dan Tanah Plered", kecamatan=kecamatan("Plered"))
    both.categories.set([crafts["keramik"], crafts["anyaman"]])
    hidden = VendorFactory(
        business_name="Keramik Ditangguhkan",
        kecamatan=kecamatan("Plered"),
        status=S.SUSPENDED,
        status_reason="Alasan.",
    )
    hidden.categories.set([crafts["keramik"]])
    return {"plered": plered, "cibatu": cibatu, "both": both, "hidden": hidden}


def names(response):
    return [vendor.business_name for vendor in response.context["object_list"]]


def test_the_directory_lists_approved_makers_by_name(client, makers):
    response = client.get("/en/umkm/")
    assert names(response) == ["Anyaman Cibatu", "Bambu dan Tanah Plered", "Gerabah Anjun"]


def test_the_directory_filters_by_kecamatan_and_craft_with_get_parameters(client, makers):
    assert names(client.get("/en/umkm/", {"kecamatan": "Plered"})) == [
        "Bambu dan Tanah Plered",
        "Gerabah Anjun",
    ]
    assert names(client.get("/en/umkm/", {"category": "uji-anyaman"})) == [
        "Anyaman Cibatu",
        "Bambu dan Tanah Plered",
    ]
    both = client.get("/en/umkm/", {"kecamatan": "Plered", "category": "uji-anyaman"})
    assert names(both) == ["Bambu dan Tanah Plered"]
    html = both.content.decode()
    assert '<option value="Plered" selected>' in html
    assert '<option value="uji-anyaman" selected>' in html


@pytest.mark.parametrize(
    "query",
    [
        {"kecamatan": "Atlantis"},
        {"category": "tidak-ada"},
        {"kecamatan": "<script>"},
        {"page": "x"},
    ],
)
def test_unknown_filter_values_are_ignored_not_an_error(client, makers, query):
    response = client.get("/en/umkm/", query)
    assert response.status_code in (200, 404)
    if response.status_code == 200:
        assert len(names(response)) == 3


def test_an_empty_result_says_so_and_offers_all(client, makers):
    html = client.get("/en/umkm/", {"kecamatan": "Maniis"}).content.decode()
    assert "No makers match these filters yet." in html


def test_paging_keeps_the_filters(client, crafts):
    for n in range(30):
        VendorFactory(business_name=f"Keramik {n:02d}", kecamatan=kecamatan("Plered"))
    response = client.get("/en/umkm/", {"kecamatan": "Plered"})
    assert len(response.context["object_list"]) == 24
    next_link = response.content.decode().split('rel="next" href="')[1].split('"')[0]
    query = parse_qs(urlsplit(next_link.replace("&amp;", "&")).query)
    assert query == {"kecamatan": ["Plered"], "page": ["2"]}
    assert (
        len(client.get("/en/umkm/", {"kecamatan": "Plered", "page": 2}).context["object_list"]) == 6
    )


def test_the_directory_query_count_does_not_grow_with_the_makers(
    client, crafts, django_assert_max_num_queries
):
    for n in range(40):
        vendor = VendorFactory(kecamatan=kecamatan(["Plered", "Cibatu", "Wanayasa"][n % 3]))
        vendor.categories.set(crafts.values())
        VendorImageFactory(vendor=vendor, kind="logo")
    with django_assert_max_num_queries(9):  # one of them the footer's outlets, cached after
        response = client.get("/en/umkm/", {"kecamatan": "Plered", "category": "uji-keramik"})
    assert len(response.context["object_list"]) == 14
    assert response.content.decode().count("<picture>") == 14


def test_the_vendor_page_shows_logo_story_kecamatan_crafts_photos_and_links(
    client, crafts, django_assert_max_num_queries
):
    vendor = VendorFactory(
        business_name="Gerabah Anjun Plered",
        desa="Anjun",
        story="Tiga generasi membuat gentong.",
        founded_year=1985,
        show_whatsapp=True,
        whatsapp="+6281234567890",
    )
    vendor.categories.set([crafts["keramik"]])
    logo = VendorImageFactory(vendor=vendor, kind="logo", alt="Logo Gerabah Anjun")
    photos = [VendorImageFactory(vendor=vendor, position=n) for n in (1, 2)]
    vendor.links.create(platform="tokopedia", url="https://tokopedia.com/gerabahanjun")
    ProductFactory.create_batch(3, vendor=vendor, category=crafts["keramik"])

    # The vendor's own page (5) plus the shared product listing (category tree, outlets, count,
    # the page of products).
    with django_assert_max_num_queries(10):
        response = client.get(f"/en/umkm/{vendor.slug}/")

    html = response.content.decode()
    assert (
        "<title>Gerabah Anjun Plered · Kecamatan Plered · Galeri Menong Purwakarta</title>" in html
    )
    assert "Tiga generasi membuat gentong." in html
    assert "Anjun, Kecamatan Plered, Purwakarta" in html
    assert 'href="/en/kategori/uji-keramik/"' in html
    assert html.count('class="card product-card"') == 3
    assert logo.renditions["320"]["webp"] in html
    assert all(photo.renditions["640"]["webp"] in html for photo in photos)
    assert 'alt="Logo Gerabah Anjun"' in html
    assert 'href="https://tokopedia.com/gerabahanjun" rel="noopener nofollow ugc"' in html
    # The street address stays private: a workshop is often the family's home.
    assert vendor.address not in html


def test_the_whatsapp_button_opens_a_chat_with_a_greeting_only_with_consent(client):
    shown = VendorFactory(
        business_name="Gula Aren Wanayasa", whatsapp="+6281311112222", show_whatsapp=True
    )
    hidden = VendorFactory(whatsapp="+6281333334444", show_whatsapp=False)

    html = client.get(f"/en/umkm/{shown.slug}/").content.decode()
    link = html.split('class="button vendor-whatsapp" href="')[1].split('"')[0]
    parts = urlsplit(link.replace("&amp;", "&"))
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "wa.me", "/6281311112222")
    assert "Gula Aren Wanayasa" in parse_qs(parts.query)["text"][0]

    html = client.get(f"/en/umkm/{hidden.slug}/").content.decode()
    assert "wa.me" not in html
    assert "81333334444" not in html


def test_the_vendor_page_leaves_a_block_for_the_vendors_products(makers):
    template = engines["django"].from_string(
        '{% extends "vendors/vendor_detail.html" %}'
        "{% block vendor_products %}<p>PRODUK-DI-SINI</p>{% endblock %}"
    )
    request = RequestFactory().get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    html = template.render({"vendor": makers["plered"], "object": makers["plered"]}, request)
    assert "PRODUK-DI-SINI" in html


def test_the_footer_offers_the_registration(client):
    assert 'href="/en/umkm/daftar/"' in client.get("/en/").content.decode()
