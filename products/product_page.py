"""What the product page shows, read in one query.

Whatever changes only with the catalogue comes from the cache, under the catalogue version: the
categories and the open outlets (``listing_choices``), the product with its maker, its pictures
and the maker's logo (``product_sheet``), the newest products of each category and their cards
(the related products). Only the stock, which moves with every sale, is read afresh: a counter
sale re-reads one product's stock levels, not its page.
"""

from dataclasses import dataclass
from hashlib import blake2b

from django.db.models import F, OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext

from core.localized import localized
from core.pagecache.kept import kept
from gallery.models import Batch, StockLevel, today_in_jakarta
from orders.cart import MAX_LINE_QUANTITY

from . import seo
from .listing import listing_choices
from .listing.fragments import Cards
from .models import Product, ProductSlugHistory

RELATED_COUNT = 4


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


@dataclass
class ProductSheet:
    """What the page shows of a public product that only a catalogue change alters."""

    product: Product
    images: list
    vendor_logo: object


def product_sheet(slug, *, choices) -> ProductSheet | None:
    """The public product at ``slug`` with its pictures and its maker's logo, read once per
    catalogue version (every change to a product, its pictures or its maker moves it on). Only
    products found are kept: a made-up address leaves nothing in the cache."""
    digest = blake2b(slug.encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()
    key = f"product-sheet:{choices.version}:{digest}"

    def read():
        product = public_product(slug, tree=choices.tree)
        if product is None:
            return None
        return ProductSheet(product, list(product.images.all()), product.vendor.logo)

    return kept.get_or_set(key, read)


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
    levels = StockLevel.objects.filter(product=product)
    if food:
        first_batch = (
            Batch.objects.filter(
                outlet=OuterRef("outlet_id"), product=product, on_hand__gt=F("reserved")
            )
            .live(today)
            .order_by("expires_on")
            .values("expires_on")[:1]
        )
        levels = levels.with_available(today).annotate(best_before=Subquery(first_batch))
        found = {
            outlet_id: (available, best_before)
            for outlet_id, available, best_before in levels.values_list(
                "outlet_id", "available_quantity", "best_before"
            )
        }
    else:
        found = {
            outlet_id: (available,)
            for outlet_id, available in levels.available_by_outlet(today).items()
        }
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
    return kept.get_or_set(
        key,
        lambda: list(
            Product.objects.public()
            .filter(category_id=category_id)
            .order_by("-created_at", "-pk")
            .values_list("pk", flat=True)[: RELATED_COUNT + 1]
        ),
    )


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


def product_page_context(sheet, *, choices=None):
    """``sheet``: the ``product_sheet``; ``choices``: the ``listing_choices`` the caller read.

    What the page's stored parts show (``catalogue_part``) is given as functions the template
    calls only when it renders such a part afresh: most requests find them stored."""
    choices = choices or listing_choices(kecamatan=False)
    product, images = sheet.product, sheet.images
    food = product.is_food
    outlets = outlets_with_stock(product, food=food, outlets=choices.outlets)
    available = sum(outlet.available for outlet in outlets if outlet.available > 0)
    # The cart holds a line to what one outlet has: more can never be ordered at once.
    most_at_one_outlet = max((outlet.available for outlet in outlets), default=0)
    url = seo.absolute(product.get_absolute_url())

    def jsonld():
        return [
            seo.product_jsonld(product, images=images, available=available, url=url, food=food),
            seo.breadcrumbs_jsonld(breadcrumbs(product=product)),
        ]

    return {
        "catalogue_version": choices.version,
        "product": product,
        "is_food": food,
        "images": images,
        "outlets": outlets,
        "available": available,
        # What the head's stored part says of the stock (JSON-LD), one of three values.
        "schema_availability": seo.availability(product, available),
        "max_quantity": max(1, min(most_at_one_outlet, MAX_LINE_QUANTITY)),
        "vendor_logo": sheet.vendor_logo,
        "related": related_products(product, version=choices.version),
        "breadcrumbs": lambda: breadcrumbs(product=product),
        "whatsapp_url": lambda: seo.whatsapp_inquiry_url(product, url),
        "share_links": lambda: seo.share_links(url, localized(product, "name").text),
        "share_url": url,
        "og_image": lambda: seo.share_image(images[0] if images else None),
        "jsonld": jsonld,
    }
