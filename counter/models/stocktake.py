"""Stock-take (stock opname): a count sheet of an outlet's shelf, counted on a phone and applied
to the ledger as adjustments by a supervisor."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

STOCK_OPNAME_REASON = "stock opname"


class StockCount(models.Model):
    class Status(models.TextChoices):
        COUNTING = "counting", _("Counting")
        APPLIED = "applied", _("Applied")
        CANCELLED = "cancelled", _("Cancelled")

    outlet = models.ForeignKey(
        "gallery.Outlet",
        on_delete=models.PROTECT,
        related_name="stock_counts",
        verbose_name=_("outlet"),
    )
    vendor = models.ForeignKey(
        "vendors.Vendor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("only this vendor"),
    )
    category = models.ForeignKey(
        "products.Category",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("only this category"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.COUNTING)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("applied or cancelled by"),
    )
    finished_at = models.DateTimeField(_("applied or cancelled at"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("stock count")
        verbose_name_plural = _("stock counts")
        permissions = [
            ("count_stock", _("Can count an outlet's shelf (stock opname)")),
            ("apply_stock_count", _("Can apply a stock count to the ledger")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="counting", finished_at__isnull=True)
                | (~Q(status="counting") & Q(finished_at__isnull=False, finished_by__isnull=False)),
                name="counter_stock_count_finished_recorded",
            ),
        ]

    def __str__(self):
        return f"{self.reference} · {self.outlet}"

    def get_absolute_url(self):
        return reverse(
            "counter:stockcount-detail", kwargs={"outlet": self.outlet.slug, "pk": self.pk}
        )

    @property
    def reference(self):
        return f"SO-{self.pk}"


class StockCountLine(models.Model):
    count = models.ForeignKey(
        StockCount, on_delete=models.CASCADE, related_name="lines", verbose_name=_("stock count")
    )
    product = models.ForeignKey(
        "products.Product", on_delete=models.PROTECT, related_name="+", verbose_name=_("product")
    )
    on_hand_at_start = models.IntegerField(_("on hand when the sheet was made"))
    counted = models.PositiveIntegerField(_("counted"), null=True, blank=True)
    counted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("counted by"),
    )
    counted_at = models.DateTimeField(_("counted at"), null=True, blank=True)
    # What the ledger was moved by when the count was applied (counted − on hand then).
    applied_change = models.IntegerField(_("applied change"), null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("counted product")
        verbose_name_plural = _("counted products")
        constraints = [
            models.UniqueConstraint(fields=["count", "product"], name="counter_count_line_once"),
        ]

    def __str__(self):
        return f"{self.product}: {self.counted}"
