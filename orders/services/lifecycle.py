"""The lifecycle: placed -> ready -> collected, or cancelled, or expired.

Every transition locks the order row first, then the ledger locks stock levels in product order,
so two staff members (or staff and ``expire_orders``) acting on one order are applied one after
the other, and the second sees the first one's result.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from affiliates.services import earning_for_collected_order
from core.audit import staff_decision
from gallery.services import StockError, stock_release, stock_sell_reserved

from .. import notifications
from ..models import Order, OrderStatusChange
from .errors import OrderError, OrderTransitionError

Status = Order.Status


def _locked(order: Order) -> Order:
    return Order.objects.select_for_update().select_related("outlet").get(pk=order.pk)


def _stock_items(order: Order):
    return [
        (line.product, line.quantity)
        for line in order.lines.select_related("product")
        if line.product is not None
    ]


def _record(order: Order, *, from_status, by, reason="") -> OrderStatusChange:
    change = OrderStatusChange.objects.create(
        order=order, from_status=from_status, to_status=order.status, by=by, reason=reason
    )
    staff_decision(
        by=by,
        obj=order,
        event=f"order_{order.status}",
        message=f"{Order.Status(from_status).label} → {order.get_status_display()}"
        + (f": {reason}" if reason else ""),
    )
    notifications.order_email_queue(order=order, change=change)
    return change


def _refuse(order: Order, message: str):
    raise OrderTransitionError(
        message % {"number": order.number, "status": order.get_status_display().lower()}
    )


@transaction.atomic
def order_mark_ready(*, order: Order, by) -> Order:
    """The goods are packed at the counter and wait for the shopper."""
    order = _locked(order)
    if order.status != Status.PLACED:
        _refuse(order, _("Only a placed order can be marked ready; %(number)s is %(status)s."))
    order.status = Status.READY
    order.ready_at = timezone.now()
    order.save(update_fields=["status", "ready_at"])
    _record(order, from_status=Status.PLACED, by=by)
    return order


@transaction.atomic
def order_collect(*, order: Order, by, payment_method: str) -> Order:
    """The shopper paid (cash or QRIS) and took the goods: the reservation becomes a sale."""
    if payment_method not in Order.PaymentMethod.values:
        raise OrderError(_("Choose how the order was paid: cash or QRIS."))
    order = _locked(order)
    if order.status != Status.READY:
        _refuse(
            order, _("Only an order ready for pickup can be collected; %(number)s is %(status)s.")
        )
    try:
        stock_sell_reserved(
            outlet=order.outlet, items=_stock_items(order), reference=order.number, by=by
        )
    except StockError as exc:
        raise OrderError(str(exc)) from exc
    now = timezone.now()
    order.status = Status.COLLECTED
    order.payment_status = Order.PaymentStatus.PAID
    order.payment_method = payment_method
    order.paid_at = now
    order.closed_at = now
    order.save(update_fields=["status", "payment_status", "payment_method", "paid_at", "closed_at"])
    _record(order, from_status=Status.READY, by=by)
    earning_for_collected_order(order=order)
    return order


def _close_and_release(order: Order, *, to, by, reason) -> Order:
    from_status = order.status
    try:
        stock_release(
            outlet=order.outlet,
            items=_stock_items(order),
            reference=order.number,
            by=by,
            reason=reason[:255],
        )
    except StockError as exc:
        raise OrderError(str(exc)) from exc
    order.status = to
    order.closed_at = timezone.now()
    order.save(update_fields=["status", "closed_at"])
    _record(order, from_status=from_status, by=by, reason=reason)
    return order


@transaction.atomic
def order_cancel(*, order: Order, by, reason: str = "", by_shopper: bool = False) -> Order:
    """Cancel an open order and put its goods back on the shelf.

    Staff may cancel a placed or ready order and must say why. The shopper may cancel only
    while the order is placed: once it is packed, they ask the outlet.
    """
    reason = (reason or "").strip()
    if not by_shopper and not reason:
        raise OrderError(_("Say why the order is cancelled: a reason is required."))
    order = _locked(order)
    if by_shopper:
        if order.status != Status.PLACED:
            _refuse(
                order,
                _(
                    "Order %(number)s is %(status)s and can no longer be cancelled online. "
                    "Please contact the outlet."
                ),
            )
        reason = (
            _("Cancelled by the shopper: %(reason)s") % {"reason": reason}
            if reason
            else _("Cancelled by the shopper.")
        )
    elif not order.is_open:
        _refuse(order, _("Only an open order can be cancelled; %(number)s is %(status)s."))
    return _close_and_release(order, to=Status.CANCELLED, by=by, reason=reason)


@transaction.atomic
def order_expire(*, order: Order, by=None, now=None) -> Order:
    """An open order not collected within the pickup window: its goods go back on the shelf."""
    order = _locked(order)
    if not order.is_open:
        _refuse(order, _("Only an open order can expire; %(number)s is %(status)s."))
    if order.pickup_until > (now or timezone.now()):
        _refuse(order, _("Order %(number)s is still within its pickup window."))
    reason = _("Not collected within %(days)s days.") % {"days": settings.ORDER_PICKUP_WINDOW_DAYS}
    return _close_and_release(order, to=Status.EXPIRED, by=by, reason=reason)
