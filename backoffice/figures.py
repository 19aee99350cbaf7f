"""The dashboard's figures: one aggregate query each, whatever the number of rows behind them.

Sales are those of both channels (``backoffice.channels``): lines of *collected* online orders,
counted in the Jakarta day and month the order was collected (``Order.closed_at``), and lines of
counter receipts that stand, counted when they were rung up (``Sale.sold_at``); goods returned
against a receipt count back, negative, when they came back. Gross is the sum of the line totals
(what was charged, after a counter discount) less the refunds. "Registered" vendors are the
profiles created in the period, "approved" the approvals given in the period
(``Vendor.approved_at``). The outlet narrows the sales figures only (a counter sale and its return
belong to the receipt's outlet): vendors do not belong to an outlet.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.admin.models import LogEntry
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from core.formats import format_month
from core.models import Kecamatan
from gallery.models import Outlet
from orders.models import Order
from products.models import Category, Product
from vendors.models import Vendor

from . import channels
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
    """Sales of one group: ``orders`` counts online orders, ``units`` and ``gross`` both channels
    less returns; ``split`` has each channel's figures (returns negative)."""

    label: str
    orders: int
    units: int
    gross: int
    month: datetime.date | None = None
    url: str = ""
    split: channels.Totals = field(default_factory=channels.Totals)

    @property
    def receipts(self) -> int:
        return self.split.receipts

    @property
    def sales(self) -> int:
        """Online orders and counter receipts."""
        return self.split.sales

    @property
    def online(self) -> int:
        return self.split.online

    @property
    def counter(self) -> int:
        return self.split.counter

    @property
    def returns(self) -> int:
        return self.split.returns


def _row(label, totals: channels.Totals, month=None) -> SalesRow:
    return SalesRow(label, totals.orders, totals.units, totals.gross, month=month, split=totals)


def _period(filters: Filters) -> channels.Period:
    return channels.Period(
        since=day_start(filters.date_from) if filters.date_from else None,
        until=day_start(filters.date_to + datetime.timedelta(days=1)) if filters.date_to else None,
        outlet=filters.outlet,
    )


def _by(keys, filters: Filters) -> dict[tuple, channels.Totals]:
    return channels.totals_by_key(channels.grouped(keys, _period(filters)))


def _ranked(totals: dict, label) -> list[SalesRow]:
    """Groups by gross, then units, biggest first; ``label(key)`` names each."""
    ordered = sorted(totals.items(), key=lambda item: (-item[1].gross, -item[1].units))
    return [_row(label(key), row) for key, row in ordered]


def sales_totals(filters: Filters) -> SalesRow:
    totals = channels.Totals()
    for row in channels.grouped(["all"], _period(filters)):
        totals.add(row)
    return _row(_("All sales"), totals)


def sales_months(filters: Filters) -> list[SalesRow]:
    by_month = {month_of(key[0]): totals for key, totals in _by(["month"], filters).items()}
    return [
        _row(format_month(month), by_month.get(month, channels.Totals()), month)
        for month in _months(by_month, filters)
    ]


def sales_outlets(filters: Filters) -> list[SalesRow]:
    totals = _by(["outlet", "outlet_name"], filters)
    ordered = sorted(totals.items(), key=lambda item: (-item[1].gross, item[0][1]))
    return [_row(name, row) for (_outlet, name), row in ordered]


def sales_categories(filters: Filters) -> list[SalesRow]:
    """Sales per top-level category (a subcategory's sales count in its parent)."""
    totals = _by(["top_category"], filters)
    ordered = sorted(totals.items(), key=lambda item: (-item[1].gross, item[0][0] or 0))
    categories = Category.objects.in_bulk([key[0] for key, _row in ordered if key[0]])
    return [
        _row(categories[top].name if top else _("Products no longer listed"), row)
        for (top,), row in ordered
    ]


def top_products(filters: Filters, limit: int = TOP) -> list[SalesRow]:
    totals = _by(["product", "product_name", "product_vendor_name"], filters)
    ordered = sorted(
        ((key, row) for key, row in totals.items() if key[0] is not None),
        key=lambda item: (-item[1].gross, -item[1].units, item[0][1], item[0][0]),
    )[:limit]
    return [_row(f"{name} ({vendor})", row) for (_product, name, vendor), row in ordered]


def top_vendors(filters: Filters, limit: int = TOP) -> list[SalesRow]:
    totals = _by(["vendor", "vendor_name"], filters)
    ordered = sorted(
        ((key, row) for key, row in totals.items() if key[0] is not None),
        key=lambda item: (-item[1].gross, -item[1].units, item[0][1], item[0][0]),
    )[:limit]
    return [_row(name, row) for (_vendor, name), row in ordered]


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
