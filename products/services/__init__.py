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

from functools import partial

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.audit import audit
from core.images import (
    delete_stored_names,
    prepare_image,
    remove_image,
    replace_image,
    store_prepared_image,
)
from core.pagecache import catalogue_changed

from .models import Category, Product, ProductEvent, ProductImage, ProductSlugHistory

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
)
SLUG_MAX_LENGTH = 140
Action = ProductEvent.Action


class ProductError(Exception):
    """A change the product rules refuse; its message is meant for the person who asked."""


def _record(product, action, by, reason=""):
    return ProductEvent.objects.create(product=product, action=action, by=by, reason=reason)


def _lock(product) -> Product:
    """The product's row, locked until the transaction ends, with its vendor."""
    return (
        Product.objects.select_for_update(of=("self",)).select_related("vendor").get(pk=product.pk)
    )


def _changed_if_public(*products):
    if any(product.is_public for product in products):
        catalogue_changed()


# Slugs -----------------------------------------------------------------------------------------


def _slug_taken(slug, exclude_product=None):
    """Is ``slug`` the address, or a former address, of a product (other than this one)?"""
    products = Product.objects.filter(Q(slug=slug) | Q(old_slugs__slug=slug))
    if exclude_product is not None:
        products = products.exclude(pk=exclude_product.pk)
    return products.exists()


def product_unique_slug(name: str) -> str:
    """A readable slug for a new product: its name, with ``-2``, ``-3``… if already used
    (by a product, or as the old address of one)."""
    base = slugify(name)[: SLUG_MAX_LENGTH - 6].strip("-") or "produk"
    slug, n = base, 1
    while _slug_taken(slug):
        n += 1
        slug = f"{base}-{n}"
    return slug


def product_for_slug(slug, queryset=None):
    """The public product at ``/produk/<slug>/``: ``(product, is_old_slug)``.

    ``is_old_slug`` is True when the slug is a former address: redirect (301) to
    ``product.get_absolute_url()``. Raises ``Product.DoesNotExist`` when nothing public matches.
    """
    if queryset is None:
        queryset = Product.objects.public().select_related("vendor", "category")
    try:
        return queryset.get(slug=slug), False
    except Product.DoesNotExist:
        return queryset.get(old_slugs__slug=slug), True


def check_new_slug(*, product, slug) -> None:
    """Raise ``ValidationError`` unless ``slug`` can become the product's address."""
    if not slug or slug != slugify(slug) or len(slug) > SLUG_MAX_LENGTH:
        raise ValidationError(
            _("Use lower-case letters, digits and hyphens only, at most 140."), code="invalid"
        )
    if _slug_taken(slug, exclude_product=product):
        raise ValidationError(_("Another product uses or used this address."), code="taken")


@transaction.atomic
def product_change_slug(*, product, slug, by) -> Product:
    """Staff give a product a new address; the old one keeps redirecting."""
    product = _lock(product)
    slug = (slug or "").strip()
    if slug == product.slug:
        return product
    try:
        check_new_slug(product=product, slug=slug)
    except ValidationError as error:
        raise ValidationError({"slug": error.messages}) from None
    old = product.slug
    # Taking back one of its own old addresses: that one is current again, not a redirect.
    ProductSlugHistory.objects.filter(product=product, slug=slug).delete()
    ProductSlugHistory.objects.create(product=product, slug=old)
    product.slug = slug
    product.save(update_fields=["slug", "updated_at"])
    _record(product, Action.SLUG_CHANGED, by, f"{old} → {slug}")
    _changed_if_public(product)
    return product


# Creating and editing --------------------------------------------------------------------------


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
    for text in ("name", "description", "materials", "dimensions"):
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
            if not _slug_taken(product.slug):
                raise
    else:
        raise ProductError(_("Could not give this product an address; try again."))
    _record(product, Action.CREATED, by)
    return product


@transaction.atomic
def product_update(*, product, by, **fields) -> Product:
    """Change a product's details (never its vendor, status, visibility or slug)."""
    product = _lock(product)
    before = {name: getattr(product, name) for name in EDITABLE_FIELDS}
    _apply_fields(product, fields)
    _validate(product)
    changed = [name for name in EDITABLE_FIELDS if getattr(product, name) != before[name]]
    if not changed:
        return product
    product.save(update_fields=[*changed, "updated_at"])
    _record(product, Action.EDITED, by, ", ".join(changed))
    _changed_if_public(product)
    return product


# Status and moderation -------------------------------------------------------------------------


def can_publish(product) -> bool:
    return product.vendor.is_approved and product.images.exists()


@transaction.atomic
def product_publish(*, product, by) -> Product:
    """Put a draft or archived product on sale.

    Only an approved vendor's products are published, and only with at least one picture.
    A hidden product may be published: it stays off the site until staff restore it.
    """
    product = _lock(product)
    if not product.vendor.is_approved:
        raise ProductError(
            _("Only approved vendors can publish products. Your drafts are kept until then.")
        )
    if product.status == Product.Status.PUBLISHED:
        return product
    if not product.images.exists():
        raise ProductError(_("Add at least one picture (with its description) before publishing."))
    _validate(product)
    product.status = Product.Status.PUBLISHED
    product.published_at = timezone.now()
    product.save(update_fields=["status", "published_at", "updated_at"])
    _record(product, Action.PUBLISHED, by)
    catalogue_changed()
    return product


@transaction.atomic
def product_archive(*, product, by, reason="") -> Product:
    """Take a product off sale (no longer made, sold out for good, or sold and kept on record)."""
    product = _lock(product)
    if product.status == Product.Status.ARCHIVED:
        return product
    was_public = product.is_public
    product.status = Product.Status.ARCHIVED
    product.save(update_fields=["status", "updated_at"])
    _record(product, Action.ARCHIVED, by, reason.strip())
    if was_public:
        catalogue_changed()
    return product


@transaction.atomic
def product_hide(*, product, by, reason) -> Product:
    """Staff take a product off the site, with a reason its vendor sees in the dashboard."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why: the vendor sees this reason.")})
    product = _lock(product)
    if product.is_hidden:
        raise ProductError(_("%(product)s is already hidden.") % {"product": product})
    was_public = product.is_public
    product.hidden_at = timezone.now()
    product.hidden_by = by
    product.hidden_reason = reason
    product.save(update_fields=["hidden_at", "hidden_by", "hidden_reason", "updated_at"])
    _record(product, Action.HIDDEN, by, reason)
    audit("product_hidden", user=by, product=product.pk, vendor=product.vendor_id)
    if was_public:
        catalogue_changed()
    return product


@transaction.atomic
def product_restore(*, product, by, reason="") -> Product:
    """Staff lift a hide; the product is public again if it is published."""
    product = _lock(product)
    if not product.is_hidden:
        raise ProductError(_("%(product)s is not hidden.") % {"product": product})
    product.hidden_at = None
    product.hidden_by = None
    product.hidden_reason = ""
    product.save(update_fields=["hidden_at", "hidden_by", "hidden_reason", "updated_at"])
    _record(product, Action.RESTORED, by, (reason or "").strip())
    audit("product_restored", user=by, product=product.pk, vendor=product.vendor_id)
    _changed_if_public(product)
    return product


def product_is_deletable(product) -> bool:
    """False once a product was ever ordered or stocked: it is kept on record, archived."""
    return not (
        product.order_lines.exists() or product.stock_levels.exists() or product.movements.exists()
    )


@transaction.atomic
def product_delete(*, product, by) -> None:
    """Delete a product that was never ordered nor stocked, and then its picture files."""
    product = _lock(product)
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


# Pictures --------------------------------------------------------------------------------------


def _clean_alt(alt):
    alt = (alt or "").strip()
    if not alt:
        raise ValidationError(
            {"alt": _("Describe the picture in a few words, for people who cannot see it.")}
        )
    if len(alt) > 200:
        raise ValidationError({"alt": _("Keep the description under 200 characters.")})
    return alt


def _renumber(product):
    images = list(product.images.order_by("position", "pk"))
    for position, image in enumerate(images):
        image.position = position
    ProductImage.objects.bulk_update(images, ["position"])
    return images


@transaction.atomic
def product_image_add(*, product, by, alt, upload=None, prepared=None) -> ProductImage:
    """Add a picture at the end. ``upload`` is checked and stored by ``core.images``
    (or pass a ``prepared`` picture from ``core.images.prepare_image``).

    Raises ``ValidationError`` for a bad upload or alt text and ``ProductError`` when the
    product already has the most pictures allowed; no file is left behind then.
    """
    if (upload is None) == (prepared is None):
        raise TypeError("Pass either upload or prepared.")
    alt = _clean_alt(alt)
    product = _lock(product)
    pictures = product.images.aggregate(count=Count("pk"), last=Max("position"))
    if pictures["count"] >= ProductImage.MAX_PER_PRODUCT:
        raise ProductError(
            _("A product has at most %(n)s pictures. Delete one before adding another.")
            % {"n": ProductImage.MAX_PER_PRODUCT}
        )
    if prepared is None:
        prepared = prepare_image(upload)
    last = pictures["last"]
    image = ProductImage(product=product, alt=alt, position=0 if last is None else last + 1)
    store_prepared_image(image, prepared)
    try:
        with transaction.atomic():
            image.save()
    except BaseException:
        delete_stored_names(image.stored_names())
        raise
    _changed_if_public(product)
    return image


@transaction.atomic
def product_image_set_alt(*, image, by, alt) -> ProductImage:
    image.alt = _clean_alt(alt)
    image.save(update_fields=["alt"])
    _changed_if_public(image.product)
    return image


@transaction.atomic
def product_image_move(*, image, by, offset) -> None:
    """Move a picture ``offset`` places (-1: earlier, 1: later); the first is the cover."""
    product = _lock(image.product)
    images = _renumber(product)
    index = next(i for i, candidate in enumerate(images) if candidate.pk == image.pk)
    target = max(0, min(len(images) - 1, index + offset))
    if target == index:
        return
    images.insert(target, images.pop(index))
    for position, candidate in enumerate(images):
        candidate.position = position
    ProductImage.objects.bulk_update(images, ["position"])
    _changed_if_public(product)


@transaction.atomic
def product_image_reorder(*, product, by, image_ids) -> None:
    """Put the product's pictures in this order; ``image_ids`` must name each exactly once."""
    product = _lock(product)
    images = {image.pk: image for image in product.images.all()}
    image_ids = [int(pk) for pk in image_ids]
    if sorted(image_ids) != sorted(images):
        raise ProductError(_("The new order must list each picture of this product once."))
    for position, pk in enumerate(image_ids):
        images[pk].position = position
    ProductImage.objects.bulk_update(images.values(), ["position"])
    _changed_if_public(product)


@transaction.atomic
def product_image_delete(*, image, by) -> None:
    """Delete a picture, and its files once that has committed.

    The last picture of a published product stays: archive the product or add another first.
    """
    product = _lock(image.product)
    if product.status == Product.Status.PUBLISHED and product.images.count() <= 1:
        raise ProductError(
            _(
                "A published product needs at least one picture. "
                "Add another before deleting this one, or archive the product."
            )
        )
    names = image.stored_names()
    image.delete()
    _renumber(product)
    transaction.on_commit(partial(delete_stored_names, names))
    _changed_if_public(product)


# Categories ------------------------------------------------------------------------------------


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
