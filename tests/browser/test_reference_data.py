import pytest
from django.contrib.auth.models import Group

from core.models import Kecamatan
from products.models import Category

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.mark.parametrize("n", [1, 2])
def test_each_browser_test_starts_with_the_migrations_reference_data(live_server, page, n):
    assert Kecamatan.objects.count() == 17
    assert Category.objects.exists()
    assert set(Group.objects.values_list("name", flat=True)) >= {"Staf Dinas", "Staf Galeri"}
    assert Group.objects.get(name="Staf Dinas").permissions.exists()
    page.goto(live_server.url + "/produk/")
