"""A shift's figures: the cash that should be in the drawer and the takings by method, maker
and category. Read from the receipts and returns, never stored (except the expected cash, frozen
when the shift closes)."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Sum

from ..models import PaymentMethod, SaleLine, SalePayment, SaleReturn, SaleReturnLine, Shift


def _sum(queryset, column) -> int:
    return queryset.aggregate(total=Sum(column))["total"] or 0


def cash_sales(shift) -> int:
    """Cash kept from this shift's standing receipts (what was given less the change)."""
    return _sum(
        SalePayment.objects.filter(
            sale__shift=shift, sale__status="completed", method=PaymentMethod.CASH
        ),
        "amount",
    )


def cash_refunds(shift) -> int:
    return _sum(
        SaleReturn.objects.filter(shift=shift, refund_method=PaymentMethod.CASH), "refund_amount"
    )


def expected_cash(shift) -> int:
    """Float + cash sales − cash refunds: what the drawer should hold."""
    return shift.opening_float + cash_sales(shift) - cash_refunds(shift)


@dataclass
class GroupTotal:
    name: str
    units: int = 0
    sold: int = 0
    returned_units: int = 0
    returned: int = 0

    @property
    def net(self) -> int:
        return self.sold - self.returned


@dataclass
class ShiftReport:
    shift: Shift
    receipts: int
    voided: int
    opening_float: int
    cash_sales: int
    cash_refunds: int
    expected_cash: int
    sales_by_method: dict = field(default_factory=dict)
    refunds_by_method: dict = field(default_factory=dict)
    by_vendor: list = field(default_factory=list)
    by_category: list = field(default_factory=list)

    @property
    def counted_cash(self):
        return self.shift.counted_cash

    @property
    def difference(self):
        if self.shift.counted_cash is None:
            return None
        return self.shift.counted_cash - self.expected_cash

    @property
    def total_sales(self) -> int:
        return sum(self.sales_by_method.values())

    @property
    def total_refunds(self) -> int:
        return sum(self.refunds_by_method.values())

    @property
    def methods(self):
        """Every method with its sales, refunds and net, in the order of the choices."""
        return [
            (
                label,
                self.sales_by_method.get(value, 0),
                self.refunds_by_method.get(value, 0),
                self.sales_by_method.get(value, 0) - self.refunds_by_method.get(value, 0),
            )
            for value, label in PaymentMethod.choices
        ]


def _grouped(shift, key, name) -> list[GroupTotal]:
    groups: dict = defaultdict(lambda: GroupTotal(name=""))
    sold = (
        SaleLine.objects.filter(sale__shift=shift, sale__status="completed")
        .values(key, name)
        .annotate(units=Sum("quantity"), total=Sum("line_total"))
        .order_by()
    )
    for row in sold:
        group = groups[row[key]]
        group.name = group.name or row[name]
        group.units += row["units"]
        group.sold += row["total"]
    returned = (
        SaleReturnLine.objects.filter(sale_return__shift=shift)
        .values(f"sale_line__{key}", f"sale_line__{name}")
        .annotate(units=Sum("quantity"), total=Sum("amount"))
        .order_by()
    )
    for row in returned:
        group = groups[row[f"sale_line__{key}"]]
        group.name = group.name or row[f"sale_line__{name}"]
        group.returned_units += row["units"]
        group.returned += row["total"]
    return sorted(groups.values(), key=lambda group: group.name.lower())


def shift_report(shift) -> ShiftReport:
    sales = shift.sales.values("status").annotate(n=Count("pk")).order_by()
    counts = {row["status"]: row["n"] for row in sales}
    sales_by_method = dict(
        SalePayment.objects.filter(sale__shift=shift, sale__status="completed")
        .values_list("method")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    refunds_by_method = dict(
        SaleReturn.objects.filter(shift=shift)
        .values_list("refund_method")
        .annotate(total=Sum("refund_amount"))
        .order_by()
    )
    cash_in = sales_by_method.get(PaymentMethod.CASH, 0)
    cash_out = refunds_by_method.get(PaymentMethod.CASH, 0)
    expected = (
        shift.expected_cash
        if shift.expected_cash is not None
        else shift.opening_float + cash_in - cash_out
    )
    return ShiftReport(
        shift=shift,
        receipts=counts.get("completed", 0),
        voided=counts.get("voided", 0),
        opening_float=shift.opening_float,
        cash_sales=cash_in,
        cash_refunds=cash_out,
        expected_cash=expected,
        sales_by_method=sales_by_method,
        refunds_by_method=refunds_by_method,
        by_vendor=_grouped(shift, "vendor_id", "vendor_name"),
        by_category=_grouped(shift, "category_id", "category_name"),
    )
