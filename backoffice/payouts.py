"""What every payout record shares, the vendors' and the affiliates': money paid out is recorded
once and never changed; a correction is a new, negative payout that says what it corrects."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def payout_problems(*, amount, note, paid_on) -> dict:
    """``{field: message}`` for what a payout may not be; empty when it is fine."""
    problems = {}
    if amount == 0:
        problems["amount"] = _("A payout cannot be zero.")
    if amount is not None and amount < 0 and not (note or "").strip():
        problems["note"] = _("Say what the correction is for.")
    if paid_on and paid_on > timezone.localdate():
        problems["paid_on"] = _("A payout cannot be dated in the future.")
    return problems
