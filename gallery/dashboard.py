"""The vendor's stock in the dashboard (/dasbor/stok/): where each of its products is, and the
ledger of its own goods. Everything is read through ``request.vendor``; another vendor's product
is a 404 whatever the URL says.
"""

from django.core.paginator import Paginator
from django.db.models import Prefetch, Q, Sum
from django.shortcuts import get_object_or_404, render

from products.models import Product
from vendors.access import vendor_required

from .models import Outlet, StockLevel, StockMovement

PRODUCTS_PER_PAGE = 25
MOVEMENTS_PER_PAGE = 50


@vendor_required
def stock_overview(request):
    vendor = request.vendor
    levels = StockLevel.objects.filter(Q(on_hand__gt=0) | Q(reserved__gt=0)).select_related(
        "outlet"
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
        product.total_available = product.total_on_hand - product.total_reserved
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
        {"vendor": vendor, "page_obj": page, "products": page.object_list, "outlets": outlets},
    )


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
