"""What the home page shows, all from the database, in a fixed handful of queries."""

from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.utils import timezone

from gallery.models import Outlet, OutletPhoto
from products import seo
from products.listing import for_cards, image_from_data, picture_data, with_card_images
from products.models import Category, Product
from vendors.models import Vendor, VendorImage

NEW_ARRIVALS = 8
FEATURED_VENDORS = 4


def maker_counts():
    """Public products per approved maker that has any.

    One count per approved maker, each read from the partial index of products on show
    (``vendor_id = maker``: a small index-only range). Unlike one grouped count over the whole
    table, its plan cannot turn into a sequential scan as the catalogue grows: the work follows
    the number of makers, a few hundred, not the number of products.
    """
    on_show = (
        Product.objects.on_show()
        .filter(vendor=OuterRef("pk"))
        .order_by()
        .values("vendor")
        .annotate(count=Count("pk"))
        .values("count")
    )
    makers = Vendor.objects.approved().annotate(product_count=Subquery(on_show)).order_by()
    return [
        {
            "vendor": maker["pk"],
            "vendor__kecamatan": maker["kecamatan"],
            "vendor__business_name": maker["business_name"],
            "product_count": maker["product_count"],
        }
        for maker in makers.values("pk", "kecamatan", "business_name", "product_count")
        if maker["product_count"]
    ]


def gallery_figures(counts):
    """How many makers, from how many kecamatan, with how many products on the shelves."""
    return {
        "makers": len(counts),
        "kecamatan": len({row["vendor__kecamatan"] for row in counts}),
        "products": sum(row["product_count"] for row in counts),
    }


def top_categories():
    return list(Category.objects.filter(parent__isnull=True))


def new_arrivals():
    return with_card_images(
        for_cards(Product.objects.public()).order_by("-created_at", "-pk")[:NEW_ARRIVALS]
    )


def featured_vendors(counts):
    """The approved makers with the most products on show, each with its logo."""
    top = sorted(counts, key=lambda row: (-row["product_count"], row["vendor__business_name"]))
    shown = {row["vendor"]: row["product_count"] for row in top[:FEATURED_VENDORS]}
    logo = VendorImage.objects.filter(vendor=OuterRef("pk"), kind=VendorImage.Kind.LOGO).values(
        data=picture_data()
    )[:1]
    vendors = list(
        Vendor.objects.filter(pk__in=shown)
        .select_related("kecamatan")
        .only("pk", "slug", "business_name", "kecamatan__name")
        .annotate(logo_data=Subquery(logo))
    )
    for vendor in vendors:
        vendor.product_count = shown[vendor.pk]
        logo_image = image_from_data(vendor.logo_data, VendorImage)
        vendor.prefetched_logos = [logo_image] if logo_image else []
    vendors.sort(key=lambda vendor: (-vendor.product_count, vendor.business_name))
    return vendors


def outlets():
    """Open outlets, open or closed right now, then the planned ones (shown as coming soon)."""
    listed = list(
        Outlet.objects.listed()
        .select_related("kecamatan")
        .with_schedule()
        .prefetch_related(
            Prefetch("photos", queryset=OutletPhoto.objects.exclude(file="").order_by("position"))
        )
    )
    now = timezone.now()
    for outlet in listed:
        outlet.status = outlet.status_at(now)
    return listed


def home_context():
    open_outlets = outlets()
    counts = maker_counts()
    return {
        "figures": gallery_figures(counts),
        "categories": top_categories(),
        "new_arrivals": new_arrivals(),
        "vendors": featured_vendors(counts),
        "outlets": open_outlets,
        "jsonld": [
            seo.website_jsonld(),
            *(seo.store_jsonld(outlet) for outlet in open_outlets if not outlet.is_planned),
        ],
    }
