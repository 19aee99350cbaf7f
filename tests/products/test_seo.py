"""What search engines read: JSON-LD (bar 5), titles, canonical and hreflang links, OpenGraph,
sitemap.xml."""

import json
import re
from xml.etree import ElementTree

import pytest
from django.template import Context, Template
from django.utils import timezone

from gallery.models import Outlet, OutletPhoto
from tests.factories import OutletFactory, ProductFactory, VendorFactory
from tests.products.storefront import build_shop, many_products

pytestmark = pytest.mark.django_db

SCHEMA = "https://schema.org/"


@pytest.fixture
def shop():
    return build_shop()


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def jsonld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


def of_type(html, kind):
    found = [item for item in jsonld(html) if item.get("@type") == kind]
    assert found, f"no {kind} in the page's JSON-LD"
    return found


def head(html):
    return html.split("</head>")[0]


# Bar 5: Product and Offer as search engines require them.


def test_product_jsonld_has_what_search_engines_require(client, shop):
    html = html_of(client, "/produk/guci-keramik-plered/")
    (product,) = of_type(html, "Product")
    assert product["@context"] == "https://schema.org"
    assert product["name"] == "Guci Keramik Plered Motif Mega Mendung"
    assert product["description"].startswith("Guci tanah liat dibakar dua kali")
    assert product["sku"] == "guci-keramik-plered"
    assert product["url"] == "http://testserver/produk/guci-keramik-plered/"
    assert len(product["image"]) == 2
    assert all(re.match(r"^http://testserver/media/.+-1280\.jpg$", url) for url in product["image"])
    assert product["brand"] == {"@type": "Brand", "name": "Keramik Anjun Jaya"}
    assert product["manufacturer"]["name"] == "Keramik Anjun Jaya"
    offer = product["offers"]
    assert offer["@type"] == "Offer"
    assert offer["price"] == 350_000
    assert offer["priceCurrency"] == "IDR"
    assert offer["availability"] == SCHEMA + "InStock"
    assert offer["url"] == product["url"]
    assert offer["seller"]["name"] == "Galeri Menong"


@pytest.mark.parametrize(
    ("slug", "availability"),
    [
        ("guci-keramik-plered", "InStock"),
        ("gula-aren-cetak", "InStock"),
        ("boneka-menong", "PreOrder"),  # made to order
        ("tas-anyaman-bambu", "OutOfStock"),  # its one unit is reserved
        ("vas-gerabah-anjun", "OutOfStock"),  # on no shelf
    ],
)
def test_offer_availability_follows_the_shelves(client, shop, slug, availability):
    (product,) = of_type(html_of(client, f"/produk/{slug}/"), "Product")
    assert product["offers"]["availability"] == SCHEMA + availability


def test_english_product_page_points_at_the_english_address(client, shop):
    (product,) = of_type(html_of(client, "/en/produk/guci-keramik-plered/"), "Product")
    assert product["url"] == "http://testserver/en/produk/guci-keramik-plered/"
    assert product["category"] == "Jars"


def test_jsonld_cannot_be_broken_out_of_by_what_a_vendor_types(client, shop):
    evil = "Kendi </script><script>alert('x')</script> & <b>"
    ProductFactory(slug="kendi-jahil", name="Kendi Jahil", description=evil)
    html = html_of(client, "/produk/kendi-jahil/")
    assert "<script>alert" not in html
    (product,) = of_type(html, "Product")
    assert product["description"] == evil


def test_breadcrumbs_on_product_and_category_pages(client, shop):
    (crumbs,) = of_type(html_of(client, "/en/produk/guci-keramik-plered/"), "BreadcrumbList")
    assert [(i["position"], i["name"], i["item"]) for i in crumbs["itemListElement"]] == [
        (1, "Home", "http://testserver/en/"),
        (2, "Products", "http://testserver/en/produk/"),
        (3, "Ceramics", "http://testserver/en/kategori/keramik/"),
        (4, "Jars", "http://testserver/en/kategori/guci/"),
        (
            5,
            "Guci Keramik Plered Motif Mega Mendung",
            "http://testserver/en/produk/guci-keramik-plered/",
        ),
    ]
    (crumbs,) = of_type(html_of(client, "/kategori/vas/"), "BreadcrumbList")
    assert [i["item"] for i in crumbs["itemListElement"]][-2:] == [
        "http://testserver/kategori/keramik/",
        "http://testserver/kategori/vas/",
    ]


def test_home_page_describes_the_site_and_its_open_outlets_as_stores(client, shop):
    html = html_of(client, "/")
    (site,) = of_type(html, "WebSite")
    assert site["potentialAction"]["target"]["urlTemplate"] == (
        "http://testserver/produk/?q={search_term_string}"
    )
    stores = {store["name"]: store for store in of_type(html, "Store")}
    assert set(stores) == {"Galeri Menong 1", "Galeri Menong 2"}  # not the planned one
    store = stores["Galeri Menong 1"]
    assert store["address"]["streetAddress"] == "Jl. Veteran No. 134, Ciseureuh"
    assert store["address"]["addressCountry"] == "ID"
    assert store["url"] == "http://testserver/galeri/galeri-menong-1/"
    assert store["geo"] == {"@type": "GeoCoordinates", "latitude": -6.5563, "longitude": 107.4435}
    assert len(store["openingHoursSpecification"]) == 6
    assert store["openingHoursSpecification"][0] == {
        "@type": "OpeningHoursSpecification",
        "dayOfWeek": SCHEMA + "Monday",
        "opens": "09:00",
        "closes": "17:00",
    }


def test_store_jsonld_include_serves_an_outlet_page(shop, django_assert_max_num_queries):
    outlet = Outlet.objects.select_related("kecamatan").get(slug="galeri-menong-2")
    OutletPhoto.objects.create(
        outlet=outlet,
        alt="Etalase keramik di Galeri Menong 2",
        file="images/gallery/outletphoto/aa/etalase.jpg",
        width=1600,
        height=900,
        renditions={"1280": {"webp": "images/e-1280.webp", "jpeg": "images/e-1280.jpg"}},
    )
    template = Template('{% include "includes/seo/store_jsonld.html" %}')
    with django_assert_max_num_queries(2):  # hours and photos, unless prefetched
        html = template.render(Context({"outlet": outlet}))
    (store,) = of_type(html, "Store")
    assert store["name"] == "Galeri Menong 2"
    assert store["image"] == ["http://testserver/media/images/e-1280.jpg"]


# Titles, descriptions, canonical and alternate links, link previews.


def title_and_description(html):
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    description = re.search(r'<meta name="description" content="([^"]*)"', html).group(1)
    return title, description


def test_every_page_has_its_own_title_and_description(client, shop):
    many_products(30, category=shop.categories.guci, vendor=shop.vendors.plered)
    urls = [
        "/",
        "/produk/",
        "/produk/?page=2",
        "/produk/?q=guci",
        "/kategori/keramik/",
        "/kategori/keramik/?page=2",
        "/kategori/anyaman/",
        "/produk/guci-keramik-plered/",
        "/produk/tas-anyaman-bambu/",
        "/produk/boneka-menong/",
    ]
    pages = [title_and_description(html_of(client, url)) for url in urls]
    titles = [title for title, _ in pages]
    descriptions = [description for _, description in pages]
    assert len(set(titles)) == len(urls), titles
    assert len(set(descriptions)) == len(urls), descriptions
    assert all(30 <= len(d) <= 200 for d in descriptions), descriptions


def test_canonical_is_absolute_without_tracking_and_paginated_pages_point_to_themselves(
    client, shop
):
    many_products(30, category=shop.categories.guci, vendor=shop.vendors.plered)
    canonical = r'<link rel="canonical" href="([^"]+)">'
    html = html_of(client, "/produk/guci-keramik-plered/?utm_source=whatsapp&fbclid=abc")
    assert re.search(canonical, html).group(1) == "http://testserver/produk/guci-keramik-plered/"
    html = html_of(client, "/produk/?page=2&utm_campaign=lebaran")
    assert re.search(canonical, html).group(1) == "http://testserver/produk/?page=2"
    html = html_of(client, "/en/kategori/keramik/?page=1")
    assert re.search(canonical, html).group(1) == "http://testserver/en/kategori/keramik/"


def test_canonical_uses_site_url(client, shop, settings):
    settings.SITE_URL = "https://galerimenong.purwakartakab.go.id"
    html = html_of(client, "/produk/guci-keramik-plered/")
    assert (
        '<link rel="canonical" href="https://galerimenong.purwakartakab.go.id/produk/guci-keramik-plered/">'
        in html
    )
    (product,) = of_type(html, "Product")
    assert product["url"].startswith("https://galerimenong.purwakartakab.go.id/")


@pytest.mark.parametrize(
    "url", ["/", "/produk/", "/kategori/keramik/", "/produk/guci-keramik-plered/", "/en/produk/"]
)
def test_alternate_languages_are_linked_with_hreflang(client, shop, url):
    html = head(html_of(client, url))
    links = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))
    path = url.removeprefix("/en")
    assert links == {
        "id": f"http://testserver{path}",
        "en": f"http://testserver/en{path}",
        "x-default": f"http://testserver{path}",
    }


def test_product_link_preview_has_the_picture(client, shop):
    html = head(html_of(client, "/produk/guci-keramik-plered/"))
    meta = dict(re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)"', html))
    assert meta["og:type"] == "product"
    assert meta["og:title"] == "Guci Keramik Plered Motif Mega Mendung"
    assert meta["og:url"] == "http://testserver/produk/guci-keramik-plered/"
    assert re.match(r"^http://testserver/media/.+-1280\.jpg$", meta["og:image"])
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1280", "960")
    assert meta["og:image:alt"]
    assert meta["twitter:card"] == "summary_large_image"
    assert meta["twitter:image"] == meta["og:image"]
    assert meta["og:locale"] == "id_ID"


def test_search_and_filtered_listings_are_not_indexed_but_the_catalogue_is(client, shop):
    noindex = '<meta name="robots" content="noindex, follow">'
    assert noindex not in html_of(client, "/produk/")
    assert noindex not in html_of(client, "/kategori/keramik/")
    assert noindex in html_of(client, "/produk/?q=guci")
    assert noindex in html_of(client, "/kategori/keramik/?harga_maks=100000")


# sitemap.xml

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def sitemap(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)  # noqa: S314 (our own sitemap)
    return {
        url.find("s:loc", NS).text: {
            link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)
        }
        for url in root.findall("s:url", NS)
    }


def test_sitemap_lists_every_public_page_in_both_languages_with_hreflang(client, shop):
    hidden = ProductFactory(slug="kendi-tersembunyi", hidden_at=timezone.now(), hidden_reason="x")
    draft_vendor = VendorFactory(slug="umkm-draf", status="draft")
    closed = OutletFactory(slug="galeri-tutup", is_active=False)
    urls = sitemap(client)
    base = "http://testserver"
    for path in [
        "/",
        "/produk/",
        "/umkm/",
        "/galeri/",
        "/produk/guci-keramik-plered/",
        "/kategori/keramik/",
        "/kategori/guci/",
        "/umkm/keramik-anjun-jaya/",
        "/galeri/galeri-menong-1/",
        "/galeri/galeri-menong-gunung-parang/",  # planned: its page announces it
    ]:
        assert base + path in urls, path
        assert base + "/en" + path in urls, path
        assert urls[base + path] == {
            "id": base + path,
            "en": base + "/en" + path,
            "x-default": base + path,
        }
    listed = " ".join(urls)
    for missing in [hidden.slug, draft_vendor.slug, closed.slug]:
        assert missing not in listed


def test_sitemap_uses_site_url_whatever_host_asked(client, shop, settings):
    settings.SITE_URL = "https://galerimenong.purwakartakab.go.id"
    urls = sitemap(client)
    assert all(url.startswith("https://galerimenong.purwakartakab.go.id/") for url in urls)


def test_robots_txt_names_the_sitemap_that_exists(client, shop):
    robots = client.get("/robots.txt").content.decode()
    sitemap_url = re.search(r"Sitemap: (\S+)", robots).group(1)
    assert client.get(sitemap_url.removeprefix("http://testserver")).status_code == 200
