"""What every product service shares: the error, the row lock, the history, the page cache."""

from core.pagecache import catalogue_changed

from ..models import Product, ProductEvent

Action = ProductEvent.Action


class ProductError(Exception):
    """A change the product rules refuse; its message is meant for the person who asked."""


def record(product, action, by, reason=""):
    return ProductEvent.objects.create(product=product, action=action, by=by, reason=reason)


def lock(product) -> Product:
    """The product's row, locked until the transaction ends, with its vendor."""
    return (
        Product.objects.select_for_update(of=("self",)).select_related("vendor").get(pk=product.pk)
    )


def changed_if_public(*products):
    if any(product.is_public for product in products):
        catalogue_changed()
