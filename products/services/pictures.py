"""A product's pictures: at most eight, ordered, stored through ``core.images``, each described
by its own words or, until the vendor writes them, by the product's name."""

from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max
from django.utils.translation import gettext as _

from core.images import delete_stored_names, prepare_image, store_prepared_image

from ..models import Product, ProductImage
from .common import ProductError, changed_if_public, lock


def _clean_alt(alt):
    # Empty is allowed: the product's name describes the picture until the vendor writes more.
    alt = " ".join((alt or "").split())
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
def product_image_add(*, product, by, alt="", upload=None, prepared=None) -> ProductImage:
    """Add a picture at the end. ``upload`` is checked and stored by ``core.images``
    (or pass a ``prepared`` picture from ``core.images.prepare_image``).

    Raises ``ValidationError`` for a bad upload or alt text and ``ProductError`` when the
    product already has the most pictures allowed; no file is left behind then.
    """
    if (upload is None) == (prepared is None):
        raise TypeError("Pass either upload or prepared.")
    alt = _clean_alt(alt)
    product = lock(product)
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
    changed_if_public(product)
    return image


@transaction.atomic
def product_image_set_alt(*, image, by, alt) -> ProductImage:
    image.alt = _clean_alt(alt)
    image.save(update_fields=["alt"])
    changed_if_public(image.product)
    return image


@transaction.atomic
def product_image_move(*, image, by, offset) -> None:
    """Move a picture ``offset`` places (-1: earlier, 1: later); the first is the cover."""
    product = lock(image.product)
    images = _renumber(product)
    index = next(i for i, candidate in enumerate(images) if candidate.pk == image.pk)
    target = max(0, min(len(images) - 1, index + offset))
    if target == index:
        return
    images.insert(target, images.pop(index))
    for position, candidate in enumerate(images):
        candidate.position = position
    ProductImage.objects.bulk_update(images, ["position"])
    changed_if_public(product)


@transaction.atomic
def product_image_reorder(*, product, by, image_ids) -> None:
    """Put the product's pictures in this order; ``image_ids`` must name each exactly once."""
    product = lock(product)
    images = {image.pk: image for image in product.images.all()}
    image_ids = [int(pk) for pk in image_ids]
    if sorted(image_ids) != sorted(images):
        raise ProductError(_("The new order must list each picture of this product once."))
    for position, pk in enumerate(image_ids):
        images[pk].position = position
    ProductImage.objects.bulk_update(images.values(), ["position"])
    changed_if_public(product)


@transaction.atomic
def product_image_delete(*, image, by) -> None:
    """Delete a picture, and its files once that has committed.

    The last picture of a published product stays: archive the product or add another first.
    """
    product = lock(image.product)
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
    changed_if_public(product)
