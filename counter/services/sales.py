"""Recording a counter sale, voiding it, resolving one flagged for attention.

A sale is one transaction: the outlet's receipt sequence for the day is locked (counter sales at
one outlet take their numbers one after another, and a sale that fails takes none, so numbers
have no gaps), then the ledger locks the stock levels in product order and moves the units as a
``counter_sale`` with the receipt number as reference. An idempotency key makes a double tap or a
resent offline sale one receipt.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import staff_decision
from core.phones import normalise_mobile
from core.templatetags.rupiah import format_rupiah
from gallery.models import Batch, today_in_jakarta
from gallery.services import InsufficientStock, StockError, stock_sell_at_counter, stock_take_back
from products.models import Product

from ..access import works_at
from ..models import PaymentMethod, ReceiptSequence, Sale, SaleLine, SalePayment, Shift
from .errors import CounterError
from .idempotency import once

MAX_LINES = 100
MAX_QUANTITY = 999


@dataclass(frozen=True)
class LineInput:
    product_id: int
    quantity: int
    discount: int = 0
    discount_reason: str = ""
    # Food: the batch of the pack the buyer took, when not the one expiring first.
    batch_id: int | None = None


@dataclass(frozen=True)
class PaymentInput:
    method: str
    amount: int
    tendered: int | None = None
    reference: str = ""


def _whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_lines(lines, by) -> list[LineInput]:
    if not lines:
        raise CounterError(_("The sale has no items."))
    if len(lines) > MAX_LINES:
        raise CounterError(_("A receipt holds at most %(n)s lines.") % {"n": MAX_LINES})
    seen = set()
    for line in lines:
        if not _whole(line.quantity) or not 1 <= line.quantity <= MAX_QUANTITY:
            raise CounterError(
                _("Each quantity must be a whole number from 1 to %(max)s.") % {"max": MAX_QUANTITY}
            )
        if line.product_id in seen:
            raise CounterError(_("Each product may appear on one line only."))
        seen.add(line.product_id)
        if not _whole(line.discount) or line.discount < 0:
            raise CounterError(_("A discount must be a whole number of Rupiah."))
        if line.discount:
            if not by.has_perm("counter.discount_line"):
                raise CounterError(_("You may not give discounts."))
            if not line.discount_reason.strip():
                raise CounterError(_("Say why the discount is given."))
    return lines


def _check_payments(payments, total) -> int:
    """The payments cover the total exactly (cash may be given in excess): the change to give."""
    methods = [payment.method for payment in payments]
    if not payments:
        raise CounterError(_("Record how the buyer paid."))
    if len(set(methods)) != len(methods) or not set(methods) <= set(PaymentMethod.values):
        raise CounterError(_("Each payment method may be used once."))
    for payment in payments:
        if not _whole(payment.amount) or payment.amount < 1:
            raise CounterError(_("Each payment must be a whole number of Rupiah above 0."))
        if payment.method == PaymentMethod.CASH:
            if not _whole(payment.tendered) or payment.tendered < payment.amount:
                raise CounterError(_("The cash given is less than the cash due."))
        elif payment.tendered is not None:
            raise CounterError(_("Only cash is given with change."))
    paid = sum(payment.amount for payment in payments)
    if paid != total:
        raise CounterError(
            _("The payments add up to %(paid)s but the total is %(total)s.")
            % {"paid": format_rupiah(paid), "total": format_rupiah(total)}
        )
    return sum(p.tendered - p.amount for p in payments if p.method == PaymentMethod.CASH)


def _next_number(outlet, day) -> tuple[int, str]:
    ReceiptSequence.objects.bulk_create(
        [ReceiptSequence(outlet=outlet, day=day)], ignore_conflicts=True
    )
    sequence = ReceiptSequence.objects.select_for_update().get(outlet=outlet, day=day)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return sequence.last, f"GM{outlet.pk}-{day:%y%m%d}-{sequence.last:04d}"


def _sold_at(sold_at, shift, now):
    """An offline device's clock is trusted only between its shift's start and now."""
    if sold_at is None:
        return now
    if timezone.is_naive(sold_at):
        return now
    return min(max(sold_at, shift.opened_at), now)


def sale_record(
    *,
    outlet,
    by,
    lines: list[LineInput],
    payments: list[PaymentInput],
    idempotency_key: str,
    expected_total: int | None = None,
    buyer_phone: str = "",
    sold_at=None,
    offline: bool = False,
    shift_id: int | None = None,
) -> Sale:
    """Record a walk-in sale at ``outlet``: receipt, lines, payments and the stock it takes.

    Prices come from the database. Online, a sale whose total differs from ``expected_total``
    (prices changed while the buyer waited) or whose stock is short is refused, and nothing is
    recorded. A sale sent from the offline queue (``offline``) has already happened: it is recorded
    whatever changed meanwhile, and flagged for staff when its stock or prices no longer agree.
    """

    def create():
        if not works_at(by, outlet):
            raise CounterError(_("You do not work at this outlet's counter."))
        checked = _check_lines(list(lines), by)
        phone = buyer_phone
        if phone:
            try:
                phone = normalise_mobile(phone)
            except ValidationError as exc:
                raise CounterError(exc.messages[0]) from exc
        return _sale_create(
            outlet=outlet,
            by=by,
            lines=checked,
            payments=list(payments),
            idempotency_key=idempotency_key,
            expected_total=expected_total,
            buyer_phone=phone,
            sold_at=sold_at,
            offline=offline,
            shift_id=shift_id,
        )

    return once(Sale, idempotency_key, create)


def _shift_for(outlet, *, offline, shift_id):
    """The open shift; an offline sale keeps the shift it was taken in, even if closed since."""
    if offline and shift_id:
        shift = Shift.objects.filter(pk=shift_id, outlet=outlet).first()
        if shift is not None:
            return shift
    shift = Shift.objects.open().at(outlet).first()
    if shift is None:
        raise CounterError(_("No shift is open at this counter: open a shift first."))
    return shift


def _sale_create(
    *,
    outlet,
    by,
    lines,
    payments,
    idempotency_key,
    expected_total,
    buyer_phone,
    sold_at,
    offline,
    shift_id,
) -> Sale:
    now = timezone.now()
    day = today_in_jakarta()
    sequence, number = _next_number(outlet, day)
    # A simultaneous resend waited on the sequence above; it now sees the first one's receipt.
    existing = Sale.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        transaction.set_rollback(True)
        return existing
    shift = _shift_for(outlet, offline=offline, shift_id=shift_id)
    notes = []
    if shift.status != Shift.Status.OPEN:
        if not offline:
            raise CounterError(_("This shift is closed: open a new shift to sell."))
        notes.append(_("Arrived after its shift was closed."))
    products = (
        Product.objects.kept_on_record()
        .select_related("vendor", "category")
        .in_bulk([line.product_id for line in lines])
    )
    missing = [line for line in lines if line.product_id not in products]
    if missing:
        raise CounterError(_("A product on this sale is not in the catalogue."))
    if not offline:
        unsellable = [
            str(products[line.product_id])
            for line in lines
            if not products[line.product_id].is_public
        ]
        if unsellable:
            raise CounterError(
                _("No longer for sale: %(names)s.") % {"names": ", ".join(unsellable)}
            )
    for line in lines:
        if line.discount > products[line.product_id].price * line.quantity:
            raise CounterError(_("A discount cannot exceed the line's price."))
    subtotal = sum(products[line.product_id].price * line.quantity for line in lines)
    discount_total = sum(line.discount for line in lines)
    total = subtotal - discount_total
    if expected_total is not None and expected_total != total:
        if not offline:
            raise CounterError(
                _("Prices changed since the sale was started. Please check the new total.")
            )
        notes.append(
            _("The device showed a total of %(shown)s; the prices now give %(total)s.")
            % {"shown": format_rupiah(expected_total), "total": format_rupiah(total)}
        )
    try:
        change = _check_payments(payments, total)
    except CounterError as exc:
        if not offline or expected_total is None:
            raise
        change = sum(
            max((p.tendered or 0) - p.amount, 0) for p in payments if p.method == PaymentMethod.CASH
        )
        notes.append(str(exc))
    sale = Sale.objects.create(
        number=number,
        outlet=outlet,
        shift=shift,
        day=day,
        sequence=sequence,
        by=by,
        sold_at=_sold_at(sold_at, shift, now),
        subtotal=subtotal,
        discount_total=discount_total,
        total=total,
        change_given=change,
        buyer_phone=buyer_phone,
        idempotency_key=idempotency_key,
        sent_offline=offline,
    )
    sale_lines = SaleLine.objects.bulk_create(
        SaleLine(
            sale=sale,
            product=products[line.product_id],
            vendor=products[line.product_id].vendor,
            category=products[line.product_id].category,
            product_name=products[line.product_id].name,
            vendor_name=products[line.product_id].vendor.business_name,
            category_name=products[line.product_id].category.name_id,
            unit_price=products[line.product_id].price,
            quantity=line.quantity,
            discount=line.discount,
            discount_reason=line.discount_reason.strip()[:200],
            line_total=products[line.product_id].price * line.quantity - line.discount,
        )
        for line in lines
    )
    try:
        _movements, shortages = stock_sell_at_counter(
            outlet=outlet,
            items=[(products[line.product_id], line.quantity) for line in lines],
            reference=number,
            by=by,
            take_short=offline,
            chosen=_chosen_batches(outlet, lines),
        )
    except InsufficientStock as exc:
        raise CounterError(_shortage_message(exc.shortages)) from exc
    except StockError as exc:
        raise CounterError(str(exc)) from exc
    if shortages:
        by_product = {line.product_id: line for line in sale_lines}
        for shortage in shortages:
            line = by_product[shortage.product.pk]
            line.unposted_quantity = shortage.requested - shortage.available
            line.save(update_fields=["unposted_quantity"])
        notes.append(_shortage_message(shortages))
    SalePayment.objects.bulk_create(
        SalePayment(
            sale=sale,
            method=payment.method,
            amount=payment.amount,
            tendered=payment.tendered if payment.method == PaymentMethod.CASH else None,
            reference=(payment.reference or "").strip()[:80],
        )
        for payment in payments
        if payment.amount > 0
    )
    if notes:
        sale.needs_attention = True
        sale.attention_note = " ".join(notes)
        sale.save(update_fields=["needs_attention", "attention_note"])
    return sale


def _chosen_batches(outlet, lines) -> dict:
    """``{product id: Batch}`` of the lines that name a batch; one of another shelf is refused."""
    wanted = {line.product_id: line.batch_id for line in lines if line.batch_id}
    if not wanted:
        return {}
    batches = Batch.objects.filter(outlet=outlet, pk__in=wanted.values()).in_bulk()
    chosen = {}
    for product_id, batch_id in wanted.items():
        batch = batches.get(batch_id)
        if batch is None or batch.product_id != product_id:
            raise CounterError(_("That batch is not on this outlet's shelf."))
        chosen[product_id] = batch
    return chosen


def _shortage_message(shortages) -> str:
    parts = [
        _("%(product)s (%(n)s available)") % {"product": s.product, "n": s.available}
        for s in shortages
    ]
    return _("Not enough stock at this outlet for: %(lines)s.") % {"lines": ", ".join(parts)}


@transaction.atomic
def sale_void(*, sale, by, reason: str) -> Sale:
    """Cancel a receipt of the open shift: its goods go back on the shelf, its money back to the
    buyer. The receipt stays, marked void."""
    sale = Sale.objects.select_for_update().select_related("shift", "outlet").get(pk=sale.pk)
    if not by.has_perm("counter.void_sale"):
        raise CounterError(_("You may not void receipts."))
    if not works_at(by, sale.outlet):
        raise CounterError(_("You do not work at this outlet's counter."))
    reason = (reason or "").strip()
    if not reason:
        raise CounterError(_("Say why the receipt is voided."))
    if sale.status == Sale.Status.VOIDED:
        raise CounterError(_("Receipt %(number)s is already void.") % {"number": sale.number})
    if sale.shift.status != Shift.Status.OPEN:
        raise CounterError(
            _("Only receipts of the open shift can be voided; take a return instead.")
        )
    if sale.returns.exists():
        raise CounterError(_("Goods of this receipt were returned: it can no longer be voided."))
    items = [
        (line.product, line.quantity - line.unposted_quantity)
        for line in sale.lines.select_related("product")
        if line.quantity > line.unposted_quantity
    ]
    if items:
        stock_take_back(
            outlet=sale.outlet,
            items=items,
            reference=sale.number,
            by=by,
            reason=(_("Void: %(reason)s") % {"reason": reason})[:255],
        )
    sale.status = Sale.Status.VOIDED
    sale.voided_at = timezone.now()
    sale.voided_by = by
    sale.void_reason = reason
    sale.save(update_fields=["status", "voided_at", "voided_by", "void_reason"])
    staff_decision(by=by, obj=sale, event="sale_voided", message=reason)
    return sale


@transaction.atomic
def sale_resolve(*, sale, by, note: str) -> Sale:
    """Staff have dealt with a flagged sale. Units still missing from the ledger are taken now, if
    the shelf's count was corrected meanwhile; otherwise nothing changes and staff are told."""
    sale = Sale.objects.select_for_update().select_related("outlet").get(pk=sale.pk)
    if not by.has_perm("counter.resolve_sale"):
        raise CounterError(_("You may not resolve flagged sales."))
    note = (note or "").strip()
    if not note:
        raise CounterError(_("Say how the sale was resolved."))
    if not sale.needs_attention or sale.resolved_at is not None:
        raise CounterError(_("This sale does not need attention."))
    pending = [line for line in sale.lines.select_related("product") if line.unposted_quantity]
    if pending and sale.status == Sale.Status.COMPLETED:
        try:
            stock_sell_at_counter(
                outlet=sale.outlet,
                items=[(line.product, line.unposted_quantity) for line in pending],
                reference=sale.number,
                by=by,
            )
        except InsufficientStock as exc:
            raise CounterError(
                _shortage_message(exc.shortages)
                + " "
                + _("Correct the shelf's count first (a stock count or an adjustment).")
            ) from exc
        for line in pending:
            line.unposted_quantity = 0
            line.save(update_fields=["unposted_quantity"])
    sale.resolved_at = timezone.now()
    sale.resolved_by = by
    sale.resolution_note = note
    sale.save(update_fields=["resolved_at", "resolved_by", "resolution_note"])
    staff_decision(by=by, obj=sale, event="sale_resolved", message=note)
    return sale
