"""Consignment settlements: what the gallery owes each vendor, month by month.

Statements are computed from the sales, never stored, so they always agree with the orders, the
counter's receipts and the stock ledger. See docs/settlements.md for the rules; in short:

- A sale counts in the Jakarta calendar month it became final: an online order when it was
  collected (``Order.closed_at``), a counter receipt when it was rung up (``Sale.sold_at``; a
  voided receipt counts nowhere). Goods returned against a receipt reverse their sale in the
  month of the return (``SaleReturn.at``): minus the units, minus the refund.
- Gross is the sum of the vendor's line totals (what was charged, after a counter discount),
  online plus counter less returns.
- Commission = gross × the rate in force that month, rounded half up to whole Rupiah, once per
  vendor and month (never per line); a month with more returns than sales gives a negative
  commission. Net payable = gross − commission.
- Payouts count in the month of their date. Each month: opening balance + net − paid = closing
  balance, which is the next month's opening balance.
"""

import bisect
import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.db.models import Q

from gallery.models import StockMovement

from .channels import ORDER, Channel, Period, grouped, month_lines
from .models import CommissionRate, Payout
from .months import current_month, month_of, month_start, months_between, next_month


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
    receipts: int = 0
    units: int = 0
    online: int = 0
    counter: int = 0
    returns: int = 0
    percent: Decimal | None = None
    opening: int = 0
    paid: int = 0

    @property
    def sales(self) -> int:
        """Online orders and counter receipts of the month."""
        return self.orders + self.receipts

    @property
    def gross(self) -> int:
        """Online and counter sales less the refunds of the month's returns (negative)."""
        return self.online + self.counter + self.returns

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
        return self.gross != 0 and self.percent is None

    @property
    def slug(self) -> str:
        return f"{self.month:%Y-%m}"


@dataclass(frozen=True)
class StatementLine:
    """Units of one product at one price in one channel; a return's units and Rupiah are
    negative. ``gross`` = units × unit price − discount."""

    channel: str
    product_id: int | None
    product_name: str
    unit_price: int
    units: int
    gross: int
    discount: int = 0

    @property
    def channel_label(self) -> str:
        return Channel(self.channel).label


@dataclass
class LedgerCheck:
    """The month's sales as the stock ledger has them: ``sale`` rows of the month's orders,
    ``counter_sale`` (and void) rows of its standing receipts, ``sale_return`` rows of its
    returns. Units are keyed by (channel, product)."""

    units_by_line: dict
    gross: int
    unpriced: list = field(default_factory=list)

    @property
    def units_by_product(self) -> dict:
        units = defaultdict(int)
        for (_channel, product_id), count in self.units_by_line.items():
            units[product_id] += count
        return dict(units)

    @property
    def units(self) -> int:
        return sum(self.units_by_line.values())


@dataclass
class Statement:
    vendor: object
    summary: MonthSummary
    lines: list[StatementLine]
    payouts: list
    ledger: LedgerCheck

    @property
    def units_by_line(self) -> dict:
        units = defaultdict(int)
        for line in self.lines:
            units[(line.channel, line.product_id)] += line.units
        return dict(units)

    @property
    def units_by_product(self) -> dict:
        units = defaultdict(int)
        for line in self.lines:
            units[line.product_id] += line.units
        return dict(units)

    @property
    def channel_totals(self) -> list[tuple[str, int, int]]:
        """``(channel label, units, gross)`` of each channel with lines this month."""
        totals = defaultdict(lambda: [0, 0])
        for line in self.lines:
            totals[line.channel][0] += line.units
            totals[line.channel][1] += line.gross
        return [
            (Channel(channel).label, units, gross)
            for channel, (units, gross) in sorted(totals.items(), key=lambda item: ORDER[item[0]])
        ]

    @property
    def matches_ledger(self) -> bool:
        return (
            not self.ledger.unpriced
            and self.ledger.gross == self.summary.gross
            and self.ledger.units_by_line == self.units_by_line
        )


def _monthly_sales(period: Period) -> dict:
    """``{(vendor_id, month): MonthSummary without rate nor balance}`` in one grouped query."""
    sales = {}
    for row in grouped(["vendor", "month"], period):
        vendor_id, month = row.key
        if vendor_id is None:
            continue
        key = (vendor_id, month_of(month))
        summary = sales.setdefault(key, MonthSummary(month=key[1]))
        summary.units += row.units
        if row.channel == Channel.ONLINE:
            summary.orders += row.sales
            summary.online += row.gross
        elif row.channel == Channel.COUNTER:
            summary.receipts += row.sales
            summary.counter += row.gross
        else:
            summary.returns += row.gross
    return sales


def _account(vendor_id, first, last, sales, payouts_by_month, rates) -> list[MonthSummary]:
    """The running account from ``first`` to ``last``, oldest month first."""
    summaries = []
    opening = 0
    for month in months_between(first, last):
        sold = sales.get((vendor_id, month)) or MonthSummary(month=month)
        summary = MonthSummary(
            month=month,
            orders=sold.orders,
            receipts=sold.receipts,
            units=sold.units,
            online=sold.online,
            counter=sold.counter,
            returns=sold.returns,
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


def vendor_account(vendor, until=None) -> list[MonthSummary]:
    """Every month of the vendor's account up to ``until`` (this month), newest first.

    The account opens in the month the vendor registered, or of an earlier sale or payout.
    """
    last = until or current_month()
    end = month_start(next_month(last))
    sales = _monthly_sales(Period(until=end, vendor=vendor))
    payouts = list(
        vendor.payouts.filter(paid_on__lt=next_month(last)).values_list(
            "vendor_id", "paid_on", "amount"
        )
    )
    payouts_by_month = _payouts_by_month(payouts)
    first = min(
        [month_of(vendor.created_at)]
        + [month for _vendor, month in sales]
        + [month for _vendor, month in payouts_by_month]
    )
    if first > last:
        return []
    rates = RateBook.load(vendors=[vendor])
    account = _account(vendor.pk, first, last, sales, payouts_by_month, rates)
    return list(reversed(account))


def _ledger_kind(kind, reference, numbers) -> str | None:
    """The channel a ledger row belongs to, or None if it is not a sale of these lines."""
    if kind == StockMovement.Kind.SALE and reference in numbers[Channel.ONLINE]:
        return Channel.ONLINE
    if reference in numbers[Channel.COUNTER]:
        # A receipt's sale, and the take-back of a void that a standing receipt should not have.
        return Channel.COUNTER
    if kind == StockMovement.Kind.SALE_RETURN and reference in numbers[Channel.RETURN]:
        return Channel.RETURN
    return None


def _ledger_check(vendor, lines) -> LedgerCheck:
    """Read the ledger rows of the month's orders, receipts and returns for the vendor's products
    and price them with the lines: units per (channel, product) and the gross they make."""
    priced = {
        (line["channel"], line["reference"], line["product_id"]): (
            line["quantity"],
            line["amount"],
        )
        for line in lines
    }
    numbers = defaultdict(set)
    for channel, reference, _product in priced:
        numbers[channel].add(reference)
    kinds = Q(kind=StockMovement.Kind.SALE, reference__in=sorted(numbers[Channel.ONLINE])) | Q(
        kind__in=[StockMovement.Kind.COUNTER_SALE, StockMovement.Kind.SALE_RETURN],
        reference__in=sorted(numbers[Channel.COUNTER] | numbers[Channel.RETURN]),
    )
    moves = StockMovement.objects.filter(kinds, product__vendor=vendor).values_list(
        "kind", "reference", "product_id", "on_hand_change"
    )
    units = defaultdict(int)
    gross = Fraction(0)
    unpriced = []
    for kind, reference, product_id, change in moves:
        channel = _ledger_kind(kind, reference, numbers)
        if channel is None:
            continue
        sold = -change
        units[(channel, product_id)] += sold
        line = priced.get((channel, reference, product_id))
        if line is None or not line[0]:
            unpriced.append((reference, product_id))
        else:
            quantity, amount = line
            gross += Fraction(amount * sold, quantity)
    return LedgerCheck(units_by_line=dict(units), gross=round(gross), unpriced=unpriced)


def _statement_lines(lines) -> list[StatementLine]:
    grouped_lines = defaultdict(lambda: [0, 0, 0])
    for line in lines:
        key = (line["channel"], line["product_id"], line["product_name"], line["unit_price"])
        grouped_lines[key][0] += line["quantity"]
        grouped_lines[key][1] += line["amount"]
        grouped_lines[key][2] += line["discount"]
    return [
        StatementLine(
            channel=channel,
            product_id=product_id,
            product_name=name,
            unit_price=price,
            units=units,
            gross=gross,
            discount=discount,
        )
        for (channel, product_id, name, price), (units, gross, discount) in sorted(
            grouped_lines.items(),
            key=lambda item: (ORDER[item[0][0]], item[0][2].lower(), item[0][3]),
        )
    ]


def statement_for(vendor, month: datetime.date) -> Statement | None:
    """The vendor's statement of ``month``; None outside the account (before it, or future)."""
    month = month_of(month)
    account = {summary.month: summary for summary in vendor_account(vendor)}
    summary = account.get(month)
    if summary is None:
        return None
    lines = month_lines(
        Period(since=month_start(month), until=month_start(next_month(month)), vendor=vendor)
    )
    payouts = list(
        Payout.objects.filter(
            vendor=vendor, paid_on__gte=month, paid_on__lt=next_month(month)
        ).order_by("paid_on", "pk")
    )
    return Statement(
        vendor=vendor,
        summary=summary,
        lines=_statement_lines(lines),
        payouts=payouts,
        ledger=_ledger_check(vendor, lines),
    )


@dataclass
class OverviewRow:
    vendor_id: int
    vendor_name: str
    summary: MonthSummary


def settlement_overview(month: datetime.date) -> list[OverviewRow]:
    """Every vendor with sales or payouts up to ``month``: that month's summary, by name.

    Four queries whatever the number of vendors, months and channels.
    """
    from vendors.models import Vendor

    month = month_of(month)
    sales = _monthly_sales(Period(until=month_start(next_month(month))))
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
