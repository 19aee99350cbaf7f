"""The category tree: two levels, an optional picture through the pipeline."""

from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.images import delete_stored_names, remove_image, replace_image
from core.pagecache import catalogue_changed

from ..models import Category
from .common import ProductError


class CategoryError(ProductError):
    pass


@transaction.atomic
def category_save(*, category, by=None, upload=None, clear_image=False) -> Category:
    """Create or update a category: two levels only; the picture goes through the pipeline."""
    if category.parent_id:
        parent = Category.objects.select_for_update().get(pk=category.parent_id)
        if parent.parent_id:
            raise ValidationError(
                {"parent": _("Categories have two levels: a parent cannot have a parent.")}
            )
    category.full_clean(exclude=["file"])
    category.save()
    if upload is not None:
        replace_image(category, upload)
    elif clear_image and category.file:
        remove_image(category)
    catalogue_changed()
    return category


@transaction.atomic
def category_delete(*, category, by=None) -> None:
    """Delete an empty category (no products, no subcategories) and then its picture files."""
    if category.products.exists() or category.children.exists():
        raise CategoryError(
            _("%(category)s still has products or subcategories; move them first.")
            % {"category": category}
        )
    names = category.stored_names()
    category.delete()
    transaction.on_commit(partial(delete_stored_names, names))
    catalogue_changed()
