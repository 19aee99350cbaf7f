"""Product rules. Views, forms, the admin and demo data call these; none repeats their logic.

- A product is created as a draft by its vendor (approved or not) and gets a slug once, from its
  name; renaming never changes it. Only staff change a slug, and the old one is kept in
  ``ProductSlugHistory`` so links shared before still arrive (``product_for_slug``).
- Only an approved vendor publishes, and only a product with at least one picture (every picture
  has alt text: the form, the service and a database constraint require it).
- Staff hide a product with a reason the vendor sees in the dashboard; it is not public until
  staff restore it, whatever its status. Publishing, archiving, hiding, restoring, slug changes
  and edits are recorded as ``ProductEvent`` rows (who, when, why).
- Pictures: at most ``ProductImage.MAX_PER_PRODUCT``, ordered, stored through ``core.images``;
  their files are deleted once the deletion of their row has committed. A published product
  keeps at least one picture.
- A product that was ever sold or stocked is never deleted: it is archived.
"""

from .categories import CategoryError, category_delete, category_save
from .common import ProductError
from .lifecycle import (
    EDITABLE_FIELDS,
    product_archive,
    product_create,
    product_delete,
    product_hide,
    product_is_deletable,
    product_publish,
    product_restore,
    product_update,
)
from .pictures import (
    product_image_add,
    product_image_delete,
    product_image_move,
    product_image_reorder,
    product_image_set_alt,
)
from .slugs import check_new_slug, product_change_slug, product_for_slug, product_unique_slug

__all__ = [
    "EDITABLE_FIELDS",
    "CategoryError",
    "ProductError",
    "category_delete",
    "category_save",
    "check_new_slug",
    "product_archive",
    "product_change_slug",
    "product_create",
    "product_delete",
    "product_for_slug",
    "product_hide",
    "product_image_add",
    "product_image_delete",
    "product_image_move",
    "product_image_reorder",
    "product_image_set_alt",
    "product_is_deletable",
    "product_publish",
    "product_restore",
    "product_unique_slug",
    "product_update",
]
