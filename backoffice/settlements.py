"""Consignment settlements: what the gallery owes each vendor, month by month.

Statements are computed from the sales, never stored, so they always agree with the orders and
the stock ledger. See docs/settlements.md for the rules; in short:

- A sale counts in the Jakarta calendar month its order was collected (``Order.closed_at``).
- Gross is the sum of the vendor's order lines (unit price × quantity, copied at purchase).
- Commission = gross × the rate in force that month, rounded half up to whole Rupiah, once per
  vendor and month (never per line). Net payable = gross − commission.
- Payouts count in the month of their date. Each month: opening balance + net − paid = closing
  balance, which is the next month's opening balance.
"""

import bisect
import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Min, Sum
from django.db.models.functions import TruncMonth

from gallery.models import StockMovement
from orders.models import Order, OrderLine

from .models import CommissionRate, Payout
from .months import JAKARTA, current_month, month_of, month_start, months_between, next_month


def commission_of(gross: int, percent: Decimal | None) -> int:
    """The gallery's share of ``gross`` at ``percent``, rounded half up to whole Rupiah."""
    if not gross or not percent:
        return 0
    return int((Decimal(gross) * percent / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


class RateBook:
    """Every commission rate, to answer "which rate applies to this vendor in this month"."""

    def __init__(self, rates):
        self._default: list[tuple[datetime.date, Decimal]] = []
        self._vendor: dict[int, list[tuple[datetime.date, Decimal]]] = defaultdict(list)
        for vendor_id, effective_from, percent in sorted(
            rates, key=lambda rate: (rate[0] or 0, rate[1])
        ):
            target = self._default if vendor_id is None else self._vendor[vendor_id]
            target.append((effective_from, percent))

    @classmethod
    def load(cls, vendors=None):
        rates = CommissionRate.objects.all()
        if vendors is not None:
            rates = rates.filter(vendor__isnull=True) | rates.filter(vendor__in=vendors)
        return cls(rates.values_list("vendor_id", "effective_from", "percent"))

    @staticmethod
    def _latest(rates, month):
        index = bisect.bisect_right([start for start, _percent in rates], month)
        return rates[index - 1][1] if index else None

    def percent(self, vendor_id: int, month: datetime.date) -> Decimal | None:
        own = self._latest(self._vendor.get(vendor_id, []), month)
        return own if own is not None else self._latest(self._default, month)


@dataclass
class MonthSummary:
    month: datetime.date
    orders: int = 0
    units: int = 0
    gross: int = 0
    percent: Decimal | None = None
    opening: int = 0
    paid: int = 0

    @property
    def commission(self) -> int:
        return commission_of(self.gross, self.percent)

    @property
    def net(self) -> int:
        return self.gross - self.commission

    @property
    def closing(self) -> int:
        return self.opening + self.net - self.paid

    @property
    def rate_missing(self) -> bool:
        return self.gross > 0 and self.percent is None

    @property
    def slug(self) -> str:
        return f"{self.month:%Y-%m}"


@dataclass(frozen=True)
class StatementLine:
    product_id: int | None
    product_name: str
    unit_price: int
    units: int
    gross: int


@dataclass
class LedgerCheck:
    """The month's sales as the stock ledger has them: SALE rows of the month's orders."""

    units_by_product: dict
    gross: int
    unpriced: list = field(default_factory=list)

    @property
    def units(self) -> int:
        return sum(self.units_by_product.values())


@dataclass
class Statement:
    vendor: object
    summary: MonthSummary
    lines: list[StatementLine]
    payouts: list
    ledger: LedgerCheck

    @property
    def units_by_product(self) -> dict:
        units = defaultdict(int)
        for line in self.lines:
            units[line.product_id] += line.units
        return dict(units)

    @property
    def matches_ledger(self) -> bool:
        return (
            not self.ledger.unpriced
            and self.ledger.gross == self.summary.gross
            and self.ledger.units_by_product == self.units_by_product
        )


def collected_lines():
    return OrderLine.objects.filter(
        order__status=Order.Status.COLLECTED, order__closed_at__isnull=False
    )


def _monthly_sales(lines):
    """``{(vendor_id, month): (orders, units, gross)}`` in one grouped query."""
    rows = (
        lines.annotate(month=TruncMonth("order__closed_at", tzinfo=JAKARTA))
        .values("vendor_id", "month")
        .annotate(
            orders=Count("order_id", distinct=True), units=Sum("quantity"), gross=Sum("line_total")
        )
        .order_by()
    )
    return {
        (row["vendor_id"], month_of(row["month"])): (row["orders"], row["units"], row["gross"])
        for row in rows
    }


def _account(vendor_id, first, last, sales, payouts_by_month, rates) -> list[MonthSummary]:
    """The running account from ``first`` to ``last``, oldest month first."""
    summaries = []
    opening = 0
    for month in months_between(first, last):
        orders, units, gross = sales.get((vendor_id, month), (0, 0, 0))
        summary = MonthSummary(
            month=month,
            orders=orders,
            units=units,
            gross=gross,
            percent=rates.percent(vendor_id, month),
            opening=opening,
            paid=payouts_by_month.get((vendor_id, month), 0),
        )
        summaries.append(summary)
        opening = summary.closing
    return summaries


def _payouts_by_month(payouts) -> dict:
    totals = defaultdict(int)
    for vendor_id, paid_on, amount in payouts:
        totals[(vendor_id, month_of(paid_on))] += amount
    return totals


def first_month(vendor) -> datetime.date:
    """The month the vendor's account opens: its registration, or an earlier sale or payout."""
    months = [month_of(vendor.created_at)]
    first_sale = collected_lines().filter(vendor=vendor).aggregate(at=Min("order__closed_at"))
    if first_sale["at"]:
        months.append(month_of(first_sale["at"]))
    first_payout = vendor.payouts.aggregate(on=Min("paid_on"))["on"]
    if first_payout:
        months.append(month_of(first_payout))
    return min(months)


def vendor_account(vendor, until=None) -> list[MonthSummary]:
    """Every month of the vendor's account up to ``until`` (this month), newest first."""
    last = until or current_month()
    first = first_month(vendor)
    if first > last:
        return []
    end = month_start(next_month(last))
    sales = _monthly_sales(collected_lines().filter(vendor=vendor, order__closed_at__lt=end))
    payouts = vendor.payouts.filter(paid_on__lt=next_month(last)).values_list(
        "vendor_id", "paid_on", "amount"
    )
    rates = RateBook.load(vendors=[vendor])
    account = _account(vendor.pk, first, last, sales, _payouts_by_month(payouts), rates)
    return list(reversed(account))


def _ledger_check(vendor, month_lines) -> LedgerCheck:
    prices = {
        (line["order__number"], line["product_id"]): line["unit_price"] for line in month_lines
    }
    numbers = sorted({number for number, _product in prices})
    moves = StockMovement.objects.filter(
        kind=StockMovement.Kind.SALE, reference__in=numbers, product__vendor=vendor
    ).values_list("reference", "product_id", "on_hand_change")
    units = defaultdict(int)
    gross = 0
    unpriced = []
    for reference, product_id, change in moves:
        sold = -change
        units[product_id] += sold
        price = prices.get((reference, product_id))
        if price is None:
            unpriced.append((reference, product_id))
        else:
            gross += sold * price
    return LedgerCheck(units_by_product=dict(units), gross=gross, unpriced=unpriced)


def statement_for(vendor, month: datetime.date) -> Statement | None:
    """The vendor's statement of ``month``; None outside the account (before it, or future)."""
    month = month_of(month)
    account = {summary.month: summary for summary in vendor_account(vendor)}
    summary = account.get(month)
    if summary is None:
        return None
    month_lines = list(
        collected_lines()
        .filter(
            vendor=vendor,
            order__closed_at__gte=month_start(month),
            order__closed_at__lt=month_start(next_month(month)),
        )
        .values(
            "order__number", "product_id", "product_name", "unit_price", "quantity", "line_total"
        )
    )
    grouped = defaultdict(lambda: [0, 0])
    for line in month_lines:
        key = (line["product_id"], line["product_name"], line["unit_price"])
        grouped[key][0] += line["quantity"]
        grouped[key][1] += line["line_total"]
    lines = [
        StatementLine(product_id, name, price, units, gross)
        for (product_id, name, price), (units, gross) in sorted(
            grouped.items(), key=lambda item: (item[0][1].lower(), item[0][2])
        )
    ]
    payouts = list(
        Payout.objects.filter(
            vendor=vendor, paid_on__gte=month, paid_on__lt=next_month(month)
        ).order_by("paid_on", "pk")
    )
    return Statement(
        vendor=vendor,
        summary=summary,
        lines=lines,
        payouts=payouts,
        ledger=_ledger_check(vendor, month_lines),
    )


@dataclass
class OverviewRow:
    vendor_id: int
    vendor_name: str
    summary: MonthSummary


def settlement_overview(month: datetime.date) -> list[OverviewRow]:
    """Every vendor with sales or payouts up to ``month``: that month's summary, by name.

    Four queries whatever the number of vendors and months.
    """
    from vendors.models import Vendor

    month = month_of(month)
    end = month_start(next_month(month))
    sales = _monthly_sales(collected_lines().filter(vendor__isnull=False, order__closed_at__lt=end))
    payouts = list(
        Payout.objects.filter(paid_on__lt=next_month(month)).values_list(
            "vendor_id", "paid_on", "amount"
        )
    )
    payouts_by_month = _payouts_by_month(payouts)
    firsts: dict[int, datetime.date] = {}
    for vendor_id, sale_month in sales:
        firsts[vendor_id] = min(sale_month, firsts.get(vendor_id, sale_month))
    for vendor_id, payout_month in payouts_by_month:
        firsts[vendor_id] = min(payout_month, firsts.get(vendor_id, payout_month))
    rates = RateBook.load()
    names = dict(Vendor.objects.filter(pk__in=list(firsts)).values_list("pk", "business_name"))
    rows = [
        OverviewRow(
            vendor_id=vendor_id,
            vendor_name=names.get(vendor_id, ""),
            summary=_account(vendor_id, first, month, sales, payouts_by_month, rates)[-1],
        )
        for vendor_id, first in firsts.items()
    ]
    return sorted(rows, key=lambda row: row.vendor_name.lower())
