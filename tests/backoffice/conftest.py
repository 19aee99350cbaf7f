import datetime
import secrets
from html.parser import HTMLParser

import pytest
import time_machine
from django.contrib.auth.models import Group

from backoffice.months import JAKARTA
from gallery.services import stock_receive
from orders.services import order_cancel, order_collect, order_mark_ready, order_place
from tests.factories import OutletFactory, StaffFactory


def jakarta(text: str) -> datetime.datetime:
    """``"2026-01-31 23:30"`` as an aware moment in Jakarta time."""
    return datetime.datetime.fromisoformat(text).replace(tzinfo=JAKARTA)


def sell(*, outlet, items, when, by, collect=True):
    """Stock the goods, place the order, pack it and (by default) hand it over and take payment,
    all through the services, at ``when`` (Jakarta). The ledger gets its real rows."""
    with time_machine.travel(jakarta(when), tick=False):
        for product, quantity in items:
            stock_receive(outlet=outlet, product=product, quantity=quantity, by=by)
        order = order_place(
            cart_lines=items,
            customer=None,
            name="Ibu Sari Rahayu",
            phone="0812 3456 7890",
            outlet=outlet,
            idempotency_key=secrets.token_hex(16),
        )
        order_mark_ready(order=order, by=by)
        if collect:
            order_collect(order=order, by=by, payment_method="cash")
    order.refresh_from_db()
    return order


def cancel(order, *, when, by):
    with time_machine.travel(jakarta(when), tick=False):
        return order_cancel(order=order, by=by, reason="Pembeli tidak jadi datang")


@pytest.fixture
def cashier(db):
    return StaffFactory(email="kasir@contoh.id", full_name="Rina Kasir", groups=["Staf Galeri"])


@pytest.fixture
def staf_dinas(db):
    Group.objects.get_or_create(name="Staf Dinas")
    return StaffFactory(email="dinas@contoh.id", full_name="Dewi Lestari", groups=["Staf Dinas"])


@pytest.fixture
def staf_galeri(db):
    return StaffFactory(email="galeri@contoh.id", full_name="Budi Santoso", groups=["Staf Galeri"])


@pytest.fixture
def outlets(db):
    return (
        OutletFactory(name="Galeri Menong 1", slug="galeri-menong-1", position=1),
        OutletFactory(name="Galeri Menong 2", slug="galeri-menong-2", position=2),
    )


class _Tables(HTMLParser):
    """Rows of every table with an id: the text of each cell of the body rows."""

    def __init__(self):
        super().__init__()
        self.tables, self._table, self._row, self._cell, self._section = {}, None, None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and attrs.get("id"):
            self._table = self.tables.setdefault(attrs["id"], [])
        elif tag in ("thead", "tbody", "tfoot", "caption"):
            self._section = tag
        elif tag == "tr" and self._table is not None and self._section in ("tbody", None):
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "table":
            self._table = None
        elif tag in ("thead", "tbody", "tfoot", "caption"):
            self._section = None
        elif tag in ("td", "th") and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self._table.append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def tables(html) -> dict[str, list[list[str]]]:
    parser = _Tables()
    parser.feed(html if isinstance(html, str) else html.decode())
    return parser.tables
