"""A product card's data in the page's one query: vendor, first picture, stock on the shelves.

The first picture comes as one JSON value from a correlated subquery rather than a prefetch, so
a grid of products costs a single query.
"""

import json

from django.db.models import IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce, JSONObject

from gallery.models import StockLevel

from ..models import ProductImage


def first_picture():
    """The product's first picture as one JSON value (``image_from_data`` reads it), for
    ``annotate(first_image=Subquery(first_picture()))``."""
    return (
        ProductImage.objects.filter(product=OuterRef("pk"))
        .order_by("position", "pk")
        .values(data=picture_data())[:1]
    )


def for_cards(queryset):
    """Products with what a card shows, in the same query: vendor, first picture, stock."""
    stock = (
        StockLevel.objects.filter(
            product=OuterRef("pk"), outlet__is_active=True, outlet__is_planned=False
        )
        .with_available()
        .values("product")
        .annotate(total=Sum("available_quantity"))
        .values("total")
    )
    return (
        queryset.select_related("vendor")
        .defer(
            "description",
            "description_en",
            "search_vector",
            "hidden_reason",
            "vendor__story",
            "vendor__story_en",
        )
        .annotate(
            first_image=Subquery(first_picture()),
            available_total=Coalesce(Subquery(stock, output_field=IntegerField()), Value(0)),
        )
    )


def picture_data():
    """The fields a picture needs, as one JSON value (one subquery instead of a prefetch)."""
    return JSONObject(
        id="id", file="file", width="width", height="height", renditions="renditions", alt="alt"
    )


def image_from_data(data, model=ProductImage):
    """An unsaved ``model`` (an ImageAsset) from ``picture_data()``, or None."""
    if not data:
        return None
    if isinstance(data.get("renditions"), str):  # SQLite nests JSON as text
        data = {**data, "renditions": json.loads(data["renditions"])}
    return model(**data)


def with_card_images(products):
    """Evaluate ``products`` (from ``for_cards``) and give each its ``card_image``."""
    products = list(products)
    for product in products:
        product.card_image = image_from_data(product.first_image)
    return products
