import pytest
from django.contrib.auth.models import Group

from products.models import Category
from tests.factories import OutletFactory, ProductFactory, StaffFactory, VendorFactory


@pytest.fixture
def staf_galeri():
    return StaffFactory(email="kurator.galeri@contoh.id", groups=["Staf Galeri"])


@pytest.fixture
def staf_dinas():
    Group.objects.get_or_create(name="Staf Dinas")
    return StaffFactory(email="petugas.dinas@contoh.id", groups=["Staf Dinas"])


@pytest.fixture
def outlet():
    return OutletFactory(name="Galeri Menong 1", slug="galeri-menong-1")


@pytest.fixture
def vendor():
    return VendorFactory(business_name="Gula Aren Bu Imas", slug="gula-aren-bu-imas")


@pytest.fixture
def other_vendor():
    return VendorFactory(business_name="Gerabah Anjun", slug="gerabah-anjun")


@pytest.fixture
def food(vendor):
    """Palm sugar: its subcategory has no checklist, so its parent's (food) applies."""
    return ProductFactory(
        vendor=vendor,
        category=Category.objects.get(slug="gula-aren"),
        name="Gula Aren Cetak 500 g",
        slug="gula-aren-cetak",
        price=25_000,
    )


@pytest.fixture
def vase(other_vendor):
    return ProductFactory(
        vendor=other_vendor,
        category=Category.objects.get(slug="guci-vas"),
        name="Guci Motif Daun",
        slug="guci-motif-daun",
    )
