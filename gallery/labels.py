"""Shelf labels: name, price, maker, a QR code that opens the product's page, and beside it the
product's short code, which the counter finds when it is typed or scanned.

The QR code is a PNG data URI (allowed by the Content-Security-Policy, like any ``data:`` image),
so the printed sheet needs nothing but the page itself. It encodes the product's absolute address
in the default language: a visitor scanning it later lands on the Indonesian page and can switch.
"""

import hashlib
from dataclasses import dataclass

import segno
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from products.models import Product

from .models import StockLevel

QR_SCALE = 5
QR_BORDER = 4
QR_CACHE_SECONDS = 60 * 60 * 24 * 30


@dataclass(frozen=True)
class ShelfLabel:
    product: Product
    code: str
    url: str
    qr_data_uri: str
    qr_size: int


def product_address(product) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return settings.SITE_URL + product.get_absolute_url()


def qr_code(address: str) -> tuple[str, int]:
    """The QR code of ``address`` as a PNG data URI, and its side in pixels."""
    code = segno.make(address, error="m", micro=False)
    width, _height = code.symbol_size(scale=QR_SCALE, border=QR_BORDER)
    return code.png_data_uri(scale=QR_SCALE, border=QR_BORDER), width


def products_on_shelf(outlet, product_ids=None):
    """Public products with units on the outlet's shelf (reserved ones too: they are there)."""
    products = (
        Product.objects.public()
        .filter(pk__in=StockLevel.objects.at(outlet).on_shelf().values("product_id"))
        .select_related("vendor")
        .order_by("vendor__business_name", "name")
    )
    if product_ids is not None:
        products = products.filter(pk__in=product_ids)
    return products


def _cache_key(address):
    return "gallery:qr:v1:" + hashlib.sha256(address.encode()).hexdigest()


def shelf_labels(products) -> list[ShelfLabel]:
    """A label per product. Drawing a QR code takes a few milliseconds, so codes are cached by
    address: a sheet of a few hundred labels is drawn once, then read from the cache."""
    products = list(products)
    addresses = {product.pk: product_address(product) for product in products}
    cached = cache.get_many([_cache_key(address) for address in addresses.values()])
    drawn = {}
    labels = []
    for product in products:
        address = addresses[product.pk]
        key = _cache_key(address)
        if key not in cached:
            cached[key] = drawn[key] = qr_code(address)
        data_uri, size = cached[key]
        labels.append(
            ShelfLabel(
                product=product,
                code=product.code,
                url=address,
                qr_data_uri=data_uri,
                qr_size=size,
            )
        )
    if drawn:
        cache.set_many(drawn, timeout=QR_CACHE_SECONDS)
    return labels
