"""Sales of both channels, online orders and the outlets' counters, read as one.

A sale counts when it is final: an online order when the shopper collected it
(``Order.closed_at``), a counter receipt when it was rung up and stands (``Sale.sold_at``; a
voided receipt counts nowhere). Goods brought back against a receipt reverse their sale when they
come back (``SaleReturn.at``): the units and the refund count as negative amounts of the
``return`` channel. Gross is what was actually charged: the line totals, after a counter line's
discount.

Each read is one query, however many channels: the channels' grouped rows are joined with
UNION ALL and added up here.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import models
from django.db.models import BigIntegerField, CharField, Count, F, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth
from django.utils.translation import gettext_lazy as _

from counter.models import SaleLine, SaleReturnLine
from orders.models import Order, OrderLine

from .months import JAKARTA, month_of


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")
    COUNTER = "counter", _("Counter")
    RETURN = "return", _("Return")


ORDER = {Channel.ONLINE: 0, Channel.COUNTER: 1, Channel.RETURN: 2}


def collected_lines():
    """Online sales: lines of orders the shopper collected (and paid)."""
    return OrderLine.objects.filter(
        order__status=Order.Status.COLLECTED, order__closed_at__isnull=False
    )


@dataclass(frozen=True)
class Source:
    """Where one channel keeps its lines, as lookups from its line model."""

    channel: str
    lines: Callable
    at: str
    outlet: str
    vendor: str
    product: str
    product_name: str
    unit_price: str
    category: str
    reference: str
    quantity: str
    amount: str
    sale: str | None
    sign: int = 1


SOURCES = (
    Source(
        channel=Channel.ONLINE,
        lines=collected_lines,
        at="order__closed_at",
        outlet="order__outlet",
        vendor="vendor",
        product="product",
        product_name="product_name",
        unit_price="unit_price",
        category="product__category",
        reference="order__number",
        quantity="quantity",
        amount="line_total",
        sale="order_id",
    ),
    Source(
        channel=Channel.COUNTER,
        lines=SaleLine.objects.completed,
        at="sale__sold_at",
        outlet="sale__outlet",
        vendor="vendor",
        product="product",
        product_name="product_name",
        unit_price="unit_price",
        category="category",
        reference="sale__number",
        quantity="quantity",
        amount="line_total",
        sale="sale_id",
    ),
    Source(
        channel=Channel.RETURN,
        lines=SaleReturnLine.objects.all,
        at="sale_return__at",
        outlet="sale_line__sale__outlet",
        vendor="sale_line__vendor",
        product="sale_line__product",
        product_name="sale_line__product_name",
        unit_price="sale_line__unit_price",
        category="sale_line__category",
        reference="sale_return__reference",
        quantity="quantity",
        amount="amount",
        sale=None,
        sign=-1,
    ),
)

# What rows can be grouped by: each key's expression for a channel.
KEYS = {
    "all": lambda s: Value(1, output_field=BigIntegerField()),
    "month": lambda s: TruncMonth(s.at, tzinfo=JAKARTA),
    "outlet": lambda s: F(f"{s.outlet}_id"),
    "outlet_name": lambda s: F(f"{s.outlet}__name"),
    "vendor": lambda s: F(f"{s.vendor}_id"),
    "vendor_name": lambda s: F(f"{s.vendor}__business_name"),
    "product": lambda s: F(f"{s.product}_id"),
    "product_name": lambda s: F(f"{s.product}__name"),
    "product_vendor_name": lambda s: F(f"{s.product}__vendor__business_name"),
    # A subcategory's sales count in its parent.
    "top_category": lambda s: Coalesce(f"{s.category}__parent_id", f"{s.category}_id"),
}


@dataclass(frozen=True)
class Period:
    """What to read: moments from ``since`` to before ``until``, at one outlet, of one vendor."""

    since: datetime.datetime | None = None
    until: datetime.datetime | None = None
    outlet: object = None
    vendor: object = None

    def narrow(self, source: Source, lines):
        if self.since is not None:
            lines = lines.filter(**{f"{source.at}__gte": self.since})
        if self.until is not None:
            lines = lines.filter(**{f"{source.at}__lt": self.until})
        if self.outlet is not None:
            lines = lines.filter(**{source.outlet: self.outlet})
        if self.vendor is not None:
            lines = lines.filter(**{source.vendor: self.vendor})
        return lines


@dataclass(frozen=True)
class Row:
    """One group of one channel: how many sales (orders or receipts), units and Rupiah."""

    key: tuple
    channel: str
    sales: int
    units: int
    gross: int


def _grouped(source: Source, keys, period: Period):
    fields = {f"key_{name}": KEYS[name](source) for name in keys}
    sales = (
        Count(source.sale, distinct=True)
        if source.sale
        else Value(0, output_field=BigIntegerField())
    )
    return (
        period.narrow(source, source.lines())
        .values(**fields)
        .annotate(
            row_channel=Value(str(source.channel), output_field=CharField()),
            row_sales=sales,
            row_units=Sum(F(source.quantity) * source.sign, output_field=BigIntegerField()),
            row_gross=Sum(F(source.amount) * source.sign, output_field=BigIntegerField()),
        )
        .values_list(*fields, "row_channel", "row_sales", "row_units", "row_gross")
        .order_by()
    )


def grouped(keys: Iterable[str], period: Period = Period()) -> list[Row]:
    """The sales of every channel grouped by ``keys`` (names of ``KEYS``; ``["all"]`` for one
    total per channel), in one query."""
    keys = list(keys)
    if not keys:
        raise ValueError("grouped() needs at least one key")
    first, *rest = (_grouped(source, keys, period) for source in SOURCES)
    rows = first.union(*rest, all=True)
    return [
        Row(
            key=tuple(values[: len(keys)]),
            channel=values[len(keys)],
            sales=int(values[len(keys) + 1] or 0),
            units=int(values[len(keys) + 2] or 0),
            gross=int(values[len(keys) + 3] or 0),
        )
        for values in rows
    ]


@dataclass
class Totals:
    """Sales of one group split by channel; the totals count both channels, less returns."""

    orders: int = 0
    receipts: int = 0
    online: int = 0
    counter: int = 0
    returns: int = 0
    online_units: int = 0
    counter_units: int = 0
    returned_units: int = 0

    def add(self, row: Row) -> "Totals":
        if row.channel == Channel.ONLINE:
            self.orders += row.sales
            self.online += row.gross
            self.online_units += row.units
        elif row.channel == Channel.COUNTER:
            self.receipts += row.sales
            self.counter += row.gross
            self.counter_units += row.units
        else:
            self.returns += row.gross
            self.returned_units += row.units
        return self

    @property
    def sales(self) -> int:
        """Online orders and counter receipts."""
        return self.orders + self.receipts

    @property
    def units(self) -> int:
        return self.online_units + self.counter_units + self.returned_units

    @property
    def gross(self) -> int:
        return self.online + self.counter + self.returns


def totals_by_key(rows: Iterable[Row]) -> dict[tuple, Totals]:
    totals: dict[tuple, Totals] = {}
    for row in rows:
        totals.setdefault(row.key, Totals()).add(row)
    return totals


@dataclass(frozen=True)
class MonthSales:
    month: datetime.date
    totals: Totals


def vendor_sales_by_month(vendor) -> list[MonthSales]:
    """The vendor's own sales per Jakarta month, every channel apart, newest month first."""
    by_month = totals_by_key(grouped(["month"], Period(vendor=vendor)))
    return [
        MonthSales(month_of(month), totals)
        for (month,), totals in sorted(by_month.items(), reverse=True)
    ]


def month_lines(period: Period):
    """Every line of the period, of every channel, one query: dicts with the channel, the
    reference (order, receipt or return number), product, name, unit price, signed quantity,
    signed discount and signed amount."""
    parts = []
    for source in SOURCES:
        if source.channel == Channel.COUNTER:
            discount = F("discount")
        elif source.channel == Channel.RETURN:
            # The share of the line's discount the refund gives back.
            discount = F("amount") - F("quantity") * F("sale_line__unit_price")
        else:
            discount = Value(0)
        parts.append(
            period.narrow(source, source.lines())
            .annotate(
                line_channel=Value(str(source.channel), output_field=CharField()),
                line_reference=F(source.reference),
                line_product=F(f"{source.product}_id"),
                line_product_name=F(source.product_name),
                line_unit_price=F(source.unit_price),
                line_quantity=F(source.quantity) * source.sign,
                line_discount=models.ExpressionWrapper(discount, output_field=BigIntegerField()),
                line_amount=F(source.amount) * source.sign,
            )
            .values_list(
                "line_channel",
                "line_reference",
                "line_product",
                "line_product_name",
                "line_unit_price",
                "line_quantity",
                "line_discount",
                "line_amount",
            )
            .order_by()
        )
    first, *rest = parts
    names = ("channel", "reference", "product_id", "product_name", "unit_price", "quantity")
    return [
        {
            **dict(zip(names, values[:6], strict=True)),
            "discount": int(values[6]),
            "amount": int(values[7]),
        }
        for values in first.union(*rest, all=True)
    ]
