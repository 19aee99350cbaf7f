import io

import pytest

from core.demo import STAFF_EMAIL
from products import demo
from products.models import Category, Product
from tests.factories import StaffFactory, VendorFactory
from tests.products import pictures

pytestmark = pytest.mark.django_db

DEMO_VENDORS = [
    "Keramik Anjun Jaya",
    "Gerabah Citeko",
    "Boneka Menong Plered",
    "Anyaman Bambu Wanayasa",
    "Batik Purwakarta Asri",
    "Tenun Sukasari",
    "Gula Aren Darangdan",
    "Simping Kaum Bu Iis",
    "Kopi Burangrang",
    "Kerajinan Kayu Sukatani",
    "Toko Oleh-oleh Maniis",
]


@pytest.fixture
def demo_vendors(db):
    vendors = [VendorFactory(business_name=name) for name in DEMO_VENDORS]
    VendorFactory(business_name="Keramik Belum Disetujui", status="submitted")
    StaffFactory(email=STAFF_EMAIL)
    return vendors


def run_seed():
    out = io.StringIO()
    demo.seed(out)
    return out.getvalue()


def test_the_demo_offers_about_300_products():
    assert demo.TARGET_PRODUCTS == 300


def test_the_demo_adds_products_with_pictures_and_is_idempotent(
    demo_vendors, media_root, monkeypatch
):
    # A third of the real run, for speed: the same code path, spread over the same vendors.
    monkeypatch.setattr(demo, "TARGET_PRODUCTS", 100)
    output = run_seed()
    products = Product.objects.all()
    assert products.count() == demo.TARGET_PRODUCTS
    assert "100 demo products added" in output
    assert not products.filter(vendor__status="submitted").exists()
    assert products.filter(images__isnull=True).count() == 0
    published = products.filter(status="published").count()
    assert published > 0.8 * demo.TARGET_PRODUCTS
    assert products.filter(status="draft").exists() and products.filter(status="archived").exists()
    assert products.hidden().exists()
    assert {p.hidden_by.email for p in products.hidden()} == {STAFF_EMAIL}
    assert Product.objects.public().count() > 0.75 * demo.TARGET_PRODUCTS
    assert products.values("vendor").distinct().count() == len(demo_vendors)
    assert products.values("category").distinct().count() >= 12
    assert min(p.price for p in products) >= 12_000
    assert max(p.price for p in products) >= 200_000
    for product in products.filter(category__parent__slug="kuliner-oleh-oleh"):
        assert "bulan" in product.description
    made_to_order = products.filter(made_to_order=True)
    assert made_to_order.exists()
    assert all(1 <= p.lead_time_days <= 30 for p in made_to_order)
    # Every picture has its own files, and every file belongs to a picture.
    names = [
        n
        for p in products.prefetch_related("images")
        for i in p.images.all()
        for n in i.stored_names()
    ]
    assert len(names) == len(set(names))
    files = pictures.stored_files(media_root)
    category_files = [n for c in Category.objects.exclude(file="") for n in c.stored_names()]
    assert sorted(names + category_files) == files

    assert "0 demo products added" in run_seed()
    assert Product.objects.count() == demo.TARGET_PRODUCTS
    assert pictures.stored_files(media_root) == files


def test_without_approved_vendors_the_demo_says_so_and_adds_nothing():
    VendorFactory(status="submitted")
    assert "no approved vendors" in run_seed()
    assert not Product.objects.exists()


def test_every_drawing_goes_through_the_pipeline():
    box = demo.PictureBox()
    for kind, palettes in demo.PALETTES.items():
        for variant in range(len(palettes)):
            prepared = box.get(kind, variant)
            assert (prepared.width, prepared.height) == demo.SIZE
            assert set(prepared.renditions) == {320, 640, 800}
