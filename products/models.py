from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.models import ImageAsset

PRICE_MIN = 1_000
PRICE_MAX = 100_000_000


class Category(ImageAsset):
    """A shelf of the catalogue. Two levels: a top category and its children."""

    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent category"),
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name_id = models.CharField(_("name (Indonesian)"), max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=80)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name_id"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name

    @property
    def name(self):
        return self.name_en if (get_language() or "id").startswith("en") else self.name_id

    def get_absolute_url(self):
        return reverse("products:category-detail", kwargs={"slug": self.slug})

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.parent_id and self.parent.parent_id:
            raise ValidationError(
                {"parent": _("Categories have two levels: a parent cannot have a parent.")}
            )
        if self.parent_id and self.pk and self.parent_id == self.pk:
            raise ValidationError({"parent": _("A category cannot be its own parent.")})


class ProductQuerySet(models.QuerySet):
    def public(self):
        """What a shopper may see: published, not hidden by staff, from an approved vendor."""
        return self.filter(
            status=Product.Status.PUBLISHED,
            hidden_at__isnull=True,
            vendor__status="approved",
        )

    def of_vendor(self, vendor):
        return self.filter(vendor=vendor)


class Product(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    vendor = models.ForeignKey(
        "vendors.Vendor",
        on_delete=models.PROTECT,
        related_name="products",
        verbose_name=_("vendor"),
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="products", verbose_name=_("category")
    )
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    description = models.TextField(_("description"), blank=True)
    materials = models.CharField(_("materials"), max_length=200, blank=True)
    dimensions = models.CharField(
        _("dimensions"), max_length=100, blank=True, help_text=_("For example 20 × 15 × 10 cm")
    )
    weight_grams = models.PositiveIntegerField(_("weight (grams)"), null=True, blank=True)
    price = models.PositiveIntegerField(
        _("price (Rupiah)"), validators=[MinValueValidator(PRICE_MIN), MaxValueValidator(PRICE_MAX)]
    )
    made_to_order = models.BooleanField(_("made to order"), default=False)
    lead_time_days = models.PositiveSmallIntegerField(_("lead time (days)"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    hidden_at = models.DateTimeField(_("hidden by staff at"), null=True, blank=True)
    hidden_reason = models.TextField(_("reason for hiding"), blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hidden by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Weighted full-text vector (name, category, vendor, description, materials) kept current by
    # products.search; its GIN index lives in a PostgreSQL-only migration.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ProductQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("product")
        verbose_name_plural = _("products")
        indexes = [models.Index(fields=["status", "-created_at"]), models.Index(fields=["price"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(price__gte=PRICE_MIN, price__lte=PRICE_MAX),
                name="products_product_price_range",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("products:product-detail", kwargs={"slug": self.slug})

    @property
    def is_hidden(self):
        return self.hidden_at is not None


class ProductSlugHistory(models.Model):
    """An old slug of a product, so links shared before a rename still arrive."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="old_slugs")
    slug = models.SlugField(max_length=140, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("old product address")
        verbose_name_plural = _("old product addresses")

    def __str__(self):
        return self.slug


class ProductImage(ImageAsset):
    MAX_PER_PRODUCT = 8

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="images")
    alt = models.CharField(_("description of the picture (alt text)"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("product picture")
        verbose_name_plural = _("product pictures")

    def __str__(self):
        return self.alt
