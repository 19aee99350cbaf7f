import pytest
from django.contrib.auth.models import Group

from tests.factories import OutletFactory, ProductFactory, StaffFactory, VendorFactory, curated


@pytest.fixture
def staf_galeri():
    return StaffFactory(email="petugas.galeri@contoh.id", groups=["Staf Galeri"])


@pytest.fixture
def staf_dinas():
    Group.objects.get_or_create(name="Staf Dinas")
    return StaffFactory(email="petugas.dinas@contoh.id", groups=["Staf Dinas"])


@pytest.fixture
def outlet():
    return OutletFactory(name="Galeri Menong 1", slug="galeri-menong-1")


@pytest.fixture
def vendor():
    return VendorFactory(business_name="Gerabah Anjun Sejahtera", slug="gerabah-anjun")


@pytest.fixture
def products(vendor):
    return list(
        curated(
            ProductFactory(vendor=vendor, name="Guci Motif Daun", slug="guci-motif-daun"),
            ProductFactory(vendor=vendor, name="Kendi Tanah Liat", slug="kendi-tanah-liat"),
            ProductFactory(vendor=vendor, name="Celengan Ayam", slug="celengan-ayam"),
        )
    )
