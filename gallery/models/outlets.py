"""Outlets: where they are, when they open, what they look like."""

from urllib.parse import quote, urlencode

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Prefetch, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.formats import format_time
from core.models import ImageAsset

from .. import hours

WHATSAPP_PATTERN = r"^\+62[1-9][0-9]{7,12}$"


class OutletQuerySet(models.QuerySet):
    def active(self):
        """Outlets that are open for business: they hold stock and hand over orders."""
        return self.filter(is_active=True, is_planned=False)

    def listed(self):
        """What the public outlets page shows: open outlets, then the planned ones."""
        return self.filter(is_active=True)

    def with_schedule(self, today=None):
        """Prefetch what ``Outlet.status_at`` reads: weekly hours and closures from today on."""
        today = today or timezone.localdate(timezone.now(), hours.JAKARTA)
        return self.prefetch_related(
            "opening_hours",
            Prefetch("closures", queryset=OutletClosure.objects.filter(date__gte=today)),
        )

    def open_at(self, moment):
        """Outlets open at this aware moment (Jakarta time), in one query."""
        now = hours.local(moment)
        return (
            self.active()
            .filter(
                opening_hours__weekday=now.weekday(),
                opening_hours__opens__lte=now.time(),
                opening_hours__closes__gt=now.time(),
            )
            .exclude(closures__date=now.date())
        )

    def stocking(self, product):
        """Active outlets where the product can be bought, with ``available_quantity``."""
        from .stock import StockLevel

        levels = StockLevel.objects.filter(outlet=OuterRef("pk"), product=product)
        return (
            self.active()
            .filter(Exists(levels.in_stock()))
            .annotate(
                available_quantity=Subquery(
                    levels.with_available().values("available_quantity")[:1],
                    output_field=models.IntegerField(),
                )
            )
        )


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
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=_("For example -6.545123 (south of the equator is negative)."),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        help_text=_("For example 107.447123."),
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    whatsapp = models.CharField(
        _("WhatsApp number"),
        max_length=16,
        blank=True,
        validators=[
            RegexValidator(
                WHATSAPP_PATTERN,
                _("Write the number in international form, for example +6281234567890."),
            )
        ],
        help_text=_("International form, for example +6281234567890."),
    )
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(
        _("description in English"),
        blank=True,
        help_text=_("Shown on the English pages; left empty, they show the Indonesian one."),
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Unticked, the outlet disappears from the site.")
    )
    is_planned = models.BooleanField(
        _("planned"),
        default=False,
        help_text=_("Announced but not open yet: no stock, no pickups."),
    )
    qris_image = models.ImageField(
        _("QRIS code"),
        upload_to="outlets/qris/",
        blank=True,
        help_text=_("The outlet's QRIS sticker as a picture: the counter shows it to buyers."),
    )
    transfer_details = models.TextField(
        _("bank transfer details"),
        blank=True,
        help_text=_(
            "Bank, account number and account holder, shown to buyers who pay by transfer."
        ),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    low_stock_threshold = models.PositiveSmallIntegerField(
        _("low stock threshold"),
        default=3,
        help_text=_("A product with this many or fewer units available here is low on stock."),
    )

    objects = OutletQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("outlet")
        verbose_name_plural = _("outlets")
        permissions = [("print_shelf_labels", _("Can print shelf labels"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="gallery_outlet_coordinates_both_or_none",
                violation_error_message=_("Give both the latitude and the longitude, or neither."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("gallery:outlet-detail", kwargs={"slug": self.slug})

    def clean(self):
        """A planned outlet holds no goods; a closed one keeps no goods reserved for pickup."""
        if not self.pk:
            return
        from .stock import StockLevel

        levels = StockLevel.objects.filter(outlet_id=self.pk)
        if self.is_planned and levels.filter(on_hand__gt=0).exists():
            raise ValidationError(
                {
                    "is_planned": _(
                        "Goods are on this outlet's shelves: return them to their vendors "
                        "before marking it as planned."
                    )
                }
            )
        if not self.is_active and levels.filter(reserved__gt=0).exists():
            raise ValidationError(
                {
                    "is_active": _(
                        "Orders wait for pickup here: hand them over or cancel them before "
                        "closing this outlet."
                    )
                }
            )

    @property
    def takes_stock(self):
        return self.is_active and not self.is_planned

    @property
    def maps_url(self):
        """Opens the place in the phone's maps app; nothing is loaded from elsewhere until tapped."""
        if self.latitude is not None and self.longitude is not None:
            query = f"{self.latitude},{self.longitude}"
        else:
            query = f"{self.name}, {self.address}, Purwakarta"
        return "https://www.google.com/maps/search/?" + urlencode({"api": 1, "query": query})

    @property
    def geo_uri(self):
        if self.latitude is None or self.longitude is None:
            return ""
        return f"geo:{self.latitude},{self.longitude}?q={self.latitude},{self.longitude}({quote(self.name)})"

    @property
    def whatsapp_url(self):
        if not self.whatsapp:
            return ""
        return f"https://wa.me/{self.whatsapp.removeprefix('+')}"

    def status_at(self, moment):
        """Open or closed at this aware moment, today's hours and the next opening.

        Reads ``opening_hours`` and ``closures``; prefetch them with
        ``Outlet.objects.with_schedule()`` when listing outlets.
        """
        if not self.takes_stock:
            return hours.OutletStatus(
                moment=hours.local(moment),
                is_open=False,
                today=(),
                closure_reason="",
                closes_at=None,
                next_opening=None,
            )
        return hours.status_at(
            moment, opening_hours=self.opening_hours.all(), closures=self.closures.all()
        )

    def week(self):
        return hours.week(self.opening_hours.all(), dict(OpeningHours.Weekday.choices))


def with_status(outlets, now):
    """The outlets, each with ``status``: open or closed at ``now`` (prefetch their schedule)."""
    for outlet in outlets:
        outlet.status = outlet.status_at(now)
    return outlets


class OutletPhoto(ImageAsset):
    outlet = models.ForeignKey(
        Outlet, on_delete=models.CASCADE, related_name="photos", verbose_name=_("outlet")
    )
    alt = models.CharField(_("description of the picture"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("outlet photo")
        verbose_name_plural = _("outlet photos")

    def __str__(self):
        return self.alt

    @property
    def display_url(self):
        return self.rendition_url(640, "jpeg")

    @property
    def srcset_jpeg(self):
        return self.srcset("jpeg")


class OpeningHours(models.Model):
    """Regular weekly hours. A weekday without a row is a closed day; a weekday with two rows has
    a break between them (Friday prayers). The admin refuses rows of one weekday that overlap."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    outlet = models.ForeignKey(
        Outlet, on_delete=models.CASCADE, related_name="opening_hours", verbose_name=_("outlet")
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        ordering = ["weekday", "opens"]
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        constraints = [
            models.UniqueConstraint(
                fields=["outlet", "weekday", "opens"],
                name="gallery_one_span_per_opening",
                violation_error_message=_("This weekday already has hours from this time."),
            ),
            models.CheckConstraint(
                condition=Q(closes__gt=F("opens")),
                name="gallery_hours_close_after_open",
                violation_error_message=_("The closing time must be after the opening time."),
            ),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {format_time(self.opens)}–{format_time(self.closes)}"


class OutletClosure(models.Model):
    """A dated closure: a public holiday, stock-taking, renovation."""

    outlet = models.ForeignKey(
        Outlet, on_delete=models.CASCADE, related_name="closures", verbose_name=_("outlet")
    )
    date = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=120, help_text=_("Shown to visitors."))

    class Meta:
        ordering = ["date"]
        verbose_name = _("closure")
        verbose_name_plural = _("closures")
        constraints = [
            models.UniqueConstraint(
                fields=["outlet", "date"],
                name="gallery_one_closure_per_day",
                violation_error_message=_("This day is already marked as closed."),
            ),
        ]

    def __str__(self):
        return f"{self.date}: {self.reason}"
