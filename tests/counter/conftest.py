"""The counter's world: an outlet with stock, a cashier and a supervisor assigned to it, a shift."""

import secrets

import pytest
from django.utils import translation

from counter.models import Assignment
from counter.services import LineInput, PaymentInput, sale_record, shift_open
from gallery.services import stock_receive
from tests.factories import (
    CategoryFactory,
    OutletFactory,
    ProductFactory,
    StaffFactory,
    VendorFactory,
)


@pytest.fixture(autouse=True)
def english():
    """Tests read English messages, and reverse() gives the /en/ pages."""
    with translation.override("en"):
        yield


@pytest.fixture
def outlet(db):
    return OutletFactory(name="Galeri Menong 1", slug="galeri-menong-1", position=1)


@pytest.fixture
def other_outlet(db):
    return OutletFactory(name="Galeri Menong 2", slug="galeri-menong-2", position=2)


def assign(user, outlet):
    Assignment.objects.create(user=user, outlet=outlet)
    return user


@pytest.fixture
def cashier(outlet):
    return assign(
        StaffFactory(email="kasir@contoh.id", full_name="Dewi Lestari", groups=["Staf Galeri"]),
        outlet,
    )


@pytest.fixture
def supervisor(outlet):
    return assign(
        StaffFactory(
            email="supervisor@contoh.id",
            full_name="Asep Sunandar",
            groups=["Staf Galeri", "Supervisor Galeri"],
        ),
        outlet,
    )


@pytest.fixture
def keeper(db):
    """Who brings stock in: the ledger needs a name on every row."""
    return StaffFactory(email="gudang@contoh.id", groups=["Staf Galeri"])


@pytest.fixture
def receive(keeper):
    def receive(product, outlet, quantity):
        stock_receive(outlet=outlet, product=product, quantity=quantity, by=keeper)
        return product

    return receive


@pytest.fixture
def ceramics(db):
    return CategoryFactory(slug="keramik", name_id="Keramik", name_en="Ceramics")


@pytest.fixture
def snacks(db):
    return CategoryFactory(slug="kuliner", name_id="Kuliner", name_en="Food")


@pytest.fixture
def potter(db):
    return VendorFactory(business_name="Gerabah Anjun", slug="gerabah-anjun")


@pytest.fixture
def baker(db):
    return VendorFactory(business_name="Simping Kaum", slug="simping-kaum")


@pytest.fixture
def vase(outlet, receive, potter, ceramics):
    return receive(
        ProductFactory(name="Guci Motif Daun", price=150_000, vendor=potter, category=ceramics),
        outlet,
        10,
    )


@pytest.fixture
def simping(outlet, receive, baker, snacks):
    return receive(
        ProductFactory(name="Simping Kaum Original", price=25_000, vendor=baker, category=snacks),
        outlet,
        40,
    )


@pytest.fixture
def shift(outlet, cashier):
    return shift_open(outlet=outlet, by=cashier, opening_float=200_000)


@pytest.fixture
def sell(outlet, cashier):
    """Record a sale through the service: ``sell((product, qty), ..., cash=..., qris=...)``.

    Without payments given, the buyer pays the exact total in cash.
    """

    def sell(
        *items, at=None, by=None, cash=None, tendered=None, qris=0, transfer=0, key=None, **kw
    ):
        lines = [
            item
            if isinstance(item, LineInput)
            else LineInput(product_id=item[0].pk, quantity=item[1])
            for item in items
        ]
        payments = []
        if qris:
            payments.append(PaymentInput(method="qris", amount=qris))
        if transfer:
            payments.append(PaymentInput(method="transfer", amount=transfer))
        if cash is None and not payments:
            from products.models import Product

            prices = dict(
                Product.objects.filter(pk__in=[line.product_id for line in lines]).values_list(
                    "pk", "price"
                )
            )
            cash = sum(prices[line.product_id] * line.quantity - line.discount for line in lines)
        if cash:
            payments.append(PaymentInput(method="cash", amount=cash, tendered=tendered or cash))
        return sale_record(
            outlet=at or outlet,
            by=by or cashier,
            lines=lines,
            payments=payments,
            idempotency_key=key or secrets.token_urlsafe(16),
            **kw,
        )

    return sell
