"""Bar 4: an order keeps what was bought (name, maker, price paid) whatever happens to the product
or its vendor afterwards; what ever sold is deactivated, never deleted.

Orders themselves cannot be deleted from the admin, not even by a superuser: see
tests/orders/test_admin.py (``test_even_a_superuser_cannot_delete_an_order``).
"""

import secrets

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import Client
from django.urls import reverse
from django.utils import translation

from gallery.services import stock_receive
from orders.models import OrderLine
from orders.services import order_place
from products import services as product_services
from products.models import Product
from tests.factories import (
    OutletFactory,
    ProductFactory,
    StaffFactory,
    UserFactory,
    VendorFactory,
    VerifiedUserFactory,
)
from vendors import services as vendor_services
from vendors.models import Vendor

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def sale():
    """A shopper's order for two kendi at Rp85.000 from Bu Sari's workshop."""
    staff = StaffFactory(email="kasir@contoh.id")
    outlet = OutletFactory(name="Galeri Menong Ciseureuh")
    vendor = VendorFactory(business_name="Gerabah Anjun Bu Sari", slug="gerabah-anjun-bu-sari")
    product = ProductFactory(vendor=vendor, name="Kendi Anjun Coklat", price=85_000)
    stock_receive(outlet=outlet, product=product, quantity=5, by=staff)
    shopper = VerifiedUserFactory(email="siti@contoh.id")
    order = order_place(
        cart_lines=[(product, 2)],
        customer=shopper,
        name="Siti Nurhaliza",
        phone="0812 3456 7890",
        outlet=outlet,
        idempotency_key=secrets.token_hex(16),
    )
    return order, product, vendor, shopper


def order_page(order, shopper):
    client = Client()
    client.force_login(shopper)
    response = client.get(order.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def assert_shows_what_was_bought(html):
    assert "Kendi Anjun Coklat" in html
    assert "Gerabah Anjun Bu Sari" in html
    assert "Rp85.000" in html  # the unit price paid
    assert "Rp170.000" in html  # the line and the order total


def superuser_client():
    client = Client()
    client.force_login(UserFactory(email="admin@contoh.id", is_staff=True, is_superuser=True))
    return client


def test_renaming_and_repricing_the_product_and_its_maker_leaves_the_order_as_bought(sale):
    order, product, vendor, shopper = sale
    product_services.product_update(
        product=product, by=vendor.user, name="Kendi Hias Modern", price=250_000
    )
    vendor_services.vendor_update_profile(
        vendor=vendor, by=vendor.user, data={"business_name": "Sari Keramik Studio"}
    )

    html = order_page(order, shopper)
    assert_shows_what_was_bought(html)
    assert "Kendi Hias Modern" not in html
    assert "Sari Keramik Studio" not in html
    assert "Rp250.000" not in html


def test_a_sold_product_cannot_be_deleted_it_is_archived_and_the_order_keeps_it(sale):
    order, product, vendor, shopper = sale
    client = superuser_client()
    delete = reverse("admin:products_product_delete", args=[product.pk])
    assert client.get(delete).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    client.post(
        reverse("admin:products_product_changelist"),
        {"action": "delete_selected", ACTION_CHECKBOX_NAME: [product.pk], "post": "yes"},
    )
    with pytest.raises(product_services.ProductError):
        product_services.product_delete(product=product, by=vendor.user)
    assert Product.objects.filter(pk=product.pk).exists()

    vendor_client = Client()
    vendor_client.force_login(vendor.user)
    archive = reverse("dashboard-products:product-archive", kwargs={"pk": product.pk})
    assert vendor_client.post(archive).status_code == 302
    product.refresh_from_db()
    assert product.status == Product.Status.ARCHIVED
    assert_shows_what_was_bought(order_page(order, shopper))


def test_a_vendor_that_sold_cannot_be_deleted_only_suspended(sale):
    order, _product, vendor, shopper = sale
    client = superuser_client()
    delete = reverse("admin:vendors_vendor_delete", args=[vendor.pk])
    assert client.get(delete).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    client.post(
        reverse("admin:vendors_vendor_changelist"),
        {"action": "delete_selected", ACTION_CHECKBOX_NAME: [vendor.pk], "post": "yes"},
    )
    superuser = UserFactory(email="admin2@contoh.id", is_staff=True, is_superuser=True)
    with pytest.raises(vendor_services.VendorError, match="tetap disimpan"):
        vendor_services.vendor_delete(vendor=vendor, by=superuser)
    assert Vendor.objects.filter(pk=vendor.pk).exists()

    vendor_services.vendor_suspend(vendor=vendor, by=superuser, reason="Tutup usaha")
    vendor.refresh_from_db()
    assert vendor.status == Vendor.Status.SUSPENDED
    assert Client().get(reverse("vendors:vendor-detail", args=[vendor.slug])).status_code == 404
    assert_shows_what_was_bought(order_page(order, shopper))


def test_a_vendor_whose_goods_were_only_delivered_is_kept_too():
    staff = StaffFactory(email="kasir@contoh.id")
    vendor = VendorFactory()
    stock_receive(
        outlet=OutletFactory(), product=ProductFactory(vendor=vendor), quantity=1, by=staff
    )
    assert not vendor_services.vendor_is_deletable(vendor)
    assert vendor_services.vendor_is_deletable(VendorFactory())


def test_the_order_page_stands_even_without_the_product_and_vendor_rows(sale):
    """Were the rows ever gone (the foreign keys are SET_NULL), the copies still tell it all."""
    order, _product, _vendor, shopper = sale
    OrderLine.objects.filter(order=order).update(product=None, vendor=None)
    assert_shows_what_was_bought(order_page(order, shopper))
