"""What the home page shows, all from the database, in a fixed handful of queries.

The outlets with their hours, closures and photos change only through the outlet admin, which
moves the catalogue version on, or at midnight (a closure becomes today's): they are read once
per catalogue version and day and kept in the cache; whether each is open now is worked out for
each request. The figures, categories, newest products and featured makers are kept the same
way, and the cards of the new arrivals come from the cache too (``Cards``).
"""

from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from core.pagecache import catalogue_version
from core.pagecache.kept import kept
from gallery.models import Outlet, OutletPhoto, today_in_jakarta, with_status
from products import seo
from products.listing import image_from_data, picture_data
from products.listing.fragments import Cards
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


def new_arrival_ids():
    """The newest public products (their cards come from the cache)."""
    ids = Product.objects.public().order_by("-created_at", "-pk").values_list("pk", flat=True)
    return list(ids[:NEW_ARRIVALS])


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


def listed_outlets(today):
    """Open outlets, then the planned ones (shown as coming soon), with their schedule."""
    return list(
        Outlet.objects.listed()
        .select_related("kecamatan")
        .with_schedule(today)
        .prefetch_related(
            Prefetch("photos", queryset=OutletPhoto.objects.exclude(file="").order_by("position"))
        )
    )


def outlets_with_schedule(version):
    today = today_in_jakarta()
    key = f"home-outlets:{version}:{today:%Y%m%d}"
    return kept.get_or_set(key, lambda: listed_outlets(today))


def catalogue_parts(version):
    """The figures, categories, newest products and featured makers: the same for everyone until
    the catalogue changes or the day does (a batch of food expires at midnight)."""
    today = today_in_jakarta()
    key = f"home-catalogue:{version}:{today:%Y%m%d}"
    parts = kept.get(key)
    if parts is None:
        counts = maker_counts()
        parts = {
            "figures": gallery_figures(counts),
            "categories": top_categories(),
            "new_arrival_ids": new_arrival_ids(),
            "vendors": featured_vendors(counts),
        }
        kept.set(key, parts)
    return parts


def _state(outlet):
    """All an outlet's status shows but the moment itself."""
    status = outlet.status
    return (
        outlet.pk,
        status.is_open,
        status.today,
        status.closure_reason,
        status.closes_at,
        status.next_opening,
    )


def home_context():
    """The catalogue's sections are read only when the page's stored part of them
    (``catalogue_part``) is missing: lazily, for the template to ask."""
    version = catalogue_version()
    open_outlets = with_status(outlets_with_schedule(version), timezone.now())
    parts = SimpleLazyObject(lambda: catalogue_parts(version))
    return {
        "catalogue_version": version,
        "figures": SimpleLazyObject(lambda: parts["figures"]),
        "categories": SimpleLazyObject(lambda: parts["categories"]),
        "new_arrivals": SimpleLazyObject(lambda: Cards(parts["new_arrival_ids"], version=version)),
        "vendors": SimpleLazyObject(lambda: parts["vendors"]),
        "outlets": open_outlets,
        # What the outlets' section shows of the clock: it is kept per these states, which
        # change only when an outlet opens or closes.
        "outlet_states": [_state(outlet) for outlet in open_outlets],
        "jsonld": lambda: [
            seo.website_jsonld(),
            *(seo.store_jsonld(outlet) for outlet in open_outlets if not outlet.is_planned),
        ],
    }
