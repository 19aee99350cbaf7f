import pytest
from django.core.exceptions import ValidationError

from products import services
from products.models import Category
from tests.products import pictures

pytestmark = pytest.mark.django_db


def test_the_category_tree_is_seeded_with_two_levels_in_both_languages():
    tops = Category.objects.filter(parent__isnull=True)
    assert [c.name_id for c in tops] == [
        "Keramik & Gerabah",
        "Anyaman & Bambu",
        "Batik & Tenun",
        "Kuliner & Oleh-oleh",
        "Fashion & Aksesori",
        "Kayu",
        "Dekorasi Rumah",
    ]
    keramik = Category.objects.get(slug="keramik-gerabah")
    assert keramik.name_en == "Ceramics & Earthenware"
    assert {"guci-vas", "gerabah-dapur", "boneka-menong"} <= set(
        keramik.children.values_list("slug", flat=True)
    )
    kuliner = Category.objects.get(slug="kuliner-oleh-oleh")
    assert {"Gula Aren", "Simping & Semprong", "Camilan"} <= set(
        kuliner.children.values_list("name_id", flat=True)
    )
    assert not Category.objects.filter(parent__parent__isnull=False).exists()
    assert all(c.name_id and c.name_en and c.slug for c in Category.objects.all())


def test_a_category_cannot_go_three_levels_deep():
    guci = Category.objects.get(slug="guci-vas")
    deeper = Category(parent=guci, slug="guci-besar", name_id="Guci Besar", name_en="Big jars")
    with pytest.raises(ValidationError) as raised:
        services.category_save(category=deeper)
    assert "parent" in raised.value.message_dict
    assert not Category.objects.filter(slug="guci-besar").exists()


def test_a_top_category_with_children_cannot_be_put_under_another():
    keramik = Category.objects.get(slug="keramik-gerabah")
    keramik.parent = Category.objects.get(slug="dekorasi-rumah")
    with pytest.raises(ValidationError):
        services.category_save(category=keramik)
    keramik.refresh_from_db()
    assert keramik.parent is None


def test_a_category_cannot_be_its_own_parent():
    kayu = Category.objects.get(slug="kerajinan-kayu")
    kayu.parent = kayu
    with pytest.raises(ValidationError):
        services.category_save(category=kayu)


def test_a_category_picture_goes_through_the_pipeline_and_its_files_go_with_it(
    media_root, django_capture_on_commit_callbacks
):
    category = Category(slug="anyaman-pandan", name_id="Anyaman Pandan", name_en="Pandan weaving")
    with django_capture_on_commit_callbacks(execute=True):
        services.category_save(category=category, upload=pictures.jpeg_with_gps())
    assert set(category.renditions) == {"320", "640", "800"}
    assert sorted(category.stored_names()) == pictures.stored_files(media_root)
    with django_capture_on_commit_callbacks(execute=True):
        services.category_delete(category=category)
    assert pictures.stored_files(media_root) == []


def test_a_category_with_products_or_children_is_not_deleted():
    with pytest.raises(services.CategoryError):
        services.category_delete(category=Category.objects.get(slug="keramik-gerabah"))
    assert Category.objects.filter(slug="keramik-gerabah").exists()
