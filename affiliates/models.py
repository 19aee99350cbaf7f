"""Affiliates: shoppers who share links to the gallery and earn a share of the gallery's
commission on the orders those links bring, once the orders are collected.

The affiliate's commission is the gallery's cost: it never touches what a vendor is owed.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from backoffice.payouts import PayoutRecord
from core.models import ChangeRecord

# Codes are read aloud and typed from a phone: no look-alikes (0/O, 1/I/L).
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 7
CODE_PATTERN = r"^[2-9A-HJKMNP-Z]{6,8}$"


class AffiliateQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Affiliate.Status.APPROVED)


class Affiliate(models.Model):
    """A shopper's account signed up to share links; staff review it before it earns anything."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        SUSPENDED = "suspended", _("Suspended")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="affiliate",
        verbose_name=_("account"),
    )
    whatsapp = models.CharField(_("WhatsApp number"), max_length=16, help_text=_("Stored as +628…"))
    bank_name = models.CharField(_("bank"), max_length=60)
    account_number = models.CharField(_("account number"), max_length=30)
    account_holder = models.CharField(_("account holder"), max_length=120)
    consented_at = models.DateTimeField(_("terms accepted at"))
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PENDING)
    status_reason = models.TextField(_("reason"), blank=True)
    code = models.CharField(_("code"), max_length=8, unique=True, null=True, blank=True)
    applied_at = models.DateTimeField(_("applied at"))
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    objects = AffiliateQuerySet.as_manager()

    class Meta:
        ordering = ["-applied_at", "-pk"]
        verbose_name = _("affiliate")
        verbose_name_plural = _("affiliates")
        default_permissions = ("view",)
        permissions = [("review_affiliate", _("Can approve, reject and suspend affiliates"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__isnull=True) | Q(code__regex=CODE_PATTERN),
                name="affiliates_code_format",
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(code__isnull=False),
                name="affiliates_approved_has_code",
            ),
        ]

    def __str__(self):
        return (
            f"{self.user.full_name or self.user.email} ({self.code or self.get_status_display()})"
        )

    @property
    def is_approved(self):
        return self.status == self.Status.APPROVED


class AffiliateStatusChange(ChangeRecord):
    """One step of an affiliate's review: who moved it, when, from what to what, and why."""

    affiliate = models.ForeignKey(
        Affiliate,
        on_delete=models.CASCADE,
        related_name="status_changes",
        verbose_name=_("affiliate"),
    )
    from_status = models.CharField(_("from"), max_length=10, choices=Affiliate.Status, blank=True)
    to_status = models.CharField(_("to"), max_length=10, choices=Affiliate.Status)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        constraints = [
            models.CheckConstraint(
                condition=~Q(to_status__in=["rejected", "suspended"]) | ~Q(reason=""),
                name="affiliates_statuschange_reason_when_rejected_or_suspended",
            ),
        ]

    def __str__(self):
        return f"{self.from_status or '—'} → {self.to_status}"


class AffiliateClick(models.Model):
    """A visit through a share link. The address is kept only as a salted hash of the day."""

    affiliate = models.ForeignKey(
        Affiliate, on_delete=models.CASCADE, related_name="clicks", verbose_name=_("affiliate")
    )
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    address_hash = models.CharField(max_length=64, editable=False)
    counted = models.BooleanField(
        _("counted"), help_text=_("Not counted: too many clicks from one address that day.")
    )
    target = models.CharField(_("page"), max_length=500)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("click")
        verbose_name_plural = _("clicks")
        default_permissions = ("view",)
        indexes = [models.Index(fields=["address_hash", "at"])]

    def __str__(self):
        return f"{self.affiliate.code} {self.at:%Y-%m-%d %H:%M}"


class AffiliateReferral(models.Model):
    """An order placed within the window after its shopper followed an affiliate's link."""

    order = models.OneToOneField(
        "orders.Order",
        on_delete=models.PROTECT,
        related_name="affiliate_referral",
        verbose_name=_("order"),
    )
    affiliate = models.ForeignKey(
        Affiliate, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("affiliate")
    )
    click = models.ForeignKey(
        AffiliateClick,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("click"),
    )
    clicked_at = models.DateTimeField(_("link followed at"))
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("referred order")
        verbose_name_plural = _("referred orders")
        default_permissions = ("view",)

    def __str__(self):
        return f"{self.order} ← {self.affiliate.code}"


class AffiliateEarning(models.Model):
    """The affiliate's commission on one collected order, paid from the gallery's commission.

    ``base`` is the total of the lines that earn (the affiliate's own business's goods do not);
    ``rate`` is the effective percent over those lines (category rates may differ). A return
    reverses the earning; the row stays, so the month it was earned never changes.
    """

    class Status(models.TextChoices):
        EARNED = "earned", _("Earned")
        REVERSED = "reversed", _("Reversed")

    order = models.OneToOneField(
        "orders.Order",
        on_delete=models.PROTECT,
        related_name="affiliate_earning",
        verbose_name=_("order"),
    )
    affiliate = models.ForeignKey(
        Affiliate, on_delete=models.PROTECT, related_name="earnings", verbose_name=_("affiliate")
    )
    base = models.PositiveBigIntegerField(_("eligible lines (Rupiah)"))
    rate = models.DecimalField(_("rate (%)"), max_digits=5, decimal_places=2)
    amount = models.PositiveBigIntegerField(_("commission (Rupiah)"))
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.EARNED)
    created_at = models.DateTimeField(_("earned at"), auto_now_add=True, db_index=True)
    reversed_at = models.DateTimeField(_("reversed at"), null=True, blank=True)
    reversed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reversed by"),
    )
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("affiliate earning")
        verbose_name_plural = _("affiliate earnings")
        default_permissions = ("view",)
        permissions = [
            ("reverse_affiliateearning", _("Can reverse an affiliate's earning (goods returned)"))
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="affiliates_earning_positive"),
            models.CheckConstraint(
                condition=Q(status="earned", reversed_at__isnull=True)
                | (Q(status="reversed", reversed_at__isnull=False) & ~Q(reason="")),
                name="affiliates_earning_reversed_with_reason",
            ),
        ]

    def __str__(self):
        return f"{self.order}: {self.amount}"


class AffiliatePayout(PayoutRecord):
    """Money the gallery paid an affiliate. Never changed nor deleted: a mistake is corrected by
    another payout (negative to take back an amount), with a note."""

    affiliate = models.ForeignKey(
        Affiliate, on_delete=models.PROTECT, related_name="payouts", verbose_name=_("affiliate")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
        editable=False,
    )

    class Meta(PayoutRecord.Meta):
        verbose_name = _("affiliate payout")
        verbose_name_plural = _("affiliate payouts")
        permissions = [("record_affiliatepayout", _("Can record payouts to affiliates"))]

    def __str__(self):
        return f"{self.affiliate}: {self.amount} ({self.paid_on})"


class AffiliateCategoryRate(models.Model):
    """A commission percent for one category (and its subcategories without their own), instead
    of ``AFFILIATE_COMMISSION_PERCENT``. It applies to orders collected after it is set."""

    category = models.OneToOneField(
        "products.Category",
        on_delete=models.CASCADE,
        related_name="affiliate_rate",
        verbose_name=_("category"),
    )
    percent = models.DecimalField(
        _("commission (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    class Meta:
        ordering = ["category__name_id"]
        verbose_name = _("affiliate rate for a category")
        verbose_name_plural = _("affiliate rates for categories")
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__gte=0, percent__lte=100),
                name="affiliates_category_rate_range",
            ),
        ]

    def __str__(self):
        return f"{self.category}: {self.percent}%"
