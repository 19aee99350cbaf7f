import random
import re
import string

import pytest
from django import forms
from django.core.cache import cache
from django.middleware.csrf import CsrfViewMiddleware, _unmask_cipher_token
from django.template import engines
from django.template.response import TemplateResponse
from django.test import Client, RequestFactory

from core.pagecache import (
    Parameters,
    catalogue_changed,
    parameters_checked,
    public_page,
    reads_parameters,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]

TEMPLATE = engines["django"].from_string(
    '<p>{{ calls }}</p><p>{{ words }}</p><form method="post">{% csrf_token %}</form>'
)
calls = {"n": 0}


class SearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=20)


@public_page
@reads_parameters(Parameters.from_form(SearchForm))
def page_view(request):
    calls["n"] += 1
    form = SearchForm(request.GET)
    form.is_valid()
    parameters_checked(request, form=form)
    return TemplateResponse(
        request, TEMPLATE, {"calls": calls["n"], "words": form.cleaned_data.get("q")}
    )


def get(path="/produk/?q=guci", **cookies):
    request = RequestFactory().get(path)
    request.COOKIES.update(cookies)
    # The CSRF middleware reads the cookie into META before the view runs.
    CsrfViewMiddleware(lambda r: None).process_request(request)
    response = page_view(request)
    return request, response


def page_entries():
    """The stored pages in the local-memory cache (versions and other entries left out)."""
    return [key for key in cache._cache if ":pagecache:" in key and "version" not in key]


@pytest.fixture(autouse=True)
def reset_calls():
    calls["n"] = 0


@pytest.fixture
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300


def test_second_visit_is_served_from_the_cache():
    _, first = get()
    _, second = get()
    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert calls["n"] == 1
    assert b"<p>1</p>" in second.content


def test_each_visitor_gets_a_csrf_token_of_their_own_from_a_cached_page():
    get()
    request, response = get(csrftoken="a" * 32)
    token = response.content.split(b'value="')[1].split(b'"')[0].decode()
    assert _unmask_cipher_token(token) == request.META["CSRF_COOKIE"] == "a" * 32


def test_a_catalogue_change_makes_every_cached_page_stale(django_capture_on_commit_callbacks):
    get()
    with django_capture_on_commit_callbacks(execute=True):
        catalogue_changed()
    _, response = get()
    assert response["X-Page-Cache"] == "miss"
    assert calls["n"] == 2


def test_visitors_with_a_session_get_the_cached_page_too():
    get()
    _, response = get(sessionid="abc", messages="x")
    assert response["X-Page-Cache"] == "hit"
    assert calls["n"] == 1


def test_different_query_strings_are_different_pages():
    get("/produk/?q=guci")
    _, response = get("/produk/?q=batik")
    assert response["X-Page-Cache"] == "miss"


def test_the_cache_can_be_turned_off(settings):
    settings.PAGE_CACHE_SECONDS = 0
    get()
    get()
    assert calls["n"] == 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_product_page_is_cached_and_refreshed_when_the_product_changes(client, settings):
    from products.services import product_update
    from tests.factories import ProductFactory

    settings.PAGE_CACHE_SECONDS = 300
    product = ProductFactory(name="Guci Plered Motif Daun", price=150_000)
    url = product.get_absolute_url()
    first = client.get(url)
    assert first["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"

    product_update(product=product, by=product.vendor.user, price=175_000)
    fresh = client.get(url)
    assert fresh["X-Page-Cache"] == "miss"
    assert "Rp175.000" in fresh.content.decode()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_stock_movement_refreshes_the_cached_product_page(client, settings):
    from gallery.services import stock_receive
    from tests.factories import OutletFactory, ProductFactory, StaffFactory

    settings.PAGE_CACHE_SECONDS = 300
    product = ProductFactory()
    outlet = OutletFactory(name="Galeri Menong Veteran")
    url = product.get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"

    stock_receive(outlet=outlet, product=product, quantity=4, by=StaffFactory())
    fresh = client.get(url)
    assert fresh["X-Page-Cache"] == "miss"
    assert "Galeri Menong Veteran" in fresh.content.decode()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_sale_that_leaves_stock_refreshes_only_that_products_page(client, settings):
    from gallery.services import stock_receive, stock_reserve
    from tests.factories import OutletFactory, ProductFactory, StaffFactory

    settings.PAGE_CACHE_SECONDS = 300
    product, other = ProductFactory(name="Guci Plered"), ProductFactory(name="Vas Anjun")
    outlet = OutletFactory(name="Galeri Menong Veteran")
    staff = StaffFactory()
    stock_receive(outlet=outlet, product=product, quantity=4, by=staff)
    stock_receive(outlet=outlet, product=other, quantity=2, by=staff)
    pages = [product.get_absolute_url(), other.get_absolute_url(), "/en/produk/", "/en/"]
    for url in pages:
        client.get(url)
    assert [client.get(url)["X-Page-Cache"] for url in pages] == ["hit"] * 4

    stock_reserve(outlet=outlet, items=[(product, 1)], reference="GM-0001")
    fresh = client.get(product.get_absolute_url())
    assert fresh["X-Page-Cache"] == "miss"
    assert "Available at Galeri Menong Veteran: 3" in fresh.content.decode()
    # Still in stock: the other pages show nothing that changed, and stay cached.
    assert [client.get(url)["X-Page-Cache"] for url in pages[1:]] == ["hit"] * 3


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_selling_out_refreshes_every_page_that_shows_the_product_in_stock(client, settings):
    from gallery.services import stock_receive, stock_reserve
    from tests.factories import OutletFactory, ProductFactory, StaffFactory

    settings.PAGE_CACHE_SECONDS = 300
    product = ProductFactory(name="Guci Plered")
    outlet = OutletFactory(name="Galeri Menong Veteran")
    stock_receive(outlet=outlet, product=product, quantity=1, by=StaffFactory())
    assert 'class="stock stock-in"' in client.get("/en/produk/").content.decode()
    assert client.get("/en/produk/")["X-Page-Cache"] == "hit"

    stock_reserve(outlet=outlet, items=[(product, 1)], reference="GM-0001")
    fresh = client.get("/en/produk/")
    assert fresh["X-Page-Cache"] == "miss"
    assert 'class="stock stock-out">Out of stock' in fresh.content.decode()
    assert 'class="stock stock-in"' not in fresh.content.decode()


def test_made_up_product_addresses_leave_no_stock_version_in_the_cache(client, settings):
    from django.core.cache import cache

    settings.PAGE_CACHE_SECONDS = 300
    for slug in ("tidak-ada", "x" * 2000):
        assert client.get(f"/en/produk/{slug}/").status_code == 404
    assert not [key for key in cache._cache if "stock-version" in key]


@pytest.mark.parametrize("page_cache_seconds", [0, 300])
def test_a_visitor_who_holds_the_page_gets_a_304_without_a_body(
    client, settings, page_cache_seconds
):
    from tests.factories import ProductFactory

    settings.PAGE_CACHE_SECONDS = page_cache_seconds
    url = ProductFactory(name="Guci Plered").get_absolute_url()
    client.get(url)  # the CSRF cookie of the add-to-cart form is set on the first visit
    first = client.get(url)
    assert first.status_code == 200 and first["ETag"]
    again = client.get(url, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304
    assert again.content == b""
    changed = client.get(url, headers={"if-none-match": '"another-version"'})
    assert changed.status_code == 200
    assert "Guci Plered" in changed.content.decode()
    # Another visitor's forms carry another CSRF secret: the first visitor's copy is not theirs.
    other = Client()
    other.get(url)
    assert other.get(url, headers={"if-none-match": first["ETag"]}).status_code == 200


# The key nobody can dodge.


@pytest.fixture
def shop():
    from tests.factories import CategoryFactory, ProductFactory

    category = CategoryFactory(slug="guci-vas", name_id="Guci & Vas", name_en="Jars & Vases")
    products = [
        ProductFactory(name=f"Guci Plered {n}", category=category, price=50_000 + n)
        for n in range(25)
    ]
    return {"category": category, "product": products[0]}


def canonical_link(response):
    return re.search(r'<link rel="canonical" href="([^"]*)"', response.content.decode())[1]


def test_a_link_with_tracking_parameters_is_a_hit_of_the_clean_address(client, shop):
    product_url = shop["product"].get_absolute_url()
    for url in ("/produk/", product_url, "/", "/en/produk/?q=guci"):
        assert client.get(url)["X-Page-Cache"] == "miss"
        joiner = "&" if "?" in url else "?"
        shared = client.get(
            f"{url}{joiner}utm_source=whatsapp&utm_medium=chat&fbclid=IwAR0x&gclid=Cj0K"
        )
        assert shared.status_code == 200
        assert shared["X-Page-Cache"] == "hit"
        assert "utm_source" not in shared.content.decode()
        assert "fbclid" not in shared.content.decode()


def test_the_canonical_address_and_the_pages_own_links_stay_clean(client, shop):
    response = client.get("/produk/?q=guci&utm_source=facebook&fbclid=abc&made_up=1")
    page = response.content.decode()
    assert canonical_link(response) == "http://testserver/produk/"
    assert '<input type="hidden" name="next" value="/produk/?q=guci">' in page
    assert "utm_" not in page and "fbclid" not in page and "made_up" not in page
    assert (
        canonical_link(client.get("/produk/?page=2&gclid=x")) == "http://testserver/produk/?page=2"
    )


def test_a_thousand_requests_with_made_up_parameters_add_no_cache_entries(client, shop):
    urls = ["/", "/produk/", shop["product"].get_absolute_url(), "/en/kategori/guci-vas/"]
    for url in urls:
        client.get(url)
    before = sorted(page_entries())
    assert len(before) == len(urls)
    rng = random.Random(16)

    def word(n):
        return "".join(rng.choices(string.ascii_letters + string.digits + "_-", k=n))

    statuses = set()
    for n in range(1000):
        query = "&".join(
            f"x{word(rng.randint(1, 12))}={word(rng.randint(0, 30))}" for _ in range(3)
        )
        response = client.get(f"{urls[n % len(urls)]}?{query}")
        statuses.add((response.status_code, response["X-Page-Cache"]))
    assert statuses == {(200, "hit")}
    assert sorted(page_entries()) == before


@pytest.mark.parametrize(
    "first, second",
    [
        ("/produk/?q=guci", "/produk/?q=+guci++&utm_campaign=lebaran"),
        ("/produk/?q=guci+plered", "/produk/?q=guci%20%20plered"),
        ("/produk/?harga_min=50000", "/produk/?harga_min=Rp50.000"),
        ("/produk/?harga_min=50000", "/produk/?harga_min=50.000"),
        ("/produk/?tersedia=on", "/produk/?tersedia=1"),
        ("/produk/", "/produk/?q=&kategori=&harga_min=&page=1"),
        ("/produk/?q=guci&urut=termurah", "/produk/?urut=termurah&q=guci"),
        ("/produk/?q=guci", "/produk/?q=batik&q=guci"),
        ("/produk/?page=2", "/produk/?page=02"),
        ("/produk/?kategori=guci-vas", "/produk/?kategori=guci-vas&unknown=1"),
    ],
)
def test_spellings_of_one_listing_share_one_entry(client, shop, first, second):
    assert client.get(first)["X-Page-Cache"] == "miss"
    entries = len(page_entries())
    assert client.get(second)["X-Page-Cache"] == "hit"
    assert len(page_entries()) == entries


@pytest.mark.parametrize(
    "url",
    [
        "/produk/?harga_min=abc",
        "/produk/?harga_min=-5",
        "/produk/?harga_min=90000&harga_maks=10000",
        "/produk/?kategori=tidak-ada",
        "/produk/?galeri=tidak-ada",
        "/produk/?kecamatan=Atlantis",
        "/produk/?urut=acak",
        "/produk/?q=" + "guci" * 30,
        "/produk/?q=guci%00",
        "/produk/?page=3",
        "/produk/?page=999999",
        "/produk/?page=abc",
        "/produk/?page=0",
        "/kategori/guci-vas/?kategori=guci-vas",
        "/umkm/?kecamatan=Atlantis",
        "/umkm/?category=tidak-ada",
    ],
)
def test_refused_values_are_served_fresh_and_never_stored(client, shop, url):
    before = sorted(page_entries())
    first, again = client.get(url), client.get(url)
    assert first.status_code == again.status_code
    assert first.status_code in (200, 404)
    assert first["X-Page-Cache"] == again["X-Page-Cache"] == "pass"
    assert sorted(page_entries()) == before


def test_a_refused_filter_still_says_what_was_wrong(client, shop):
    page = client.get("/en/produk/?harga_min=90000&harga_maks=10000").content.decode()
    assert "The highest price is below the lowest price." in page


def test_pages_of_a_listing_that_exist_are_cached(client, shop):
    for url in (
        "/produk/?page=2",
        "/kategori/guci-vas/?urut=termurah",
        "/produk/?kategori=guci-vas",
    ):
        assert client.get(url)["X-Page-Cache"] == "miss"
        assert client.get(url)["X-Page-Cache"] == "hit"


def test_a_view_that_declares_nothing_is_cached_only_at_its_clean_address(settings):
    @public_page
    def undeclared(request):
        return TemplateResponse(request, TEMPLATE, {"calls": 0, "words": request.GET.get("q")})

    def fetch(path):
        request = RequestFactory().get(path)
        return undeclared(request)

    assert fetch("/x/?utm_source=a")["X-Page-Cache"] == "miss"
    assert fetch("/x/?gclid=b")["X-Page-Cache"] == "hit"
    assert fetch("/x/?q=guci")["X-Page-Cache"] == "pass"
