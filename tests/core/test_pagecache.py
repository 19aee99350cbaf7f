import pytest
from django.middleware.csrf import CsrfViewMiddleware, _unmask_cipher_token
from django.template import engines
from django.template.response import TemplateResponse
from django.test import Client, RequestFactory

from core.pagecache import catalogue_changed, public_page

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]

TEMPLATE = engines["django"].from_string(
    '<p>{{ calls }}</p><form method="post">{% csrf_token %}</form>'
)
calls = {"n": 0}


@public_page
def page_view(request):
    calls["n"] += 1
    return TemplateResponse(request, TEMPLATE, {"calls": calls["n"]})


def get(path="/produk/?q=guci", **cookies):
    request = RequestFactory().get(path)
    request.COOKIES.update(cookies)
    # The CSRF middleware reads the cookie into META before the view runs.
    CsrfViewMiddleware(lambda r: None).process_request(request)
    response = page_view(request)
    return request, response


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


def test_visitors_with_a_session_always_get_a_fresh_page():
    get()
    _, response = get(sessionid="abc")
    assert "X-Page-Cache" not in response
    assert calls["n"] == 2


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
