from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import ImageAsset


class OutletQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True, is_planned=False)


class Outlet(models.Model):
    """A Galeri Menong shop where goods are kept on consignment and orders are picked up."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    address = models.CharField(_("address"), max_length=255)
    kecamatan = models.ForeignKey(
        "core.Kecamatan",
        on_delete=models.PROTECT,
        related_name="outlets",
        verbose_name=_("kecamatan"),
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    whatsapp = models.CharField(_("WhatsApp number"), max_length=16, blank=True)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_planned = models.BooleanField(
        _("planned"),
        default=False,
        help_text=_("Announced but not open yet: no stock, no pickups."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = OutletQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("outlet")
        verbose_name_plural = _("outlets")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("gallery:outlet-detail", kwargs={"slug": self.slug})


class OutletPhoto(ImageAsset):
    outlet = models.ForeignKey(Outlet, on_delete=models.CASCADE, related_name="photos")
    alt = models.CharField(_("description of the picture"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("outlet photo")
        verbose_name_plural = _("outlet photos")

    def __str__(self):
        return self.alt


class OpeningHours(models.Model):
    """Regular weekly hours. A weekday without a row is a closed day."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    outlet = models.ForeignKey(Outlet, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        ordering = ["weekday", "opens"]
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        constraints = [
            models.UniqueConstraint(
                fields=["outlet", "weekday"], name="gallery_one_span_per_weekday"
            ),
            models.CheckConstraint(
                condition=Q(closes__gt=F("opens")), name="gallery_hours_close_after_open"
            ),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class OutletClosure(models.Model):
    """A dated closure: a public holiday, stock-taking, renovation."""

    outlet = models.ForeignKey(Outlet, on_delete=models.CASCADE, related_name="closures")
    date = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=120)

    class Meta:
        ordering = ["date"]
        verbose_name = _("closure")
        verbose_name_plural = _("closures")
        constraints = [
            models.UniqueConstraint(fields=["outlet", "date"], name="gallery_one_closure_per_day"),
        ]

    def __str__(self):
        return f"{self.date}: {self.reason}"


class StockLevel(models.Model):
    """The running figures for one product at one outlet: the sums of its ledger rows.

    Only ``gallery.services`` writes here, under a row lock, together with the ledger row.
    """

    outlet = models.ForeignKey(Outlet, on_delete=models.PROTECT, related_name="stock_levels")
    product = models.ForeignKey(
        "products.Product", on_delete=models.PROTECT, related_name="stock_levels"
    )
    on_hand = models.IntegerField(_("on hand"), default=0)
    reserved = models.IntegerField(_("reserved"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("stock level")
        verbose_name_plural = _("stock levels")
        constraints = [
            models.UniqueConstraint(
                fields=["outlet", "product"], name="gallery_one_level_per_outlet_product"
            ),
            models.CheckConstraint(
                condition=Q(on_hand__gte=0), name="gallery_on_hand_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(reserved__gte=0), name="gallery_reserved_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(reserved__lte=F("on_hand")), name="gallery_reserved_within_on_hand"
            ),
        ]

    def __str__(self):
        return f"{self.product} @ {self.outlet}: {self.on_hand} ({self.reserved})"

    @property
    def available(self):
        return self.on_hand - self.reserved


class StockMovement(models.Model):
    """One row of the consignment ledger. Rows are never changed or deleted."""

    class Kind(models.TextChoices):
        INTAKE = "intake", _("Intake from vendor")
        RESERVATION = "reservation", _("Reserved for an order")
        RELEASE = "release", _("Reservation released")
        SALE = "sale", _("Sale")
        RETURN = "return", _("Returned to vendor")
        ADJUSTMENT = "adjustment", _("Adjustment")
        LOSS = "loss", _("Loss or damage")

    outlet = models.ForeignKey(Outlet, on_delete=models.PROTECT, related_name="movements")
    product = models.ForeignKey(
        "products.Product", on_delete=models.PROTECT, related_name="movements"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind)
    on_hand_change = models.IntegerField(_("change on hand"))
    reserved_change = models.IntegerField(_("change reserved"))
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    reference = models.CharField(
        _("reference"), max_length=40, blank=True, help_text=_("Order number or delivery note")
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("stock movement")
        verbose_name_plural = _("stock movements")
        indexes = [models.Index(fields=["outlet", "product", "at"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.product} @ {self.outlet}"
