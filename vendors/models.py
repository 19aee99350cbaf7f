from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import ChangeRecord, ImageAsset

WHATSAPP_PATTERN = r"^\+628[1-9][0-9]{7,10}$"
FOUNDED_YEAR_MIN = 1900


class VendorQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Vendor.Status.APPROVED)

    def awaiting_review(self):
        return self.filter(status=Vendor.Status.SUBMITTED).order_by("submitted_at")

    def with_logo(self):
        """Attach each vendor's logo (or None) as ``vendor.logo`` in one extra query."""
        return self.prefetch_related(
            models.Prefetch(
                "images",
                queryset=VendorImage.objects.filter(kind=VendorImage.Kind.LOGO),
                to_attr="prefetched_logos",
            )
        )


class Vendor(models.Model):
    """An UMKM: a business that makes goods and sells them through the gallery."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Waiting for review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        SUSPENDED = "suspended", _("Suspended")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="vendor",
        verbose_name=_("account"),
    )
    business_name = models.CharField(_("business name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    owner_name = models.CharField(_("owner's name"), max_length=120)
    whatsapp = models.CharField(_("WhatsApp number"), max_length=16, help_text=_("Stored as +628…"))
    show_whatsapp = models.BooleanField(_("show my WhatsApp number publicly"), default=False)
    kecamatan = models.ForeignKey(
        "core.Kecamatan",
        on_delete=models.PROTECT,
        related_name="vendors",
        verbose_name=_("kecamatan"),
    )
    desa = models.CharField(_("desa / kelurahan"), max_length=80)
    address = models.CharField(_("street address"), max_length=255)
    categories = models.ManyToManyField(
        "products.Category",
        blank=True,
        related_name="vendors",
        limit_choices_to={"parent__isnull": True},
        verbose_name=_("craft categories"),
    )
    story = models.TextField(_("the business's story"), blank=True)
    story_en = models.TextField(_("the business's story in English"), blank=True)
    founded_year = models.PositiveSmallIntegerField(_("year founded"), null=True, blank=True)
    nib = models.CharField(
        _("NIB"), max_length=13, blank=True, help_text=_("Nomor Induk Berusaha, 13 digits")
    )
    pirt_number = models.CharField(_("P-IRT number"), max_length=40, blank=True)
    halal_number = models.CharField(_("halal certificate number"), max_length=40, blank=True)
    needs_licensing_help = models.BooleanField(
        _("needs help with licensing (NIB, P-IRT, halal)"), default=False
    )
    language = models.CharField(
        _("language for emails"),
        max_length=5,
        choices=settings.LANGUAGES,
        default="id",
        help_text=_("The language of the emails we send you."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    status_reason = models.TextField(_("reason for the status"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = VendorQuerySet.as_manager()

    class Meta:
        ordering = ["business_name"]
        verbose_name = _("vendor")
        verbose_name_plural = _("vendors")
        indexes = [models.Index(fields=["status", "submitted_at"])]
        permissions = [
            ("review_vendor", _("Can approve, reject, suspend and reinstate vendors")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(nib="") | models.Q(nib__regex=r"^[0-9]{13}$"),
                name="vendors_vendor_nib_13_digits",
            ),
            models.CheckConstraint(
                condition=models.Q(whatsapp__regex=WHATSAPP_PATTERN),
                name="vendors_vendor_whatsapp_e164",
            ),
            models.CheckConstraint(
                condition=models.Q(founded_year__isnull=True)
                | models.Q(founded_year__gte=FOUNDED_YEAR_MIN),
                name="vendors_vendor_founded_year_plausible",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=["rejected", "suspended"])
                | ~models.Q(status_reason=""),
                name="vendors_vendor_reason_when_rejected_or_suspended",
            ),
        ]

    def __str__(self):
        return self.business_name

    def get_absolute_url(self):
        return reverse("vendors:vendor-detail", kwargs={"slug": self.slug})

    @property
    def is_approved(self):
        return self.status == self.Status.APPROVED

    @property
    def logo(self):
        if hasattr(self, "prefetched_logos"):
            return self.prefetched_logos[0] if self.prefetched_logos else None
        return self.images.filter(kind=VendorImage.Kind.LOGO).first()

    @property
    def whatsapp_digits(self):
        """The number as wa.me wants it: international, without the plus sign."""
        return self.whatsapp.removeprefix("+")


class VendorStatusChange(ChangeRecord):
    """One step of a vendor's review workflow: who moved it, when, from what to what, and why."""

    vendor = models.ForeignKey(
        Vendor, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("vendor")
    )
    from_status = models.CharField(_("from"), max_length=10, choices=Vendor.Status)
    to_status = models.CharField(_("to"), max_length=10, choices=Vendor.Status)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(to_status__in=["rejected", "suspended"]) | ~models.Q(reason=""),
                name="vendors_statuschange_reason_when_rejected_or_suspended",
            ),
        ]

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class VendorProfileChange(ChangeRecord):
    """An edit of a vendor's profile: which fields changed, from what to what, who did it and when.

    ``changes`` maps a field name to ``[old, new]`` as text. A change of the business name or the
    NIB is a key change: staff see it highlighted, since it may mean a different business.
    """

    KEY_FIELDS = ("business_name", "nib")

    vendor = models.ForeignKey(
        Vendor, on_delete=models.CASCADE, related_name="profile_changes", verbose_name=_("vendor")
    )
    changes = models.JSONField(_("changes"), default=dict)
    is_key_change = models.BooleanField(_("business name or NIB changed"), default=False)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("profile change")
        verbose_name_plural = _("profile changes")
        indexes = [models.Index(fields=["vendor", "is_key_change", "-at"])]

    def __str__(self):
        return f"{self.vendor}: {', '.join(self.changes)}"


class VendorImage(ImageAsset):
    """The vendor's logo (at most one) or one of up to six photos of the workshop and its goods."""

    MAX_PHOTOS = 6

    class Kind(models.TextChoices):
        LOGO = "logo", _("Logo")
        PHOTO = "photo", _("Photo")

    vendor = models.ForeignKey(
        Vendor, on_delete=models.CASCADE, related_name="images", verbose_name=_("vendor")
    )
    kind = models.CharField(_("kind"), max_length=5, choices=Kind, default=Kind.PHOTO)
    # Optional: without one, the business's name describes the picture.
    alt = models.CharField(_("description of the picture"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["kind", "position", "pk"]
        verbose_name = _("vendor picture")
        verbose_name_plural = _("vendor pictures")
        constraints = [
            models.UniqueConstraint(
                fields=["vendor"],
                condition=models.Q(kind="logo"),
                name="vendors_one_logo_per_vendor",
            ),
        ]

    def __str__(self):
        return self.alt_text

    @property
    def alt_text(self):
        """What the picture's ``alt`` attribute says: its description, else the business's name."""
        return self.alt or self.vendor.business_name


class VendorLink(models.Model):
    """The vendor's shop or page elsewhere: Tokopedia, Shopee, Instagram, …"""

    class Platform(models.TextChoices):
        TOKOPEDIA = "tokopedia", "Tokopedia"
        SHOPEE = "shopee", "Shopee"
        BUKALAPAK = "bukalapak", "Bukalapak"
        TIKTOK = "tiktok", "TikTok Shop"
        INSTAGRAM = "instagram", "Instagram"
        FACEBOOK = "facebook", "Facebook"
        WEBSITE = "website", _("Website")

    vendor = models.ForeignKey(
        Vendor, on_delete=models.CASCADE, related_name="links", verbose_name=_("vendor")
    )
    platform = models.CharField(_("platform"), max_length=12, choices=Platform)
    url = models.URLField(_("address (URL)"), max_length=300)

    class Meta:
        ordering = ["platform"]
        verbose_name = _("link to another store")
        verbose_name_plural = _("links to other stores")
        constraints = [
            models.UniqueConstraint(
                fields=["vendor", "platform"], name="vendors_one_link_per_platform"
            ),
        ]

    def __str__(self):
        return f"{self.get_platform_display()}: {self.url}"


from .permits import VendorPermit  # noqa: E402,F401
