"""The cart holds no more than the pickup outlet has left, and says so in one message."""

import pytest
from django.urls import reverse

from gallery.services import stock_record_loss
from orders.cart import SESSION_KEY
from tests.factories import ProductFactory, ProductImageFactory

pytestmark = pytest.mark.django_db

CAPPED = "Only 2 of Guci Kecil are left at Galeri Menong 1; your cart now holds 2."


def add(client, product, quantity):
    return client.post(reverse("orders:cart-add"), {"product": product.pk, "quantity": quantity})


def update(client, product, quantity):
    return client.post(reverse("orders:cart-update", args=[product.pk]), {"quantity": quantity})


def lines(client):
    return client.session[SESSION_KEY]["lines"]


def cart_page(client, **params):
    response = client.get(reverse("orders:cart"), params)
    return response, [(m.level_tag, str(m)) for m in response.context["messages"]]


@pytest.fixture
def guci(outlet, receive):
    return receive(ProductFactory(name="Guci Kecil", price=45_000), outlet, 2)


def test_adding_ten_when_two_are_left_puts_two_in_the_cart_with_one_warning(client, guci):
    add(client, guci, 10)
    assert lines(client) == {str(guci.pk): 2}
    response, messages = cart_page(client)
    assert messages == [("warning", CAPPED)]
    html = response.content.decode()
    assert "(10)" not in html
    assert 'max="2"' in html
    assert "Available at Galeri Menong 1 (2 left)." in html


def test_adding_within_what_is_left_is_a_plain_success(client, guci):
    add(client, guci, 1)
    _response, messages = cart_page(client)
    assert messages == [("success", "Guci Kecil is in your cart (1).")]


def test_adding_more_to_a_full_line_keeps_it_at_what_is_left(client, guci):
    add(client, guci, 2)
    cart_page(client)
    add(client, guci, 1)
    assert lines(client) == {str(guci.pk): 2}
    assert cart_page(client)[1] == [("warning", CAPPED)]


def test_changing_the_quantity_beyond_what_is_left_sets_what_is_left(client, guci):
    add(client, guci, 1)
    cart_page(client)
    update(client, guci, 7)
    assert lines(client) == {str(guci.pk): 2}
    assert cart_page(client)[1] == [("warning", CAPPED)]


def test_choosing_another_outlet_lowers_the_lines_to_what_it_has(
    client, guci, other_outlet, receive
):
    receive(guci, other_outlet, 1)
    add(client, guci, 2)
    cart_page(client)
    _response, messages = cart_page(client, outlet=other_outlet.slug)
    assert lines(client) == {str(guci.pk): 1}
    assert messages == [
        ("warning", "Only 1 of Guci Kecil is left at Galeri Menong 2; your cart now holds 1.")
    ]


def test_a_product_sold_out_everywhere_is_not_added(client, outlet):
    habis = ProductFactory(name="Kendi Habis")
    response = add(client, habis, 1)
    assert response["Location"] == habis.get_absolute_url()
    assert client.session.get(SESSION_KEY) is None
    _response, messages = cart_page(client)
    assert messages == [("error", "Sorry, Kendi Habis is sold out at every outlet.")]


def test_an_empty_cart_moves_to_the_outlet_that_has_the_product(
    client, outlet, other_outlet, receive
):
    tikar = receive(ProductFactory(name="Tikar Pandan"), other_outlet, 4)
    add(client, tikar, 1)
    assert client.session[SESSION_KEY]["outlet"] == other_outlet.pk
    html = cart_page(client)[0].content.decode()
    assert "Available at Galeri Menong 2 (4 left)." in html


def test_a_line_that_sold_out_at_the_outlet_says_so_plainly(client, guci, outlet, staff):
    add(client, guci, 1)
    cart_page(client)
    stock_record_loss(outlet=outlet, product=guci, quantity=2, by=staff, reason="Pecah")
    response, messages = cart_page(client)
    html = response.content.decode()
    assert "Not available at Galeri Menong 1." in html
    assert "Not available at any outlet right now." in html
    assert reverse("orders:checkout") not in html
    assert messages == []


def test_the_cart_shows_each_lines_picture_small_and_lazy(client, guci):
    ProductImageFactory(product=guci, alt="Guci kecil dari depan")
    add(client, guci, 1)
    html = cart_page(client)[0].content.decode()
    [picture] = [part for part in html.split("<picture>")[1:]]
    assert 'loading="lazy"' in picture
    assert 'width="320" height="240"' in picture
    assert "-320.jpg" in picture and "-320.webp" in picture


def test_a_product_page_sold_out_everywhere_offers_no_button_and_says_so(client, outlet):
    habis = ProductFactory(name="Kendi Habis")
    html = client.get(habis.get_absolute_url()).content.decode()
    assert reverse("orders:cart-add") not in html
    assert 'form="add-to-cart"' not in html
    assert "Sold out at every outlet for now." in html
    assert '<p class="buy-bar-state">Sold out</p>' in html
