from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Order(models.Model):
    """A shopper's order, paid and collected at a gallery outlet."""

    class Status(models.TextChoices):
        PLACED = "placed", _("Placed")
        READY = "ready", _("Ready for pickup")
        COLLECTED = "collected", _("Collected")
        CANCELLED = "cancelled", _("Cancelled")
        EXPIRED = "expired", _("Expired")

    class PaymentStatus(models.TextChoices):
        UNPAID = "unpaid", _("Not paid yet")
        PAID = "paid", _("Paid")

    class PaymentMethod(models.TextChoices):
        CASH = "cash", _("Cash")
        QRIS = "qris", "QRIS"

    number = models.CharField(_("order number"), max_length=20, unique=True)
    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="orders",
        verbose_name=_("customer account"),
    )
    name = models.CharField(_("name"), max_length=120)
    phone = models.CharField(_("WhatsApp number"), max_length=16)
    email = models.EmailField(_("email"), blank=True)
    outlet = models.ForeignKey(
        "gallery.Outlet",
        on_delete=models.PROTECT,
        related_name="orders",
        verbose_name=_("pickup outlet"),
    )
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PLACED)
    payment_status = models.CharField(
        _("payment status"), max_length=10, choices=PaymentStatus, default=PaymentStatus.UNPAID
    )
    payment_method = models.CharField(
        _("payment method"), max_length=10, choices=PaymentMethod, blank=True
    )
    total = models.PositiveBigIntegerField(_("total (Rupiah)"))
    idempotency_key = models.CharField(max_length=64, unique=True, editable=False)
    placed_at = models.DateTimeField(_("placed at"), auto_now_add=True, db_index=True)
    ready_at = models.DateTimeField(_("ready at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("collected, cancelled or expired at"), null=True, blank=True)

    class Meta:
        ordering = ["-placed_at", "-pk"]
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        indexes = [models.Index(fields=["outlet", "status", "placed_at"])]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("orders:order-detail", kwargs={"number": self.number})


class OrderLine(models.Model):
    """What was bought, copied at the moment of purchase so it survives later changes."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(
        "products.Product", on_delete=models.SET_NULL, null=True, related_name="order_lines"
    )
    vendor = models.ForeignKey(
        "vendors.Vendor", on_delete=models.SET_NULL, null=True, related_name="order_lines"
    )
    product_name = models.CharField(_("product"), max_length=120)
    vendor_name = models.CharField(_("maker"), max_length=120)
    unit_price = models.PositiveIntegerField(_("unit price (Rupiah)"))
    quantity = models.PositiveIntegerField(_("quantity"))
    line_total = models.PositiveBigIntegerField(_("line total (Rupiah)"))

    class Meta:
        ordering = ["pk"]
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gte=1), name="orders_line_quantity_positive"
            ),
        ]

    def __str__(self):
        return f"{self.quantity} × {self.product_name}"


class OrderStatusChange(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("from"), max_length=10, choices=Order.Status, blank=True)
    to_status = models.CharField(_("to"), max_length=10, choices=Order.Status)
    reason = models.TextField(_("reason"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("order status change")
        verbose_name_plural = _("order status changes")

    def __str__(self):
        return f"{self.order}: {self.from_status} → {self.to_status}"
