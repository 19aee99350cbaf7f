import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone

from products import listing
from products.models import Product
from tests.factories import CategoryFactory, ProductFactory, VendorFactory
from tests.products.storefront import build_shop, many_products

pytestmark = pytest.mark.django_db


def card_slugs(response):
    return [product.slug for product in response.context["listing"].products]


@pytest.fixture
def shop():
    return build_shop()


def test_catalogue_shows_24_products_a_page_newest_first(client, shop):
    made = many_products(30, category=shop.categories.guci, vendor=shop.vendors.plered)
    first = client.get("/produk/")
    second = client.get("/produk/?page=2")
    assert first.status_code == second.status_code == 200
    assert len(card_slugs(first)) == 24
    assert len(card_slugs(second)) == 36 - 24
    assert card_slugs(first)[0] == made[-1].slug
    assert first.content.decode().count('class="card product-card"') == 24


def test_catalogue_never_shows_drafts_hidden_products_or_unapproved_makers(client, shop):
    ProductFactory(name="Draf Kendi", slug="draf-kendi", status=Product.Status.DRAFT)
    ProductFactory(
        name="Kendi Disembunyikan",
        slug="kendi-disembunyikan",
        hidden_at=timezone.now(),
        hidden_reason="Foto tidak sesuai",
    )
    ProductFactory(
        name="Kendi Penjual Ditangguhkan",
        slug="kendi-ditangguhkan",
        vendor=VendorFactory(status="suspended", status_reason="Izin usaha kedaluwarsa"),
    )
    response = client.get("/produk/")
    assert sorted(card_slugs(response)) == sorted(p.slug for p in vars(shop.products).values())
    assert "Kendi" not in response.content.decode()


def test_category_filter_takes_in_the_categorys_children(client, shop):
    response = client.get("/produk/?kategori=keramik")
    assert sorted(card_slugs(response)) == [
        "boneka-menong",
        "guci-keramik-plered",
        "vas-gerabah-anjun",
    ]
    assert card_slugs(client.get("/produk/?kategori=vas")) == ["vas-gerabah-anjun"]


def test_kecamatan_filter_is_the_makers_kecamatan(client, shop):
    response = client.get("/produk/?kecamatan=32.14.09")  # Wanayasa
    assert sorted(card_slugs(response)) == ["bakul-nasi-bambu", "tas-anyaman-bambu"]


def test_outlet_filter_counts_only_units_not_reserved(client, shop):
    # Galeri Menong 2 holds 5 guci (2 reserved) and 1 tas (reserved).
    assert card_slugs(client.get("/produk/?galeri=galeri-menong-2")) == ["guci-keramik-plered"]
    response = client.get("/produk/?galeri=galeri-menong-1")
    assert sorted(card_slugs(response)) == ["guci-keramik-plered", "gula-aren-cetak"]


def test_in_stock_filter_means_available_at_some_open_outlet(client, shop):
    response = client.get("/produk/?tersedia=on")
    assert sorted(card_slugs(response)) == ["guci-keramik-plered", "gula-aren-cetak"]


def test_made_to_order_filter(client, shop):
    assert card_slugs(client.get("/produk/?pesanan=on")) == ["boneka-menong"]


def test_price_range_accepts_rupiah_as_people_write_it(client, shop):
    response = client.get("/produk/?harga_min=Rp40.000&harga_maks=120.000")
    assert sorted(card_slugs(response)) == [
        "boneka-menong",
        "tas-anyaman-bambu",
        "vas-gerabah-anjun",
    ]


def test_filters_combine(client, shop):
    response = client.get("/produk/?kategori=keramik&harga_maks=100000&kecamatan=32.14.04")
    assert sorted(card_slugs(response)) == ["boneka-menong", "vas-gerabah-anjun"]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("termurah", [25_000, 35_000, 45_000, 85_000, 120_000, 350_000]),
        ("termahal", [350_000, 120_000, 85_000, 45_000, 35_000, 25_000]),
    ],
)
def test_sorting_by_price(client, shop, sort, expected):
    response = client.get(f"/produk/?urut={sort}")
    assert [p.price for p in response.context["listing"].products] == expected


def test_newest_is_the_default_sort_and_relevance_only_offered_when_searching(client, shop):
    response = client.get("/produk/")
    assert response.context["listing"].sort == "terbaru"
    assert [link.value for link in response.context["listing"].sort_links] == [
        "terbaru",
        "termurah",
        "termahal",
    ]
    searching = client.get("/produk/?q=guci")
    assert searching.context["listing"].sort == "relevan"
    assert searching.context["listing"].sort_links[0].value == "relevan"


@pytest.mark.parametrize(
    "query",
    [
        "harga_min=murah",
        "harga_maks=-5",
        "harga_min=999999999999999999999",
        "kategori=tidak-ada",
        "kecamatan=99.99.99",
        "galeri=galeri-hilang",
        "urut=acak",
        "page=abc",
        "page=999",
        "page=-1",
        "page=%C2%B2",  # "²": a digit to str.isdigit, not to int()
        "tersedia=ya-tentu",
        "q=" + "keramik%20" * 40,
        "q=%00%27%22%3Cscript%3E",
        "q=%22%22%22&urut=relevan",
        "q=---",
        "q=%26%7C%21%3A*",
        "kategori=keramik&kategori=anyaman",
    ],
)
def test_invalid_parameters_never_break_the_page(client, shop, query):
    response = client.get(f"/produk/?{query}")
    assert response.status_code == 200


def test_invalid_values_are_shown_as_form_errors_and_ignored(client, shop):
    response = client.get("/en/produk/?harga_min=murah&kategori=anyaman")
    html = response.content.decode()
    assert response.context["listing"].form.errors["harga_min"]
    assert 'id="listing-harga_min_error"' in html
    # The valid filter still applies, the invalid one is ignored.
    assert sorted(card_slugs(response)) == ["bakul-nasi-bambu", "tas-anyaman-bambu"]


def test_a_price_range_upside_down_is_an_error_and_the_highest_price_is_ignored(client, shop):
    response = client.get("/en/produk/?harga_min=200000&harga_maks=50000")
    assert "below the lowest price" in response.content.decode()
    assert card_slugs(response) == ["guci-keramik-plered"]


def test_an_unknown_sort_falls_back_to_newest(client, shop):
    assert client.get("/produk/?urut=acak").context["listing"].sort == "terbaru"


def pagination_links(html):
    return [
        link.replace("&amp;", "&")
        for link in re.findall(r'rel="(?:next|prev)" href="([^"]+)"', html)
    ]


def test_paging_keeps_every_filter_and_the_sort(client, shop, monkeypatch):
    monkeypatch.setattr(listing, "PER_PAGE", 10)
    many_products(
        30,
        category=shop.categories.guci,
        vendor=shop.vendors.plered,
        outlets=[shop.outlets.galeri1],
    )
    query = (
        "q=piring&kategori=keramik&kecamatan=32.14.04&galeri=galeri-menong-1"
        "&harga_min=1000&harga_maks=900000&tersedia=on&urut=termurah"
    )
    response = client.get(f"/produk/?{query}&utm_source=wa")
    (next_link,) = pagination_links(response.content.decode())
    params = parse_qs(urlsplit(next_link).query)
    assert params == {**parse_qs(query), "page": ["2"]}
    second = client.get(next_link)
    assert second.context["listing"].page_obj.number == 2
    (previous, following) = pagination_links(second.content.decode())
    assert parse_qs(urlsplit(previous).query) == parse_qs(query)  # page 1 has no page number
    assert parse_qs(urlsplit(following).query)["page"] == ["3"]
    prices = [p.price for p in second.context["listing"].products]
    assert prices == sorted(prices)


def test_the_filter_form_is_a_plain_get_form_with_labelled_controls(client, shop):
    html = client.get("/en/produk/").content.decode()
    form = re.search(
        r'<form class="listing-filters" method="get" action="/en/produk/".*?</form>', html, re.S
    )
    assert form
    for name in ("q", "kategori", "kecamatan", "galeri", "harga_min", "harga_maks"):
        assert f'for="listing-{name}"' in form.group(0)
        assert f'id="listing-{name}"' in form.group(0)
    assert '<button type="submit">' in form.group(0)
    assert "<summary>" in form.group(0)


def test_empty_state_offers_to_remove_each_filter(client, shop):
    response = client.get("/en/produk/?kategori=anyaman&pesanan=on&harga_min=1000")
    html = response.content.decode()
    assert response.context["listing"].products == []
    assert "No products found" in html
    removals = {f.label: f.remove_url for f in response.context["listing"].active_filters}
    assert set(removals) == {"Bamboo weaving", "Made to order", "From Rp1.000"}
    assert removals["Made to order"] == "/en/produk/?kategori=anyaman&harga_min=1000"
    for url in removals.values():
        assert f'href="{url.replace("&", "&amp;")}"' in html
    assert "clear all filters" in html
    # Taking away the made-to-order filter finds the bamboo goods again.
    assert len(card_slugs(client.get(removals["Made to order"]))) == 2


def test_category_page_lists_the_category_and_its_children_with_their_own_filter(client, shop):
    response = client.get("/en/kategori/keramik/")
    assert response.status_code == 200
    assert sorted(card_slugs(response)) == [
        "boneka-menong",
        "guci-keramik-plered",
        "vas-gerabah-anjun",
    ]
    choices = dict(response.context["listing"].form.fields["kategori"].choices)
    assert set(choices) == {"", "guci", "vas"}
    assert card_slugs(client.get("/en/kategori/keramik/?kategori=guci")) == ["guci-keramik-plered"]
    html = response.content.decode()
    assert "<h1>Ceramics</h1>" in html
    assert 'href="/en/kategori/guci/"' in html  # the subcategories are linked


def test_unknown_category_is_404(client, shop):
    assert client.get("/kategori/tidak-ada/").status_code == 404


def test_listing_can_serve_a_vendors_page_without_the_kecamatan_filter(rf, shop):
    request = rf.get("/umkm/anyaman-wanayasa/", {"urut": "termurah"})
    context = listing.product_listing(
        request, shop.vendors.wanayasa.products.all(), exclude_filters=("kecamatan",)
    )
    result = context["listing"]
    assert [p.slug for p in result.products] == ["bakul-nasi-bambu", "tas-anyaman-bambu"]
    assert "kecamatan" not in result.form.fields
    assert result.sort_links[1].url == "/umkm/anyaman-wanayasa/?urut=termurah"


# Bar 1: a fixed number of queries whatever the filters and the page size.

FILTER_COMBINATIONS = [
    "",
    "page=2",
    "q=piring",
    "q=piring&page=2&urut=termahal",
    "q=keramk",  # a typo: nothing found, corrected, searched again
    "q=zzzqqxx",  # nothing found and nothing to suggest
    "kategori=keramik&kecamatan=32.14.04&galeri=galeri-menong-1&harga_min=1000"
    "&harga_maks=900000&tersedia=on&urut=termurah",
    "q=piring&kategori=guci&galeri=galeri-menong-2&tersedia=on&page=2",
    "pesanan=on&urut=terbaru",
    "harga_min=abc&kategori=tidak-ada",
]


@pytest.fixture
def big_shop(shop):
    many_products(
        40,
        category=shop.categories.guci,
        vendor=shop.vendors.plered,
        outlets=[shop.outlets.galeri1, shop.outlets.galeri2],
    )
    extra = CategoryFactory(
        slug="piring", name_id="Piring", name_en="Plates", parent=shop.categories.keramik
    )
    many_products(
        10,
        category=extra,
        vendor=shop.vendors.wanayasa,
        outlets=[shop.outlets.galeri2],
        prefix="Piring Anyaman",
    )
    return shop


@pytest.mark.parametrize("per_page", [12, 24, 48])
def test_catalogue_renders_in_at_most_8_queries_whatever_the_filters(
    client, big_shop, monkeypatch, django_assert_max_num_queries, per_page
):
    monkeypatch.setattr(listing, "PER_PAGE", per_page)
    for query in FILTER_COMBINATIONS:
        with django_assert_max_num_queries(8):
            response = client.get(f"/produk/?{query}")
        assert response.status_code == 200, query
    assert len(response.context["listing"].products) > 0


def test_catalogue_fills_a_page_of_24_with_pictures_and_stock(
    client, big_shop, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        response = client.get("/produk/?tersedia=on")
    products = response.context["listing"].products
    assert len(products) == 24
    assert all(p.card_image is not None and p.available_total > 0 for p in products)


@pytest.mark.parametrize("query", ["", "kategori=piring&urut=termurah", "q=piring&page=2"])
def test_category_page_renders_in_at_most_8_queries(
    client, big_shop, django_assert_max_num_queries, query
):
    with django_assert_max_num_queries(8):
        response = client.get(f"/kategori/keramik/?{query}")
    assert response.status_code == 200
    assert response.context["listing"].products


def test_the_filter_form_carries_the_chosen_sort_and_only_then(client, shop):
    sorted_html = client.get("/produk/?urut=termurah").content.decode()
    assert re.search(r'<input type="hidden" name="urut" value="termurah"', sorted_html)
    assert 'name="urut"' not in client.get("/produk/").content.decode()
