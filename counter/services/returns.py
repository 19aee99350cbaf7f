"""Goods brought back against a receipt: back on the shelf or written off as damaged, and the
refund recorded with its method. The vendor's sale is reversed in the month of the return."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from core.audit import staff_decision
from gallery.services import stock_record_loss, stock_take_back

from ..access import works_at
from ..models import PaymentMethod, Sale, SaleReturn, SaleReturnLine, Shift
from .errors import CounterError
from .idempotency import once


@dataclass(frozen=True)
class ReturnInput:
    sale_line_id: int
    quantity: int
    back_to_stock: bool = True


def returnable(sale) -> dict[int, tuple[int, int]]:
    """``{sale line id: (units still returnable, Rupiah still refundable)}``."""
    taken = {
        row["sale_line_id"]: (row["units"], row["amount"])
        for row in SaleReturnLine.objects.filter(sale_line__sale=sale)
        .values("sale_line_id")
        .annotate(units=Sum("quantity"), amount=Sum("amount"))
        .order_by()
    }
    return {
        line.pk: (
            line.quantity - taken.get(line.pk, (0, 0))[0],
            line.line_total - taken.get(line.pk, (0, 0))[1],
        )
        for line in sale.lines.all()
    }


def _refund_for(units_left, amount_left, quantity) -> int:
    """The line's price share of ``quantity`` units; the last units take what is left, so a line
    returned in parts refunds exactly its total (discounts included)."""
    if quantity == units_left:
        return amount_left
    return amount_left * quantity // units_left


def sale_return_record(
    *,
    sale,
    by,
    lines: list[ReturnInput],
    reason: str,
    refund_method: str,
    idempotency_key: str,
    refund_reference: str = "",
) -> SaleReturn:
    return once(
        SaleReturn,
        idempotency_key,
        lambda: _return_create(
            sale=sale,
            by=by,
            lines=lines,
            reason=reason,
            refund_method=refund_method,
            idempotency_key=idempotency_key,
            refund_reference=refund_reference,
        ),
    )


def _return_create(
    *, sale, by, lines, reason, refund_method, idempotency_key, refund_reference
) -> SaleReturn:
    sale = Sale.objects.select_for_update().select_related("outlet").get(pk=sale.pk)
    if SaleReturn.objects.filter(idempotency_key=idempotency_key).exists():
        transaction.set_rollback(True)
        return SaleReturn.objects.get(idempotency_key=idempotency_key)
    if not by.has_perm("counter.take_return"):
        raise CounterError(_("You may not take returns."))
    if not works_at(by, sale.outlet):
        raise CounterError(_("You do not work at this outlet's counter."))
    if sale.status != Sale.Status.COMPLETED:
        raise CounterError(_("Receipt %(number)s is void: nothing to return.") % {"number": sale})
    reason = (reason or "").strip()
    if not reason:
        raise CounterError(_("Say why the goods are returned."))
    if refund_method not in PaymentMethod.values:
        raise CounterError(_("Choose how the refund is paid."))
    shift = Shift.objects.open().at(sale.outlet).first()
    if shift is None:
        raise CounterError(_("No shift is open at this counter: open a shift first."))
    lines = [line for line in lines if line.quantity]
    if not lines:
        raise CounterError(_("Choose at least one item to return."))
    left = returnable(sale)
    sale_lines = {line.pk: line for line in sale.lines.select_related("product")}
    if len({line.sale_line_id for line in lines}) != len(lines):
        raise CounterError(_("Each item may appear once on a return."))
    for line in lines:
        if line.sale_line_id not in sale_lines:
            raise CounterError(_("That item is not on receipt %(number)s.") % {"number": sale})
        if (
            not isinstance(line.quantity, int)
            or isinstance(line.quantity, bool)
            or line.quantity < 0
        ):
            raise CounterError(_("Each quantity must be a whole number."))
        if line.quantity > left[line.sale_line_id][0]:
            raise CounterError(
                _("Only %(n)s of %(product)s can still be returned.")
                % {
                    "n": left[line.sale_line_id][0],
                    "product": sale_lines[line.sale_line_id].product_name,
                }
            )
    count = SaleReturn.objects.filter(sale=sale).count()
    reference = f"{sale.number}-R{count + 1}"
    amounts = {
        line.sale_line_id: _refund_for(*left[line.sale_line_id], line.quantity) for line in lines
    }
    sale_return = SaleReturn.objects.create(
        reference=reference,
        sale=sale,
        shift=shift,
        by=by,
        reason=reason,
        refund_method=refund_method,
        refund_amount=sum(amounts.values()),
        refund_reference=(refund_reference or "").strip()[:80],
        idempotency_key=idempotency_key,
    )
    SaleReturnLine.objects.bulk_create(
        SaleReturnLine(
            sale_return=sale_return,
            sale_line=sale_lines[line.sale_line_id],
            quantity=line.quantity,
            amount=amounts[line.sale_line_id],
            back_to_stock=line.back_to_stock,
        )
        for line in lines
    )
    # Every returned unit comes back through the ledger; a damaged one then leaves it as a loss,
    # so the shelf's history tells both steps.
    stock_take_back(
        outlet=sale.outlet,
        items=[(sale_lines[line.sale_line_id].product, line.quantity) for line in lines],
        reference=reference,
        by=by,
        reason=reason[:255],
        sold_under=sale.number,
    )
    for line in lines:
        if not line.back_to_stock:
            stock_record_loss(
                outlet=sale.outlet,
                product=sale_lines[line.sale_line_id].product,
                quantity=line.quantity,
                by=by,
                reference=reference,
                reason=(
                    _("Returned damaged (%(reference)s): %(reason)s")
                    % {"reference": reference, "reason": reason}
                )[:255],
            )
    staff_decision(by=by, obj=sale, event="sale_returned", message=f"{reference}: {reason}")
    return sale_return
