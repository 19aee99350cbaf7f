"""Placing an order: prices from the database, stock reserved, all or nothing, idempotent."""

import re

import pytest
from django.core import mail

from gallery.models import StockLevel, StockMovement
from orders.models import Order, OrderLine, OrderStatusChange
from orders.services import (
    OrderError,
    OrderItemsUnavailable,
    order_number_new,
    order_place,
)
from products.models import Product
from tests.factories import OutletFactory, ProductFactory

pytestmark = pytest.mark.django_db


def level(product, outlet):
    return StockLevel.objects.get(product=product, outlet=outlet)


def test_placing_an_order_reserves_its_goods_and_copies_what_was_bought(place, product, outlet):
    order = place([(product.pk, 2)], email="siti@contoh.id", note="Tolong dibungkus")

    assert order.status == Order.Status.PLACED
    assert order.payment_status == Order.PaymentStatus.UNPAID
    assert order.total == 300_000
    line = order.lines.get()
    assert (line.product_name, line.vendor_name) == (product.name, product.vendor.business_name)
    assert (line.unit_price, line.quantity, line.line_total) == (150_000, 2, 300_000)
    assert line.vendor == product.vendor
    assert (level(product, outlet).on_hand, level(product, outlet).reserved) == (10, 2)
    reservation = StockMovement.objects.get(kind="reservation")
    assert reservation.reference == order.number
    change = order.status_changes.get()
    assert (change.from_status, change.to_status) == ("", "placed")


def test_the_shopper_gets_a_confirmation_email_when_an_address_is_given(
    place, product, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        order = place([(product.pk, 1)], email="siti@contoh.id")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["siti@contoh.id"]
    assert order.number in message.subject
    assert "Guci Keramik Plered" in message.body
    assert "Rp150.000" in message.body
    assert f"/en/pesanan/cek/?number={order.number}" in message.body


def test_no_email_is_sent_without_an_address(place, product, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        place([(product.pk, 1)])
    assert mail.outbox == []


def test_order_numbers_are_readable_dated_in_jakarta_and_unambiguous(place, product):
    import time_machine

    # 20:00 UTC on 27 November is already 28 November in Purwakarta.
    with time_machine.travel("2026-11-27 20:00:00+00:00", tick=False):
        number = order_number_new()
    assert re.fullmatch(r"GM-261128-[2-9A-HJ-NP-Z]{5}", number)
    numbers = {order_number_new() for _i in range(300)}
    assert len(numbers) == 300
    assert not any(ch in n[10:] for n in numbers for ch in "01OI")


def test_the_price_always_comes_from_the_database(place, product):
    order = place([(product.pk, 1)])
    Product.objects.filter(pk=product.pk).update(price=999_000, name="Renamed")
    order.refresh_from_db()
    line = order.lines.get()
    assert (line.unit_price, line.product_name, order.total) == (
        150_000,
        "Guci Keramik Plered",
        150_000,
    )


def test_what_was_bought_survives_the_product_being_renamed_or_repriced(place, product):
    order = place([(product.pk, 1)])
    product.name, product.price = "Guci Besar", 200_000
    product.save()
    assert order.lines.get().product_name == "Guci Keramik Plered"
    assert order.lines.get().unit_price == 150_000


def test_a_changed_price_since_the_review_places_nothing(place, product):
    with pytest.raises(OrderError, match="changed since you reviewed it"):
        place([(product.pk, 1)], expected_total=100_000)
    assert not Order.objects.exists()


def test_the_same_product_twice_becomes_one_line(place, product):
    order = place([(product.pk, 1), (product.pk, 2)])
    assert list(order.lines.values_list("quantity", flat=True)) == [3]


def test_a_shortage_names_the_lines_and_creates_nothing(place, product, outlet, receive):
    other = receive(ProductFactory(name="Kendi Gerabah", price=40_000), outlet, 1)
    with pytest.raises(OrderItemsUnavailable) as exc:
        place([(product.pk, 11), (other.pk, 1)])
    assert exc.value.names == ["Guci Keramik Plered"]
    assert "no longer available at Galeri Menong 1" in str(exc.value)
    assert "Guci Keramik Plered (only 10 left)" in str(exc.value)
    assert not Order.objects.exists()
    assert not OrderLine.objects.exists()
    assert not OrderStatusChange.objects.exists()
    assert level(product, outlet).reserved == 0
    assert level(other, outlet).reserved == 0
    assert not StockMovement.objects.filter(kind="reservation").exists()


def test_a_product_without_stock_at_the_outlet_is_named_as_none_left(place, outlet):
    product = ProductFactory(name="Batik Tulis Purwakarta")
    with pytest.raises(OrderItemsUnavailable, match=r"Batik Tulis Purwakarta \(none left\)"):
        place([(product.pk, 1)])


@pytest.mark.parametrize(
    "change",
    [
        {"status": Product.Status.DRAFT},
        {"status": Product.Status.ARCHIVED},
        {"hidden_reason": "Foto tidak sesuai"},
        {"vendor_status": "suspended"},
        {"vendor_status": "submitted"},
    ],
    ids=["draft", "archived", "hidden", "vendor-suspended", "vendor-not-approved"],
)
def test_a_product_not_for_sale_cannot_be_ordered(place, product, outlet, change):
    from django.utils import timezone

    if "status" in change:
        Product.objects.filter(pk=product.pk).update(status=change["status"])
    if "hidden_reason" in change:
        Product.objects.filter(pk=product.pk).update(
            hidden_at=timezone.now(), hidden_reason=change["hidden_reason"]
        )
    if "vendor_status" in change:
        type(product.vendor).objects.filter(pk=product.vendor_id).update(
            status=change["vendor_status"],
            status_reason="Izin belum lengkap",
            submitted_at=timezone.now(),
        )
    with pytest.raises(OrderItemsUnavailable, match="no longer for sale: Guci Keramik Plered"):
        place([(product.pk, 1)])
    assert not Order.objects.exists()
    assert level(product, outlet).reserved == 0


@pytest.mark.parametrize("quantity", [0, -1, 10**9, 100, 1.5, "2", True])
def test_a_bad_quantity_is_refused(place, product, outlet, quantity):
    with pytest.raises(OrderError):
        place([(product.pk, quantity)])
    assert not Order.objects.exists()
    assert level(product, outlet).reserved == 0


@pytest.mark.parametrize(
    "state", [{"is_active": False}, {"is_planned": True}], ids=["inactive", "planned"]
)
def test_an_outlet_that_takes_no_orders_is_refused(place, product, state):
    closed = OutletFactory(**state)
    with pytest.raises(OrderError, match="does not take orders"):
        place([(product.pk, 1)], at=closed)
    assert not Order.objects.exists()


def test_an_outlet_closed_after_the_shopper_chose_it_is_refused(place, product, outlet):
    type(outlet).objects.filter(pk=outlet.pk).update(is_active=False)
    with pytest.raises(OrderError, match="does not take orders"):
        place([(product.pk, 1)])  # the stale object still says active
    assert not Order.objects.exists()


def test_an_empty_cart_or_a_bad_phone_is_refused(place, product):
    with pytest.raises(OrderError, match="empty"):
        place([])
    with pytest.raises(OrderError, match="Indonesian mobile number"):
        place([(product.pk, 1)], phone="12345")
    with pytest.raises(OrderError, match="name"):
        place([(product.pk, 1)], name="  ")
    assert not Order.objects.exists()


def test_the_phone_is_stored_normalised(place, product):
    assert place([(product.pk, 1)], phone="0812-3456-7890").phone == "+6281234567890"


def test_placing_twice_with_the_same_key_returns_the_first_order(place, product, outlet):
    first = place([(product.pk, 2)], key="same-key")
    again = place([(product.pk, 2)], key="same-key")
    # Even with another cart (the cart is cleared after the first), the key wins.
    third = place([], key="same-key")
    assert first == again == third
    assert Order.objects.count() == 1
    assert level(product, outlet).reserved == 2


def test_a_logged_in_shopper_is_the_customer_and_the_ledger_row_names_them(place, product, shopper):
    order = place([(product.pk, 1)], customer=shopper)
    assert order.customer == shopper
    assert StockMovement.objects.get(kind="reservation").by == shopper


def test_an_anonymous_user_object_is_no_customer(place, product):
    from django.contrib.auth.models import AnonymousUser

    assert place([(product.pk, 1)], customer=AnonymousUser()).customer is None


def test_order_place_takes_products_or_their_ids(product, outlet):
    order = order_place(
        cart_lines=[(product, 1)],
        customer=None,
        name="Asep Sunandar",
        phone="081311112222",
        outlet=outlet,
        idempotency_key="k1",
    )
    assert order.lines.get().product == product
