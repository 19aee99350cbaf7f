"""The vendor dashboard's orders page: lines of the vendor's own products and sales per month.

Of the shopper, nothing is shown: the outlet hands the goods over, the vendor needs only what
sold, where and when. The sales per month count both channels, online orders and the outlets'
counters (``backoffice.channels``), each shown apart.
"""

from django.core.paginator import Paginator
from django.shortcuts import render

from backoffice.channels import vendor_sales_by_month
from vendors.access import vendor_required

from ..models import OrderLine


@vendor_required
def vendor_order_lines(request):
    vendor = request.vendor
    lines = (
        OrderLine.objects.of_vendor(vendor)
        .select_related("order__outlet")
        .only(
            "product_name",
            "quantity",
            "unit_price",
            "line_total",
            "order__number",
            "order__status",
            "order__placed_at",
            "order__outlet__name",
        )
        .order_by("-order__placed_at", "-pk")
    )
    page = Paginator(lines, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "orders/orderline_dashboard.html",
        {
            "vendor": vendor,
            "page_obj": page,
            "lines": page.object_list,
            "sales": vendor_sales_by_month(vendor)[:12],
        },
    )
