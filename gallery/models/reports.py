from django.db import models
from django.utils.translation import gettext_lazy as _

from core.formats import format_date


class ExpiryReport(models.Model):
    """A day the nightly expiry report went to the staff by email: the row makes a second run
    on the same day send nothing."""

    day = models.DateField(_("day"), unique=True)
    batches = models.PositiveIntegerField(_("batches reported"), default=0)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        ordering = ["-day"]
        verbose_name = _("expiry report")
        verbose_name_plural = _("expiry reports")

    def __str__(self):
        return format_date(self.day)
