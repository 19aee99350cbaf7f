"""What the product page shows, read in a handful of queries."""

from django.db.models import F, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext

from gallery.models import Batch, Outlet, StockLevel, today_in_jakarta

from . import seo
from .listing import for_cards, with_card_images
from .models import Product, ProductSlugHistory

RELATED_COUNT = 4


def public_product(slug):
    return (
        Product.objects.public()
        .select_related("vendor__kecamatan", "category__parent")
        .defer("search_vector")
        .filter(slug=slug)
        .first()
    )


def renamed_product(slug):
    """The public product that had ``slug`` before a rename, if any."""
    old = (
        ProductSlugHistory.objects.filter(slug=slug, product__in=Product.objects.public())
        .select_related("product")
        .only("product__slug")
        .first()
    )
    return old.product if old else None


def outlets_with_stock(product, *, food=False):
    """Every open outlet with ``available``: units of the product on its shelf, not reserved
    (nor, for food, in an expired batch). For ``food``, also ``best_before``: the expiry date of
    the batch a shopper would get there, the earliest live one with free units (first expiry
    first out); None where only units taken in without a batch are free."""
    today = today_in_jakarta()
    level = (
        StockLevel.objects.filter(outlet=OuterRef("pk"), product=product)
        .with_available(today)
        .values("available_quantity")
    )
    outlets = (
        Outlet.objects.active()
        .only("pk", "name", "slug")
        .annotate(available=Coalesce(Subquery(level, output_field=IntegerField()), Value(0)))
    )
    if food:
        first_batch = (
            Batch.objects.filter(outlet=OuterRef("pk"), product=product, on_hand__gt=F("reserved"))
            .live(today)
            .order_by("expires_on")
            .values("expires_on")[:1]
        )
        outlets = outlets.annotate(best_before=Subquery(first_batch))
    return list(outlets)


def related_products(product):
    return with_card_images(
        for_cards(
            Product.objects.public().filter(category=product.category).exclude(pk=product.pk)
        ).order_by("-created_at", "-pk")[:RELATED_COUNT]
    )


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
        crumbs.append((product.name, product.get_absolute_url()))
    return crumbs


def product_page_context(product):
    images = list(product.images.all())
    food = product.is_food
    outlets = outlets_with_stock(product, food=food)
    available = sum(outlet.available for outlet in outlets if outlet.available > 0)
    url = seo.absolute(product.get_absolute_url())
    crumbs = breadcrumbs(product=product)
    return {
        "product": product,
        "is_food": food,
        "images": images,
        "outlets": outlets,
        "available": available,
        "vendor_logo": product.vendor.logo,
        "related": related_products(product),
        "breadcrumbs": crumbs,
        "whatsapp_url": seo.whatsapp_inquiry_url(product, url),
        "share_links": seo.share_links(url, product.name),
        "share_url": url,
        "og_image": seo.share_image(images[0] if images else None),
        "jsonld": [
            seo.product_jsonld(product, images=images, available=available, url=url, food=food),
            seo.breadcrumbs_jsonld(crumbs),
        ],
    }
