"""Checkout: details, review, place; tampering refused, a double submit makes one order."""

import re

import pytest
from django.urls import reverse

from gallery.models import StockLevel
from gallery.services import stock_reserve
from orders.models import Order
from orders.views import CHECKOUT_KEY, GRANTS_KEY
from products.models import Product
from tests.factories import OutletFactory

pytestmark = pytest.mark.django_db

DETAILS = {"name": "Siti Nurhaliza", "phone": "0812-3456-7890", "email": "", "note": ""}


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def reserved(product, outlet):
    return StockLevel.objects.get(product=product, outlet=outlet).reserved


@pytest.fixture
def in_cart(client, product):
    client.post(reverse("orders:cart-add"), {"product": product.pk, "quantity": 2})
    return product


def review(client, outlet, **details):
    response = client.post(reverse("orders:checkout"), {**DETAILS, "outlet": outlet.pk, **details})
    assert response.status_code == 302, response.context["form"].errors
    response = client.get(reverse("orders:checkout-review"))
    token = re.search(r'name="token" value="([^"]+)"', response.content.decode()).group(1)
    return response, token


def test_a_shopper_checks_out_and_sees_the_confirmation(client, in_cart, outlet):
    response = client.get(reverse("orders:checkout"))
    assert response.status_code == 200

    response, token = review(client, outlet, note="Saya ambil sore hari")
    html = response.content.decode()
    assert "Guci Keramik Plered" in html and "Rp300.000" in html
    assert "Galeri Menong 1" in html and "Jl. Veteran No. 134" in html
    assert "within 3 days" in html
    assert "0812-3456-7890" in html and "Saya ambil sore hari" in html
    assert not Order.objects.exists()

    response = client.post(reverse("orders:checkout-place"), {"token": token}, follow=True)

    order = Order.objects.get()
    assert response.redirect_chain[-1][0] == order.get_absolute_url()
    assert f"Thank you! Your order {order.number} is placed." in messages_of(response)
    html = response.content.decode()
    assert order.number in html and "Rp300.000" in html
    assert "https://wa.me/6281200000134?text=" in html
    assert (order.name, order.phone, order.note) == (
        "Siti Nurhaliza",
        "+6281234567890",
        "Saya ambil sore hari",
    )
    assert reserved(in_cart, outlet) == 2
    assert '<span class="badge">' not in html  # the cart is empty now


def test_the_details_are_prefilled_for_a_logged_in_shopper(client, in_cart, shopper):
    client.force_login(shopper)
    form = client.get(reverse("orders:checkout")).context["form"]
    assert form.initial["name"] == "Siti Nurhaliza"
    assert form.initial["email"] == "siti@contoh.id"
    assert form.initial["phone"] == "+6281234567890"


def test_an_order_placed_while_logged_in_belongs_to_the_account(client, in_cart, outlet, shopper):
    client.force_login(shopper)
    _response, token = review(client, outlet)
    client.post(reverse("orders:checkout-place"), {"token": token})
    assert Order.objects.get().customer == shopper


def test_submitting_the_same_checkout_twice_makes_one_order(client, in_cart, outlet):
    _response, token = review(client, outlet)
    first = client.post(reverse("orders:checkout-place"), {"token": token})
    second = client.post(reverse("orders:checkout-place"), {"token": token})

    assert Order.objects.count() == 1
    order = Order.objects.get()
    assert first["Location"] == second["Location"] == order.get_absolute_url()
    assert reserved(in_cart, outlet) == 2
    assert client.get(second["Location"]).status_code == 200


def test_a_second_review_gives_a_second_order_only_when_the_shopper_orders_again(
    client, in_cart, outlet, product
):
    _response, token = review(client, outlet)
    client.post(reverse("orders:checkout-place"), {"token": token})
    client.post(reverse("orders:cart-add"), {"product": product.pk, "quantity": 1})
    _response, token2 = review(client, outlet)
    assert token2 != token
    client.post(reverse("orders:checkout-place"), {"token": token2})
    assert Order.objects.count() == 2


def test_a_token_this_session_was_never_given_places_nothing(client, in_cart, outlet):
    review(client, outlet)
    response = client.post(reverse("orders:checkout-place"), {"token": "forged"}, follow=True)
    assert "This checkout page has expired. Please check your order again." in messages_of(response)
    assert not Order.objects.exists()
    assert reserved(in_cart, outlet) == 0


def test_posted_prices_and_totals_are_ignored_at_checkout(client, in_cart, outlet):
    _response, token = review(client, outlet)
    client.post(
        reverse("orders:checkout-place"),
        {"token": token, "total": 1_000, "price": 1_000, "unit_price": 1_000},
    )
    order = Order.objects.get()
    assert order.total == 300_000
    assert order.lines.get().unit_price == 150_000


@pytest.mark.parametrize(
    "state", [{"is_active": False}, {"is_planned": True}], ids=["inactive", "planned"]
)
def test_an_outlet_that_takes_no_orders_is_refused_at_checkout(client, in_cart, state):
    closed = OutletFactory(**state)
    response = client.post(reverse("orders:checkout"), {**DETAILS, "outlet": closed.pk})
    assert response.status_code == 200
    assert response.context["form"].errors["outlet"] == ["This outlet does not take orders."]
    assert CHECKOUT_KEY not in client.session
    assert not Order.objects.exists()


def test_an_outlet_closed_between_review_and_order_places_nothing(client, in_cart, outlet):
    _response, token = review(client, outlet)
    type(outlet).objects.filter(pk=outlet.pk).update(is_active=False)
    OutletFactory(name="Galeri Menong 2")  # another one is open: the order must not move there
    response = client.post(reverse("orders:checkout-place"), {"token": token}, follow=True)
    assert "This outlet does not take orders. Please choose another outlet." in messages_of(
        response
    )
    assert not Order.objects.exists()


def test_stock_gone_between_review_and_order_names_the_line_and_places_nothing(
    client, in_cart, outlet
):
    _response, token = review(client, outlet)
    stock_reserve(outlet=outlet, items=[(in_cart, 9)], reference="GM-OTHER")
    response = client.post(reverse("orders:checkout-place"), {"token": token}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("orders:cart")
    [message] = messages_of(response)
    assert "no longer available at Galeri Menong 1: Guci Keramik Plered (only 1 left)" in message
    assert not Order.objects.exists()
    assert reserved(in_cart, outlet) == 9


def test_a_price_change_after_the_review_places_nothing(client, in_cart, outlet):
    _response, token = review(client, outlet)
    Product.objects.filter(pk=in_cart.pk).update(price=175_000)
    response = client.post(reverse("orders:checkout-place"), {"token": token}, follow=True)
    assert any("changed since you reviewed it" in m for m in messages_of(response))
    assert not Order.objects.exists()
    assert "Rp350.000" in response.content.decode()  # the review shows the new total


@pytest.mark.parametrize("phone", ["12345", "0264 201234", ""])
def test_a_bad_whatsapp_number_is_a_field_error(client, in_cart, outlet, phone):
    response = client.post(
        reverse("orders:checkout"), {**DETAILS, "phone": phone, "outlet": outlet.pk}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["phone"]
    assert 'id="id_phone_error"' in response.content.decode()


def test_checkout_with_an_empty_cart_goes_back_to_the_cart(client, outlet):
    for name in ("orders:checkout", "orders:checkout-review"):
        response = client.get(reverse(name))
        assert response["Location"] == reverse("orders:cart")


def test_the_review_needs_the_details_first(client, in_cart):
    response = client.get(reverse("orders:checkout-review"))
    assert response["Location"] == reverse("orders:checkout")


def test_the_review_does_not_offer_to_order_what_is_not_available(client, in_cart, outlet):
    review(client, outlet)
    stock_reserve(outlet=outlet, items=[(in_cart, 9)], reference="GM-OTHER")
    html = client.get(reverse("orders:checkout-review")).content.decode()
    assert "Not available in this quantity at Galeri Menong 1." in html
    assert reverse("orders:checkout-place") not in html


def test_placing_needs_a_post(client):
    assert client.get(reverse("orders:checkout-place")).status_code == 405


def test_the_new_order_is_granted_to_this_browser_only(client, in_cart, outlet):
    _response, token = review(client, outlet)
    client.post(reverse("orders:checkout-place"), {"token": token})
    order = Order.objects.get()
    assert client.session[GRANTS_KEY] == [order.number]
    from django.test import Client

    assert Client().get(order.get_absolute_url()).status_code == 403  # the lookup form
