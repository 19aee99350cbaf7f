"""What the home page shows, all from the database, in a fixed handful of queries."""

from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.utils import timezone

from gallery.models import Outlet, OutletPhoto, with_status
from products import seo
from products.listing import for_cards, image_from_data, picture_data, with_card_images
from products.models import Category, Product
from vendors.models import Vendor, VendorImage

NEW_ARRIVALS = 8
FEATURED_VENDORS = 4


def maker_counts():
    """``[{"pk", "kecamatan", "business_name", "product_count"}]``: the approved makers with
    public products, and how many.

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
        maker
        for maker in makers.values("pk", "kecamatan", "business_name", "product_count")
        if maker["product_count"]
    ]


def gallery_figures(counts):
    """How many makers, from how many kecamatan, with how many products on the shelves."""
    return {
        "makers": len(counts),
        "kecamatan": len({maker["kecamatan"] for maker in counts}),
        "products": sum(maker["product_count"] for maker in counts),
    }


def top_categories():
    return list(Category.objects.filter(parent__isnull=True))


def new_arrivals():
    return with_card_images(
        for_cards(Product.objects.public()).order_by("-created_at", "-pk")[:NEW_ARRIVALS]
    )


def featured_vendors(counts):
    """The approved makers with the most products on show, each with its logo."""
    top = sorted(counts, key=lambda maker: (-maker["product_count"], maker["business_name"]))
    shown = {maker["pk"]: maker["product_count"] for maker in top[:FEATURED_VENDORS]}
    logo = VendorImage.objects.filter(vendor=OuterRef("pk"), kind=VendorImage.Kind.LOGO).values(
        data=picture_data()
    )[:1]
    vendors = (
        Vendor.objects.filter(pk__in=shown)
        .select_related("kecamatan")
        .only("pk", "slug", "business_name", "kecamatan__name")
        .annotate(logo_data=Subquery(logo))
        .in_bulk()
    )
    featured = [vendors[pk] for pk in shown if pk in vendors]  # in the order of ``top``
    for vendor in featured:
        vendor.product_count = shown[vendor.pk]
        logo_image = image_from_data(vendor.logo_data, VendorImage)
        vendor.prefetched_logos = [logo_image] if logo_image else []
    return featured


def outlets():
    """Open outlets, open or closed right now, then the planned ones (shown as coming soon)."""
    listed = (
        Outlet.objects.listed()
        .select_related("kecamatan")
        .with_schedule()
        .prefetch_related(
            Prefetch("photos", queryset=OutletPhoto.objects.exclude(file="").order_by("position"))
        )
    )
    return with_status(list(listed), timezone.now())


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
