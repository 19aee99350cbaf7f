"""The district's figures, month by month, per kecamatan and per craft category.

For the vendors in scope (the chosen kecamatan and category):
- registered: profiles created in the month; approved: approvals given in it
  (``Vendor.approved_at``); new permits: permits obtained in it (``VendorPermit.obtained_on``);
- active: vendors that sold something in the month, online (a collected order) or at the
  counter (a standing receipt); a month with only returns is not activity;
- sales: what the vendors' statements count (``backoffice.channels``): collected online lines,
  counter lines of standing receipts, less the refunds of returns, in the month they happened;
- grew: among the vendors with a sale in a quarter or the one before, those whose sales of the
  quarter were above the previous quarter's. A quarter the range ends inside counts its months up
  to the range's end only; the headline figure is that of the last quarter the range covers whole.

A vendor in several categories counts in each of them, so the category rows do not add up to the
total. Every figure is one grouped query, whatever the number of vendors.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from core.models import Kecamatan
from products.models import Category
from vendors.models import Vendor, VendorPermit

from ..channels import Period, Totals, grouped
from ..months import JAKARTA, month_of, month_start, months_between
from .filters import Scope, months_back

NO_CATEGORY = "none"


def quarter_of(month: datetime.date) -> datetime.date:
    return datetime.date(month.year, (month.month - 1) // 3 * 3 + 1, 1)


def quarter_label(quarter: datetime.date) -> str:
    return _("Q%(n)s %(year)s") % {"n": (quarter.month - 1) // 3 + 1, "year": quarter.year}


@dataclass
class Figures:
    registered: int = 0
    approved: int = 0
    active: int = 0
    permits: int = 0
    online: int = 0
    counter: int = 0
    returns: int = 0

    @property
    def sales(self) -> int:
        """Online and counter sales less the refunds of returns (negative)."""
        return self.online + self.counter + self.returns


@dataclass
class MonthRow:
    month: datetime.date
    figures: Figures


@dataclass
class GroupRow:
    """A kecamatan's or a category's figures over the whole range, and its vendors' growth in
    the headline quarter."""

    key: object
    label: str
    figures: Figures
    compared: int = 0
    grew: int = 0


@dataclass
class QuarterRow:
    quarter: datetime.date
    months: list[datetime.date]
    compared: int
    grew: int

    @property
    def label(self) -> str:
        return quarter_label(self.quarter)

    @property
    def is_partial(self) -> bool:
        return len(self.months) < 3


@dataclass
class _VendorRange:
    """One vendor's sales over the range, and how it compares in the headline quarter."""

    vendor_id: int
    name: str = ""
    online: int = 0
    counter: int = 0
    returns: int = 0
    active: bool = False
    compared: bool = False
    grew: bool = False
    quarter: int = 0
    previous_quarter: int = 0

    @property
    def sales(self) -> int:
        return self.online + self.counter + self.returns


@dataclass
class Report:
    """``vendors``: the vendors in scope that sold in the range or are compared in the
    headline quarter, by name."""

    scope: Scope
    months: list[MonthRow]
    totals: Figures
    kecamatan: list[GroupRow]
    categories: list[GroupRow]
    quarters: list[QuarterRow]
    headline: QuarterRow | None = None
    vendors: list["_VendorRange"] = field(default_factory=list)


class _Vendors:
    """Every vendor's kecamatan and categories: two plain reads, to place each sale."""

    def __init__(self):
        self.kecamatan, self.names = {}, {}
        for pk, kecamatan_id, name in Vendor.objects.values_list(
            "pk", "kecamatan_id", "business_name"
        ):
            self.kecamatan[pk], self.names[pk] = kecamatan_id, name
        self.categories = defaultdict(set)
        for vendor_id, category_id in Vendor.categories.through.objects.values_list(
            "vendor_id", "category_id"
        ):
            self.categories[vendor_id].add(category_id)

    def in_scope(self, scope: Scope) -> set[int]:
        return {
            pk
            for pk, kecamatan_id in self.kecamatan.items()
            if scope.includes(kecamatan_id, self.categories.get(pk, set()))
        }

    def category_keys(self, vendor_id) -> set:
        return self.categories.get(vendor_id) or {NO_CATEGORY}


def _narrow(queryset, scope: Scope, prefix=""):
    if scope.kecamatan is not None:
        queryset = queryset.filter(**{f"{prefix}kecamatan": scope.kecamatan})
    if scope.category is not None:
        queryset = queryset.filter(**{f"{prefix}categories": scope.category})
    return queryset


def _counts(queryset, month_field, group, scope: Scope, *, moment=True) -> dict:
    """``{(month, group key): n}``: rows of ``queryset`` per month of ``month_field``."""
    if moment:
        since, until = month_start(scope.first), month_start(scope.end)
        month = TruncMonth(month_field, tzinfo=JAKARTA)
    else:
        since, until = scope.first, scope.end
        month = TruncMonth(month_field)
    rows = (
        queryset.filter(**{f"{month_field}__gte": since, f"{month_field}__lt": until})
        .annotate(row_month=month)
        .values("row_month", group)
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {(month_of(row["row_month"]), row[group] or NO_CATEGORY): row["n"] for row in rows}


def _vendor_counts(scope: Scope) -> dict:
    """Registrations, approvals and permits per month, per kecamatan and per category."""
    vendors = _narrow(Vendor.objects.all(), scope)
    approved = vendors.filter(approved_at__isnull=False)
    permits = _narrow(VendorPermit.objects.all(), scope, "vendor__")
    counts = {}
    for name, queryset, month_field, moment in (
        ("registered", vendors, "created_at", True),
        ("approved", approved, "approved_at", True),
        ("permits", permits, "obtained_on", False),
    ):
        prefix = "vendor__" if name == "permits" else ""
        counts[name] = {
            "kecamatan": _counts(queryset, month_field, f"{prefix}kecamatan", scope, moment=moment),
            "category": _counts(queryset, month_field, f"{prefix}categories", scope, moment=moment),
        }
    return counts


def _sales(scope: Scope, vendor_ids: set[int]) -> dict:
    """``{vendor_id: {month: Totals}}`` from the quarter before the range's first to its end."""
    since = months_back(quarter_of(scope.first), 3)
    rows = grouped(
        ["vendor", "month"], Period(since=month_start(since), until=month_start(scope.end))
    )
    sales = defaultdict(dict)
    for row in rows:
        vendor_id, month = row.key
        if vendor_id in vendor_ids:
            sales[vendor_id].setdefault(month_of(month), Totals()).add(row)
    return sales


def _sold(totals: Totals | None) -> bool:
    return bool(totals and (totals.orders or totals.receipts))


def _add_sales(figures: Figures, totals: Totals):
    figures.online += totals.online
    figures.counter += totals.counter
    figures.returns += totals.returns


def _compare(by_month: dict, months, previous) -> tuple[bool, bool, int, int]:
    """``(compared, grew, sales, previous sales)``: whether the vendor sold in these months or
    the previous ones, whether it sold more (gross, less returns) in these, and both sums."""
    now = [by_month.get(month) for month in months]
    before = [by_month.get(month) for month in previous]
    now_gross = sum(t.gross for t in now if t)
    before_gross = sum(t.gross for t in before if t)
    if not any(_sold(totals) for totals in now + before):
        return False, False, now_gross, before_gross
    return True, now_gross > before_gross, now_gross, before_gross


def _previous(quarter: datetime.date) -> list[datetime.date]:
    return months_between(months_back(quarter, 3), months_back(quarter, 1))


def _quarters(scope: Scope, sales: dict, vendor_ids) -> list[QuarterRow]:
    rows = []
    quarter = quarter_of(scope.first)
    while quarter <= scope.last:
        months = [m for m in months_between(quarter, months_back(quarter, -2)) if m <= scope.last]
        compared = grew = 0
        for vendor_id in vendor_ids:
            was_compared, did_grow, *_sums = _compare(
                sales.get(vendor_id, {}), months, _previous(quarter)
            )
            compared += was_compared
            grew += did_grow
        rows.append(QuarterRow(quarter, months, compared, grew))
        quarter = months_back(quarter, -3)
    return rows


def _vendor_ranges(sales, vendor_ids, months, headline) -> dict[int, _VendorRange]:
    ranges = {}
    for vendor_id in vendor_ids:
        by_month = sales.get(vendor_id, {})
        summary = _VendorRange(vendor_id)
        for month in months:
            totals = by_month.get(month)
            if totals:
                summary.online += totals.online
                summary.counter += totals.counter
                summary.returns += totals.returns
                summary.active = summary.active or _sold(totals)
        if headline is not None:
            summary.compared, summary.grew, summary.quarter, summary.previous_quarter = _compare(
                by_month, headline.months, _previous(headline.quarter)
            )
        ranges[vendor_id] = summary
    return ranges


def _group_rows(keys_labels, counts: dict, ranges: dict, keys_of) -> list[GroupRow]:
    """One row per ``(key, label)``: the counts of that key, and the sums of its vendors
    (``keys_of(vendor_id)`` says which keys a vendor belongs to)."""
    rows = {key: GroupRow(key, label, Figures()) for key, label in keys_labels}
    for name in ("registered", "approved", "permits"):
        for (_month, key), n in counts[name].items():
            if key in rows:
                figures = rows[key].figures
                setattr(figures, name, getattr(figures, name) + n)
    for vendor_id, summary in ranges.items():
        for key in keys_of(vendor_id):
            row = rows.get(key)
            if row is None:
                continue
            row.figures.online += summary.online
            row.figures.counter += summary.counter
            row.figures.returns += summary.returns
            row.figures.active += summary.active
            row.compared += summary.compared
            row.grew += summary.grew
    return list(rows.values())


def district_report(scope: Scope) -> Report:
    vendors = _Vendors()
    vendor_ids = vendors.in_scope(scope)
    counts = _vendor_counts(scope)
    sales = _sales(scope, vendor_ids)
    months = scope.months

    month_rows = []
    for month in months:
        figures = Figures(
            registered=sum(
                n for (m, _k), n in counts["registered"]["kecamatan"].items() if m == month
            ),
            approved=sum(n for (m, _k), n in counts["approved"]["kecamatan"].items() if m == month),
            permits=sum(n for (m, _k), n in counts["permits"]["kecamatan"].items() if m == month),
        )
        for vendor_id in vendor_ids:
            totals = sales.get(vendor_id, {}).get(month)
            if totals:
                _add_sales(figures, totals)
                figures.active += _sold(totals)
        month_rows.append(MonthRow(month, figures))

    totals = Figures()
    for row in month_rows:
        for name in ("registered", "approved", "permits", "online", "counter", "returns"):
            setattr(totals, name, getattr(totals, name) + getattr(row.figures, name))

    quarters = _quarters(scope, sales, vendor_ids)
    complete = [quarter for quarter in quarters if not quarter.is_partial]
    headline = complete[-1] if complete else (quarters[-1] if quarters else None)
    ranges = _vendor_ranges(sales, vendor_ids, months, headline)
    totals.active = sum(summary.active for summary in ranges.values())
    for summary in ranges.values():
        summary.name = vendors.names[summary.vendor_id]

    kecamatan = Kecamatan.objects.order_by("name")
    if scope.kecamatan is not None:
        kecamatan = kecamatan.filter(pk=scope.kecamatan.pk)
    kecamatan_rows = _group_rows(
        [(row.pk, row.name) for row in kecamatan],
        {name: by["kecamatan"] for name, by in counts.items()},
        ranges,
        lambda pk: {vendors.kecamatan[pk]},
    )
    categories = Category.objects.filter(parent__isnull=True).order_by("position", "name_id")
    if scope.category is not None:
        categories = categories.filter(pk=scope.category.pk)
    category_keys = [(row.pk, row.name) for row in categories]
    if scope.category is None:
        category_keys.append((NO_CATEGORY, _("No category")))
    category_rows = _group_rows(
        category_keys,
        {name: by["category"] for name, by in counts.items()},
        ranges,
        vendors.category_keys,
    )
    return Report(
        scope=scope,
        months=month_rows,
        totals=totals,
        kecamatan=kecamatan_rows,
        categories=category_rows,
        quarters=quarters,
        headline=headline,
        vendors=sorted(
            (summary for summary in ranges.values() if summary.active or summary.compared),
            key=lambda summary: (summary.name.lower(), summary.vendor_id),
        ),
    )
