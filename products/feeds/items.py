"""The rows every feed is written from: one per public product with a picture, in a language.

Read in a fixed number of queries whatever the number of products: the products with their
makers, their pictures, the categories, and the stock at the open outlets (the outlets come
from the cache the product page reads too).
"""

from dataclasses import dataclass
from types import SimpleNamespace

from django.conf import settings
from django.db.models import F
from django.urls import reverse
from django.utils import translation
from django.utils.text import Truncator

from core.localized import localized
from gallery.models import StockLevel, today_in_jakarta
from gallery.open_outlets import open_outlets

from .. import seo
from ..codes import product_code
from ..models import Category, Product, ProductImage
from .taxonomy import google_category

TITLE_MAX = 150  # Google's limit; Meta allows 200
DESCRIPTION_MAX = 5000  # Google's limit; Meta allows 9999
IMAGE_WIDTH = seo.SHARE_IMAGE_WIDTH  # the largest rendition, a JPEG every catalogue reads
ADDITIONAL_IMAGES_MAX = 10
TRANSLATED_FIELDS = ("name", "description")
SLUG = "feed-slug"


@dataclass(frozen=True)
class FeedItem:
    id: str
    title: str
    description: str
    link: str
    image_link: str
    additional_image_links: list
    in_stock: bool
    price: int  # whole Rupiah
    brand: str
    google_product_category: str


def _translated_fields() -> list:
    """The ``<field>_en``-style columns the product model has (none before they are added)."""
    names = {field.name for field in Product._meta.concrete_fields}
    return [
        f"{field}_{code}"
        for field in TRANSLATED_FIELDS
        for code, _name in settings.LANGUAGES
        if f"{field}_{code}" in names
    ]


def public_products() -> list:
    """The products the catalogue shows, as plain rows with the columns a feed reads: model
    instances cost more than the rest of the feed's making together."""
    fields = ["pk", "slug", "name", "description", "price", "category_id", "food_override"]
    rows = (
        Product.objects.public()
        .order_by("pk")
        .values(*fields, *_translated_fields(), brand=F("vendor__business_name"))
    )
    return [SimpleNamespace(**row) for row in rows]


def picture_urls() -> dict:
    """``{product id: [absolute URL, ...]}``: the large JPEG of each public product's pictures,
    in their order."""
    rows = (
        ProductImage.objects.filter(product__in=Product.objects.public())
        .exclude(file="")
        .order_by("product_id", "position", "pk")
        .values_list("product_id", "file", "renditions")
    )
    urls = {}
    for product_id, file, renditions in rows:
        picture = ProductImage(file=file, renditions=renditions)
        urls.setdefault(product_id, []).append(
            seo.absolute(picture.rendition_url(IMAGE_WIDTH, "jpeg"))
        )
    return urls


def units_available() -> dict:
    """``{product id: units}`` a shopper can have now at the open outlets, summed as the product
    page sums them (levels with nothing free count nothing)."""
    outlets = [outlet.pk for outlet in open_outlets()]
    levels = (
        StockLevel.objects.filter(outlet_id__in=outlets, product__in=Product.objects.public())
        .with_available(today_in_jakarta())
        .values_list("product_id", "available_quantity")
    )
    totals = {}
    for product_id, available in levels:
        if available and available > 0:
            totals[product_id] = totals.get(product_id, 0) + available
    return totals


def _categories() -> dict:
    """``{id: (taxonomy path, is food)}`` for every category, from one query."""
    rows = {row["pk"]: row for row in Category.objects.values("pk", "slug", "parent_id", "is_food")}
    found = {}
    for pk, row in rows.items():
        parent = rows.get(row["parent_id"])
        food = row["is_food"] or bool(parent and parent["is_food"])
        path = google_category(row["slug"], parent["slug"] if parent else None, food=food)
        found[pk] = (path, food)
    return found


def _cut(text: str, limit: int) -> str:
    # Truncator walks every character: only the rare text over the limit goes through it.
    return text if len(text) <= limit else Truncator(text).chars(limit)


def feed_items(language: str) -> list:
    """The rows of a feed in ``language``: texts in that language where written, links to the
    pages in that language. Products without a picture are left out: both catalogues refuse them."""
    categories = _categories()
    available = units_available()
    pictures = picture_urls()
    with translation.override(language):
        # Slugs are plain letters, digits and hyphens: one address, the slug put in.
        link = seo.absolute(reverse("products:product-detail", kwargs={"slug": SLUG}))
    before_slug, after_slug = link.rsplit(SLUG, 1)
    items = []
    for product in public_products():
        urls = pictures.get(product.pk)
        if not urls:
            continue
        title = localized(product, "name", language).text.strip()
        description = localized(product, "description", language).text.strip()
        path, food = categories.get(product.category_id, (None, False))
        if path is None or (product.food_override is not None and product.food_override != food):
            path = google_category("", food=bool(product.food_override))
        items.append(
            FeedItem(
                id=product_code(product.pk),
                title=_cut(title, TITLE_MAX),
                description=_cut(description or title, DESCRIPTION_MAX),
                link=before_slug + product.slug + after_slug,
                image_link=urls[0],
                additional_image_links=urls[1 : ADDITIONAL_IMAGES_MAX + 1],
                in_stock=available.get(product.pk, 0) > 0,
                price=product.price,
                brand=product.brand,
                google_product_category=path,
            )
        )
    return items
