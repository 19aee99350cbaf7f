"""Batches of food: what a pack says (batch code, production and expiry dates) and how many of
them one outlet holds. The outlet's ``StockLevel`` of a food product is the sum of its batches.

A batch stops being available at midnight, Jakarta time, at the start of its expiry date (the
pack's "best before" day): from then on it is never reserved, sold or shown as available, and
nobody has to run anything for that to hold, because every read compares with today's date.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.formats import format_date

from ..hours import JAKARTA


def today_in_jakarta() -> datetime.date:
    return timezone.localdate(timezone.now(), JAKARTA)


class BatchQuerySet(models.QuerySet):
    def at(self, outlet):
        return self.filter(outlet=outlet)

    def live(self, today=None):
        """Batches that may still be sold: they expire after today."""
        return self.filter(expires_on__gt=today or today_in_jakarta())

    def expired(self, today=None):
        return self.filter(expires_on__lte=today or today_in_jakarta())

    def with_units(self):
        return self.filter(on_hand__gt=0)

    def free(self):
        """Batches with units not reserved for an online order."""
        return self.filter(on_hand__gt=F("reserved"))

    def near_expiry(self, today=None, days=None):
        """Live batches on the shelf expiring within ``days`` (``NEAR_EXPIRY_DAYS``), soonest first."""
        today = today or today_in_jakarta()
        days = settings.NEAR_EXPIRY_DAYS if days is None else days
        return (
            self.with_units()
            .live(today)
            .filter(expires_on__lte=today + datetime.timedelta(days=days))
            .order_by("expires_on", "outlet__position", "pk")
        )

    def first_expiry_first(self):
        return self.order_by("expires_on", "pk")


class Batch(models.Model):
    outlet = models.ForeignKey(
        "gallery.Outlet", on_delete=models.PROTECT, related_name="batches", verbose_name=_("outlet")
    )
    product = models.ForeignKey(
        "products.Product",
        on_delete=models.PROTECT,
        related_name="batches",
        verbose_name=_("product"),
    )
    code = models.CharField(_("batch code"), max_length=40, help_text=_("As printed on the pack."))
    produced_on = models.DateField(_("production date"), null=True, blank=True)
    expires_on = models.DateField(_("expiry date"), db_index=True)
    on_hand = models.IntegerField(_("on hand"), default=0)
    reserved = models.IntegerField(_("reserved"), default=0)
    received_at = models.DateTimeField(_("first received at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = BatchQuerySet.as_manager()

    class Meta:
        ordering = ["expires_on", "pk"]
        verbose_name = _("batch")
        verbose_name_plural = _("batches")
        indexes = [models.Index(fields=["outlet", "product", "expires_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["outlet", "product", "code", "expires_on"],
                name="gallery_one_batch_per_code_and_expiry",
            ),
            models.CheckConstraint(
                condition=Q(on_hand__gte=0), name="gallery_batch_on_hand_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(reserved__gte=0), name="gallery_batch_reserved_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(reserved__lte=F("on_hand")), name="gallery_batch_reserved_within"
            ),
            models.CheckConstraint(
                condition=Q(produced_on__isnull=True) | Q(produced_on__lt=F("expires_on")),
                name="gallery_batch_produced_before_expiry",
            ),
        ]

    def __str__(self):
        return f"{self.code} ({format_date(self.expires_on)})"

    @property
    def available(self):
        return self.on_hand - self.reserved

    def is_expired(self, today=None):
        return self.expires_on <= (today or today_in_jakarta())
