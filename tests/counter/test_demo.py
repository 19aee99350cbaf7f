import io

import pytest

from counter import demo
from counter.models import Assignment, Sale, Shift
from gallery import demo as gallery_demo
from tests.factories import ProductFactory, StaffFactory, curated

pytestmark = pytest.mark.django_db


def test_the_demo_assigns_staff_and_rings_up_the_first_receipts_once():
    StaffFactory(email="staf@galerimenong.id")
    curated(*ProductFactory.create_batch(6))
    gallery_demo.seed(io.StringIO())
    demo.seed(io.StringIO())
    demo.seed(io.StringIO())

    assert Shift.objects.open().count() == 1
    assert Sale.objects.count() == 4
    assert Sale.objects.filter(status="voided").count() == 1
    assert sorted(Assignment.objects.values_list("user__email", "outlet__slug")) == [
        ("kasir@galerimenong.id", "galeri-menong-1"),
        ("staf@galerimenong.id", "galeri-menong-1"),
        ("staf@galerimenong.id", "galeri-menong-2"),
    ]
    cashier = Assignment.objects.get(
        outlet__slug="galeri-menong-1", user__email__startswith="kasir"
    ).user
    assert cashier.has_perm("counter.sell_at_counter")
    assert not cashier.has_perm("counter.void_sale")
