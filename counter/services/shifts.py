"""Opening and closing a shift: the float in, the cash counted out, differences explained."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import staff_decision
from core.templatetags.rupiah import format_rupiah

from ..access import works_at
from ..models import Shift
from .errors import CounterError
from .reports import expected_cash


def _amount(value, what) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise CounterError(
            _("%(what)s must be a whole number of Rupiah, 0 or more.") % {"what": what}
        )
    return value


def shift_current(outlet) -> Shift | None:
    return Shift.objects.open().at(outlet).first()


def shift_open(*, outlet, by, opening_float: int) -> Shift:
    """A cashier starts the day's drawer with the float counted into it."""
    if not works_at(by, outlet):
        raise CounterError(_("You do not work at this outlet's counter."))
    if not outlet.takes_stock:
        raise CounterError(_("%(outlet)s is not open for business.") % {"outlet": outlet})
    opening_float = _amount(opening_float, _("The cash float"))
    try:
        with transaction.atomic():
            shift = Shift.objects.create(outlet=outlet, opened_by=by, opening_float=opening_float)
    except IntegrityError as exc:
        raise CounterError(_("A shift is already open at this outlet.")) from exc
    staff_decision(by=by, obj=shift, event="shift_opened", message=f"float {opening_float}")
    return shift


@transaction.atomic
def shift_close(*, shift, by, counted_cash: int, reason: str = "") -> Shift:
    """Count the drawer and close the shift. A difference needs a reason; one above
    ``COUNTER_CASH_DIFFERENCE_LIMIT`` also waits for a supervisor's approval."""
    shift = Shift.objects.select_for_update().select_related("outlet").get(pk=shift.pk)
    if not works_at(by, shift.outlet):
        raise CounterError(_("You do not work at this outlet's counter."))
    if shift.status != Shift.Status.OPEN:
        raise CounterError(_("This shift is already closed."))
    counted_cash = _amount(counted_cash, _("The counted cash"))
    reason = (reason or "").strip()
    expected = expected_cash(shift)
    difference = counted_cash - expected
    if difference and not reason:
        raise CounterError(
            _("The drawer is %(difference)s off the expected cash: say why.")
            % {"difference": ("+" if difference > 0 else "") + format_rupiah(difference)}
        )
    shift.expected_cash = expected
    shift.counted_cash = counted_cash
    shift.difference_reason = reason
    shift.closed_by = by
    shift.closed_at = timezone.now()
    if abs(difference) > settings.COUNTER_CASH_DIFFERENCE_LIMIT:
        shift.status = Shift.Status.AWAITING_APPROVAL
    else:
        shift.status = Shift.Status.CLOSED
    shift.save()
    staff_decision(
        by=by,
        obj=shift,
        event="shift_closed",
        message=f"expected {expected} counted {counted_cash}" + (f": {reason}" if reason else ""),
    )
    return shift


@transaction.atomic
def shift_approve_difference(*, shift, by, note: str) -> Shift:
    """A supervisor accepts a difference above the limit, with a note; never their own shift's."""
    shift = Shift.objects.select_for_update().get(pk=shift.pk)
    if not by.has_perm("counter.approve_cash_difference"):
        raise CounterError(_("Only a supervisor can approve a cash difference."))
    if shift.status != Shift.Status.AWAITING_APPROVAL:
        raise CounterError(_("This shift has no difference waiting for approval."))
    if by.pk in (shift.closed_by_id, shift.opened_by_id):
        raise CounterError(_("Another supervisor must approve the difference of your own shift."))
    note = (note or "").strip()
    if not note:
        raise CounterError(_("Write a note on the approval."))
    shift.status = Shift.Status.CLOSED
    shift.approved_by = by
    shift.approved_at = timezone.now()
    shift.approval_note = note
    shift.save(update_fields=["status", "approved_by", "approved_at", "approval_note"])
    staff_decision(by=by, obj=shift, event="shift_difference_approved", message=note)
    return shift
