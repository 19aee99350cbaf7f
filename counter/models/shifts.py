"""A shift: one cash drawer at one outlet, from the float counted in to the cash counted out."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.formats import format_datetime


class ShiftQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=Shift.Status.OPEN)

    def at(self, outlet):
        return self.filter(outlet=outlet)

    def awaiting_approval(self):
        return self.filter(status=Shift.Status.AWAITING_APPROVAL)


class Shift(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        AWAITING_APPROVAL = "awaiting", _("Closed, difference awaiting approval")
        CLOSED = "closed", _("Closed")

    outlet = models.ForeignKey(
        "gallery.Outlet", on_delete=models.PROTECT, related_name="shifts", verbose_name=_("outlet")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.OPEN)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("opened by"),
    )
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True, db_index=True)
    opening_float = models.PositiveBigIntegerField(_("cash float (Rupiah)"))
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # Frozen when the shift closes, so the report reads as it was signed off.
    expected_cash = models.BigIntegerField(_("expected cash (Rupiah)"), null=True, blank=True)
    counted_cash = models.PositiveBigIntegerField(_("counted cash (Rupiah)"), null=True, blank=True)
    difference_reason = models.TextField(_("reason for the difference"), blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("difference approved by"),
    )
    approved_at = models.DateTimeField(_("difference approved at"), null=True, blank=True)
    approval_note = models.TextField(_("approval note"), blank=True)

    objects = ShiftQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_at", "-pk"]
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        permissions = [
            ("approve_cash_difference", _("Can approve a shift's cash difference above the limit")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["outlet"],
                condition=Q(status="open"),
                name="counter_one_open_shift_per_outlet",
                violation_error_message=_("A shift is already open at this outlet."),
            ),
            models.CheckConstraint(
                condition=Q(status="open", closed_at__isnull=True, counted_cash__isnull=True)
                | (
                    ~Q(status="open")
                    & Q(
                        closed_at__isnull=False,
                        counted_cash__isnull=False,
                        expected_cash__isnull=False,
                        closed_by__isnull=False,
                    )
                ),
                name="counter_shift_closed_with_count",
            ),
            models.CheckConstraint(
                condition=Q(status="open")
                | Q(counted_cash=models.F("expected_cash"))
                | ~Q(difference_reason=""),
                name="counter_shift_difference_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.outlet} · {format_datetime(self.opened_at)}"

    def get_absolute_url(self):
        return reverse("counter:shift-detail", kwargs={"outlet": self.outlet.slug, "pk": self.pk})

    @property
    def is_open(self):
        return self.status == self.Status.OPEN

    @property
    def difference(self):
        if self.counted_cash is None or self.expected_cash is None:
            return None
        return self.counted_cash - self.expected_cash
