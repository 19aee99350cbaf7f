"""Orders placed as a guest join an account only once the account's address is verified.

Signing up with somebody's address shows none of their orders; following the emailed link (the
shopper's or the vendor's) proves the address, and from then on "my orders" lists the orders
placed earlier without logging in under that address.
"""

import re
import secrets

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from accounts.services import email_verification_token
from gallery.services import stock_receive
from orders.models import Order
from orders.services import guest_orders_attach, order_place
from tests.factories import (
    OutletFactory,
    ProductFactory,
    StaffFactory,
    UserFactory,
    VendorFactory,
    VerifiedUserFactory,
)
from vendors.models import Vendor

pytestmark = pytest.mark.django_db

PASSWORD = "kendi tanah liat dari anjun 2026"


@pytest.fixture
def place():
    outlet = OutletFactory()
    product = ProductFactory(name="Kendi Anjun")
    stock_receive(outlet=outlet, product=product, quantity=20, by=StaffFactory())

    def place(*, email="", customer=None):
        return order_place(
            cart_lines=[(product, 1)],
            customer=customer,
            name="Siti Nurhaliza",
            phone="0812 3456 7890",
            email=email,
            outlet=outlet,
            idempotency_key=secrets.token_hex(16),
        )

    return place


def my_orders(client):
    response = client.get(reverse("orders:my-orders"))
    assert response.status_code == 200
    return response.content.decode()


def sign_up(client, email, captured):
    with captured(execute=True):
        response = client.post(
            reverse("accounts:signup"),
            {
                "email": email,
                "full_name": "Siti Nurhaliza",
                "phone": "0812 3456 7890",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
        )
    assert response.status_code == 302
    # Sign-up logs nobody in (a taken address must look the same); the new owner logs in.
    client.force_login(User.objects.get(email__iexact=email))


def link_in(mail):
    return re.search(r"http://testserver(/\S+)", mail.body).group(1)


def test_signing_up_with_an_address_shows_none_of_its_guest_orders_until_verified(
    client, place, mailoutbox, django_capture_on_commit_callbacks
):
    guest = place(email="Siti.Nurhaliza@Contoh.id")
    sign_up(client, "siti.nurhaliza@contoh.id", django_capture_on_commit_callbacks)

    assert guest.number not in my_orders(client)
    assert client.get(guest.get_absolute_url()).status_code == 403  # the lookup form
    guest.refresh_from_db()
    assert guest.customer is None

    [mail] = mailoutbox
    assert client.get(link_in(mail)).status_code == 302

    assert guest.number in my_orders(client)
    assert client.get(guest.get_absolute_url()).status_code == 200
    guest.refresh_from_db()
    assert guest.customer.email == "siti.nurhaliza@contoh.id"


def test_an_account_that_never_verifies_never_gets_the_orders(
    client, place, mailoutbox, django_capture_on_commit_callbacks
):
    guest = place(email="korban@contoh.id")
    sign_up(client, "korban@contoh.id", django_capture_on_commit_callbacks)
    client.post(reverse("accounts:verify-email-resend"))
    forged = reverse("accounts:verify-email", kwargs={"token": "eyJ1c2VyIjoxfQ:forged:x"})
    assert client.get(forged).status_code == 400
    assert guest.number not in my_orders(client)
    assert Order.objects.get(pk=guest.pk).customer is None


def test_the_vendors_verification_link_attaches_its_owners_guest_orders_too(place):
    owner = UserFactory(email="bu.sari@contoh.id")
    VendorFactory(user=owner, status=Vendor.Status.DRAFT)
    guest = place(email="BU.SARI@contoh.id")
    client = Client()
    client.force_login(owner)
    assert guest.number not in my_orders(client)

    url = reverse("vendors:vendor-verify", kwargs={"token": email_verification_token(owner)})
    assert client.get(url).status_code == 302

    assert guest.number in my_orders(client)


def test_only_guest_orders_with_exactly_that_address_are_attached(place):
    other = VerifiedUserFactory(email="lain@contoh.id")
    theirs = place(email="siti@contoh.id", customer=other)
    elsewhere = place(email="siti@contoh.co.id")
    no_email = place()
    mine = place(email="siti@contoh.id")
    user = VerifiedUserFactory(email="siti@contoh.id")

    assert guest_orders_attach(user=user) == 1

    assert list(Order.objects.of_customer(user)) == [mine]
    assert Order.objects.get(pk=theirs.pk).customer == other
    assert Order.objects.get(pk=elsewhere.pk).customer is None
    assert Order.objects.get(pk=no_email.pk).customer is None


def test_the_service_refuses_an_unverified_account(place):
    guest = place(email="belum@contoh.id")
    assert guest_orders_attach(user=UserFactory(email="belum@contoh.id")) == 0
    assert Order.objects.get(pk=guest.pk).customer is None
