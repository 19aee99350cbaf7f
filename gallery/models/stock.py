"""The consignment stock: running figures per (outlet, product) and the ledger of movements.

Only ``gallery.services`` writes these rows.
"""

from django.conf import settings
from django.db import models
from django.db.models import Case, F, IntegerField, OuterRef, Q, Subquery, Sum, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from .batches import Batch, today_in_jakarta
from .outlets import Outlet


def sellable_q(prefix="", today=None) -> Q:
    """Stock levels with units a buyer can have today: more on hand than reserved and, for food,
    some of them in a batch that has not expired. ``prefix`` reaches the level through a
    relation, such as ``"stock_levels__"`` from a product or an outlet."""
    today = today or today_in_jakarta()
    return Q(**{f"{prefix}on_hand__gt": F(f"{prefix}reserved")}) & (
        Q(**{f"{prefix}free_until__isnull": True}) | Q(**{f"{prefix}free_until__gt": today})
    )


def available_expression(today=None):
    """Units a buyer can have today at a level: on hand less reserved, and for food only what
    lies in batches that have not expired."""
    today = today or today_in_jakarta()
    live_free = (
        Batch.objects.filter(
            outlet_id=OuterRef("outlet_id"), product_id=OuterRef("product_id"), expires_on__gt=today
        )
        .values("outlet_id")
        .annotate(units=Sum(F("on_hand") - F("reserved")))
        .values("units")
    )
    return Case(
        When(free_until__isnull=True, then=F("on_hand") - F("reserved")),
        When(free_until__lte=today, then=0),
        default=Coalesce(Subquery(live_free, output_field=IntegerField()), 0),
        output_field=IntegerField(),
    )


class StockLevelQuerySet(models.QuerySet):
    def at(self, outlet):
        return self.filter(outlet=outlet)

    def of_vendor(self, vendor):
        return self.filter(product__vendor=vendor)

    def on_shelf(self):
        """Units physically at the outlet, reserved or not."""
        return self.filter(on_hand__gt=0)

    def in_stock(self, today=None):
        """Units a shopper can still order: more on hand than reserved, in a live batch for food."""
        return self.filter(sellable_q(today=today))

    def with_available(self, today=None):
        return self.annotate(available_quantity=available_expression(today))

    def low(self, threshold=None):
        """Published products at active outlets with ``threshold`` or fewer units available.

        Without a threshold, each outlet's own ``low_stock_threshold`` applies.
        """
        limit = F("outlet__low_stock_threshold") if threshold is None else threshold
        return (
            self.with_available()
            .filter(
                available_quantity__lte=limit,
                outlet__is_active=True,
                outlet__is_planned=False,
                product__status="published",
            )
            .order_by("available_quantity", "outlet__position", "product__name")
        )

    def available_by_outlet(self, today=None):
        """``{outlet_id: units available}``, counted as ``with_available`` counts them. The
        levels are read plainly first: building that expression costs more than the query, and
        batches decide only where a level has food units still good today."""
        today = today or today_in_jakarta()
        rows = list(self.values_list("outlet_id", "on_hand", "reserved", "free_until"))
        if any(free_until is not None and free_until > today for *_, free_until in rows):
            return dict(self.with_available(today).values_list("outlet_id", "available_quantity"))
        # No batch to ask: on hand less reserved, or nothing where every batch has expired.
        return {
            outlet_id: 0 if free_until is not None else on_hand - reserved
            for outlet_id, on_hand, reserved, free_until in rows
        }

    def availability(self):
        """``{product_id: units available}`` for the levels in this queryset."""
        return dict(self.with_available().values_list("product_id", "available_quantity"))


class StockLevel(models.Model):
    """The running figures for one product at one outlet: the sums of its ledger rows.

    Only ``gallery.services`` writes here, under a row lock, together with the ledger row.
    """

    outlet = models.ForeignKey(
        Outlet, on_delete=models.PROTECT, related_name="stock_levels", verbose_name=_("outlet")
    )
    product = models.ForeignKey(
        "products.Product",
        on_delete=models.PROTECT,
        related_name="stock_levels",
        verbose_name=_("product"),
    )
    on_hand = models.IntegerField(_("on hand"), default=0)
    reserved = models.IntegerField(_("reserved"), default=0)
    # Food only: the latest expiry date among this level's batches with units free to sell. Units
    # can be sold here before that day; the ledger keeps it current with the batches.
    free_until = models.DateField(_("free units until"), null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = StockLevelQuerySet.as_manager()

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
        """Units free to sell, ignoring expiry: read ``available_quantity`` (``with_available``)
        where food may have expired."""
        return self.on_hand - self.reserved


class StockMovementQuerySet(models.QuerySet):
    def at(self, outlet):
        return self.filter(outlet=outlet)

    def of_vendor(self, vendor):
        return self.filter(product__vendor=vendor)

    def of_product(self, product):
        return self.filter(product=product)


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
        # The counter: a walk-in buyer takes goods from the shelf (never from reserved units),
        # and goods come back against a receipt (a void or a return).
        COUNTER_SALE = "counter_sale", _("Sale at the counter")
        SALE_RETURN = "sale_return", _("Returned by a buyer")

    outlet = models.ForeignKey(
        Outlet, on_delete=models.PROTECT, related_name="movements", verbose_name=_("outlet")
    )
    product = models.ForeignKey(
        "products.Product",
        on_delete=models.PROTECT,
        related_name="movements",
        verbose_name=_("product"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind)
    on_hand_change = models.IntegerField(_("change on hand"))
    reserved_change = models.IntegerField(_("change reserved"))
    batch = models.ForeignKey(
        Batch,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="movements",
        verbose_name=_("batch"),
    )
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

    objects = StockMovementQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("stock movement")
        verbose_name_plural = _("stock movements")
        indexes = [models.Index(fields=["outlet", "product", "at"])]
        permissions = [
            (
                "record_stock_movement",
                _("Can record intake, returns, losses and adjustments of stock"),
            )
        ]
        constraints = [
            # Each kind moves the figures one way only; a row that says otherwise is a bug.
            models.CheckConstraint(
                condition=Q(kind="intake", on_hand_change__gt=0, reserved_change=0)
                | Q(kind="reservation", on_hand_change=0, reserved_change__gt=0)
                | Q(kind="release", on_hand_change=0, reserved_change__lt=0)
                | Q(kind="sale", on_hand_change__lt=0, reserved_change=F("on_hand_change"))
                | Q(kind__in=["return", "loss"], on_hand_change__lt=0, reserved_change=0)
                | Q(kind="counter_sale", on_hand_change__lt=0, reserved_change=0)
                | Q(kind="sale_return", on_hand_change__gt=0, reserved_change=0)
                | (Q(kind="adjustment", reserved_change=0) & ~Q(on_hand_change=0)),
                name="gallery_movement_matches_kind",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.product} @ {self.outlet}"
