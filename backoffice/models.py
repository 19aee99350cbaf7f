from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.formats import format_month

from .months import current_month
from .payouts import PayoutRecord


class Report(models.Model):
    """Not a table: the holder of the back office's own permissions and admin pages.

    ``view_figures`` lets a staff member see the dashboard's figures and charts (aggregates only,
    no personal data). The admin pages of this model list the CSV exports.
    """

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("view_figures", _("Can see the dashboard's figures and charts"))]
        verbose_name = _("report")
        verbose_name_plural = _("reports and exports")

    def __str__(self):
        return str(self._meta.verbose_name)


class CommissionRate(models.Model):
    """The gallery's commission on a vendor's takings, from a month on.

    A row with no vendor is the default rate. Rates are never changed once their month has begun:
    a new rate is a new row from a later month, so a past statement always reads the same.
    """

    vendor = models.ForeignKey(
        "vendors.Vendor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commission_rates",
        verbose_name=_("vendor"),
        help_text=_("Leave empty for the default rate that applies to every other vendor."),
    )
    percent = models.DecimalField(
        _("commission (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("For example 20 or 17.5: the share of the takings the gallery keeps."),
    )
    effective_from = models.DateField(
        _("in force from (month)"),
        help_text=_("The first day of the first month the rate applies to."),
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("set by"),
        editable=False,
    )
    created_at = models.DateTimeField(_("set at"), auto_now_add=True)

    class Meta:
        ordering = ["vendor__business_name", "-effective_from"]
        verbose_name = _("commission rate")
        verbose_name_plural = _("commission rates")
        constraints = [
            models.UniqueConstraint(
                fields=["vendor", "effective_from"],
                nulls_distinct=False,
                name="backoffice_one_rate_per_vendor_and_month",
                violation_error_message=_("There is already a rate from this month."),
            ),
            models.CheckConstraint(
                condition=Q(effective_from__day=1),
                name="backoffice_rate_from_first_of_month",
                violation_error_message=_("A rate starts on the first day of a month."),
            ),
            models.CheckConstraint(
                condition=Q(percent__gte=0, percent__lte=100),
                name="backoffice_rate_percent_range",
            ),
        ]

    def __str__(self):
        who = self.vendor or _("Default")
        return f"{who}: {self.percent}% ({format_month(self.effective_from)})"

    @property
    def is_locked(self):
        """A rate whose month has begun is part of a statement already."""
        return self.effective_from < current_month() if self.pk else False

    def clean(self):
        if self.effective_from is None:
            return
        if self.effective_from.day != 1:
            self.effective_from = self.effective_from.replace(day=1)
        if self.effective_from < current_month():
            raise ValidationError(
                {
                    "effective_from": _(
                        "A rate cannot start in a month that is over: past statements never "
                        "change. Choose this month or a later one."
                    )
                }
            )


class Payout(PayoutRecord):
    """Money the gallery paid a vendor for its sales. Never changed nor deleted: a mistake is
    corrected by another payout (negative to take back an amount), with a note."""

    vendor = models.ForeignKey(
        "vendors.Vendor",
        on_delete=models.PROTECT,
        related_name="payouts",
        verbose_name=_("vendor"),
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
        editable=False,
    )

    class Meta(PayoutRecord.Meta):
        verbose_name = _("payout")
        verbose_name_plural = _("payouts")
        permissions = [("record_payout", _("Can record payouts to vendors"))]
        indexes = [models.Index(fields=["vendor", "paid_on"])]

    def __str__(self):
        return f"{self.vendor}: {self.amount} ({self.paid_on})"
