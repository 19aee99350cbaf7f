"""Voids, returns and flagged sales through the pages: who may, what the ledger records, and that
nothing is lost or done twice."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from counter.models import Sale, SaleReturn
from counter.services import shift_close
from gallery.models import StockLevel, StockMovement
from tests.counter.conftest import assign
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def url(outlet, name, **kwargs):
    return reverse(f"counter:{name}", kwargs={"outlet": outlet.slug, **kwargs})


def on_hand(outlet, product):
    return StockLevel.objects.get(outlet=outlet, product=product).on_hand


@pytest.fixture
def as_cashier(client, cashier):
    client.force_login(cashier)
    return client


@pytest.fixture
def as_supervisor(client, supervisor):
    client.force_login(supervisor)
    return client


def return_data(sale, key="kunci-retur-1", reason="Retak di bibir guci", method="cash", **lines):
    data = {"reason": reason, "refund_method": method, "idempotency_key": key}
    for line in sale.lines.all():
        quantity, condition = lines.get(str(line.product_id), (0, "shelf"))
        data[f"quantity_{line.pk}"] = str(quantity)
        data[f"condition_{line.pk}"] = condition
    return data


# Voids


def test_a_cashier_without_the_permission_cannot_void(as_cashier, outlet, shift, sell, vase):
    sale = sell((vase, 1))
    assert as_cashier.get(url(outlet, "receipt-void", number=sale.number)).status_code == 403
    response = as_cashier.post(
        url(outlet, "receipt-void", number=sale.number), {"reason": "Salah input"}
    )
    assert response.status_code == 403
    sale.refresh_from_db()
    assert not sale.is_voided


def test_a_supervisor_voids_with_a_reason_and_the_goods_go_back(
    as_supervisor, outlet, shift, sell, vase, supervisor
):
    sale = sell((vase, 2))
    assert on_hand(outlet, vase) == 8
    page = as_supervisor.get(url(outlet, "receipt-void", number=sale.number))
    assert page.status_code == 200
    assert "Guci Motif Daun" in page.content.decode()

    no_reason = as_supervisor.post(url(outlet, "receipt-void", number=sale.number), {"reason": ""})
    assert no_reason.status_code == 200
    sale.refresh_from_db()
    assert not sale.is_voided

    response = as_supervisor.post(
        url(outlet, "receipt-void", number=sale.number), {"reason": "Pembeli batal"}
    )
    assert response.status_code == 302
    assert response["Location"] == sale.get_absolute_url()
    sale.refresh_from_db()
    assert (sale.status, sale.voided_by, sale.void_reason) == (
        "voided",
        supervisor,
        "Pembeli batal",
    )
    assert on_hand(outlet, vase) == 10
    assert StockMovement.objects.filter(
        kind="sale_return", reference=sale.number, on_hand_change=2
    ).exists()


def test_a_void_after_the_shift_closed_is_refused_with_a_message(
    as_supervisor, outlet, shift, sell, vase, cashier
):
    sale = sell((vase, 1))
    shift_close(shift=shift, by=cashier, counted_cash=350_000)
    response = as_supervisor.post(
        url(outlet, "receipt-void", number=sale.number), {"reason": "Pembeli batal"}
    )
    assert response.status_code == 200
    assert "Only receipts of the open shift can be voided" in response.content.decode()
    sale.refresh_from_db()
    assert not sale.is_voided
    assert on_hand(outlet, vase) == 9


def test_a_receipt_of_another_outlet_is_not_found(as_supervisor, outlet, other_outlet):
    response = as_supervisor.get(url(outlet, "receipt-void", number="GM999-250101-0001"))
    assert response.status_code == 404


# Returns


def test_the_return_page_offers_what_can_still_come_back(as_cashier, outlet, shift, sell, vase):
    sale = sell((vase, 2))
    html = as_cashier.get(url(outlet, "receipt-return", number=sale.number)).content.decode()
    assert "Guci Motif Daun" in html
    assert "2 can still be returned" in html
    assert 'name="idempotency_key"' in html


def test_a_return_back_on_the_shelf_and_one_damaged(as_cashier, outlet, shift, sell, vase, simping):
    sale = sell((vase, 2), (simping, 4))
    response = as_cashier.post(
        url(outlet, "receipt-return", number=sale.number),
        return_data(sale, **{str(vase.pk): (1, "damaged"), str(simping.pk): (2, "shelf")}),
    )
    assert response.status_code == 302
    assert response["Location"] == sale.get_absolute_url()
    sale_return = SaleReturn.objects.get()
    assert sale_return.refund_amount == 150_000 + 50_000
    assert sale_return.refund_method == "cash"
    moves = StockMovement.objects.filter(reference=sale_return.reference)
    assert set(moves.values_list("product_id", "kind", "on_hand_change")) == {
        (vase.pk, "sale_return", 1),
        (vase.pk, "loss", -1),
        (simping.pk, "sale_return", 2),
    }
    assert on_hand(outlet, vase) == 8  # damaged: written off, not back on the shelf
    assert on_hand(outlet, simping) == 38


def test_a_quantity_above_what_is_returnable_is_refused(as_cashier, outlet, shift, sell, vase):
    sale = sell((vase, 2))
    response = as_cashier.post(
        url(outlet, "receipt-return", number=sale.number),
        return_data(sale, **{str(vase.pk): (3, "shelf")}),
    )
    assert response.status_code == 200
    assert "Only 2 of Guci Motif Daun can still be returned" in response.content.decode()
    assert not SaleReturn.objects.exists()
    assert on_hand(outlet, vase) == 8


def test_a_double_post_makes_one_return(as_cashier, outlet, shift, sell, vase):
    sale = sell((vase, 2))
    data = return_data(sale, **{str(vase.pk): (2, "shelf")})
    first = as_cashier.post(url(outlet, "receipt-return", number=sale.number), data)
    second = as_cashier.post(url(outlet, "receipt-return", number=sale.number), data)
    assert first.status_code == second.status_code == 302
    assert SaleReturn.objects.count() == 1
    assert on_hand(outlet, vase) == 10


def test_a_return_needs_a_reason_and_an_item(as_cashier, outlet, shift, sell, vase):
    sale = sell((vase, 1))
    no_reason = as_cashier.post(
        url(outlet, "receipt-return", number=sale.number),
        return_data(sale, reason="", **{str(vase.pk): (1, "shelf")}),
    )
    nothing = as_cashier.post(url(outlet, "receipt-return", number=sale.number), return_data(sale))
    assert no_reason.status_code == nothing.status_code == 200
    assert "Choose at least one item to return." in nothing.content.decode()
    assert not SaleReturn.objects.exists()


def test_a_user_without_the_return_permission_gets_403(client, outlet, shift, sell, vase):
    clerk = assign(StaffFactory(email="magang@contoh.id"), outlet)
    clerk.user_permissions.add(Permission.objects.get(codename="sell_at_counter"))
    sale = sell((vase, 1))
    client.force_login(clerk)
    assert client.get(url(outlet, "receipt-return", number=sale.number)).status_code == 403


# Sales flagged for attention


def test_flagged_sales_are_listed_and_a_supervisor_resolves_them(
    as_cashier, client, outlet, shift, sell, vase, supervisor, receive
):
    flagged = sell((vase, 12), offline=True)  # 10 on the shelf: 2 units could not be taken
    assert flagged.needs_attention
    page = as_cashier.get(url(outlet, "attention"))
    html = page.content.decode()
    assert flagged.number in html
    assert "2 units not taken from stock" in html
    assert "Mark resolved" not in html  # the cashier may not resolve
    refused = as_cashier.post(
        url(outlet, "receipt-resolve", number=flagged.number), {"note": "Sudah dicek"}
    )
    assert refused.status_code == 403

    client.force_login(supervisor)
    assert "Mark resolved" in client.get(url(outlet, "attention")).content.decode()
    no_note = client.post(
        url(outlet, "receipt-resolve", number=flagged.number), {"note": ""}, follow=True
    )
    assert "Say how the sale was resolved." in no_note.content.decode()
    short = client.post(
        url(outlet, "receipt-resolve", number=flagged.number),
        {"note": "Barang ada di gudang"},
        follow=True,
    )
    assert "Correct the shelf" in short.content.decode()

    receive(vase, outlet, 2)
    done = client.post(
        url(outlet, "receipt-resolve", number=flagged.number),
        {"note": "Dua guci datang dari gudang"},
        follow=True,
    )
    assert "is resolved" in done.content.decode()
    flagged.refresh_from_db()
    assert flagged.resolved_by == supervisor
    assert flagged.lines.get().unposted_quantity == 0
    assert flagged.number not in client.get(url(outlet, "attention")).content.decode()
    assert not Sale.objects.needing_attention().exists()
