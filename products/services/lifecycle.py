"""A product's life: created as a draft, edited, published, archived; hidden and restored by
staff; deleted only if it was never ordered nor stocked."""

from functools import partial

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit, staff_decision
from core.images import delete_stored_names
from core.pagecache import catalogue_changed

from ..models import Product
from .common import Action, ProductError, changed_if_public, lock, record
from .slugs import product_unique_slug, slug_taken

EDITABLE_FIELDS = (
    "category",
    "name",
    "description",
    "materials",
    "dimensions",
    "weight_grams",
    "price",
    "made_to_order",
    "lead_time_days",
    "pirt_number",
    "bpom_number",
    "halal_number",
    "shelf_life_days",
    "name_en",
    "description_en",
)


def _validate(product):
    """Field and model validation. The vendor and category are instances the caller holds
    and the database's constraints are checked again on save, so neither costs a query."""
    if product.category_id is None:
        raise ValidationError({"category": _("Choose a category.")})
    product.full_clean(
        exclude=["vendor", "category", "slug", "search_vector"], validate_constraints=False
    )


def _apply_fields(product, fields):
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Not editable here: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(product, name, value)
    if not product.made_to_order:
        product.lead_time_days = None
    for text in ("name", "description", "materials", "dimensions", "name_en", "description_en"):
        setattr(product, text, (getattr(product, text) or "").strip())


@transaction.atomic
def product_create(*, vendor, by, **fields) -> Product:
    """A new draft of ``vendor``'s. ``fields`` are among ``EDITABLE_FIELDS``.

    Raises ``ValidationError`` for invalid values; nothing is saved then.
    """
    product = Product(vendor=vendor, status=Product.Status.DRAFT)
    _apply_fields(product, fields)
    _validate(product)
    for _attempt in range(5):
        product.slug = product_unique_slug(product.name)
        try:
            with transaction.atomic():
                product.save()
            break
        except IntegrityError:
            # Another product took the same slug between the check and the insert.
            if not slug_taken(product.slug):
                raise
    else:
        raise ProductError(_("Could not give this product an address; try again."))
    record(product, Action.CREATED, by)
    return product


@transaction.atomic
def product_update(*, product, by, **fields) -> Product:
    """Change a product's details (never its vendor, status, visibility or slug)."""
    product = lock(product)
    before = {name: getattr(product, name) for name in EDITABLE_FIELDS}
    _apply_fields(product, fields)
    _validate(product)
    changed = [name for name in EDITABLE_FIELDS if getattr(product, name) != before[name]]
    if not changed:
        return product
    product.save(update_fields=[*changed, "updated_at"])
    record(product, Action.EDITED, by, ", ".join(changed))
    changed_if_public(product)
    return product


@transaction.atomic
def product_publish(*, product, by) -> Product:
    """Put a draft or archived product on sale.

    Only an approved vendor's products are published, and only with at least one picture.
    A hidden product may be published: it stays off the site until staff restore it.
    """
    product = lock(product)
    if not product.vendor.is_approved:
        raise ProductError(
            _("Only approved vendors can publish products. Your drafts are kept until then.")
        )
    if product.status == Product.Status.PUBLISHED:
        return product
    if not product.images.exists():
        raise ProductError(_("Add at least one picture before publishing."))
    _validate(product)
    product.status = Product.Status.PUBLISHED
    product.published_at = timezone.now()
    product.save(update_fields=["status", "published_at", "updated_at"])
    record(product, Action.PUBLISHED, by)
    catalogue_changed()
    return product


@transaction.atomic
def product_archive(*, product, by, reason="") -> Product:
    """Take a product off sale (no longer made, sold out for good, or sold and kept on record)."""
    product = lock(product)
    if product.status == Product.Status.ARCHIVED:
        return product
    was_public = product.is_public
    product.status = Product.Status.ARCHIVED
    product.save(update_fields=["status", "updated_at"])
    record(product, Action.ARCHIVED, by, reason.strip())
    if was_public:
        catalogue_changed()
    return product


@transaction.atomic
def product_hide(*, product, by, reason) -> Product:
    """Staff take a product off the site, with a reason its vendor sees in the dashboard."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why: the vendor sees this reason.")})
    product = lock(product)
    if product.is_hidden:
        raise ProductError(_("%(product)s is already hidden.") % {"product": product})
    was_public = product.is_public
    product.hidden_at = timezone.now()
    product.hidden_by = by
    product.hidden_reason = reason
    product.save(update_fields=["hidden_at", "hidden_by", "hidden_reason", "updated_at"])
    record(product, Action.HIDDEN, by, reason)
    staff_decision(by=by, obj=product, event="product_hidden", message=reason)
    if was_public:
        catalogue_changed()
    return product


@transaction.atomic
def product_restore(*, product, by, reason="") -> Product:
    """Staff lift a hide; the product is public again if it is published."""
    product = lock(product)
    if not product.is_hidden:
        raise ProductError(_("%(product)s is not hidden.") % {"product": product})
    product.hidden_at = None
    product.hidden_by = None
    product.hidden_reason = ""
    product.save(update_fields=["hidden_at", "hidden_by", "hidden_reason", "updated_at"])
    reason = (reason or "").strip()
    record(product, Action.RESTORED, by, reason)
    staff_decision(by=by, obj=product, event="product_restored", message=reason or _("Restored."))
    changed_if_public(product)
    return product


def product_is_deletable(product) -> bool:
    """False once a product was ever ordered or stocked: it is kept on record, archived."""
    return not Product.objects.filter(pk=product.pk).kept_on_record().exists()


@transaction.atomic
def product_delete(*, product, by) -> None:
    """Delete a product that was never ordered nor stocked, and then its picture files."""
    product = lock(product)
    if not product_is_deletable(product):
        raise ProductError(
            _("%(product)s has been ordered or stocked, so it stays on record. Archive it instead.")
            % {"product": product}
        )
    names = [name for image in product.images.all() for name in image.stored_names()]
    was_public = product.is_public
    audit("product_deleted", user=by, product=product.pk, vendor=product.vendor_id)
    product.delete()
    transaction.on_commit(partial(delete_stored_names, names))
    if was_public:
        catalogue_changed()
