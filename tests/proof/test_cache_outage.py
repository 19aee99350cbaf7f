"""The shared cache (a real redis-server) stops in the middle of shopping: nothing breaks.

Public pages are served fresh, the checkout places the order, rate limits let people through,
``/healthz`` says the cache is down; when Redis is back the site uses it again.
"""

import logging
import re
import shutil
import socket
import subprocess
import time

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from redis import StrictRedis

from gallery.services import stock_receive
from orders.models import Order
from tests.factories import CategoryFactory, OutletFactory, ProductFactory, StaffFactory

pytestmark = pytest.mark.django_db


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Redis:
    def __init__(self, tmp_path):
        self.port = free_port()
        self.folder = tmp_path
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server") or "/usr/bin/redis-server",
                "--bind", "127.0.0.1",
                "--port", str(self.port),
                "--save", "",
                "--appendonly", "no",
                "--dir", str(self.folder),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture
def redis(settings, tmp_path):
    server = Redis(tmp_path)
    server.start()
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{server.port}/0",
            "OPTIONS": {"CACHE_RETRY_SECONDS": 0.2},
        }
    }
    settings.PAGE_CACHE_SECONDS = 60
    settings.SESSION_READ_FROM_CACHE = True  # as with Redis in production
    yield server
    server.stop()


@pytest.fixture
def shop(db):
    outlet = OutletFactory()
    category = CategoryFactory(name_id="Keramik", name_en="Ceramics")
    product = ProductFactory(name="Guci Keramik Plered", price=150_000, category=category)
    stock_receive(outlet=outlet, product=product, quantity=10, by=StaffFactory())
    return outlet, category, product


def public_pages(outlet, category, product):
    return [
        reverse("core:home"),
        reverse("products:catalogue"),
        reverse("products:catalogue") + "?q=keramik",
        reverse("products:catalogue") + "?q=plred",
        category.get_absolute_url(),
        product.get_absolute_url(),
        reverse("vendors:vendor-list"),
        product.vendor.get_absolute_url(),
        reverse("gallery:outlet-list"),
        outlet.get_absolute_url(),
        reverse("training:session-list"),
        "/en/produk/",
        "/sitemap.xml",
    ]


def check_out(client, outlet, product):
    assert (
        client.post(reverse("orders:cart-add"), {"product": product.pk, "quantity": 1}).status_code
        == 302
    )
    details = {"name": "Dewi", "phone": "0812-3456-7890", "email": "", "note": ""}
    response = client.post(reverse("orders:checkout"), {**details, "outlet": outlet.pk})
    assert response.status_code == 302
    review = client.get(reverse("orders:checkout-review"))
    assert review.status_code == 200
    token = re.search(r'name="token" value="([^"]+)"', review.content.decode()).group(1)
    placed = client.post(reverse("orders:checkout-place"), {"token": token})
    assert placed.status_code == 302
    return placed


def health(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    return response.json()


def test_when_the_cache_server_stops_every_page_and_the_checkout_still_answer(redis, shop, caplog):
    outlet, _category, product = shop
    anonymous, shopper = Client(), Client()
    pages = public_pages(*shop)
    for page in pages:
        assert anonymous.get(page).status_code == 200, page
    assert health(anonymous)["cache"] == "up"
    assert StrictRedis(port=redis.port).dbsize() > 0  # the pages were kept in this server
    check_out(shopper, outlet, product)

    redis.stop()
    with caplog.at_level(logging.ERROR, logger="galeri.cache"):
        for client in (anonymous, shopper, Client()):
            for page in pages:
                response = client.get(page)
                assert response.status_code == 200, (page, response.status_code)
        check_out(shopper, outlet, product)
        report = health(anonymous)

    assert report["cache"] == "down"
    assert report["status"] == "degraded"
    assert Order.objects.count() == 2
    assert any("cache unavailable" in record.getMessage() for record in caplog.records)
    # Still down, the pages did not wait on it: one log line per outage, not one per call.
    assert sum("cache unavailable" in r.getMessage() for r in caplog.records) == 1

    redis.start()
    time.sleep(0.3)
    assert health(anonymous)["cache"] == "up"
    cache.set("back", "yes")
    assert cache.get("back") == "yes"


def test_a_cache_that_never_answered_still_serves_pages(settings, shop, caplog):
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
        }
    }
    settings.PAGE_CACHE_SECONDS = 60
    for page in public_pages(*shop):
        assert Client().get(page).status_code == 200, page
    assert health(Client())["cache"] == "down"


def test_a_shoppers_session_is_read_from_redis_and_survives_its_outage(redis, shop):
    _outlet, _category, product = shop
    shopper = Client()
    assert shopper.post(reverse("orders:cart-add"), {"product": product.pk, "quantity": 2})
    page = product.get_absolute_url()
    shopper.get(page)
    with CaptureQueriesContext(connection) as read:
        response = shopper.get(page)
    assert response["X-Page-Cache"] == "hit" and '<span class="badge">2</span>' in response.text
    assert not [q for q in read.captured_queries if "django_session" in q["sql"]]

    redis.stop()
    with CaptureQueriesContext(connection) as read:
        response = shopper.get(page)
    assert '<span class="badge">2</span>' in response.text  # from the database, nothing lost
    assert [q for q in read.captured_queries if "django_session" in q["sql"]]


def test_every_cache_call_of_a_process_goes_through_one_redis_client(redis, shop):
    """Django would build a ``redis.Redis`` around the pool on each call (0.1 ms, several times a
    cached page's Redis round trip); one client per pool serves them all, and survives an outage."""
    cache.set("one", 1)
    client = cache._cache.get_client(write=True)
    assert cache.get("one") == 1
    assert cache._cache.get_client(write=False) is client
    redis.stop()
    assert cache.get("one") is None
    redis.start()
    cache.close()
    cache._down_until = 0.0
    cache.set("two", 2)
    assert cache.get("two") == 2
    assert cache._cache.get_client() is client
