"""Staff work on products and categories in the admin. Every write goes through
``products.services``; deletions too, so that files go with their rows."""

from .categories import CategoryAdmin
from .products import ProductAdmin

__all__ = ["CategoryAdmin", "ProductAdmin"]
