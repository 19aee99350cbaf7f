"""Permits a vendor holds (NIB, P-IRT, halal certificate), each with the date it was obtained.

The profile keeps the current numbers (``Vendor.nib``, ``pirt_number``, ``halal_number``); these
rows are the dated record district staff keep of them, so the growth report can say when a
business "naik kelas" by getting its permits.
"""

from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class VendorPermit(models.Model):
    class Kind(models.TextChoices):
        NIB = "nib", _("NIB")
        PIRT = "pirt", _("P-IRT")
        HALAL = "halal", _("Halal certificate")
        OTHER = "other", _("Other permit")

    vendor = models.ForeignKey(
        "vendors.Vendor",
        on_delete=models.CASCADE,
        related_name="permits",
        verbose_name=_("vendor"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    number = models.CharField(_("number"), max_length=60)
    obtained_on = models.DateField(_("obtained on"))
    valid_until = models.DateField(
        _("valid until"), null=True, blank=True, help_text=_("Leave empty if it does not expire.")
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
        editable=False,
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["obtained_on", "pk"]
        verbose_name = _("permit")
        verbose_name_plural = _("permits")
        indexes = [models.Index(fields=["obtained_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("obtained_on")),
                name="vendors_permit_valid_after_obtained",
                violation_error_message=_("A permit cannot expire before it was obtained."),
            ),
            models.CheckConstraint(condition=~Q(number=""), name="vendors_permit_has_number"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}"


def permit_record(*, vendor, kind, number, obtained_on, by, valid_until=None, note=""):
    """Record a permit the vendor obtained; who recorded it is kept with it."""
    with transaction.atomic():
        permit = VendorPermit(
            vendor=vendor,
            kind=kind,
            number=number.strip(),
            obtained_on=obtained_on,
            valid_until=valid_until,
            note=note,
            recorded_by=by,
        )
        permit.full_clean()
        permit.save()
    return permit
