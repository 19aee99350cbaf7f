"""Bar 2: a batch of food stops being available at midnight, Jakarta time, on its expiry date,
with nothing run: the minute before it still sells online and at the counter and shows as
available; at midnight it is sold nowhere and shown nowhere, the page cache included."""

import datetime
import json
import re
import secrets
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from counter.models import Assignment
from counter.services import CounterError, LineInput, PaymentInput, sale_record, shift_open
from gallery.models import Batch, StockLevel
from gallery.services import BatchSpec, stock_receive
from orders.services import OrderItemsUnavailable, order_place
from tests.factories import CategoryFactory, OutletFactory, ProductFactory, StaffFactory

pytestmark = pytest.mark.django_db

JAKARTA = ZoneInfo("Asia/Jakarta")
EXPIRES = datetime.date(2027, 1, 12)
MINUTE_BEFORE = datetime.datetime(2027, 1, 11, 23, 59, tzinfo=JAKARTA)
MIDNIGHT = datetime.datetime(2027, 1, 12, 0, 0, tzinfo=JAKARTA)


@pytest.fixture
def snack(db):
    staff = StaffFactory(email="kasir@contoh.id", groups=["Staf Galeri"])
    outlet = OutletFactory(slug="galeri-menong-1")
    Assignment.objects.create(outlet=outlet, user=staff)
    food = CategoryFactory(
        slug="uji-camilan", name_id="Camilan Uji", name_en="Snacks", is_food=True
    )
    product = ProductFactory(
        category=food, name="Simping Kaum", slug="simping-kaum", price=20_000, shelf_life_days=60
    )
    with time_machine.travel(datetime.datetime(2026, 12, 1, 9, 0, tzinfo=JAKARTA), tick=False):
        stock_receive(
            outlet=outlet,
            product=product,
            quantity=10,
            by=staff,
            batch=BatchSpec(code="SK-2611", expires_on=EXPIRES),
        )
    return staff, outlet, product


def order(outlet, product, quantity=1):
    return order_place(
        cart_lines=[(product.pk, quantity)],
        customer=None,
        name="Siti",
        phone="081234567890",
        outlet=outlet,
        idempotency_key=secrets.token_urlsafe(16),
    )


def counter_sale(staff, outlet, product):
    return sale_record(
        outlet=outlet,
        by=staff,
        lines=[LineInput(product.pk, 1)],
        payments=[PaymentInput("cash", product.price, tendered=product.price)],
        idempotency_key=secrets.token_urlsafe(16),
    )


def offer_availability(html):
    for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
        data = json.loads(block)
        if data.get("@type") == "Product":
            return data["offers"]["availability"].rsplit("/", 1)[-1]
    raise AssertionError("no Product in the JSON-LD")


def shown(product):
    client = Client()
    page = client.get(f"/produk/{product.slug}/")
    in_stock = client.get("/produk/?tersedia=on")
    return {
        "page says in stock": page.context["available"] > 0,
        "json-ld": offer_availability(page.content.decode()),
        "in-stock filter": product.slug in [p.slug for p in in_stock.context["listing"].products],
        "outlet level": StockLevel.objects.in_stock().filter(product=product).exists(),
    }


def test_the_minute_before_midnight_the_batch_sells_online_and_at_the_counter(snack):
    staff, outlet, product = snack
    with time_machine.travel(MINUTE_BEFORE, tick=False):
        shift_open(outlet=outlet, by=staff, opening_float=0)
        assert shown(product) == {
            "page says in stock": True,
            "json-ld": "InStock",
            "in-stock filter": True,
            "outlet level": True,
        }
        order(outlet, product)
        counter_sale(staff, outlet, product)
    batch = Batch.objects.get()
    assert (batch.on_hand, batch.reserved) == (9, 1)


def test_at_midnight_the_batch_is_neither_sold_nor_shown_anywhere(snack):
    staff, outlet, product = snack
    with time_machine.travel(MIDNIGHT, tick=False):
        shift_open(outlet=outlet, by=staff, opening_float=0)
        assert shown(product) == {
            "page says in stock": False,
            "json-ld": "OutOfStock",
            "in-stock filter": False,
            "outlet level": False,
        }
        with pytest.raises(OrderItemsUnavailable):
            order(outlet, product)
        with pytest.raises(CounterError, match=r"Not enough stock|Stok di gerai ini tidak cukup"):
            counter_sale(staff, outlet, product)
    batch = Batch.objects.get()
    assert (batch.on_hand, batch.reserved) == (10, 0)


def test_cached_pages_turn_over_at_midnight(snack, settings):
    settings.PAGE_CACHE_SECONDS = 3600
    _staff, _outlet, product = snack
    with time_machine.travel(MINUTE_BEFORE, tick=False) as traveller:
        before = Client().get(f"/produk/{product.slug}/").content.decode()
        assert offer_availability(before) == "InStock"
        traveller.move_to(MIDNIGHT)
        after = Client().get(f"/produk/{product.slug}/").content.decode()
    assert offer_availability(after) == "OutOfStock"


def test_a_later_batch_keeps_the_product_available_after_the_first_expires(snack):
    staff, outlet, product = snack
    with time_machine.travel(datetime.datetime(2027, 1, 5, 9, 0, tzinfo=JAKARTA), tick=False):
        stock_receive(
            outlet=outlet,
            product=product,
            quantity=4,
            by=staff,
            batch=BatchSpec(code="SK-2701", expires_on=datetime.date(2027, 3, 1)),
        )
    with time_machine.travel(MIDNIGHT, tick=False):
        assert shown(product)["json-ld"] == "InStock"
        assert StockLevel.objects.with_available().get(product=product).available_quantity == 4
        placed = order(outlet, product, 4)
        with pytest.raises(OrderItemsUnavailable):
            order(outlet, product)
    assert placed.lines.get().quantity == 4
    later = Batch.objects.get(code="SK-2701")
    assert (later.on_hand, later.reserved) == (4, 4)


def test_a_batch_of_another_product_is_refused_with_a_message(snack):
    from gallery.services import StockError, stock_return_to_vendor

    staff, outlet, product = snack
    other = ProductFactory(category=product.category, name="Opak Ketan")
    with pytest.raises(StockError, match="SK-2611"):
        stock_return_to_vendor(
            outlet=outlet, product=other, quantity=1, by=staff, batch=Batch.objects.get()
        )
    assert Batch.objects.get().on_hand == 10
