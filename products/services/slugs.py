"""Product addresses: made once from the name, changed only by staff, old ones kept."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ..models import Product, ProductSlugHistory
from .common import Action, changed_if_public, lock, record

SLUG_MAX_LENGTH = 140


def slug_taken(slug, exclude_product=None):
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
    while slug_taken(slug):
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
    if slug_taken(slug, exclude_product=product):
        raise ValidationError(_("Another product uses or used this address."), code="taken")


@transaction.atomic
def product_change_slug(*, product, slug, by) -> Product:
    """Staff give a product a new address; the old one keeps redirecting."""
    product = lock(product)
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
    record(product, Action.SLUG_CHANGED, by, f"{old} → {slug}")
    changed_if_public(product)
    return product
