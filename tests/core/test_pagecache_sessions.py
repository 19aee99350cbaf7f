"""Cached pages for visitors with a session: each gets the shared page with their own parts."""

import pickle
import random
import re
import threading
from types import SimpleNamespace

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import connections
from django.http import HttpRequest
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client
from django.urls import reverse

from gallery.services import stock_receive
from tests.factories import (
    CategoryFactory,
    OutletFactory,
    ProductFactory,
    StaffFactory,
    UserFactory,
    VendorFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]

TOKENS = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300


@pytest.fixture
def shop():
    category = CategoryFactory(slug="guci-vas", name_id="Guci & Vas", name_en="Jars & Vases")
    vendor = VendorFactory(slug="gerabah-anjun", business_name="Gerabah Anjun")
    product = ProductFactory(
        name="Guci Plered", slug="guci-plered", category=category, vendor=vendor
    )
    outlet = OutletFactory(name="Galeri Menong Veteran")
    # Enough on the shelf for every cart of these tests: the cart holds no more than is there.
    stock_receive(outlet=outlet, product=product, quantity=500, by=StaffFactory())
    pages = [
        "/",
        "/produk/",
        "/produk/?q=guci",
        "/produk/guci-plered/",
        "/kategori/guci-vas/",
        "/umkm/",
        "/umkm/gerabah-anjun/",
    ]
    return SimpleNamespace(product=product, vendor=vendor, pages=pages)


def badges(page):
    return re.findall(r'<span class="badge">(\d+)</span>', page)


def add_to_cart(client, product, quantity):
    response = client.post(
        reverse("orders:cart-add"), {"product": product.pk, "quantity": quantity}, follow=True
    )
    assert response.status_code == 200  # the cart page, which shows (and spends) its message


def leave_message(client, text):
    """A message waiting for this visitor's next page, as the messages framework keeps it."""
    client.cookies["messages"] = CookieStorage(HttpRequest())._encode(
        [Message(constants.INFO, text)]
    )


def csrf_secrets(page):
    return {_unmask_cipher_token(token) for token in TOKENS.findall(page)}


def stored_pages():
    """The pages in the local-memory cache, as stored: ``(parts, headers)``."""
    return [
        pickle.loads(value)  # noqa: S301 (our own test cache)
        for key, value in cache._cache.items()
        if ":pagecache:" in key and "version" not in key
    ]


def test_a_shopper_with_a_cart_gets_the_cached_page_with_their_own_count(shop):
    url = "/produk/guci-plered/"
    anonymous = Client()
    assert anonymous.get(url)["X-Page-Cache"] == "miss"

    shopper = Client()
    add_to_cart(shopper, shop.product, 3)
    page = shopper.get(url)
    assert page["X-Page-Cache"] == "hit"
    assert badges(page.content.decode()) == ["3"]
    again = anonymous.get(url)
    assert again["X-Page-Cache"] == "hit"
    assert badges(again.content.decode()) == []


def test_the_first_visitors_own_parts_never_enter_the_stored_page(shop):
    user = UserFactory(full_name="Rahayu Kusumawati")
    shopper = Client()
    shopper.force_login(user)
    add_to_cart(shopper, shop.product, 7)
    leave_message(shopper, "Pesan rahasia untuk Rahayu")
    page = shopper.get("/produk/")
    assert page["X-Page-Cache"] == "miss"
    html = page.content.decode()
    assert "Rahayu" in html and badges(html) == ["7"] and "Pesan rahasia" in html
    assert csrf_secrets(html) == {shopper.cookies["csrftoken"].value}

    ((parts, _headers),) = stored_pages()
    stored = b"".join(part for part in parts if isinstance(part, bytes)).decode()
    assert "Rahayu" not in stored and "Pesan rahasia" not in stored
    assert badges(stored) == [] and "csrfmiddlewaretoken" in stored
    assert TOKENS.findall(stored) == []  # each token is a hole, filled per visitor

    other = Client().get("/produk/").content.decode()
    assert "Rahayu" not in other and "Pesan rahasia" not in other and badges(other) == []


def test_first_time_visitors_share_their_rendered_parts_but_nobody_else_gets_them(shop):
    from core.pagecache import holes

    url = "/produk/guci-plered/"
    Client().get(url)  # stores the page
    first = Client().get(url)
    kept = dict(holes._nobody_parts.entries)
    assert kept and all(key[2] == url for key in kept)
    assert not any(TOKENS.search(text) for text in kept.values())  # tokens stay per visitor

    second = Client().get(url)
    assert second["X-Page-Cache"] == "hit" and holes._nobody_parts.entries == kept
    assert csrf_secrets(first.content.decode()) != csrf_secrets(second.content.decode())

    shopper = Client()
    add_to_cart(shopper, shop.product, 2)
    assert badges(shopper.get(url).content.decode()) == ["2"]
    waiting = Client()
    leave_message(waiting, "Pesanan siap diambil")
    assert "Pesanan siap diambil" in waiting.get(url).content.decode()
    assert holes._nobody_parts.entries == kept
    assert "Pesanan siap diambil" not in Client().get(url).content.decode()
    assert badges(Client().get(url).content.decode()) == []


def test_a_logged_in_shopper_sees_their_name_and_orders_and_nobody_else_does(shop):
    shopper = Client()
    shopper.force_login(UserFactory(full_name="Wulan Sari"))
    Client().get("/en/")
    page = shopper.get("/en/")
    assert page["X-Page-Cache"] == "hit"
    html = page.content.decode()
    assert "My account (Wulan)" in html
    assert 'href="/en/pesanan/saya/"' in html
    assert "Log in" not in html
    other = Client().get("/en/").content.decode()
    assert "Wulan" not in other and "My orders" not in other and "Log in" in other


def test_a_vendor_gets_their_dashboard_link_on_cached_pages(shop):
    owner = Client()
    owner.force_login(shop.vendor.user)
    url = "/umkm/gerabah-anjun/"
    assert Client().get(url)["X-Page-Cache"] == "miss"
    page = owner.get(url)
    assert page["X-Page-Cache"] == "hit"
    assert 'href="/dasbor/"' in page.content.decode()
    assert 'href="/dasbor/"' not in Client().get(url).content.decode()


def test_staff_get_cached_pages_and_leave_nothing_of_theirs_behind(shop):
    staff = Client()
    staff.force_login(StaffFactory(full_name="Bambang Staf"))
    for url in shop.pages:
        assert staff.get(url)["X-Page-Cache"] == "miss"
        assert "Bambang" in staff.get(url).content.decode()
    for url in shop.pages:
        page = Client().get(url)
        assert page["X-Page-Cache"] == "hit"
        assert "Bambang" not in page.content.decode()
        assert "/admin/" not in page.content.decode()


def test_a_message_reaches_only_its_visitor_and_only_once(shop):
    Client().get("/produk/")
    shopper = Client()
    leave_message(shopper, "Terima kasih, Dewi!")
    first = shopper.get("/produk/")
    assert first["X-Page-Cache"] == "hit"
    assert "Terima kasih, Dewi!" in first.content.decode()
    assert "Terima kasih, Dewi!" not in shopper.get("/produk/").content.decode()
    assert "Terima kasih" not in Client().get("/produk/").content.decode()


def test_each_visitor_gets_forms_with_their_own_csrf_token(shop):
    url = "/produk/guci-plered/"
    visitors = [Client() for _ in range(3)]
    add_to_cart(visitors[1], shop.product, 1)
    visitors[2].force_login(UserFactory())
    for visitor in visitors:
        visitor.get(url)  # the first page sets the CSRF cookie
    for visitor in visitors:
        page = visitor.get(url)
        assert page["X-Page-Cache"] == "hit"
        assert csrf_secrets(page.content.decode()) == {visitor.cookies["csrftoken"].value}


def test_the_visitors_parts_follow_the_pages_language(shop):
    shopper = Client()
    shopper.force_login(UserFactory(full_name="Asep Sunandar"))
    add_to_cart(shopper, shop.product, 2)
    indonesian = shopper.get("/produk/").content.decode()
    english = shopper.get("/en/produk/").content.decode()
    assert "Keranjang" in indonesian and "Pesanan saya" in indonesian
    assert "(Asep)" in indonesian
    assert 'href="/keranjang/"' in indonesian
    assert "Cart" in english and "My orders" in english and "My account (Asep)" in english
    assert 'href="/en/keranjang/"' in english


def test_a_cached_page_is_the_page_rendered_fresh(shop, settings):
    shopper = Client()
    shopper.force_login(UserFactory(full_name="Nining Suryani"))
    add_to_cart(shopper, shop.product, 4)
    for url in shop.pages:
        settings.PAGE_CACHE_SECONDS = 0
        fresh = shopper.get(url).content.decode()
        settings.PAGE_CACHE_SECONDS = 300
        shopper.get(url)
        cached = shopper.get(url)
        assert cached["X-Page-Cache"] == "hit"
        assert TOKENS.sub("", cached.content.decode()) == TOKENS.sub("", fresh)


@pytest.mark.parametrize(
    "url",
    [
        "/keranjang/",
        "/pesan/",
        "/pesanan/saya/",
        "/pesanan/cek/",
        "/akun/",
        "/akun/masuk/",
        "/dasbor/",
        "/kasir/",
        "/umkm/daftar/",
    ],
)
def test_personal_pages_are_never_cached(shop, url):
    shopper = Client()
    shopper.force_login(shop.vendor.user)
    add_to_cart(shopper, shop.product, 1)
    for _ in range(2):
        assert "X-Page-Cache" not in shopper.get(url)
    assert stored_pages() == []


# Many visitors at once.

VISITORS = 60


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_sixty_visitors_at_once_each_see_only_their_own_parts(shop):
    rng = random.Random(16)
    visitors = []
    for n in range(VISITORS):
        visitor = SimpleNamespace(
            client=Client(),
            language="en" if n % 2 else "id",
            name=None,
            cart=None,
            message=None,
            pages=[],
        )
        if n % 3:
            visitor.name = f"Tamu{n:02d}{rng.randrange(16**6):06x}"
            visitor.client.force_login(UserFactory(full_name=f"{visitor.name} Purwakarta"))
        if n % 4 != 1:
            visitor.cart = n + 1
            add_to_cart(visitor.client, shop.product, visitor.cart)
        visitor.client.get("/galeri/")  # an uncached page with a form: a CSRF cookie
        if n % 4 != 3:
            visitor.message = f"Pesan-{n:02d}-{rng.randrange(16**8):08x}"
            leave_message(visitor.client, visitor.message)
        visitors.append(visitor)
    # Every page is first rendered for a shopper with an account and a cart of their own.
    prefix = {"id": "", "en": "/en"}
    first = Client()
    first.force_login(UserFactory(full_name="Pertama Sekali"))
    add_to_cart(first, shop.product, 99)
    for language in prefix.values():
        for url in shop.pages:
            assert first.get(language + url)["X-Page-Cache"] == "miss"

    start = threading.Barrier(VISITORS)
    errors = []

    def browse(visitor):
        try:
            start.wait()
            for url in shop.pages * 2:
                response = visitor.client.get(prefix[visitor.language] + url)
                visitor.pages.append(
                    (response.status_code, response["X-Page-Cache"], response.content.decode())
                )
        except Exception as exc:  # reported below, with the visitor
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=browse, args=(visitor,)) for visitor in visitors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []

    for visitor in visitors:
        secret = visitor.client.cookies["csrftoken"].value
        others = [other for other in visitors if other is not visitor]
        assert len(visitor.pages) == 2 * len(shop.pages)
        for status, cache_state, page in visitor.pages:
            assert (status, cache_state) == (200, "hit")
            assert "Pertama" not in page and "99" not in badges(page)
            assert f'<html lang="{visitor.language}">' in page
            assert badges(page) == ([str(visitor.cart)] if visitor.cart else [])
            assert (visitor.name in page) if visitor.name else ("Log in" in page or "Masuk" in page)
            assert csrf_secrets(page) == {secret}
            for other in others:
                assert other.name is None or other.name not in page
                assert other.message is None or other.message not in page
        seen = [
            page for _s, _c, page in visitor.pages if visitor.message and visitor.message in page
        ]
        assert len(seen) == (1 if visitor.message else 0)
