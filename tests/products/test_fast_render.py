"""Pages rendered without the page cache reuse cached pieces: product cards, the filter form,
the filter choices, the home page's data, the newest products of a category. A page is the same
whether its pieces come from the cache, are rendered afresh or the cache is down, and a change
to anything a piece shows reaches every page at once.

The page cache stays off here (``PAGE_CACHE_SECONDS = 0`` in the test settings): each page is
read twice before the change, so that the second reading takes its pieces from the cache.
"""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from gallery.services import BatchSpec, stock_receive, stock_reserve
from products.models import Category, Product
from products.services import (
    category_save,
    product_image_delete,
    product_publish,
    product_update,
)
from tests.factories import (
    CategoryFactory,
    OutletFactory,
    ProductFactory,
    ProductImageFactory,
    StaffFactory,
)
from tests.products.storefront import build_shop
from vendors.services import vendor_suspend, vendor_update_profile

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("monday_morning")]

JAKARTA = ZoneInfo("Asia/Jakarta")
MONDAY_MORNING = datetime.datetime(2027, 1, 4, 11, 0, tzinfo=JAKARTA)
LOCAL_CACHE = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
NO_CACHE = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
# Redis that does not answer (nothing listens on the discard port): every read misses.
CACHE_DOWN = {
    "default": {"BACKEND": "core.cache.ResilientRedisCache", "LOCATION": "redis://127.0.0.1:9/0"}
}
TOKENS = re.compile(r'(name="csrfmiddlewaretoken" value=|nonce=)"[^"]*"')

PAGES = [
    "/",
    "/produk/",
    "/produk/?urut=termurah",
    "/produk/?q=guci",
    "/produk/?q=gucci",  # corrected to "guci"
    "/produk/?q=zzqqxx",
    "/produk/?tersedia=on&galeri=galeri-menong-1",
    "/produk/?harga_min=abc&kategori=tidak-ada",
    "/kategori/keramik/",
    "/kategori/anyaman/?urut=termahal",
    "/produk/guci-keramik-plered/",
    "/produk/kendi-air-plered/",
    "/produk/gula-aren-cetak/",
    "/umkm/anyaman-wanayasa/",
]


@pytest.fixture(autouse=True)
def memo(request, settings):
    """The pieces in the cache only; with ``both_memories``, also remembered by the worker
    (``CACHE_MEMO_ENTRIES``, as with Redis)."""
    settings.CACHE_MEMO_ENTRIES = getattr(request, "param", 0)


# A change test twice: the worker's memory of pieces must miss them at once too.
both_memories = pytest.mark.parametrize(
    "memo", [0, 500], indirect=True, ids=["cache only", "remembered by the worker"]
)


@pytest.fixture
def monday_morning():
    """The home page shows whether each outlet is open now: every reading at the same time."""
    with time_machine.travel(MONDAY_MORNING, tick=False) as traveller:
        yield traveller


@pytest.fixture
def shop():
    shop = build_shop()
    # A second jar, newer than the guci: the guci is among its related products.
    shop.products.kendi = ProductFactory(
        vendor=shop.vendors.plered,
        category=shop.categories.guci,
        name="Kendi Air Plered",
        slug="kendi-air-plered",
        price=60_000,
    )
    return shop


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return TOKENS.sub(r'\1"-"', response.content.decode())


def pages(client, urls):
    return {url: page(client, url) for url in urls}


@pytest.mark.parametrize("language", ["", "/en"])
def test_every_page_is_the_same_with_its_pieces_cached_fresh_or_the_cache_down(
    shop, settings, language
):
    urls = [language + url for url in PAGES]
    settings.CACHES = NO_CACHE
    without_cache = pages(Client(), urls)
    settings.CACHES = CACHE_DOWN
    cache_down = pages(Client(), urls)
    settings.CACHES = LOCAL_CACHE
    rendered = pages(Client(), urls)
    from_cache = pages(Client(), urls)
    for url in urls:
        assert cache_down[url] == without_cache[url], url
        assert rendered[url] == without_cache[url], url
        assert from_cache[url] == without_cache[url], url


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/produk/?urut=termurah", 0),  # its count and the ids of its page are kept
        ("/kategori/keramik/", 0),
        ("/umkm/anyaman-wanayasa/", 4),  # the maker with its crafts, links and pictures
        ("/produk/?q=bambu", 0),  # a search's page and count are kept
        ("/produk/?q=gucci", 0),  # and its correction to "guci", with the corrected page
        ("/produk/?q=bambu&page=9", 0),  # past the last page: the last page, kept too
        ("/produk/?q=bambu&page=99999999999999999999", 0),  # far past: the same
    ],
)
def test_a_listing_with_its_pieces_cached_reads_only_its_products(
    client, shop, django_assert_num_queries, url, queries
):
    client.get(url)
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert 'class="card product-card"' in response.content.decode()


def test_a_product_page_takes_the_outlets_and_the_related_products_from_the_cache(
    client, shop, django_assert_num_queries
):
    client.get("/produk/kendi-air-plered/")
    # The product with its maker, its pictures and the maker's logo were read once; now only its stock, which moves with every sale: the rest is kept per catalogue version.
    with django_assert_num_queries(1):
        response = client.get("/produk/kendi-air-plered/")
    html = response.content.decode()
    assert "Guci Keramik Plered Motif Mega Mendung" in html
    assert "Kendi Air Plered" in html


def shows_change(urls, change, *, before, after, django_capture_on_commit_callbacks):
    """Read ``urls`` twice (the pieces are then cached), check ``before``; make ``change`` and
    commit; check ``after`` on each page."""
    client = Client()
    for url in urls:
        page(client, url)
        assert before(page(client, url)), url
    with django_capture_on_commit_callbacks(execute=True):
        change()
    for url in urls:
        assert after(page(client, url)), url


# The pages that show the guci's card: on the kendi's page it is a related product.
GUCI_CARDS = [
    "/",
    "/produk/",
    "/en/produk/",
    "/produk/?q=guci",
    "/kategori/keramik/",
    "/umkm/keramik-anjun-jaya/",
    "/produk/kendi-air-plered/",
]


@both_memories
def test_a_new_price_shows_on_every_card_at_once(shop, django_capture_on_commit_callbacks):
    guci = shop.products.guci
    shows_change(
        GUCI_CARDS,
        lambda: product_update(product=guci, by=guci.vendor.user, price=375_000),
        before=lambda html: "Rp350.000" in html and "Rp375.000" not in html,
        after=lambda html: "Rp375.000" in html and "Rp350.000" not in html,
        django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
    )


@both_memories
def test_a_new_name_shows_on_every_card_at_once(shop, django_capture_on_commit_callbacks):
    guci = shop.products.guci
    shows_change(
        GUCI_CARDS,
        lambda: product_update(product=guci, by=guci.vendor.user, name="Guci Mega Mendung Besar"),
        before=lambda html: "Guci Mega Mendung Besar" not in html,
        after=lambda html: "Guci Mega Mendung Besar" in html,
        django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
    )


@both_memories
def test_deleting_the_cover_picture_changes_the_cards_at_once(
    shop, django_capture_on_commit_callbacks
):
    guci = shop.products.guci
    cover = guci.images.order_by("position").first()
    side = "Guci Keramik Plered Motif Mega Mendung, tampak samping"
    shows_change(
        [url for url in GUCI_CARDS if "kendi" not in url],
        lambda: product_image_delete(image=cover, by=guci.vendor.user),
        before=lambda html: f'alt="{cover.alt}"' in html and f'alt="{side}"' not in html,
        after=lambda html: f'alt="{cover.alt}"' not in html and f'alt="{side}"' in html,
        django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
    )


def card(html, name):
    """The card of the product called ``name`` on the page."""
    for found in re.findall(r'<li class="card product-card">.*?</li>', html, re.S):
        if f'<h3 class="card-title">{name}</h3>' in found:
            return found
    raise AssertionError(f"no card for {name}")


@both_memories
def test_selling_out_shows_on_the_cards_at_once(shop, django_capture_on_commit_callbacks):
    gula = shop.products.gula
    shows_change(
        ["/", "/produk/?q=gula", "/kategori/makanan/", "/umkm/gula-aren-darangdan/"],
        lambda: stock_reserve(outlet=shop.outlets.galeri1, items=[(gula, 40)], reference="GM-0003"),
        before=lambda html: "stock-in" in card(html, gula.name),
        after=lambda html: "stock-out" in card(html, gula.name),
        django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
    )


@both_memories
def test_a_restock_shows_on_the_cards_at_once(shop, django_capture_on_commit_callbacks):
    vas = shop.products.vas
    shows_change(
        ["/", "/produk/", "/kategori/keramik/", "/umkm/keramik-anjun-jaya/"],
        lambda: stock_receive(outlet=shop.outlets.galeri2, product=vas, quantity=4, by=None),
        before=lambda html: "stock-out" in card(html, vas.name),
        after=lambda html: "stock-in" in card(html, vas.name),
        django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
    )


@both_memories
def test_a_makers_new_name_shows_on_its_cards_at_once(shop, django_capture_on_commit_callbacks):
    wanayasa = shop.vendors.wanayasa
    shows_change(
        ["/", "/produk/", "/kategori/anyaman/", "/produk/?q=bambu"],
        lambda: vendor_update_profile(
            vendor=wanayasa, by=wanayasa.user, data={"business_name": "Anyaman Ibu Wanayasa"}
        ),
        before=lambda html: "Anyaman Ibu Wanayasa" not in html,
        after=lambda html: '<p class="maker">Anyaman Ibu Wanayasa</p>' in html,
        django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
    )


@both_memories
def test_a_suspended_makers_products_leave_the_home_page_and_the_related_products_at_once(
    shop, django_capture_on_commit_callbacks
):
    ProductFactory(
        name="Bakul Kecil Cikao", slug="bakul-kecil-cikao", category=shop.categories.anyaman
    )
    reviewer = StaffFactory(email="dinas@contoh.id", groups=["Staf Dinas"])
    shows_change(
        ["/", "/produk/bakul-kecil-cikao/", "/produk/"],
        lambda: vendor_suspend(vendor=shop.vendors.wanayasa, by=reviewer, reason="Izin habis."),
        before=lambda html: "Tas Anyaman Bambu Wanayasa" in html,
        after=lambda html: "Tas Anyaman Bambu Wanayasa" not in html,
        django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
    )


@both_memories
def test_a_published_product_joins_the_new_arrivals_and_the_related_products_at_once(
    shop, django_capture_on_commit_callbacks
):
    draft = ProductFactory(
        name="Kendi Tanah Liat",
        category=shop.categories.guci,
        vendor=shop.vendors.plered,
        status=Product.Status.DRAFT,
    )
    ProductImageFactory(product=draft)
    shows_change(
        ["/", "/produk/guci-keramik-plered/", "/kategori/keramik/"],
        lambda: product_publish(product=draft, by=draft.vendor.user),
        before=lambda html: "Kendi Tanah Liat" not in html,
        after=lambda html: "Kendi Tanah Liat" in html,
        django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
    )


@both_memories
def test_a_new_category_is_a_filter_choice_at_once(shop, django_capture_on_commit_callbacks):
    shows_change(
        ["/produk/", "/en/produk/?q=guci", "/umkm/keramik-anjun-jaya/"],
        lambda: category_save(
            category=Category(
                slug="piring", name_id="Piring", name_en="Plates", parent=shop.categories.keramik
            )
        ),
        before=lambda html: '<option value="piring">' not in html,
        after=lambda html: '<option value="piring">' in html,
        django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
    )


def test_food_whose_batch_expires_leaves_the_cards_at_midnight_with_nothing_recorded(
    monday_morning,
):
    food = CategoryFactory(slug="uji-camilan", name_id="Camilan", name_en="Snacks", is_food=True)
    snack = ProductFactory(category=food, name="Simping Kaum", shelf_life_days=60)
    outlet = OutletFactory(slug="galeri-menong-uji")
    stock_receive(
        outlet=outlet,
        product=snack,
        quantity=10,
        by=None,
        batch=BatchSpec(code="SK-0105", expires_on=datetime.date(2027, 1, 5)),
    )
    client = Client()
    urls = ["/", "/produk/", "/kategori/uji-camilan/"]
    monday_morning.move_to(datetime.datetime(2027, 1, 4, 23, 59, tzinfo=JAKARTA))
    for url in urls:
        page(client, url)
        assert "stock-in" in card(page(client, url), "Simping Kaum"), url
    monday_morning.move_to(datetime.datetime(2027, 1, 5, 0, 0, tzinfo=JAKARTA))
    for url in urls:
        assert "stock-out" in card(page(client, url), "Simping Kaum"), url


@both_memories
def test_a_movement_within_stock_changes_the_product_pages_counts_and_reads_nothing_else(
    shop, django_capture_on_commit_callbacks, django_assert_num_queries
):
    """The guci stays in stock: only its counts per outlet change, and only they are read again
    (the rest of its page is kept per catalogue version, which such a movement leaves alone)."""
    guci, galeri1 = shop.products.guci, shop.outlets.galeri1
    url = "/produk/guci-keramik-plered/"
    shows_change(
        [url],
        lambda: stock_receive(outlet=galeri1, product=guci, quantity=2, by=None),
        before=lambda html: f"Tersedia di {galeri1.name}: 3<" in html,
        after=lambda html: f"Tersedia di {galeri1.name}: 5<" in html and "InStock" in html,
        django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
    )
    with django_assert_num_queries(1):
        assert f"Tersedia di {galeri1.name}: 5<" in page(Client(), url)


@both_memories
def test_selling_out_changes_the_product_pages_buy_bar_and_structured_data_at_once(
    shop, django_capture_on_commit_callbacks
):
    gula = shop.products.gula
    shows_change(
        ["/produk/gula-aren-cetak/", "/en/produk/gula-aren-cetak/"],
        lambda: stock_reserve(outlet=shop.outlets.galeri1, items=[(gula, 40)], reference="GM-0004"),
        before=lambda html: 'form="add-to-cart"' in html and "schema.org/InStock" in html,
        after=lambda html: (
            'class="buy-bar-state"' in html
            and 'form="add-to-cart"' not in html
            and "schema.org/OutOfStock" in html
        ),
        django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
    )


def test_a_product_pages_stored_parts_keep_no_visitors_page_number(shop):
    """A product's page has no pages: ``?page=3`` read first must not enter its canonical
    address, which the next visitors are given from the stored part."""
    first = page(Client(), "/produk/guci-keramik-plered/?page=3")
    second = page(Client(), "/produk/guci-keramik-plered/")
    canonical = '<link rel="canonical" href="http://testserver/produk/guci-keramik-plered/">'
    assert canonical in first
    assert canonical in second


@both_memories
def test_the_home_pages_outlets_close_on_time_with_its_pieces_kept(shop, monday_morning):
    """The outlets' part of the home page is kept per what their status shows, not per
    catalogue version alone: at closing time it changes with nothing recorded."""
    client = Client()
    monday_morning.move_to(MONDAY_MORNING.replace(hour=16, minute=59))
    page(client, "/")
    before = page(client, "/")
    assert 'class="outlet-open"' in before
    monday_morning.move_to(MONDAY_MORNING.replace(hour=17, minute=1))  # they close at five
    after = page(client, "/")
    assert 'class="outlet-open"' not in after
    assert 'class="outlet-closed"' in after
