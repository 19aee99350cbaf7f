"""Sales kept offline arrive at kirim/: recorded once, flagged when their stock went meanwhile,
refused with a message (never a failure) when they cannot be read."""

import json
import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from counter.models import Sale, Shift
from gallery.models import StockLevel
from tests.counter.conftest import assign
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def sync_url(outlet):
    return reverse("counter:sync", kwargs={"outlet": outlet.slug})


@pytest.fixture
def at_counter(client, cashier, shift):
    client.force_login(cashier)
    return client


def offline_sale(shift, *lines, tendered=None, **overrides):
    total = sum(product.price * quantity for product, quantity in lines)
    sale = {
        "idempotency_key": str(uuid.uuid4()),
        "lines": [{"product_id": product.pk, "quantity": quantity} for product, quantity in lines],
        "cash_tendered": tendered or total,
        "expected_total": total,
        "sold_at": (timezone.now() - timedelta(minutes=5)).isoformat().replace("+00:00", "Z"),
        "shift_id": shift.pk,
    }
    sale.update(overrides)
    return sale


def send(client, outlet, payload):
    body = payload if isinstance(payload, str | bytes) else json.dumps(payload)
    return client.post(sync_url(outlet), body, content_type="application/json")


def test_an_offline_sale_is_recorded_with_its_receipt_number(at_counter, outlet, shift, vase):
    Shift.objects.filter(pk=shift.pk).update(opened_at=timezone.now() - timedelta(hours=2))
    payload = offline_sale(shift, (vase, 2), tendered=400_000)

    response = send(at_counter, outlet, payload)

    assert response.status_code == 200
    answer = response.json()
    sale = Sale.objects.get()
    assert answer == {
        "number": sale.number,
        "url": sale.get_absolute_url(),
        "needs_attention": False,
    }
    assert sale.sent_offline and sale.shift == shift
    assert (sale.total, sale.change_given) == (300_000, 100_000)
    assert abs(sale.sold_at - (timezone.now() - timedelta(minutes=5))) < timedelta(minutes=1)
    assert StockLevel.objects.get(outlet=outlet, product=vase).on_hand == 8


def test_a_sale_sent_twice_is_recorded_once(at_counter, outlet, shift, vase):
    payload = offline_sale(shift, (vase, 1))

    first = send(at_counter, outlet, payload).json()
    second = send(at_counter, outlet, payload).json()

    assert first == second
    assert Sale.objects.count() == 1
    assert StockLevel.objects.get(outlet=outlet, product=vase).on_hand == 9


def test_a_sale_whose_stock_went_meanwhile_is_recorded_and_flagged(
    at_counter, outlet, shift, sell, vase
):
    sell((vase, 9))  # sold online at the counter while this device was offline

    response = send(at_counter, outlet, offline_sale(shift, (vase, 3)))

    assert response.status_code == 200
    assert response.json()["needs_attention"] is True
    sale = Sale.objects.get(number=response.json()["number"])
    assert sale.lines.get().unposted_quantity == 2
    assert StockLevel.objects.get(outlet=outlet, product=vase).on_hand == 0
    counter = at_counter.get(reverse("counter:sell", kwargs={"outlet": outlet.slug}))
    assert counter.context["attention_count"] == 1
    assert "1 sale kept offline needs attention." in counter.content.decode()


def test_a_sale_kept_in_a_shift_closed_since_stays_in_that_shift(
    at_counter, outlet, cashier, shift, vase
):
    from counter.services import shift_close, shift_open

    payload = offline_sale(shift, (vase, 1))
    shift_close(shift=shift, by=cashier, counted_cash=200_000)
    shift_open(outlet=outlet, by=cashier, opening_float=0)

    answer = send(at_counter, outlet, payload).json()

    sale = Sale.objects.get(number=answer["number"])
    assert sale.shift == shift and answer["needs_attention"] is True


@pytest.mark.parametrize(
    "payload",
    [
        "{not json",
        b"\xff\xfe",
        "[]",
        "null",
        {"lines": []},
        {"idempotency_key": "short"},
        {"lines": "x"},
        {"lines": [{"product_id": "1", "quantity": 1}]},
        {"lines": [{"product_id": 10**20, "quantity": 1}]},
        {"lines": [{"product_id": 1, "quantity": 0}]},
        {"lines": [{"product_id": 1, "quantity": True}]},
        {"lines": [[1, 1]]},
        {"expected_total": 0},
        {"expected_total": "150000"},
        {"cash_tendered": 1},
        {"cash_tendered": None},
        {"sold_at": "yesterday"},
        {"sold_at": 12},
        {"shift_id": "x"},
        {"shift_id": 10**20},
    ],
)
def test_a_malformed_sale_is_refused_with_a_message(at_counter, outlet, shift, vase, payload):
    if isinstance(payload, dict):
        payload = {**offline_sale(shift, (vase, 1)), **payload}

    response = send(at_counter, outlet, payload)

    assert response.status_code == 400
    assert response.json()["error"]
    assert not Sale.objects.exists()


def test_a_product_never_stocked_is_refused_with_a_message(at_counter, outlet, shift, vase):
    payload = offline_sale(shift, (vase, 1))
    payload["lines"][0]["product_id"] = vase.pk + 1000

    response = send(at_counter, outlet, payload)

    assert response.status_code == 400
    assert "not in the catalogue" in response.json()["error"]


def test_a_mistyped_buyer_number_does_not_hold_the_sale_back(at_counter, outlet, shift, vase):
    response = send(at_counter, outlet, offline_sale(shift, (vase, 1), buyer_phone="12"))

    assert response.status_code == 200
    assert Sale.objects.get().buyer_phone == ""


def test_the_same_key_at_another_outlet_is_refused(
    client, outlet, other_outlet, cashier, shift, vase
):
    assign(cashier, other_outlet)
    client.force_login(cashier)
    payload = offline_sale(shift, (vase, 1))
    send(client, outlet, payload)

    response = send(client, other_outlet, payload)

    assert response.status_code == 400
    assert Sale.objects.count() == 1


def test_only_staff_of_the_outlet_may_send(client, outlet, other_outlet, shift, vase):
    payload = offline_sale(shift, (vase, 1))
    assert send(client, outlet, payload).status_code == 302  # to the login page
    stranger = assign(StaffFactory(email="kasir2@contoh.id", groups=["Staf Galeri"]), other_outlet)
    client.force_login(stranger)

    assert send(client, outlet, payload).status_code == 403
    assert client.get(sync_url(outlet)).status_code == 403
    assert not Sale.objects.exists()


def test_sending_needs_the_csrf_token(cashier, outlet, shift, vase):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(cashier)

    response = send(strict, outlet, offline_sale(shift, (vase, 1)))

    assert response.status_code == 403
    assert not Sale.objects.exists()
