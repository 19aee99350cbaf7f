"""Helpers for the product tests: the seeded categories, valid details, a public product."""

from products import services
from products.models import Category
from tests.factories import ProductImageFactory
from tests.products import pictures


def leaf(slug="guci-vas"):
    """A category of the seeded tree."""
    return Category.objects.get(slug=slug)


def product_fields(**overrides):
    fields = {
        "category": leaf(),
        "name": "Guci Keramik Motif Daun",
        "description": "Guci tanah liat Plered, dibakar di tungku kayu.",
        "materials": "tanah liat",
        "dimensions": "Tinggi 40 cm",
        "weight_grams": 3500,
        "price": 175_000,
        "made_to_order": False,
        "lead_time_days": None,
    }
    fields.update(overrides)
    return fields


def published_product(vendor, *, real_picture=False, **overrides):
    """A public product made through the services, with one picture: stored through the
    pipeline if ``real_picture``, else a picture row whose files are not written (faster)."""
    product = services.product_create(vendor=vendor, by=vendor.user, **product_fields(**overrides))
    if real_picture:
        services.product_image_add(
            product=product, by=vendor.user, upload=pictures.jpeg(), alt="Guci coklat motif daun"
        )
    else:
        ProductImageFactory(product=product, alt="Guci coklat motif daun")
    return services.product_publish(product=product, by=vendor.user)
