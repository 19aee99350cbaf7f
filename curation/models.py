"""The gallery's curation: every product is checked against its category's checklist before it
goes on the shelf ("setiap barang dikurasi sebelum dipajang").

Checklists and their points are data staff edit. Checks and requests for a new check are
records: written once by ``curation.services``, never changed nor deleted. A product's state
comes from its latest check and whether its vendor asked for a new one since.
"""

from django.conf import settings
from django.db import models
from django.db.models import Case, Exists, OuterRef, Subquery, Value, When
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.formats import format_date


def _in_english():
    return (get_language() or "id").startswith("en")


class ChecklistQuerySet(models.QuerySet):
    def for_product(self, product):
        """The checklist of the product's category, else of its parent category, else None."""
        category = product.category
        ids = [category.pk, *([category.parent_id] if category.parent_id else [])]
        found = {checklist.category_id: checklist for checklist in self.filter(category_id__in=ids)}
        return next((found[pk] for pk in ids if pk in found), None)


class Checklist(models.Model):
    """The points a category's goods are checked on; subcategories use their parent's unless
    they have their own."""

    category = models.OneToOneField(
        "products.Category",
        on_delete=models.PROTECT,
        related_name="checklist",
        verbose_name=_("category"),
    )

    objects = ChecklistQuerySet.as_manager()

    class Meta:
        ordering = ["category__position", "category__name_id"]
        verbose_name = _("curation checklist")
        verbose_name_plural = _("curation checklists")

    def __str__(self):
        return str(self.category.full_name)


class ChecklistItem(models.Model):
    """One point of a checklist. Points once used in a check stay (retired, not deleted)."""

    checklist = models.ForeignKey(
        Checklist, on_delete=models.CASCADE, related_name="items", verbose_name=_("checklist")
    )
    text_id = models.CharField(_("point (Indonesian)"), max_length=200)
    text_en = models.CharField(_("point (English)"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(
        _("in use"), default=True, help_text=_("Untick to stop checking this point.")
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("checklist point")
        verbose_name_plural = _("checklist points")

    def __str__(self):
        return self.text

    @property
    def text(self):
        return self.text_en if _in_english() else self.text_id


class CurationCheck(models.Model):
    class Outcome(models.TextChoices):
        PASSED = "passed", _("Passed")
        FAILED = "failed", _("Failed")

    product = models.ForeignKey(
        "products.Product",
        on_delete=models.PROTECT,
        related_name="curation_checks",
        verbose_name=_("product"),
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("checked by"),
    )
    at = models.DateTimeField(_("checked at"), default=timezone.now, db_index=True)
    outcome = models.CharField(_("outcome"), max_length=6, choices=Outcome)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("curation check")
        verbose_name_plural = _("curation checks")
        permissions = [
            ("check_product", _("Can check products against the curation checklist")),
        ]
        indexes = [models.Index(fields=["product", "-at"], name="curation_check_product_at")]

    def __str__(self):
        return f"{self.product}: {self.get_outcome_display()} ({format_date(self.at)})"

    @property
    def passed(self):
        return self.outcome == self.Outcome.PASSED


class CheckedPoint(models.Model):
    """A point as it was checked: its text is copied, so a later edit of the checklist does not
    rewrite what the vendor was told."""

    curation_check = models.ForeignKey(
        CurationCheck, on_delete=models.CASCADE, related_name="points", verbose_name=_("check")
    )
    item = models.ForeignKey(
        ChecklistItem, on_delete=models.PROTECT, related_name="+", verbose_name=_("point")
    )
    text_id = models.CharField(_("point (Indonesian)"), max_length=200)
    text_en = models.CharField(_("point (English)"), max_length=200)
    passed = models.BooleanField(_("passed"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("checked point")
        verbose_name_plural = _("checked points")
        constraints = [
            models.UniqueConstraint(
                fields=["curation_check", "item"], name="curation_point_once_a_check"
            ),
        ]

    def __str__(self):
        return self.text

    @property
    def text(self):
        return self.text_en if _in_english() else self.text_id


class RecheckRequest(models.Model):
    """The vendor fixed what a failed check found and asks for a new check: one per failure."""

    curation_check = models.OneToOneField(
        CurationCheck,
        on_delete=models.PROTECT,
        related_name="recheck_request",
        verbose_name=_("failed check"),
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("asked by"),
    )
    at = models.DateTimeField(_("asked at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("request for a new check")
        verbose_name_plural = _("requests for a new check")

    def __str__(self):
        return str(self.curation_check.product)


class State(models.TextChoices):
    """A product's curation state, from its latest check."""

    NOT_CHECKED = "not_checked", _("Not checked")
    AWAITING = "awaiting", _("Awaiting a new check")
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Failed")


def with_curation_state(products):
    """Annotate a Product queryset with ``curation_state`` (a ``State`` value) and
    ``curation_check_id`` (the latest check), in the same query."""
    latest = CurationCheck.objects.filter(product=OuterRef("pk")).order_by("-at", "-pk")
    asked = RecheckRequest.objects.filter(curation_check_id=OuterRef("curation_check_id"))
    return products.annotate(
        curation_check_id=Subquery(latest.values("pk")[:1]),
    ).annotate(
        curation_state=Case(
            When(curation_check_id__isnull=True, then=Value(State.NOT_CHECKED.value)),
            When(Exists(asked), then=Value(State.AWAITING.value)),
            default=Subquery(latest.values("outcome")[:1]),
            output_field=models.CharField(),
        )
    )


def curation_state(product) -> State:
    """The product's state: from ``with_curation_state()`` when annotated, else one query."""
    value = getattr(product, "curation_state", None)
    if value is None:
        from products.models import Product

        value = (
            with_curation_state(Product.objects.filter(pk=product.pk))
            .values_list("curation_state", flat=True)
            .get()
        )
    return State(value)


def latest_check(product):
    """The product's latest check with its points, or None."""
    return (
        CurationCheck.objects.filter(product=product)
        .select_related("by")
        .prefetch_related("points")
        .order_by("-at", "-pk")
        .first()
    )


def attach_failures(products):
    """Give each failed or awaiting product of ``products`` (annotated by
    ``with_curation_state()``) ``curation_failed``: the failed points of its latest check, and
    ``curation_note``: that check's note. One query, none when nothing failed."""
    latest = {
        product.curation_check_id: product
        for product in products
        if product.curation_state in (State.FAILED, State.AWAITING)
    }
    if not latest:
        return products
    for product in latest.values():
        product.curation_failed, product.curation_note = [], ""
    points = CheckedPoint.objects.filter(curation_check_id__in=latest, passed=False).select_related(
        "curation_check"
    )
    for point in points:
        product = latest[point.curation_check_id]
        product.curation_failed.append(point)
        product.curation_note = point.curation_check.note
    return products
