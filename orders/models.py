from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import ChangeRecord

JAKARTA = ZoneInfo("Asia/Jakarta")

# Order numbers: GM-YYMMDD-XXXXX, the suffix from an alphabet without look-alikes (0/O, 1/I).
NUMBER_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
NUMBER_SUFFIX_LENGTH = 5
NUMBER_PATTERN = r"^GM-[0-9]{6}-[2-9A-HJ-NP-Z]{4,8}$"


class OrderQuerySet(models.QuerySet):
    def open(self):
        """Orders still holding a reservation: placed or ready for pickup."""
        return self.filter(status__in=[Order.Status.PLACED, Order.Status.READY])

    def of_customer(self, user):
        return self.filter(customer=user) if user.is_authenticated else self.none()

    def due_to_expire(self, now=None):
        """Open orders placed longer than the pickup window ago."""
        now = now or timezone.now()
        cutoff = now - timedelta(days=settings.ORDER_PICKUP_WINDOW_DAYS)
        return self.open().filter(placed_at__lt=cutoff)

    def todays_pickups(self, now=None):
        """What the counter expects today: orders ready for pickup, and orders placed today."""
        today = timezone.localdate(now or timezone.now())
        return self.filter(
            Q(status=Order.Status.READY) | Q(status=Order.Status.PLACED, placed_at__date=today)
        )

    def collected(self):
        return self.filter(status=Order.Status.COLLECTED)


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
    language = models.CharField(
        _("language"),
        max_length=8,
        default="id",
        editable=False,
        help_text=_("The shopper's language, used for the messages about this order."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PLACED)
    payment_status = models.CharField(
        _("payment status"), max_length=10, choices=PaymentStatus, default=PaymentStatus.UNPAID
    )
    payment_method = models.CharField(
        _("payment method"), max_length=10, choices=PaymentMethod, blank=True
    )
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    total = models.PositiveBigIntegerField(_("total (Rupiah)"))
    idempotency_key = models.CharField(max_length=64, unique=True, editable=False)
    placed_at = models.DateTimeField(_("placed at"), auto_now_add=True, db_index=True)
    ready_at = models.DateTimeField(_("ready at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("collected, cancelled or expired at"), null=True, blank=True)

    objects = OrderQuerySet.as_manager()

    class Meta:
        ordering = ["-placed_at", "-pk"]
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        indexes = [models.Index(fields=["outlet", "status", "placed_at"])]
        permissions = [
            ("manage_order", _("Can move orders through pickup (ready, collected, cancelled)")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(number__regex=NUMBER_PATTERN), name="orders_order_number_format"
            ),
            models.CheckConstraint(
                condition=(
                    Q(payment_status="unpaid", payment_method="", paid_at__isnull=True)
                    | (Q(payment_status="paid", paid_at__isnull=False) & ~Q(payment_method=""))
                ),
                name="orders_order_paid_with_method",
            ),
            models.CheckConstraint(
                condition=~Q(status="collected") | Q(payment_status="paid"),
                name="orders_order_collected_is_paid",
            ),
        ]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("orders:order-detail", kwargs={"number": self.number})

    @property
    def pickup_until(self):
        """The last moment to collect before the order expires."""
        placed_at = self.placed_at or timezone.now()
        return placed_at + timedelta(days=settings.ORDER_PICKUP_WINDOW_DAYS)

    @property
    def is_open(self):
        return self.status in (self.Status.PLACED, self.Status.READY)

    @property
    def can_be_cancelled_by_shopper(self):
        return self.status == self.Status.PLACED

    @property
    def first_name(self):
        return self.name.split(" ", 1)[0] if self.name else ""


class OrderLineQuerySet(models.QuerySet):
    def of_vendor(self, vendor):
        return self.filter(vendor=vendor)

    def collected(self):
        return self.filter(order__status=Order.Status.COLLECTED)

    def sales_by_month(self):
        """Collected sales per calendar month in Jakarta: ``month``, ``units``, ``gross``, ``orders``.

        A sale counts in the month it was collected and paid, newest month first.
        """
        return (
            self.collected()
            .annotate(month=TruncMonth("order__closed_at", tzinfo=JAKARTA))
            .values("month")
            .annotate(
                units=Sum("quantity"),
                gross=Sum("line_total"),
                orders=Count("order", distinct=True),
            )
            .order_by("-month")
        )


class OrderLine(models.Model):
    """What was bought, copied at the moment of purchase so it survives later changes."""

    order = models.ForeignKey(
        Order, on_delete=models.CASCADE, related_name="lines", verbose_name=_("order")
    )
    product = models.ForeignKey(
        "products.Product",
        on_delete=models.SET_NULL,
        null=True,
        related_name="order_lines",
        verbose_name=_("product"),
    )
    vendor = models.ForeignKey(
        "vendors.Vendor",
        on_delete=models.SET_NULL,
        null=True,
        related_name="order_lines",
        verbose_name=_("vendor"),
    )
    product_name = models.CharField(_("product"), max_length=120)
    vendor_name = models.CharField(_("maker"), max_length=120)
    unit_price = models.PositiveIntegerField(_("unit price (Rupiah)"))
    quantity = models.PositiveIntegerField(_("quantity"))
    line_total = models.PositiveBigIntegerField(_("line total (Rupiah)"))

    objects = OrderLineQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gte=1), name="orders_line_quantity_positive"
            ),
            models.CheckConstraint(
                condition=Q(line_total=models.F("unit_price") * models.F("quantity")),
                name="orders_line_total_is_price_times_quantity",
            ),
            models.UniqueConstraint(
                fields=["order", "product"], name="orders_one_line_per_product"
            ),
        ]

    def __str__(self):
        return f"{self.quantity} × {self.product_name}"


class OrderStatusChange(ChangeRecord):
    order = models.ForeignKey(
        Order, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("order")
    )
    from_status = models.CharField(_("from"), max_length=10, choices=Order.Status, blank=True)
    to_status = models.CharField(_("to"), max_length=10, choices=Order.Status)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("order status change")
        verbose_name_plural = _("order status changes")

    def __str__(self):
        return f"{self.order}: {self.from_status} → {self.to_status}"
