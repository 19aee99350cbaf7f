"""CSV exports of the counter's sales and returns, and the channel column of the order export."""

import pytest
from django.utils import translation

from backoffice import exports
from backoffice.channels import Channel
from counter.models import PaymentMethod, Sale
from tests.factories import StaffFactory

from .counter_world import build
from .test_exports import export_url, header_of, read_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(outlets, cashier, staf_dinas):
    return build(outlets, cashier, staf_dinas)


def label(choice):
    with translation.override("id"):
        return str(choice.label)


def test_counter_export_has_one_row_per_receipt_line(client, world, staf_galeri):
    client.force_login(staf_galeri)
    rows = read_csv(client.get(export_url("counter", "sale")))
    assert rows[0] == header_of(exports.COUNTER_SALE_LINES)
    by_line = {(row[0], row[5]): dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    a, b, c, d = (receipt.number for receipt in world["receipts"])
    # A: guci, simping; B: guci, simping; C (voided): simping; D: simping.
    guci, simping = "Guci Motif Daun", "Simping Kaum Original"
    assert [key for key in by_line] == [
        (a, guci),
        (a, simping),
        (b, guci),
        (b, simping),
        (c, simping),
        (d, simping),
    ]
    guci_b = list(by_line[(b, "Guci Motif Daun")].values())
    assert guci_b == [
        b,
        "Galeri Menong 1",
        "2026-12-06 11:00",
        "Asep Sunandar",
        "Gerabah Anjun",
        "Guci Motif Daun",
        "Keramik Uji",
        "150000",
        "1",
        "10000",
        "Glasir tergores sedikit",
        "140000",
        label(Sale.Status.COMPLETED),
        "QRIS",
        label(Channel.COUNTER),
    ]
    voided = list(by_line[(c, "Simping Kaum Original")].values())
    assert (voided[8], voided[11], voided[12]) == ("5", "125000", label(Sale.Status.VOIDED))
    standing = [row for row in rows[1:] if row[12] == label(Sale.Status.COMPLETED)]
    # The line totals of the receipts that stand: 375.000 + 190.000 + 50.000.
    assert sum(int(row[11]) for row in standing) == 615_000
    assert by_line[(d, "Simping Kaum Original")][rows[0][13]] == label(PaymentMethod.CASH)


def test_counter_export_applies_the_receipt_lists_filters(client, world, staf_galeri):
    client.force_login(staf_galeri)
    voided = read_csv(client.get(export_url("counter", "sale", "?status__exact=voided")))
    assert [(row[0], row[8]) for row in voided[1:]] == [(world["receipts"][2].number, "5")]


def test_return_export_has_one_row_per_returned_item_negative(client, world, staf_galeri):
    client.force_login(staf_galeri)
    rows = read_csv(client.get(export_url("counter", "salereturn")))
    assert rows[0] == header_of(exports.SALE_RETURN_LINES)
    return_b, return_a1, return_a2 = world["returns"]
    assert [(row[0], row[6], row[9], row[10]) for row in rows[1:]] == [
        (return_b.reference, "Guci Motif Daun", "-1", "-140000"),
        (return_a1.reference, "Simping Kaum Original", "-1", "-25000"),
        (return_a2.reference, "Simping Kaum Original", "-1", "-25000"),
    ]
    assert {row[-1] for row in rows[1:]} == {label(Channel.RETURN)}
    assert sum(int(row[10]) for row in rows[1:]) == -190_000


def test_order_export_says_its_channel(client, world, staf_galeri):
    client.force_login(staf_galeri)
    rows = read_csv(client.get(export_url("orders", "order")))
    assert rows[0][-1] == header_of(exports.ORDER_LINES)[-1]
    assert {row[-1] for row in rows[1:]} == {label(Channel.ONLINE)}


def test_counter_exports_need_the_counters_view_permission(client, world, staf_dinas):
    client.force_login(StaffFactory(email="tanpa.grup@contoh.id"))
    assert client.get(export_url("counter", "sale")).status_code == 403
    assert client.get(export_url("counter", "salereturn")).status_code == 403
    # District staff read the figures: the counter's exports are theirs too.
    client.force_login(staf_dinas)
    assert client.get(export_url("counter", "sale")).status_code == 200
    assert client.get(export_url("counter", "salereturn")).status_code == 200
