"""Counter sales (receipts), their lines and payments, and the returns made against them.

Nothing here is ever deleted: a mistake is voided (the receipt stays, marked void, with who, when
and why) and goods that come back are a return against the receipt. Lines copy the product, maker,
category and price at the moment of sale, so a receipt reads the same years later.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# GM<outlet id>-YYMMDD-NNNN: the outlet, the Jakarta day the receipt was recorded, its place in
# that day's sequence (no gaps: a sale that fails takes no number).
RECEIPT_PATTERN = r"^GM[0-9]+-[0-9]{6}-[0-9]{4,}$"


class PaymentMethod(models.TextChoices):
    CASH = "cash", _("Cash")
    QRIS = "qris", "QRIS"
    TRANSFER = "transfer", _("Bank transfer")


class ReceiptSequence(models.Model):
    """The last receipt number given at an outlet on a day; locked while a sale takes the next."""

    outlet = models.ForeignKey("gallery.Outlet", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["outlet", "day"], name="counter_one_sequence_per_day")
        ]

    def __str__(self):
        return f"{self.outlet_id} {self.day}: {self.last}"


class SaleQuerySet(models.QuerySet):
    def completed(self):
        return self.filter(status=Sale.Status.COMPLETED)

    def at(self, outlet):
        return self.filter(outlet=outlet)

    def needing_attention(self):
        return self.filter(needs_attention=True, resolved_at__isnull=True)


class Sale(models.Model):
    """One receipt: a walk-in buyer's purchase at the counter."""

    class Status(models.TextChoices):
        COMPLETED = "completed", _("Completed")
        VOIDED = "voided", _("Voided")

    number = models.CharField(_("receipt number"), max_length=24, unique=True)
    outlet = models.ForeignKey(
        "gallery.Outlet", on_delete=models.PROTECT, related_name="sales", verbose_name=_("outlet")
    )
    shift = models.ForeignKey(
        "counter.Shift", on_delete=models.PROTECT, related_name="sales", verbose_name=_("shift")
    )
    day = models.DateField(_("day"))
    sequence = models.PositiveIntegerField(_("number of the day"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cashier"),
    )
    sold_at = models.DateTimeField(_("sold at"), db_index=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    subtotal = models.PositiveBigIntegerField(_("subtotal (Rupiah)"))
    discount_total = models.PositiveBigIntegerField(_("discounts (Rupiah)"), default=0)
    total = models.PositiveBigIntegerField(_("total (Rupiah)"))
    change_given = models.PositiveBigIntegerField(_("change (Rupiah)"), default=0)
    buyer_phone = models.CharField(_("buyer's WhatsApp number"), max_length=16, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.COMPLETED)
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("voided by"),
    )
    void_reason = models.TextField(_("reason for the void"), blank=True)
    idempotency_key = models.CharField(max_length=64, unique=True, editable=False)
    sent_offline = models.BooleanField(
        _("kept offline"),
        default=False,
        help_text=_("Taken while the counter had no connection and sent when it returned."),
    )
    needs_attention = models.BooleanField(_("needs attention"), default=False)
    attention_note = models.TextField(_("what needs attention"), blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )
    resolution_note = models.TextField(_("how it was resolved"), blank=True)

    objects = SaleQuerySet.as_manager()

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        verbose_name = _("counter sale")
        verbose_name_plural = _("counter sales")
        indexes = [models.Index(fields=["outlet", "sold_at"])]
        permissions = [
            ("sell_at_counter", _("Can sell at the counter of the outlets one is assigned to")),
            ("discount_line", _("Can give a line discount at the counter")),
            ("void_sale", _("Can void a receipt of the open shift")),
            ("take_return", _("Can take back goods against a receipt and refund them")),
            ("resolve_sale", _("Can resolve a counter sale flagged for attention")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["outlet", "day", "sequence"], name="counter_one_receipt_per_number"
            ),
            models.CheckConstraint(
                condition=Q(number__regex=RECEIPT_PATTERN), name="counter_receipt_number_format"
            ),
            models.CheckConstraint(
                condition=Q(total=F("subtotal") - F("discount_total")),
                name="counter_sale_total_is_subtotal_less_discounts",
            ),
            models.CheckConstraint(
                condition=Q(status="completed", voided_at__isnull=True)
                | (
                    Q(status="voided", voided_at__isnull=False, voided_by__isnull=False)
                    & ~Q(void_reason="")
                ),
                name="counter_sale_void_recorded",
            ),
        ]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse(
            "counter:receipt", kwargs={"outlet": self.outlet.slug, "number": self.number}
        )

    @property
    def is_voided(self):
        return self.status == self.Status.VOIDED


class SaleLineQuerySet(models.QuerySet):
    def completed(self):
        """Lines of receipts that stand (not voided): what counts as sold."""
        return self.filter(sale__status=Sale.Status.COMPLETED)

    def of_vendor(self, vendor):
        return self.filter(vendor=vendor)


class SaleLine(models.Model):
    sale = models.ForeignKey(
        Sale, on_delete=models.PROTECT, related_name="lines", verbose_name=_("counter sale")
    )
    product = models.ForeignKey(
        "products.Product",
        on_delete=models.PROTECT,
        related_name="counter_lines",
        verbose_name=_("product"),
    )
    vendor = models.ForeignKey(
        "vendors.Vendor",
        on_delete=models.PROTECT,
        related_name="counter_lines",
        verbose_name=_("vendor"),
    )
    category = models.ForeignKey(
        "products.Category",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("category"),
    )
    product_name = models.CharField(_("product"), max_length=120)
    vendor_name = models.CharField(_("maker"), max_length=120)
    category_name = models.CharField(_("category"), max_length=120)
    unit_price = models.PositiveIntegerField(_("unit price (Rupiah)"))
    quantity = models.PositiveIntegerField(_("quantity"))
    discount = models.PositiveBigIntegerField(_("discount (Rupiah)"), default=0)
    discount_reason = models.CharField(_("reason for the discount"), max_length=200, blank=True)
    line_total = models.PositiveBigIntegerField(_("line total (Rupiah)"))
    # Units the ledger could not take when an offline sale arrived (the stock had gone meanwhile);
    # staff resolve them.
    unposted_quantity = models.PositiveIntegerField(_("units not taken from stock"), default=0)

    objects = SaleLineQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("receipt line")
        verbose_name_plural = _("receipt lines")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="counter_line_quantity"),
            models.CheckConstraint(
                condition=Q(discount__lte=F("unit_price") * F("quantity")),
                name="counter_line_discount_within_price",
            ),
            models.CheckConstraint(
                condition=Q(line_total=F("unit_price") * F("quantity") - F("discount")),
                name="counter_line_total_is_price_less_discount",
            ),
            models.CheckConstraint(
                condition=Q(discount=0) | ~Q(discount_reason=""),
                name="counter_line_discount_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(unposted_quantity__lte=F("quantity")),
                name="counter_line_unposted_within_quantity",
            ),
            models.UniqueConstraint(
                fields=["sale", "product"], name="counter_one_line_per_product"
            ),
        ]

    def __str__(self):
        return f"{self.quantity} × {self.product_name}"


class SalePayment(models.Model):
    sale = models.ForeignKey(
        Sale, on_delete=models.PROTECT, related_name="payments", verbose_name=_("counter sale")
    )
    method = models.CharField(_("method"), max_length=10, choices=PaymentMethod)
    amount = models.PositiveBigIntegerField(_("amount (Rupiah)"))
    tendered = models.PositiveBigIntegerField(
        _("cash given (Rupiah)"), null=True, blank=True, help_text=_("Cash only.")
    )
    reference = models.CharField(_("reference"), max_length=80, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=1), name="counter_payment_positive"),
            models.CheckConstraint(
                condition=Q(method="cash", tendered__gte=F("amount"))
                | (~Q(method="cash") & Q(tendered__isnull=True)),
                name="counter_payment_cash_tendered",
            ),
            models.UniqueConstraint(
                fields=["sale", "method"], name="counter_one_payment_per_method"
            ),
        ]

    def __str__(self):
        return f"{self.get_method_display()} {self.amount}"


class SaleReturnQuerySet(models.QuerySet):
    def at(self, outlet):
        return self.filter(sale__outlet=outlet)


class SaleReturn(models.Model):
    """Goods brought back against a receipt, and the refund given for them."""

    reference = models.CharField(_("return number"), max_length=32, unique=True)
    sale = models.ForeignKey(
        Sale, on_delete=models.PROTECT, related_name="returns", verbose_name=_("receipt")
    )
    shift = models.ForeignKey(
        "counter.Shift",
        on_delete=models.PROTECT,
        related_name="returns",
        verbose_name=_("shift of the refund"),
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    reason = models.TextField(_("reason"))
    refund_method = models.CharField(_("refunded by"), max_length=10, choices=PaymentMethod)
    refund_amount = models.PositiveBigIntegerField(_("refund (Rupiah)"))
    refund_reference = models.CharField(_("refund reference"), max_length=80, blank=True)
    idempotency_key = models.CharField(max_length=64, unique=True, editable=False)

    objects = SaleReturnQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("return")
        verbose_name_plural = _("returns")
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="counter_return_has_reason"),
        ]

    def __str__(self):
        return self.reference


class SaleReturnLine(models.Model):
    sale_return = models.ForeignKey(
        SaleReturn, on_delete=models.PROTECT, related_name="lines", verbose_name=_("return")
    )
    sale_line = models.ForeignKey(
        SaleLine,
        on_delete=models.PROTECT,
        related_name="return_lines",
        verbose_name=_("receipt line"),
    )
    quantity = models.PositiveIntegerField(_("quantity"))
    amount = models.PositiveBigIntegerField(_("refund (Rupiah)"))
    back_to_stock = models.BooleanField(
        _("back on the shelf"), help_text=_("Unticked: damaged, written off.")
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("returned item")
        verbose_name_plural = _("returned items")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="counter_return_quantity"),
        ]

    def __str__(self):
        return f"{self.quantity} × {self.sale_line.product_name}"
