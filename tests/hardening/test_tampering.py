"""Forms ignore the fields a visitor may not set, however the request is forged.

Covered elsewhere, not repeated here: a price posted to the cart (tests/orders/test_cart.py), prices
and totals posted at checkout (tests/orders/test_checkout.py), the vendor, status, slug and
moderation fields of a product (tests/products/test_dashboard.py), a status set by hand in the
vendor admin (tests/vendors/test_permissions.py).
"""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from gallery.services import stock_receive
from orders.models import Order
from products.models import ProductImage
from tests.factories import (
    CategoryFactory,
    OutletFactory,
    ProductFactory,
    StaffFactory,
    SubmittedVendorFactory,
    UserFactory,
    VendorFactory,
    kecamatan,
)
from tests.products import pictures
from training.models import SignUp
from vendors.forms import VendorProfileForm
from vendors.models import Vendor

from .world import training_session

pytestmark = pytest.mark.django_db

PASSWORD = "tanah-liat-plered-2026"
# What a forger adds to every form: ownership, status, money and privilege.
FORGED = {
    "is_staff": "on",
    "is_superuser": "on",
    "is_active": "on",
    "groups": "1",
    "email_verified_at": "2026-01-01 00:00",
    "status": "approved",
    "slug": "galeri-menong",
    "approved_at": "2026-01-01 00:00",
    "submitted_at": "2026-01-01 00:00",
    "status_reason": "",
}


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_signing_up_grants_no_privilege_and_no_verification():
    response = Client().post(
        reverse("accounts:signup"),
        {
            **FORGED,
            "groups": Group.objects.get(name="Staf Dinas").pk,
            "user_permissions": "1",
            "email": "baru@contoh.id",
            "full_name": "Pengguna Baru",
            "phone": "0812 3456 7890",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="baru@contoh.id")
    assert (user.is_staff, user.is_superuser, user.email_verified_at) == (False, False, None)
    assert not user.groups.exists() and not user.user_permissions.exists()


@pytest.fixture
def registration(db):
    ceramics = CategoryFactory(slug="keramik-gerabah", name_id="Keramik", name_en="Ceramics")
    return {
        "email": "sari.gerabah@contoh.id",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "business_name": "Gerabah Sari Anjun",
        "owner_name": "Sari Wulandari",
        "categories": [ceramics.pk],
        "story": "Kami membuat gentong dan pot tanah liat sejak 1998.",
        "founded_year": "1998",
        "kecamatan": kecamatan("Plered").pk,
        "desa": "Anjun",
        "address": "Jl. Raya Anjun No. 5",
        "whatsapp": "0812-3456-7890",
        "nib": "1234567890123",
    }


def test_registering_a_business_sets_neither_its_status_nor_its_owner_nor_its_address(
    registration,
):
    somebody = UserFactory(email="orang.lain@contoh.id")
    response = Client().post(
        reverse("vendors:vendor-register"),
        {**registration, **FORGED, "user": somebody.pk, "user_id": somebody.pk},
    )
    assert response.status_code == 302
    vendor = Vendor.objects.get()
    assert vendor.status == Vendor.Status.DRAFT
    assert vendor.approved_at is None and vendor.submitted_at is None
    assert vendor.slug == "gerabah-sari-anjun"
    assert vendor.user.email == "sari.gerabah@contoh.id"
    assert not (vendor.user.is_staff or vendor.user.is_superuser or vendor.user.email_verified)
    assert not Vendor.objects.filter(user=somebody).exists()


def _profile_data(vendor, **changes):
    form = VendorProfileForm(instance=vendor)
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[name] = list(value) if isinstance(value, list) else value
    return {**data, **changes}


def test_a_vendor_editing_its_profile_cannot_approve_itself_nor_change_owner_or_address():
    vendor = SubmittedVendorFactory(business_name="Batik Menunggu", slug="batik-menunggu")
    vendor.categories.set([CategoryFactory()])
    other = UserFactory(email="orang.lain@contoh.id")
    response = logged_in(vendor.user).post(
        reverse("dashboard-vendors:profile-edit"),
        _profile_data(vendor, desa="Citeko", **FORGED, user=other.pk, user_id=other.pk),
    )
    assert response.status_code == 302
    vendor.refresh_from_db()
    assert vendor.desa == "Citeko"
    assert vendor.status == Vendor.Status.SUBMITTED
    assert vendor.approved_at is None
    assert vendor.slug == "batik-menunggu"
    assert vendor.user_id != other.pk


@pytest.fixture
def stocked():
    outlet = OutletFactory(name="Galeri Menong 1")
    product = ProductFactory(name="Guci Keramik Plered", price=150_000)
    stock_receive(outlet=outlet, product=product, quantity=10, by=StaffFactory())
    return outlet, product


def _checkout(client, outlet, product, **forged):
    client.post(reverse("orders:cart-add"), {"product": product.pk, "quantity": 1, **forged})
    details = {"name": "Siti Nurhaliza", "phone": "0812-3456-7890", "email": "", "note": ""}
    response = client.post(reverse("orders:checkout"), {**details, "outlet": outlet.pk, **forged})
    assert response.status_code == 302
    html = client.get(reverse("orders:checkout-review")).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    return client.post(reverse("orders:checkout-place"), {"token": token, **forged})


ORDER_FORGED = {
    "status": "collected",
    "payment_status": "paid",
    "payment_method": "cash",
    "paid_at": "2026-01-01 10:00",
    "number": "GM-260101-ABCDE",
    "idempotency_key": "kunci-saya",
    "total": "1",
    "price": "1",
}


def test_checkout_ignores_a_posted_customer_status_payment_and_number(stocked):
    outlet, product = stocked
    somebody = UserFactory(email="orang.lain@contoh.id")
    response = _checkout(
        Client(), outlet, product, **ORDER_FORGED, customer=somebody.pk, customer_id=somebody.pk
    )
    assert response.status_code == 302
    order = Order.objects.get()
    assert order.customer is None
    assert order.status == Order.Status.PLACED
    assert (order.payment_status, order.payment_method, order.paid_at) == ("unpaid", "", None)
    assert order.number != "GM-260101-ABCDE"
    assert order.total == 150_000


def test_a_logged_in_shoppers_order_is_always_their_own(stocked):
    outlet, product = stocked
    shopper = UserFactory(email="siti@contoh.id")
    somebody = UserFactory(email="orang.lain@contoh.id")
    _checkout(logged_in(shopper), outlet, product, customer=somebody.pk, **ORDER_FORGED)
    order = Order.objects.get()
    assert order.customer == shopper
    assert not Order.objects.of_customer(somebody).exists()


def test_a_shopper_cancelling_sets_nothing_else():
    outlet, product = (OutletFactory(), ProductFactory(price=90_000))
    stock_receive(outlet=outlet, product=product, quantity=3, by=StaffFactory())
    shopper = UserFactory(email="siti@contoh.id")
    client = logged_in(shopper)
    _checkout(client, outlet, product)
    order = Order.objects.get()
    cancel = reverse("orders:order-cancel", kwargs={"number": order.number})
    client.post(cancel, {"reason": "Salah pilih", **ORDER_FORGED, "status": "collected"})
    order.refresh_from_db()
    assert order.status == Order.Status.CANCELLED
    assert order.payment_status == "unpaid" and order.total == 90_000


def test_a_training_seat_is_always_for_the_vendor_asking():
    vendor_a, vendor_b = VendorFactory(), VendorFactory()
    session = training_session(
        "Foto Produk dengan Ponsel", timezone.now() + datetime.timedelta(days=7)
    )
    client = logged_in(vendor_a.user)
    url = reverse("dashboard-training:signup", kwargs={"pk": session.pk})
    client.post(url, {"vendor": vendor_b.pk, "vendor_id": vendor_b.pk, "created_by": 1})
    signup = SignUp.objects.get()
    assert signup.vendor == vendor_a and signup.created_by == vendor_a.user


def test_a_product_picture_goes_to_the_product_of_the_url_not_the_posted_one():
    vendor_a = VendorFactory()
    product_a = ProductFactory(vendor=vendor_a)
    product_b = ProductFactory()
    client = logged_in(vendor_a.user)
    url = reverse("dashboard-products:product-images", kwargs={"pk": product_a.pk})
    response = client.post(
        url,
        {
            "picture": pictures.jpeg(),
            "alt": "Bakul bambu di atas meja",
            "product": product_b.pk,
            "product_id": product_b.pk,
            "position": "-5",
            "file": "../../etc/passwd",
        },
    )
    assert response.status_code == 302
    image = ProductImage.objects.get()
    assert image.product == product_a
    assert not product_b.images.exists()
    assert ".." not in image.file.name and "passwd" not in image.file.name
