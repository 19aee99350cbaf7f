"""Finding an order: number plus phone, "my orders", and detail pages scoped to their owner."""

import pytest
from django.test import Client
from django.urls import reverse

from orders.models import Order
from orders.views import GRANTS_KEY, LOOKUP_FAILURES_ALLOWED
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MISS = "We could not find an order with this number and WhatsApp number. Check both and try again."


@pytest.fixture
def order(place, product):
    return place([(product.pk, 1)], phone="0812-3456-7890")


def lookup(client, number, phone):
    return client.post(reverse("orders:order-lookup"), {"number": number, "phone": phone})


@pytest.mark.parametrize("phone", ["0812 3456 7890", "+62 812-3456-7890", "6281234567890"])
def test_a_shopper_finds_the_order_with_its_number_and_phone(client, order, phone):
    response = lookup(client, f"  {order.number.lower()} ", phone)
    assert response["Location"] == order.get_absolute_url()
    response = client.get(response["Location"])
    assert response.status_code == 200
    assert order.number in response.content.decode()


def test_a_wrong_phone_and_a_wrong_number_get_the_same_answer(client, order, place, product):
    other = place([(product.pk, 1)], phone="081399998888")
    answers = [
        lookup(client, order.number, "081399998888"),  # another shopper's phone
        lookup(client, other.number, "0812 3456 7890"),  # another shopper's number
        lookup(client, "GM-261128-ZZZZZ", "0812 3456 7890"),  # no such order
    ]
    for response in answers:
        assert response.status_code == 200
        assert response.context["form"].non_field_errors() == [MISS]
        assert order.number not in response.content.decode().replace(f'value="{order.number}"', "")
    assert GRANTS_KEY not in client.session
    assert client.get(order.get_absolute_url()).status_code == 403
    assert client.get(other.get_absolute_url()).status_code == 403


def test_the_lookup_refuses_to_guess_on_after_too_many_misses(client, order):
    for _i in range(LOOKUP_FAILURES_ALLOWED):
        lookup(client, "GM-261128-ZZZZZ", "0812 3456 7890")
    response = lookup(client, order.number, "0812 3456 7890")  # even the right answer
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert response.context["form"].non_field_errors() == [
        "Too many attempts. Please wait a few minutes and try again."
    ]
    assert client.get(order.get_absolute_url()).status_code == 403


def test_opening_ones_own_order_between_guesses_does_not_reset_the_count(
    client, order, place, product
):
    mine = place([(product.pk, 1)], phone="081399998888")
    for _i in range(LOOKUP_FAILURES_ALLOWED):
        lookup(client, order.number, "0811 1111 1111")  # a guess at someone else's order
        lookup(client, mine.number, "081399998888")
    response = lookup(client, order.number, "0812 3456 7890")
    assert response.context["form"].non_field_errors() == [
        "Too many attempts. Please wait a few minutes and try again."
    ]
    assert client.get(order.get_absolute_url()).status_code == 403


def test_guesses_at_one_order_from_many_addresses_meet_the_limit(order):
    for i in range(LOOKUP_FAILURES_ALLOWED):
        Client().post(
            reverse("orders:order-lookup"),
            {"number": order.number, "phone": "0811 1111 1111"},
            REMOTE_ADDR=f"198.51.100.{i + 1}",
        )
    fresh = Client()
    response = fresh.post(
        reverse("orders:order-lookup"),
        {"number": order.number, "phone": "0812 3456 7890"},
        REMOTE_ADDR="203.0.113.99",
    )
    assert response.context["form"].non_field_errors() == [
        "Too many attempts. Please wait a few minutes and try again."
    ]
    # Other orders are still found from anywhere.
    assert lookup(Client(), "GM-261128-ZZZZZ", "0812 3456 7890").status_code == 200


def test_the_lookup_link_in_emails_prefills_the_number(client, order):
    response = client.get(reverse("orders:order-lookup"), {"number": order.number})
    assert response.context["form"].initial["number"] == order.number


def test_an_order_page_is_the_lookup_form_for_anyone_but_its_owner_or_a_granted_browser(
    client, place, product, shopper
):
    order = place([(product.pk, 1)], customer=shopper)
    assert Client().get(order.get_absolute_url()).status_code == 403
    stranger = Client()
    stranger.force_login(UserFactory())
    assert stranger.get(order.get_absolute_url()).status_code == 403
    client.force_login(shopper)
    assert client.get(order.get_absolute_url()).status_code == 200
    assert Client().get(reverse("orders:order-detail", args=["GM-000000-AAAAA"])).status_code == 403


def test_my_orders_lists_only_the_shoppers_own_orders(
    client, place, product, shopper, django_assert_max_num_queries
):
    mine = [place([(product.pk, 1)], customer=shopper) for _i in range(3)]
    theirs = place([(product.pk, 1)], customer=UserFactory())
    anonymous = place([(product.pk, 1)], phone=shopper.phone)
    client.force_login(shopper)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("orders:my-orders"))
    html = response.content.decode()
    assert all(order.number in html for order in mine)
    assert theirs.number not in html and anonymous.number not in html


def test_my_orders_needs_a_login(client):
    response = client.get(reverse("orders:my-orders"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_the_account_page_links_to_my_orders(client, shopper):
    client.force_login(shopper)
    html = client.get(reverse("accounts:home")).content.decode()
    assert reverse("orders:my-orders") in html


def test_the_shopper_cancels_a_placed_order_from_its_page(client, order):
    lookup(client, order.number, "0812 3456 7890")
    response = client.post(
        reverse("orders:order-cancel", args=[order.number]), {"reason": "Berubah pikiran"}
    )
    assert response["Location"] == order.get_absolute_url()
    order.refresh_from_db()
    assert order.status == Order.Status.CANCELLED
    assert order.status_changes.last().reason == "Cancelled by the shopper: Berubah pikiran"


def test_a_ready_order_can_no_longer_be_cancelled_online(client, order, staff):
    from orders.services import order_mark_ready

    lookup(client, order.number, "0812 3456 7890")
    order_mark_ready(order=order, by=staff)
    html = client.get(order.get_absolute_url()).content.decode()
    assert reverse("orders:order-cancel", args=[order.number]) not in html
    response = client.post(reverse("orders:order-cancel", args=[order.number]), follow=True)
    assert any("can no longer be cancelled online" in str(m) for m in response.context["messages"])
    order.refresh_from_db()
    assert order.status == Order.Status.READY


def test_nobody_else_can_cancel_an_order(order):
    stranger = Client()
    response = stranger.post(reverse("orders:order-cancel", args=[order.number]))
    assert response.status_code == 404
    order.refresh_from_db()
    assert order.status == Order.Status.PLACED


def test_the_order_page_links_to_the_outlet_on_whatsapp_with_the_number(client, order):
    lookup(client, order.number, "0812 3456 7890")
    html = client.get(order.get_absolute_url()).content.decode()
    assert (
        f"https://wa.me/6281200000134?text=Hello+Galeri+Menong+1%2C+I+have+a+question+about+my+order+{order.number}."
        in html
    )
