"""What every payout record shares, the vendors' and the affiliates': money paid out is recorded
once and never changed; a correction is a new, negative payout that says what it corrects."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
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


class PayoutRecord(models.Model):
    """Money the gallery paid out. Never changed nor deleted: a mistake is corrected by another
    payout (negative to take back an amount), with a note. Subclasses add whom it was paid to and
    who recorded it."""

    amount = models.BigIntegerField(
        _("amount (Rupiah)"),
        help_text=_("Whole Rupiah. A negative amount corrects an earlier payout."),
    )
    paid_on = models.DateField(_("paid on"))
    reference = models.CharField(
        _("reference"), max_length=60, help_text=_("Bank transfer reference, receipt number, …")
    )
    note = models.TextField(
        _("note"), blank=True, help_text=_("Required for a correction (a negative amount).")
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["-paid_on", "-pk"]
        default_permissions = ("view",)
        constraints = [
            models.CheckConstraint(condition=~Q(amount=0), name="%(app_label)s_payout_not_zero"),
            models.CheckConstraint(
                condition=Q(amount__gt=0) | ~Q(note=""),
                name="%(app_label)s_payout_correction_has_note",
            ),
        ]

    def clean(self):
        if problems := payout_problems(amount=self.amount, note=self.note, paid_on=self.paid_on):
            raise ValidationError(problems)
