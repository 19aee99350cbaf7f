"""The frame of every shop page: the header's menu and the footer lead to the order lookup and
switch the language; the catalogue's filters say how many are chosen and stay folded; a cached
page gives each visitor their own cart in the header."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from gallery.services import stock_receive
from tests.factories import OutletFactory, ProductFactory, UserFactory

pytestmark = pytest.mark.django_db


def part(html, start, end):
    return html.split(start, 1)[1].split(end, 1)[0]


def menu(html):
    return part(html, '<details class="site-menu"', "</details>")


def footer(html):
    return part(html, '<footer class="site-footer">', "</footer>")


def header(html):
    return part(html, '<header class="site-header">', "</header>")


def track_order_link(language):
    with translation.override(language):
        return (
            f'<a href="{reverse("orders:order-lookup")}">{translation.gettext("Track order")}</a>'
        )


@pytest.fixture
def shopper():
    client = Client()
    client.force_login(UserFactory(full_name="Wulan Sari"))
    return client


@pytest.mark.parametrize("language, url", [("id", "/produk/"), ("en", "/en/produk/")])
@pytest.mark.parametrize("logged_in", [False, True])
def test_the_menu_and_the_footer_lead_to_the_order_lookup(language, url, logged_in, shopper):
    html = (shopper if logged_in else Client()).get(url).content.decode()
    link = track_order_link(language)
    assert link in menu(html)
    assert link in footer(html)
    if language == "en":
        assert 'href="/en/pesanan/cek/">Track order</a>' in menu(html)
    # The visitor's own links sit in the same menu.
    with translation.override(language):
        own = reverse("orders:my-orders" if logged_in else "accounts:login")
    assert f'href="{own}"' in menu(html)


def test_the_menu_and_the_footer_each_switch_the_language_back_to_this_page(client):
    html = client.get("/produk/?q=guci").content.decode()
    for where, select_id in (
        (menu(html), "language-select"),
        (footer(html), "footer-language-select"),
    ):
        form = part(where, '<form class="language"', "</form>")
        assert 'action="/i18n/setlang/" method="post"' in form
        assert 'name="csrfmiddlewaretoken"' in form
        assert 'name="next" value="/produk/?q=guci"' in form
        assert f'<label for="{select_id}">' in form and f'id="{select_id}"' in form
    assert len(re.findall(r'id="(?:footer-)?language-select"', html)) == 2  # no clash


def test_the_filters_say_how_many_are_chosen_and_stay_folded_when_filtered(client):
    html = client.get("/en/produk/?q=guci&pesanan=on").content.decode()
    filters = part(html, '<form class="listing-filters"', "</form>")
    assert '<span class="filter-label">Filter (2)</span>' in filters
    details = re.search(r"<details[^>]*>", filters).group(0)
    assert " open" not in details
    unfiltered = client.get("/en/produk/").content.decode()
    assert '<span class="filter-label">Filter</span>' in unfiltered


def test_a_cached_page_shows_each_visitor_their_own_cart_in_the_header(settings):
    settings.PAGE_CACHE_SECONDS = 300
    product = ProductFactory()
    stock_receive(outlet=OutletFactory(), product=product, quantity=10, by=None)
    anonymous, first, second = Client(), Client(), Client()
    for visitor, quantity in ((first, 2), (second, 5)):
        visitor.post(reverse("orders:cart-add"), {"product": product.pk, "quantity": quantity})
    assert anonymous.get("/produk/")["X-Page-Cache"] == "miss"
    for visitor, count in ((first, "2"), (second, "5"), (anonymous, None)):
        page = visitor.get("/produk/")
        assert page["X-Page-Cache"] == "hit"
        badges = re.findall(r'<span class="badge">(\d+)</span>', header(page.content.decode()))
        assert badges == ([count] if count else [])


def search_words(html):
    return re.search(r'<input id="site-search"[^>]* value="([^"]*)">', header(html)).group(1)


def test_the_frame_is_rendered_once_per_language_yet_keeps_each_requests_own_parts(client):
    """The header's links and labels are kept per language (frame parts); the search words,
    the language form's return address and its token stay each request's own."""
    pages = {
        url: client.get(url).content.decode()
        for url in ("/produk/?q=guci", "/produk/?q=batik", "/en/produk/?q=anyaman", "/produk/")
    }
    assert search_words(pages["/produk/?q=guci"]) == "guci"
    assert search_words(pages["/produk/?q=batik"]) == "batik"
    assert search_words(pages["/en/produk/?q=anyaman"]) == "anyaman"
    assert search_words(pages["/produk/"]) == ""
    assert ">Produk</a>" in menu(pages["/produk/"])
    assert ">Products</a>" in menu(pages["/en/produk/?q=anyaman"])
    for url, html in pages.items():
        returns = re.findall(r'<input type="hidden" name="next" value="([^"]*)">', html)
        assert returns == [url.replace("&", "&amp;")] * 2, url
    tokens = {
        url: re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        for url, html in pages.items()
    }
    # Each request's own token (Django masks it afresh for every request), in both forms.
    assert all(len(found) == 2 for found in tokens.values())
    assert len({found[0] for found in tokens.values()}) == len(pages)
