import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from django.utils import timezone

from products.models import ProductSlugHistory
from tests.factories import ProductFactory, ProductImageFactory
from tests.products.storefront import build_shop

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop():
    return build_shop()


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_product_page_shows_name_price_maker_and_details(client, shop):
    html = page(client, "/en/produk/guci-keramik-plered/")
    # No English name written: the Indonesian one, marked as such.
    assert (
        '<h1><span lang="id">Guci Keramik Plered Motif Mega Mendung</span> '
        '<span class="in-other-language">(in Indonesian)</span></h1>'
    ) in html
    assert "Rp350.000" in html
    assert 'href="/en/umkm/keramik-anjun-jaya/"' in html
    assert "tanah liat merah" in html
    assert "40 × 25 × 25 cm" in html


def test_pictures_have_srcset_sizes_dimensions_and_alt_and_only_the_first_loads_eagerly(
    client, shop
):
    html = page(client, "/produk/guci-keramik-plered/")
    gallery = re.search(
        r'<div class="product-images" role="region".*?</ul></div>', html, re.S
    ).group(0)
    images = re.findall(r"<img [^>]+>", gallery)
    sources = re.findall(r'<source type="image/webp" [^>]+>', gallery)
    assert len(images) == len(sources) == 2
    for tag in images + sources:
        assert re.search(r'srcset="[^"]+ 320w, [^"]+ 640w, [^"]+ 1280w"', tag)
        assert 'sizes="(min-width: 64rem) 36rem, 100vw"' in tag
    for tag in images:
        assert re.search(r'width="\d+" height="\d+"', tag)
        assert re.search(r'alt="[^"]+"', tag)
    assert 'loading="eager"' in images[0] and 'fetchpriority="high"' in images[0]
    assert 'loading="lazy"' in images[1] and "fetchpriority" not in images[1]
    assert 'alt="Guci Keramik Plered Motif Mega Mendung, tampak samping"' in images[1]


def test_a_picture_without_a_caption_is_named_after_the_product_in_the_pages_language(client, shop):
    from products.models import Product

    product = Product.objects.get(slug="guci-keramik-plered")
    product.images.update(alt="")
    Product.objects.filter(pk=product.pk).update(name_en="Plered Ceramic Jar, Mega Mendung")

    def alts(url):
        gallery = re.search(r'<div class="product-images".*?</ul></div>', page(client, url), re.S)
        return re.findall(r'<img [^>]*alt="([^"]*)"', gallery.group(0))

    assert alts("/produk/guci-keramik-plered/") == [product.name] * 2
    assert alts("/en/produk/guci-keramik-plered/") == ["Plered Ceramic Jar, Mega Mendung"] * 2


def test_availability_is_given_per_open_outlet(client, shop):
    html = page(client, "/en/produk/guci-keramik-plered/")
    # Galeri Menong 2 holds 5, of which 2 are reserved for an order.
    assert "Available at Galeri Menong 1: 3" in html
    assert "Available at Galeri Menong 2: 3" in html
    assert "Gunung Parang" not in html.split('class="availability"')[1].split("</section>")[0]
    tas = page(client, "/en/produk/tas-anyaman-bambu/")
    assert "Out of stock at Galeri Menong 2" in tas


def test_availability_sentence_is_translatable_with_the_outlet_and_count(client, shop):
    from django.utils import translation

    # "Tersedia di Galeri Menong 1: 3" once the Indonesian catalogue has the sentence.
    html = page(client, "/produk/guci-keramik-plered/")
    with translation.override("id"):
        expected = translation.gettext("Available at %(outlet)s: %(count)s") % {
            "outlet": "Galeri Menong 1",
            "count": 3,
        }
    assert expected in html


def test_made_to_order_products_say_how_long_they_take(client, shop):
    html = page(client, "/en/produk/boneka-menong/")
    assert "Made to order: ready about 14 days after you order." in html


def test_the_vendor_card_introduces_the_maker(client, shop):
    html = page(client, "/en/produk/guci-keramik-plered/")
    card = html.split('class="vendor-card"')[1].split("</section>")[0]
    assert "Keramik Anjun Jaya" in card
    assert "Kecamatan Plered" in card
    assert "tiga generasi" in card
    assert 'href="/en/umkm/keramik-anjun-jaya/"' in card


def whatsapp_link(html):
    href = re.search(r'class="button-secondary whatsapp" href="([^"]+)"', html).group(1)
    return urlsplit(href.replace("&amp;", "&"))


def test_whatsapp_inquiry_goes_to_the_gallery_when_the_maker_keeps_their_number_private(
    client, shop
):
    link = whatsapp_link(page(client, "/en/produk/guci-keramik-plered/"))
    assert link.netloc == "wa.me"
    assert link.path == "/6281200000134"  # GALLERY_CONTACT_WHATSAPP, without the plus
    text = unquote(link.query.removeprefix("text="))
    assert "Guci Keramik Plered Motif Mega Mendung" in text
    assert "http://testserver/en/produk/guci-keramik-plered/" in text
    assert " " not in link.query and "/" not in link.query  # fully url-encoded


def test_whatsapp_inquiry_goes_to_the_maker_who_shows_their_number(client, shop):
    link = whatsapp_link(page(client, "/produk/tas-anyaman-bambu/"))
    assert link.path == "/6281311112222"
    assert "http://testserver/produk/tas-anyaman-bambu/" in unquote(link.query)


def test_share_links_are_plain_links_without_third_party_scripts(client, shop):
    html = page(client, "/produk/guci-keramik-plered/")
    share = html.split('class="share"')[1].split("</section>")[0].replace("&amp;", "&")
    url = "http://testserver/produk/guci-keramik-plered/"
    links = dict(
        (urlsplit(href).netloc, parse_qs(urlsplit(href).query))
        for href in re.findall(r'href="([^"]+)"', share)
    )
    assert links["www.facebook.com"] == {"u": [url]}
    assert links["x.com"]["url"] == [url]
    assert links["wa.me"]["text"] == [f"Guci Keramik Plered Motif Mega Mendung {url}"]
    assert f'data-copy-link="{url}"' in share
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert scripts and all(src.startswith("/static/") for src in scripts)


def test_related_products_share_the_category_are_public_and_exclude_the_product(client, shop):
    guci = shop.categories.guci
    for n in range(6):
        ProductFactory(category=guci, name=f"Guci Mini {n}", slug=f"guci-mini-{n}")
    ProductFactory(category=guci, name="Guci Draf", slug="guci-draf", status="draft")
    ProductFactory(
        category=guci,
        name="Guci Disembunyikan",
        slug="guci-disembunyikan",
        hidden_at=timezone.now(),
        hidden_reason="Duplikat",
    )
    response = client.get("/produk/guci-keramik-plered/")
    related = [p.slug for p in response.context["related"]]
    assert related == ["guci-mini-5", "guci-mini-4", "guci-mini-3", "guci-mini-2"]
    html = response.content.decode()
    assert "Guci Draf" not in html and "Guci Disembunyikan" not in html


def test_the_add_to_cart_form_is_on_the_page(client, shop):
    html = page(client, "/produk/guci-keramik-plered/")
    form = re.search(r'<form class="add-to-cart".*?</form>', html, re.S).group(0)
    assert f'name="product" value="{shop.products.guci.pk}"' in form
    assert 'name="csrfmiddlewaretoken"' in form


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_an_old_address_moves_permanently_to_the_current_one(client, shop, prefix):
    ProductSlugHistory.objects.create(product=shop.products.guci, slug="guci-plered-lama")
    response = client.get(f"{prefix}/produk/guci-plered-lama/")
    assert response.status_code == 301
    assert response["Location"] == f"{prefix}/produk/guci-keramik-plered/"


def test_products_the_public_may_not_see_are_404(client, shop):
    draft = ProductFactory(slug="kendi-draf", status="draft")
    hidden = ProductFactory(
        slug="kendi-tersembunyi", hidden_at=timezone.now(), hidden_reason="Foto milik orang lain"
    )
    suspended = ProductFactory(slug="kendi-penjual-ditangguhkan")
    suspended.vendor.status = "suspended"
    suspended.vendor.status_reason = "Izin kedaluwarsa"
    suspended.vendor.save()
    ProductSlugHistory.objects.create(product=hidden, slug="kendi-lama")
    for slug in [draft.slug, hidden.slug, suspended.slug, "kendi-lama", "tidak-pernah-ada"]:
        assert client.get(f"/produk/{slug}/").status_code == 404, slug


def test_a_product_without_pictures_still_renders(client, shop):
    bare = ProductFactory(slug="kendi-polos", description="")
    html = page(client, "/en/produk/kendi-polos/")
    assert "card-placeholder" in html
    assert bare.name in html


def test_product_page_renders_in_at_most_10_queries(client, shop, django_assert_max_num_queries):
    for n in range(6):
        related = ProductFactory(category=shop.categories.guci, slug=f"guci-kecil-{n}")
        ProductImageFactory(product=related)
    with django_assert_max_num_queries(10):
        response = client.get("/produk/guci-keramik-plered/")
    assert response.status_code == 200
    assert len(response.context["related"]) == 4
    assert len(response.context["images"]) == 2
