import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from tests.factories import StaffFactory, VendorFactory
from training.models import TrainingSession
from vendors.models import Vendor


def session(**fields):
    starts = fields.pop("starts_at", timezone.now() + datetime.timedelta(days=7))
    defaults = {
        "title": "Jualan di Marketplace untuk Perajin Keramik",
        "topic": TrainingSession.Topic.ECOMMERCE,
        "description": "Membuka toko di Tokopedia dan Shopee, foto produk, dan ongkos kirim.",
        "starts_at": starts,
        "ends_at": starts + datetime.timedelta(hours=3),
        "place": "Aula Dinas Koperasi dan UKM, Jl. Veteran, Purwakarta",
        "quota": 20,
        "is_published": True,
    }
    return TrainingSession.objects.create(**{**defaults, **fields})


@pytest.fixture
def vendors(db):
    return [
        VendorFactory(business_name=f"Perajin {name}", slug=f"perajin-{name.lower()}")
        for name in ("Anjun", "Citeko", "Cirama", "Wanayasa")
    ]


@pytest.fixture
def waiting_vendor(db):
    return VendorFactory(
        business_name="Batik Menunggu", slug="batik-menunggu", status=Vendor.Status.SUBMITTED
    )


@pytest.fixture
def staf_dinas(db):
    Group.objects.get_or_create(name="Staf Dinas")
    return StaffFactory(email="dinas@contoh.id", full_name="Dewi Lestari", groups=["Staf Dinas"])
