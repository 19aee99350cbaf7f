"""What the product page shows, read in a handful of queries.

What other pages share comes from the cache, under the catalogue version: the categories and
the open outlets (``listing_choices``), the newest products of each category and their cards
(the related products). The product with its maker, its pictures, the maker's logo and its
stock are read afresh: four queries.
"""

from django.core.cache import cache
from django.db.models import F, OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext

from core.localized import localized
from gallery.models import Batch, StockLevel, today_in_jakarta
from orders.cart import MAX_LINE_QUANTITY

from . import seo
from .listing import listing_choices
from .listing.fragments import Cards
from .models import Product, ProductSlugHistory

RELATED_COUNT = 4
# The version invalidates; the timeout bounds how stale a worker with its own per-process cache
# (no shared CACHE_URL) can be.
CACHE_SECONDS = 300


def public_product(slug, *, tree=None):
    """The public product at ``slug``, with its maker and the maker's kecamatan. Its category
    (and the category's parent) come from ``tree``, the cached ``CategoryTree``, when given."""
    found = list(
        Product.objects.public()
        .select_related("vendor__kecamatan", *([] if tree else ["category__parent"]))
        .defer("search_vector")
        .filter(slug=slug)[:1]
    )
    if not found:
        return None
    product = found[0]
    category = tree.with_parent(product.category_id) if tree else None
    if category is not None:
        product.category = category
    return product


def renamed_product(slug):
    """The public product that had ``slug`` before a rename, if any."""
    old = (
        ProductSlugHistory.objects.filter(slug=slug, product__in=Product.objects.public())
        .select_related("product")
        .only("product__slug")
        .first()
    )
    return old.product if old else None


def outlets_with_stock(product, *, food=False, outlets=None):
    """Every open outlet with ``available``: units of the product on its shelf, not reserved
    (nor, for food, in an expired batch). For ``food``, also ``best_before``: the expiry date of
    the batch a shopper would get there, the earliest live one with free units (first expiry
    first out); None where only units taken in without a batch are free.

    ``outlets`` are the open outlets in their order (``listing_choices().outlets``); the stock
    is one query over the product's levels."""
    today = today_in_jakarta()
    if outlets is None:
        outlets = listing_choices(kecamatan=False).outlets
    levels = StockLevel.objects.filter(product=product).with_available(today)
    fields = ["outlet_id", "available_quantity"]
    if food:
        first_batch = (
            Batch.objects.filter(
                outlet=OuterRef("outlet_id"), product=product, on_hand__gt=F("reserved")
            )
            .live(today)
            .order_by("expires_on")
            .values("expires_on")[:1]
        )
        levels = levels.annotate(best_before=Subquery(first_batch))
        fields.append("best_before")
    found = {row[0]: row[1:] for row in levels.values_list(*fields)}
    for outlet in outlets:
        level = found.get(outlet.pk, (0, None))
        outlet.available = level[0] or 0
        if food:
            outlet.best_before = level[1]
    return outlets


def newest_in_category(category_id, *, version) -> list[int]:
    """The newest public products of a category, one more than a product page shows (it leaves
    itself out): a short read through the category's index, once per category and catalogue
    version."""
    key = f"newest-in-category:{version}:{category_id}"
    newest = cache.get(key)
    if newest is None:
        newest = list(
            Product.objects.public()
            .filter(category_id=category_id)
            .order_by("-created_at", "-pk")
            .values_list("pk", flat=True)[: RELATED_COUNT + 1]
        )
        cache.set(key, newest, CACHE_SECONDS)
    return newest


def related_products(product, *, version):
    """The newest public products of the product's category, as ``Cards``: their cards come
    from the cache, the products themselves are read only where a card is missing."""
    ids = newest_in_category(product.category_id, version=version)
    return Cards([pk for pk in ids if pk != product.pk][:RELATED_COUNT], version=version)


def breadcrumbs(product=None, category=None):
    """(name, path) pairs from the home page down to the category or product."""
    crumbs = [
        (gettext("Home"), reverse("core:home")),
        (gettext("Products"), reverse("products:catalogue")),
    ]
    category = category or product.category
    if category.parent_id:
        parent = category.parent
        crumbs.append((parent.name, parent.get_absolute_url()))
    crumbs.append((category.name, category.get_absolute_url()))
    if product:
        crumbs.append((localized(product, "name"), product.get_absolute_url()))
    return crumbs


def product_page_context(product, *, choices=None):
    """``choices``: the ``listing_choices`` the caller already read."""
    choices = choices or listing_choices(kecamatan=False)
    images = list(product.images.all())
    food = product.is_food
    outlets = outlets_with_stock(product, food=food, outlets=choices.outlets)
    available = sum(outlet.available for outlet in outlets if outlet.available > 0)
    # The cart holds a line to what one outlet has: more can never be ordered at once.
    most_at_one_outlet = max((outlet.available for outlet in outlets), default=0)
    url = seo.absolute(product.get_absolute_url())
    crumbs = breadcrumbs(product=product)
    return {
        "product": product,
        "is_food": food,
        "images": images,
        "outlets": outlets,
        "available": available,
        "max_quantity": max(1, min(most_at_one_outlet, MAX_LINE_QUANTITY)),
        "vendor_logo": product.vendor.logo,
        "related": related_products(product, version=choices.version),
        "breadcrumbs": crumbs,
        "whatsapp_url": seo.whatsapp_inquiry_url(product, url),
        "share_links": seo.share_links(url, localized(product, "name").text),
        "share_url": url,
        "og_image": seo.share_image(images[0] if images else None),
        "jsonld": [
            seo.product_jsonld(product, images=images, available=available, url=url, food=food),
            seo.breadcrumbs_jsonld(crumbs),
        ],
    }
