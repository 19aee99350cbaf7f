import secrets

import pytest
from django.utils import translation

from gallery.services import stock_receive
from orders.services import order_place
from tests.factories import OutletFactory, ProductFactory, StaffFactory, UserFactory

PHONE = "+6281234567890"


@pytest.fixture(autouse=True)
def english():
    """Tests read English messages, and reverse() gives the /en/ pages."""
    with translation.override("en"):
        yield


@pytest.fixture
def staff(db):
    return StaffFactory(email="staf.galeri@contoh.id", full_name="Dewi Lestari")


@pytest.fixture
def outlet(db):
    return OutletFactory(name="Galeri Menong 1", slug="galeri-menong-1", position=1)


@pytest.fixture
def other_outlet(db):
    return OutletFactory(name="Galeri Menong 2", slug="galeri-menong-2", position=2)


@pytest.fixture
def receive(staff):
    def receive(product, outlet, quantity):
        stock_receive(outlet=outlet, product=product, quantity=quantity, by=staff)
        return product

    return receive


@pytest.fixture
def product(outlet, receive):
    return receive(ProductFactory(name="Guci Keramik Plered", price=150_000), outlet, 10)


@pytest.fixture
def shopper(db):
    return UserFactory(email="siti@contoh.id", full_name="Siti Nurhaliza", phone="0812 3456 7890")


@pytest.fixture
def place(outlet):
    """Place an order through the service, with sensible defaults."""

    def place(lines, *, at=None, customer=None, phone=PHONE, email="", key=None, **kwargs):
        return order_place(
            cart_lines=lines,
            customer=customer,
            name=kwargs.pop("name", "Siti Nurhaliza"),
            phone=phone,
            email=email,
            outlet=at or outlet,
            idempotency_key=key or secrets.token_urlsafe(16),
            **kwargs,
        )

    return place
