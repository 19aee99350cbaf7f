import io

import pytest

from curation import demo
from curation.models import CurationCheck
from gallery import demo as gallery_demo
from gallery.models import StockMovement
from products.models import Category
from tests.factories import ProductFactory, StaffFactory

pytestmark = pytest.mark.django_db


def test_the_demo_checks_the_products_on_sale_once_so_the_gallery_takes_them_in():
    staff = StaffFactory(email="staf@galerimenong.id", groups=["Staf Galeri"])
    products = [
        ProductFactory(category=Category.objects.get(slug=slug)) for slug in ("guci-vas", "camilan")
    ]
    demo.seed(io.StringIO())
    demo.seed(io.StringIO())
    checks = CurationCheck.objects.all()
    assert sorted(c.product_id for c in checks) == sorted(p.pk for p in products)
    assert {(c.outcome, c.by_id) for c in checks} == {("passed", staff.pk)}
    gallery_demo.seed(io.StringIO())
    intakes = StockMovement.objects.filter(kind="intake", outlet__slug="galeri-menong-1")
    assert set(intakes.values_list("product_id", flat=True)) == {p.pk for p in products}
