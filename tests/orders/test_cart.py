"""The session cart: add, change, remove, and what is available at the chosen outlet."""

import pytest
from django.urls import reverse
from django.utils import timezone

from gallery.models import StockLevel
from orders.cart import SESSION_KEY
from products.models import Product
from tests.factories import OutletFactory, ProductFactory, VendorFactory

pytestmark = pytest.mark.django_db


def add(client, product_id, quantity=1, **extra):
    return client.post(
        reverse("orders:cart-add"), {"product": product_id, "quantity": quantity, **extra}
    )


def cart_lines(client):
    return (client.session.get(SESSION_KEY) or {}).get("lines", {})


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_a_shopper_without_an_account_adds_a_product_and_sees_it_in_the_cart(
    client, product, outlet
):
    response = add(client, product.pk, 2)
    assert response.status_code == 302
    assert response["Location"] == reverse("orders:cart")

    response = client.get(reverse("orders:cart"))
    html = response.content.decode()
    assert "Guci Keramik Plered is in your cart (2)." in messages_of(response)
    assert "Guci Keramik Plered" in html
    assert "Rp150.000 × 2 = Rp300.000" in html
    assert "Available at Galeri Menong 1 (10 left)." in html
    assert reverse("orders:checkout") in html


def test_the_header_badge_counts_the_units_in_the_cart(client, product):
    add(client, product.pk, 3)
    html = client.get(reverse("core:home")).content.decode()
    assert '<span class="badge">3</span>' in html


def test_a_posted_price_is_ignored(client, product):
    add(client, product.pk, 1, price=1_000, unit_price=1_000, total=1_000)
    html = client.get(reverse("orders:cart")).content.decode()
    assert "Rp150.000 × 1 = Rp150.000" in html
    assert "Rp1.000" not in html


def hide(product):
    Product.objects.filter(pk=product.pk).update(
        hidden_at=timezone.now(), hidden_reason="Foto tidak sesuai"
    )


@pytest.mark.parametrize(
    "make",
    [
        lambda: ProductFactory(status=Product.Status.DRAFT).pk,
        lambda: ProductFactory(status=Product.Status.ARCHIVED).pk,
        lambda: (p := ProductFactory(), hide(p))[0].pk,
        lambda: ProductFactory(vendor=VendorFactory(status="draft")).pk,
        lambda: 987654,
        lambda: "abc",
        lambda: "",
    ],
    ids=["draft", "archived", "hidden", "vendor-not-approved", "missing", "garbage", "empty"],
)
def test_a_product_not_for_sale_cannot_be_added(client, make):
    response = add(client, make())
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert any(
        m in ("This product is not for sale.", "Choose a product.") for m in messages_of(response)
    )
    assert cart_lines(client) == {}


@pytest.mark.parametrize("quantity", [0, -1, 10**9, 100, "abc", "1.5", ""])
def test_a_bad_quantity_is_refused_with_a_clear_message(client, product, quantity):
    response = add(client, product.pk, quantity)
    assert response["Location"] == product.get_absolute_url()
    response = client.get(reverse("orders:cart"))
    [message] = messages_of(response)
    assert "quantity" in message.lower()
    assert cart_lines(client) == {}


def test_adding_again_adds_up_but_never_past_the_maximum(client, product, outlet, receive):
    receive(product, outlet, 200)
    add(client, product.pk, 60)
    add(client, product.pk, 60)
    assert cart_lines(client) == {str(product.pk): 99}


def test_adding_needs_a_post(client, product):
    assert client.get(reverse("orders:cart-add")).status_code == 405


def test_changing_the_quantity_and_removing_a_line(client, product):
    add(client, product.pk, 1)
    client.post(reverse("orders:cart-update", args=[product.pk]), {"quantity": 4})
    assert cart_lines(client) == {str(product.pk): 4}

    response = client.post(reverse("orders:cart-update", args=[product.pk]), {"quantity": 0})
    response = client.get(response["Location"])
    assert "The quantity must be at least 1." in messages_of(response)
    assert cart_lines(client) == {str(product.pk): 4}

    client.post(reverse("orders:cart-remove", args=[product.pk]))
    assert cart_lines(client) == {}
    assert "Your cart is empty." in client.get(reverse("orders:cart")).content.decode()


def test_changing_a_product_that_is_not_in_the_cart_is_refused(client, product):
    response = client.post(reverse("orders:cart-update", args=[product.pk]), {"quantity": 2})
    response = client.get(response["Location"])
    assert "This product is not in your cart." in messages_of(response)
    assert cart_lines(client) == {}


def test_the_cart_says_what_is_not_available_at_the_chosen_outlet_and_where_it_is(
    client, product, outlet, other_outlet, receive
):
    receive(product, other_outlet, 3)
    kendi = receive(ProductFactory(name="Kendi Gerabah", price=40_000), other_outlet, 5)
    add(client, product.pk, 12)
    add(client, kendi.pk, 1)

    response = client.get(reverse("orders:cart"))
    html = response.content.decode()

    assert messages_of(response) == [
        "Only 10 of Guci Keramik Plered are left at Galeri Menong 1; your cart now holds 10.",
        "Kendi Gerabah is in your cart, but Galeri Menong 1 has none left: choose another "
        "pickup outlet below.",
    ]
    assert "Available at Galeri Menong 1 (10 left)." in html
    assert "Not available at Galeri Menong 1." in html
    assert '<a href="?outlet=galeri-menong-2">Galeri Menong 2</a> (5)' in html
    assert "One product in your cart is not available" in html
    assert reverse("orders:checkout") not in html


def test_the_shopper_chooses_the_pickup_outlet_and_it_is_remembered(
    client, product, outlet, other_outlet, receive
):
    receive(product, other_outlet, 3)
    add(client, product.pk, 1)
    html = client.get(reverse("orders:cart"), {"outlet": "galeri-menong-2"}).content.decode()
    assert "Available at Galeri Menong 2 (3 left)." in html
    assert client.session[SESSION_KEY]["outlet"] == other_outlet.pk
    html = client.get(reverse("orders:cart")).content.decode()
    assert "Available at Galeri Menong 2 (3 left)." in html


@pytest.mark.parametrize(
    "state", [{"is_active": False}, {"is_planned": True}], ids=["inactive", "planned"]
)
def test_an_outlet_that_takes_no_orders_cannot_be_chosen(client, product, outlet, state):
    closed = OutletFactory(slug="galeri-menong-wanayasa", **state)
    add(client, product.pk, 1)
    response = client.get(reverse("orders:cart"), {"outlet": closed.slug})
    assert "This outlet does not take orders." in messages_of(response)
    assert client.session[SESSION_KEY]["outlet"] is None
    assert "Available at Galeri Menong 1" in response.content.decode()


def test_a_product_taken_off_sale_leaves_the_cart_with_a_notice(client, product):
    add(client, product.pk, 1)
    Product.objects.filter(pk=product.pk).update(status=Product.Status.ARCHIVED)
    response = client.get(reverse("orders:cart"))
    assert "No longer for sale, so taken out of your cart: Guci Keramik Plered." in messages_of(
        response
    )
    assert cart_lines(client) == {}


def test_the_cart_joins_the_account_when_the_shopper_logs_in(client, product, shopper):
    add(client, product.pk, 2)
    response = client.post(
        reverse("accounts:login"),
        {"username": shopper.email, "password": "kata-sandi-uji-2026"},
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(shopper.pk)
    assert cart_lines(client) == {str(product.pk): 2}


def test_the_cart_page_reads_a_fixed_number_of_queries(
    client, outlet, other_outlet, receive, django_assert_max_num_queries
):
    for i in range(8):
        product = receive(ProductFactory(name=f"Anyaman Bambu {i}"), outlet, 2)
        add(client, product.pk, 1)
    with django_assert_max_num_queries(7):  # one of them the footer's outlets, cached after
        response = client.get(reverse("orders:cart"))
    assert response.status_code == 200
    assert StockLevel.objects.count() == 8
