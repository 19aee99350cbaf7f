"""An order's address opened where the order is not known answers the lookup form, not a 404."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(place, product, shopper):
    return place([(product.pk, 2)], customer=shopper, phone="0812 3456 7890", note="Bungkus kado")


def assert_lookup_form_only(response, order):
    assert response.status_code == 403
    assert response.templates[0].name == "orders/order_lookup.html"
    form = response.context["form"]
    assert form.initial["number"] == order.number
    html = response.content.decode()
    assert f'action="{reverse("orders:order-lookup")}"' in html
    # The outlets are in every page's footer: what the order says is not.
    for secret in (order.name, "Guci Keramik Plered", "Bungkus kado", "Rp300.000"):
        assert secret not in html
    assert reverse("orders:order-cancel", args=[order.number]) not in html


def test_no_session_gets_the_lookup_form_with_the_number_filled_in(order):
    assert_lookup_form_only(Client().get(order.get_absolute_url()), order)


def test_another_account_gets_the_lookup_form(order):
    other = Client()
    other.force_login(UserFactory(email="tetangga@contoh.id"))
    assert_lookup_form_only(other.get(order.get_absolute_url()), order)


def test_another_device_gets_in_with_the_number_and_phone(order):
    device = Client()
    response = device.get(order.get_absolute_url())
    assert_lookup_form_only(response, order)
    response = device.post(
        reverse("orders:order-lookup"), {"number": order.number, "phone": "0812 3456 7890"}
    )
    assert response["Location"] == order.get_absolute_url()
    assert device.get(order.get_absolute_url()).status_code == 200


def test_a_number_that_is_no_order_answers_exactly_like_one_that_is(order):
    missing = Client().get(reverse("orders:order-detail", args=["GM-000000-AAAAA"]))
    found = Client().get(order.get_absolute_url())
    assert missing.status_code == found.status_code == 403
    strip = lambda r, n: r.content.decode().replace(n, "N")  # noqa: E731
    assert len(strip(missing, "GM-000000-AAAAA")) == len(strip(found, order.number))


def test_the_owner_still_sees_the_order(client, order, shopper):
    client.force_login(shopper)
    response = client.get(order.get_absolute_url())
    assert response.status_code == 200
    assert order.number in response.content.decode()
    assert "Guci Keramik Plered" in response.content.decode()
