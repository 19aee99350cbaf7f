"""The dashboard's figures: one aggregate query each, whatever the number of rows behind them.

Sales are order lines of *collected* orders, counted in the Jakarta day and month the order was
collected (``Order.closed_at``); gross is the sum of the line totals (unit price × quantity, copied
at purchase). "Registered" vendors are the profiles created in the period, "approved" the
approvals given in the period (``Vendor.approved_at``). The outlet narrows the sales figures only:
vendors do not belong to an outlet.
"""

import datetime
from dataclasses import dataclass

from django.contrib.admin.models import LogEntry
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import dateformat
from django.utils.translation import gettext as _

from core.models import Kecamatan
from gallery.models import Outlet
from orders.models import Order, OrderLine
from products.models import Category, Product
from vendors.models import Vendor

from .months import JAKARTA, day_start, month_of, months_between

TOP = 10
WORK_LIST = 10


@dataclass(frozen=True)
class Filters:
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    outlet: Outlet | None = None

    def period(self, field: str) -> Q:
        """The lookups that keep ``field`` (a datetime) within the dates, in Jakarta days."""
        condition = Q()
        if self.date_from:
            condition &= Q(**{f"{field}__gte": day_start(self.date_from)})
        if self.date_to:
            condition &= Q(**{f"{field}__lt": day_start(self.date_to + datetime.timedelta(days=1))})
        return condition

    @property
    def is_filtered(self) -> bool:
        return bool(self.date_from or self.date_to or self.outlet)


def _months(rows_by_month: dict, filters: Filters) -> list[datetime.date]:
    """The months to show: the period's, or from the first to the last month with figures."""
    if not rows_by_month and not (filters.date_from and filters.date_to):
        return []
    first = month_of(filters.date_from) if filters.date_from else min(rows_by_month)
    last = month_of(filters.date_to) if filters.date_to else max(rows_by_month)
    return months_between(first, last)


# Vendors


@dataclass(frozen=True)
class VendorMonth:
    month: datetime.date
    registered: int
    approved: int


def vendor_months(filters: Filters) -> list[VendorMonth]:
    def per_month(field, queryset):
        rows = (
            queryset.filter(filters.period(field))
            .annotate(month=TruncMonth(field, tzinfo=JAKARTA))
            .values("month")
            .annotate(n=Count("pk"))
            .order_by()
        )
        return {month_of(row["month"]): row["n"] for row in rows}

    registered = per_month("created_at", Vendor.objects.all())
    approved = per_month("approved_at", Vendor.objects.filter(approved_at__isnull=False))
    months = _months({**registered, **approved}, filters)
    return [
        VendorMonth(month, registered.get(month, 0), approved.get(month, 0)) for month in months
    ]


@dataclass(frozen=True)
class KecamatanRow:
    name: str
    registered: int
    approved: int


def vendor_kecamatan(filters: Filters) -> list[KecamatanRow]:
    """Every kecamatan of the regency, those without vendors included."""
    rows = Kecamatan.objects.annotate(
        registered=Count("vendors", filter=filters.period("vendors__created_at")),
        approved=Count(
            "vendors",
            filter=Q(vendors__approved_at__isnull=False) & filters.period("vendors__approved_at"),
        ),
    ).order_by("name")
    return [KecamatanRow(row.name, row.registered, row.approved) for row in rows]


# Sales


@dataclass(frozen=True)
class SalesRow:
    label: str
    orders: int
    units: int
    gross: int
    month: datetime.date | None = None
    url: str = ""


def sales_lines(filters: Filters):
    lines = OrderLine.objects.filter(
        filters.period("order__closed_at"),
        order__status=Order.Status.COLLECTED,
        order__closed_at__isnull=False,
    )
    if filters.outlet is not None:
        lines = lines.filter(order__outlet=filters.outlet)
    return lines


SALES = {
    "orders": Count("order_id", distinct=True),
    "units": Coalesce(Sum("quantity"), 0),
    "gross": Coalesce(Sum("line_total"), 0),
}


def sales_totals(filters: Filters) -> SalesRow:
    totals = sales_lines(filters).aggregate(**SALES)
    return SalesRow(_("All sales"), totals["orders"], totals["units"], totals["gross"])


def sales_months(filters: Filters) -> list[SalesRow]:
    rows = (
        sales_lines(filters)
        .annotate(month=TruncMonth("order__closed_at", tzinfo=JAKARTA))
        .values("month")
        .annotate(**SALES)
        .order_by()
    )
    by_month = {month_of(row["month"]): row for row in rows}
    empty = {"orders": 0, "units": 0, "gross": 0}
    return [
        SalesRow(
            dateformat.format(month, "F Y"),
            by_month.get(month, empty)["orders"],
            by_month.get(month, empty)["units"],
            by_month.get(month, empty)["gross"],
            month=month,
        )
        for month in _months(by_month, filters)
    ]


def sales_outlets(filters: Filters) -> list[SalesRow]:
    rows = (
        sales_lines(filters)
        .values("order__outlet_id", "order__outlet__name")
        .annotate(**SALES)
        .order_by("-gross", "order__outlet__name")
    )
    return [
        SalesRow(row["order__outlet__name"], row["orders"], row["units"], row["gross"])
        for row in rows
    ]


def sales_categories(filters: Filters) -> list[SalesRow]:
    """Sales per top-level category (a subcategory's sales count in its parent)."""
    rows = list(
        sales_lines(filters)
        .annotate(top=Coalesce("product__category__parent_id", "product__category_id"))
        .values("top")
        .annotate(**SALES)
        .order_by("-gross", "top")
    )
    categories = Category.objects.in_bulk([row["top"] for row in rows if row["top"]])
    return [
        SalesRow(
            categories[row["top"]].name if row["top"] else _("Products no longer listed"),
            row["orders"],
            row["units"],
            row["gross"],
        )
        for row in rows
    ]


def top_products(filters: Filters, limit: int = TOP) -> list[SalesRow]:
    rows = (
        sales_lines(filters)
        .filter(product__isnull=False)
        .values("product_id", "product__name", "product__vendor__business_name")
        .annotate(**SALES)
        .order_by("-gross", "-units", "product__name", "product_id")[:limit]
    )
    return [
        SalesRow(
            f"{row['product__name']} ({row['product__vendor__business_name']})",
            row["orders"],
            row["units"],
            row["gross"],
        )
        for row in rows
    ]


def top_vendors(filters: Filters, limit: int = TOP) -> list[SalesRow]:
    rows = (
        sales_lines(filters)
        .filter(vendor__isnull=False)
        .values("vendor_id", "vendor__business_name")
        .annotate(**SALES)
        .order_by("-gross", "-units", "vendor__business_name", "vendor_id")[:limit]
    )
    return [
        SalesRow(row["vendor__business_name"], row["orders"], row["units"], row["gross"])
        for row in rows
    ]


# Work waiting for staff (not narrowed by the dates: it is what waits now)


def vendors_awaiting_review(limit: int = WORK_LIST):
    queryset = Vendor.objects.awaiting_review().select_related("kecamatan")
    return queryset.count(), list(queryset[:limit])


def hidden_products(limit: int = WORK_LIST):
    queryset = Product.objects.hidden().select_related("vendor").order_by("-hidden_at", "-pk")
    return queryset.count(), list(queryset[:limit])


@dataclass(frozen=True)
class OutletOrders:
    outlet_id: int
    name: str
    placed: int
    ready: int


def orders_to_prepare(outlet: Outlet | None = None) -> list[OutletOrders]:
    """Open orders per outlet: placed (to pack) and ready (waiting for the shopper)."""
    outlets = Outlet.objects.annotate(
        placed=Count("orders", filter=Q(orders__status=Order.Status.PLACED)),
        ready=Count("orders", filter=Q(orders__status=Order.Status.READY)),
    ).filter(Q(is_active=True, is_planned=False) | Q(placed__gt=0) | Q(ready__gt=0))
    if outlet is not None:
        outlets = outlets.filter(pk=outlet.pk)
    return [
        OutletOrders(row.pk, row.name, row.placed, row.ready)
        for row in outlets.order_by("position", "name")
    ]


def staff_actions(user, limit: int = WORK_LIST) -> list[LogEntry]:
    """The latest admin log entries on the kinds of records this staff member may see."""
    entries = LogEntry.objects.select_related("user", "content_type").order_by("-action_time")
    if not user.is_superuser:
        visible = Q()
        for permission in user.get_all_permissions():
            app_label, codename = permission.split(".", 1)
            action, _sep, model = codename.partition("_")
            if action in ("view", "change") and model:
                visible |= Q(content_type__app_label=app_label, content_type__model=model)
        if not visible:
            return []
        entries = entries.filter(visible)
    return list(entries[:limit])
