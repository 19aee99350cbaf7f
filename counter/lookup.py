"""Finding a product at the counter: by the short code on its shelf label, by the address its QR
code holds (a scanner types it as if on a keyboard), or by name."""

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.db.models import Exists, IntegerField, OuterRef, Q, Subquery

from gallery.models import StockLevel
from products.codes import product_id_from_code
from products.models import Product, ProductSlugHistory

MAX_MATCHES = 20
# The product page's path, with or without the /en/ prefix; a scanner may add a trailing newline.
_PRODUCT_PATH = re.compile(r"/produk/(?P<slug>[-a-z0-9_]+)/?$")


def sellable_at(outlet):
    """Public products with units free to sell at ``outlet`` (on hand less reserved), each
    annotated with ``available``."""
    levels = StockLevel.objects.at(outlet).filter(product=OuterRef("pk")).with_available()
    return (
        Product.objects.public()
        .filter(Exists(StockLevel.objects.at(outlet).filter(product=OuterRef("pk")).in_stock()))
        .annotate(
            available=Subquery(levels.values("available_quantity")[:1], output_field=IntegerField())
        )
        .select_related("vendor")
    )


def available_at(outlet, product_ids) -> dict[int, int]:
    """``{product id: units free to sell}`` at ``outlet``; products without a level are absent."""
    return StockLevel.objects.at(outlet).filter(product_id__in=product_ids).availability()


def _slug_from_address(text: str) -> str | None:
    if "/" not in text:
        return None
    path = urlsplit(text.strip()).path if "://" in text else text.strip()
    match = _PRODUCT_PATH.search(path.lower())
    return match["slug"] if match else None


@dataclass(frozen=True)
class Found:
    """What a search found: ``exact`` when the query named one product (a code or an address),
    else ``matches`` by name."""

    exact: Product | None = None
    matches: tuple = ()
    by_name: bool = False


def product_by_address(text: str) -> Product | None:
    slug = _slug_from_address(text)
    if slug is None:
        return None
    product = Product.objects.filter(slug=slug).select_related("vendor").first()
    if product is None:
        old = ProductSlugHistory.objects.filter(slug=slug).select_related("product__vendor")
        product = next((row.product for row in old), None)
    return product


def find(outlet, query: str) -> Found:
    query = (query or "").strip()[:300]
    if not query:
        return Found()
    product = product_by_address(query)
    if product is None:
        product_id = product_id_from_code(query)
        if product_id is not None:
            product = Product.objects.filter(pk=product_id).select_related("vendor").first()
    if product is not None:
        return Found(exact=product)
    if "/" in query:
        return Found(by_name=True)
    products = sellable_at(outlet)
    for word in query.split()[:6]:
        products = products.filter(
            Q(name__icontains=word) | Q(vendor__business_name__icontains=word)
        )
    return Found(matches=tuple(products.order_by("name", "pk")[:MAX_MATCHES]), by_name=True)
