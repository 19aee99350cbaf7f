"""Fixtures of the product tests: two vendors, a logged-in vendor, district staff, a draft."""

import pytest
from django.contrib.auth.models import Group

from products.models import Product
from tests.factories import ProductFactory, StaffFactory, UserFactory, VendorFactory
from tests.products.helpers import leaf


@pytest.fixture
def vendor(db):
    return VendorFactory(
        business_name="Keramik Anjun Jaya",
        slug="keramik-anjun-jaya",
        user=UserFactory(email="anjun@contoh.id"),
    )


@pytest.fixture
def other_vendor(db):
    return VendorFactory(
        business_name="Anyaman Wanayasa",
        slug="anyaman-wanayasa",
        user=UserFactory(email="wanayasa@contoh.id"),
    )


@pytest.fixture
def vendor_client(client, vendor):
    client.force_login(vendor.user)
    return client


@pytest.fixture
def staf_dinas(db):
    user = StaffFactory(email="dinas@purwakartakab.go.id", full_name="Dewi Lestari")
    user.groups.add(Group.objects.get(name="Staf Dinas"))
    return user


@pytest.fixture
def superuser(db):
    return UserFactory(email="admin@purwakartakab.go.id", is_staff=True, is_superuser=True)


@pytest.fixture
def draft(vendor):
    return ProductFactory(
        vendor=vendor, category=leaf(), status=Product.Status.DRAFT, name="Kendi Air Draf"
    )
