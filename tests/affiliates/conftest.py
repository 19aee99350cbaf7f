import datetime
import re
import secrets

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation

from affiliates import services
from gallery.services import stock_receive
from orders.models import JAKARTA
from orders.services import order_collect, order_mark_ready, order_place
from tests.factories import OutletFactory, ProductFactory, StaffFactory, UserFactory

DETAILS = {"name": "Rahmawati Kusuma", "phone": "0813-9999-0000", "email": "", "note": ""}


def jakarta(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text).replace(tzinfo=JAKARTA)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def staf_dinas(db):
    Group.objects.get_or_create(name="Staf Dinas")
    return StaffFactory(email="dinas@contoh.id", full_name="Dewi Lestari", groups=["Staf Dinas"])


@pytest.fixture
def cashier(db):
    return StaffFactory(email="kasir@contoh.id", full_name="Rina Kasir")


@pytest.fixture
def outlet(db):
    return OutletFactory(name="Galeri Menong 1", slug="galeri-menong-1", position=1)


@pytest.fixture
def product(outlet, cashier):
    product = ProductFactory(name="Guci Keramik Plered", price=150_000)
    stock_receive(outlet=outlet, product=product, quantity=50, by=cashier)
    return product


@pytest.fixture
def make_affiliate(staf_dinas):
    def make(email, *, approve=True, **kwargs):
        user = kwargs.pop("user", None) or UserFactory(email=email, full_name=email.split("@")[0])
        affiliate = services.affiliate_apply(
            user=user,
            whatsapp=kwargs.pop("whatsapp", f"+62812{secrets.randbelow(10**8):08d}"),
            bank_name="BJB",
            account_number="0012345678",
            account_holder=user.full_name,
        )
        if approve:
            affiliate = services.affiliate_approve(affiliate=affiliate, by=staf_dinas)
        return affiliate

    return make


@pytest.fixture
def affiliate(make_affiliate):
    return make_affiliate("budi@contoh.id")


def follow(client, code, ke="/", address="10.0.0.1"):
    return client.get(f"/a/{code}/", {"ke": ke}, REMOTE_ADDR=address)


def checkout(client, product, outlet, quantity=1, **details):
    """Add to the cart and place the order through the pages, as a shopper does."""
    client.post(reverse("orders:cart-add"), {"product": product.pk, "quantity": quantity})
    response = client.post(reverse("orders:checkout"), {**DETAILS, "outlet": outlet.pk, **details})
    assert response.status_code == 302, response.context["form"].errors
    page = client.get(reverse("orders:checkout-review")).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    response = client.post(reverse("orders:checkout-place"), {"token": token})
    assert response.status_code == 302
    from orders.models import Order

    return Order.objects.get(idempotency_key=token)


def place(outlet, items, *, phone="+6281399990000", email="", customer=None):
    return order_place(
        cart_lines=items,
        customer=customer,
        name="Rahmawati Kusuma",
        phone=phone,
        email=email,
        outlet=outlet,
        idempotency_key=secrets.token_hex(16),
    )


def collect(order, by):
    order_mark_ready(order=order, by=by)
    return order_collect(order=order, by=by, payment_method="cash")
