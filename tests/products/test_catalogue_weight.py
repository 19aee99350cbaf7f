"""Bar 3: the catalogue stays light on a cheap phone and slow data."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

from tests.factories import ProductFactory, ProductImageFactory, VendorFactory
from tests.products.storefront import build_shop, many_products

pytestmark = pytest.mark.django_db

HTML_BUDGET = 60 * 1024
ASSETS_BUDGET = 40 * 1024


def assets_of(html):
    """Every stylesheet and script the page loads, read through the staticfiles finders."""
    urls = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    urls += re.findall(r'<script [^>]*src="([^"]+)"', html)
    paths = []
    for url in urls:
        assert url.startswith(settings.STATIC_URL), f"{url} is not one of our static files"
        found = finders.find(url.removeprefix(settings.STATIC_URL))
        assert found, url
        paths.append(Path(found))
    return paths


def weigh(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assets = assets_of(html)
    return len(response.content), sum(path.stat().st_size for path in assets), assets, response


def test_catalogue_with_24_products_weighs_at_most_60_kb_and_its_css_and_js_40_kb(client):
    shop = build_shop()
    many_products(
        24,
        category=shop.categories.guci,
        vendor=shop.vendors.plered,
        outlets=[shop.outlets.galeri1, shop.outlets.galeri2],
    )
    html_bytes, asset_bytes, assets, response = weigh(client, "/produk/")
    assert len(response.context["listing"].products) == 24
    assert {path.name for path in assets} >= {"site.css", "site.js", "storefront.js"}
    assert html_bytes <= HTML_BUDGET, html_bytes
    assert asset_bytes <= ASSETS_BUDGET, asset_bytes


def test_catalogue_stays_in_budget_with_the_longest_names_and_every_filter_set(client):
    shop = build_shop()
    vendor = VendorFactory(
        business_name=("Koperasi Perajin Keramik dan Gerabah " + "Plered " * 20)[:120]
    )
    for n in range(24):
        product = ProductFactory(
            vendor=vendor,
            category=shop.categories.guci,
            name=(f"Guci {n} " + "Keramik Plered Motif Mega Mendung " * 4)[:120],
            slug=f"guci-panjang-{n}-" + "x" * 120,
            price=99_000_000,
        )
        for position in range(2):
            ProductImageFactory(product=product, position=position, alt=("Guci " * 40)[:200])
    query = (
        "q=guci&kategori=keramik&kecamatan=32.14.04&harga_min=1000&harga_maks=99000000"
        "&urut=termahal"
    )
    html_bytes, asset_bytes, _assets, response = weigh(client, f"/produk/?{query}")
    assert len(response.context["listing"].products) == 24
    assert len(response.context["listing"].active_filters) == 5
    assert html_bytes <= HTML_BUDGET, html_bytes
    assert asset_bytes <= ASSETS_BUDGET, asset_bytes
