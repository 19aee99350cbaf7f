"""The vendor's stock in the dashboard (/dasbor/stok/): where each of its products is, and the
ledger of its own goods. Everything is read through ``request.vendor``; another vendor's product
is a 404 whatever the URL says.
"""

import datetime
from itertools import groupby

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q, Sum
from django.shortcuts import get_object_or_404, render

from products.models import Product
from vendors.access import vendor_required

from .models import Batch, Outlet, StockLevel, StockMovement, today_in_jakarta

PRODUCTS_PER_PAGE = 25
MOVEMENTS_PER_PAGE = 50


@vendor_required
def stock_overview(request):
    vendor = request.vendor
    today = today_in_jakarta()
    levels = (
        StockLevel.objects.filter(Q(on_hand__gt=0) | Q(reserved__gt=0))
        .select_related("outlet")
        .with_available(today)
    )
    products = (
        Product.objects.of_vendor(vendor)
        .prefetch_related(
            Prefetch(
                "stock_levels",
                queryset=levels.order_by("outlet__position", "outlet__name"),
                to_attr="levels",
            )
        )
        .order_by("name", "pk")
    )
    page = Paginator(products, PRODUCTS_PER_PAGE).get_page(request.GET.get("page"))
    for product in page.object_list:
        product.total_on_hand = sum(level.on_hand for level in product.levels)
        product.total_reserved = sum(level.reserved for level in product.levels)
        product.total_available = sum(level.available_quantity for level in product.levels)
    outlets = (
        StockLevel.objects.of_vendor(vendor)
        .values("outlet__name", "outlet__slug")
        .annotate(on_hand=Sum("on_hand"), reserved=Sum("reserved"))
        .filter(on_hand__gt=0)
        .order_by("outlet__position", "outlet__name")
    )
    return render(
        request,
        "gallery/dashboard_stock.html",
        {
            "vendor": vendor,
            "page_obj": page,
            "products": page.object_list,
            "outlets": outlets,
            "near_expiry_days": settings.NEAR_EXPIRY_DAYS,
            **expiring_batches(vendor, today),
        },
    )


def expiring_batches(vendor, today):
    """The vendor's batches still on a shelf that have expired (``expired``) or expire within
    ``NEAR_EXPIRY_DAYS`` (``near_expiry``): each a list of (outlet, batches), the outlets in
    their order, the batches soonest first. One query."""
    horizon = today + datetime.timedelta(days=settings.NEAR_EXPIRY_DAYS)
    batches = (
        Batch.objects.filter(product__vendor=vendor, expires_on__lte=horizon)
        .with_units()
        .select_related("outlet", "product")
        .only(
            "code",
            "expires_on",
            "on_hand",
            "reserved",
            "outlet__name",
            "outlet__slug",
            "product__name",
        )
        .order_by("outlet__position", "outlet__name", "outlet_id", "expires_on", "product__name")
    )
    expired, near = [], []
    for batch in batches:
        batch.days_left = (batch.expires_on - today).days
        (expired if batch.days_left <= 0 else near).append(batch)
    return {"expired": _by_outlet(expired), "near_expiry": _by_outlet(near)}


def _by_outlet(batches):
    return [(outlet, list(group)) for outlet, group in groupby(batches, key=lambda b: b.outlet)]


@vendor_required
def movement_list(request):
    vendor = request.vendor
    movements = StockMovement.objects.of_vendor(vendor).select_related("outlet", "product")
    product = outlet = None
    if request.GET.get("produk"):
        product = get_object_or_404(
            Product.objects.of_vendor(vendor), pk=_number(request.GET["produk"])
        )
        movements = movements.of_product(product)
    if request.GET.get("galeri"):
        outlet = get_object_or_404(Outlet, slug=request.GET["galeri"])
        movements = movements.at(outlet)
    page = Paginator(movements, MOVEMENTS_PER_PAGE).get_page(request.GET.get("page"))
    query = "&".join(
        f"{name}={value}"
        for name, value in (("produk", product and product.pk), ("galeri", outlet and outlet.slug))
        if value
    )
    return render(
        request,
        "gallery/dashboard_movements.html",
        {
            "vendor": vendor,
            "page_obj": page,
            "movements": page.object_list,
            "product": product,
            "outlet": outlet,
            "query_string": query,
        },
    )


def _number(value):
    # Only ASCII digits: "²".isdigit() is true, but int("²") fails.
    return int(value) if value.isascii() and value.isdigit() else 0
