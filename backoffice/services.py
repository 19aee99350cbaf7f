"""Writes of the back office: commission rates and payouts. Both are append-only records."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import CommissionRate, Payout
from .months import current_month


@transaction.atomic
def payout_record(
    *, vendor, amount: int, paid_on: datetime.date, reference: str, by, note: str = ""
) -> Payout:
    """Record money paid to a vendor (or, negative, a correction of an earlier payout)."""
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise ValidationError({"amount": _("The amount is a whole number of Rupiah.")})
    payout = Payout(
        vendor=vendor,
        amount=amount,
        paid_on=paid_on,
        reference=(reference or "").strip(),
        note=(note or "").strip(),
        by=by,
    )
    payout.full_clean()
    payout.save()
    return payout


@transaction.atomic
def commission_rate_set(
    *, percent: Decimal, effective_from: datetime.date, by, vendor=None, note: str = ""
) -> CommissionRate:
    """A new rate for a vendor (or the default), from this month or a later one."""
    rate = CommissionRate(
        vendor=vendor,
        percent=percent,
        effective_from=effective_from.replace(day=1),
        note=(note or "").strip(),
        created_by=by,
    )
    rate.full_clean()
    rate.save()
    return rate


@transaction.atomic
def commission_rate_change(*, rate: CommissionRate, percent: Decimal, note: str = "", by):
    """Correct a rate of this month or a later one; a rate of a month that is over never changes."""
    rate = CommissionRate.objects.select_for_update().get(pk=rate.pk)
    if rate.effective_from < current_month():
        raise ValidationError(
            _("This rate applies to a month that is over: set a new rate from this month instead.")
        )
    rate.percent = percent
    rate.note = (note or "").strip()
    rate.full_clean()
    rate.save(update_fields=["percent", "note"])
    return rate
