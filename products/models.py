from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Count, Prefetch, Q, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.localized import localized
from core.models import ChangeRecord, ImageAsset

from .codes import product_code

PRICE_MIN = 1_000
PRICE_MAX = 100_000_000
LEAD_TIME_MAX_DAYS = 180
SHELF_LIFE_MAX_DAYS = 3 * 365


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
    is_food = models.BooleanField(
        _("food"),
        default=False,
        help_text=_(
            "Its goods expire: they are taken in by batch with an expiry date and sold first "
            "expiry first. Subcategories of a food category are food too."
        ),
    )

    class Meta:
        ordering = ["position", "name_id"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("pk")),
                name="products_category_not_own_parent",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self):
        return self.name_en if (get_language() or "id").startswith("en") else self.name_id

    def get_absolute_url(self):
        return reverse("products:category-detail", kwargs={"slug": self.slug})

    @property
    def full_name(self):
        return f"{self.parent.name} › {self.name}" if self.parent_id else self.name

    def clean(self):
        if self.parent_id and self.pk and self.parent_id == self.pk:
            raise ValidationError({"parent": _("A category cannot be its own parent.")})
        if self.parent_id and self.parent.parent_id:
            raise ValidationError(
                {"parent": _("Categories have two levels: a parent cannot have a parent.")}
            )
        if self.parent_id and self.pk and self.children.exists():
            raise ValidationError(
                {"parent": _("This category has subcategories, so it must stay at the top level.")}
            )


# A product is food when staff say so on the product, or else when its category or that
# category's parent is a food category.
FOOD = Q(food_override=True) | Q(
    Q(food_override__isnull=True) & (Q(category__is_food=True) | Q(category__parent__is_food=True))
)


# A product lacks English when its name has none, or its description has words but none in English.
LACKS_ENGLISH = Q(name_en="") | (~Q(description="") & Q(description_en=""))


class ProductQuerySet(models.QuerySet):
    def kept_on_record(self):
        """Products ever ordered, stocked or moved at an outlet: archived, never deleted."""
        return self.filter(
            Q(order_lines__isnull=False)
            | Q(stock_levels__isnull=False)
            | Q(movements__isnull=False)
        )

    def on_show(self):
        """Published and not hidden by staff: the rows of the partial index of public products."""
        return self.filter(status=Product.Status.PUBLISHED, hidden_at__isnull=True)

    def public(self):
        """What a shopper may see: published, not hidden by staff, from an approved vendor."""
        return self.on_show().filter(vendor__status="approved")

    def of_vendor(self, vendor):
        return self.filter(vendor=vendor)

    def hidden(self):
        return self.filter(hidden_at__isnull=False)

    def food(self):
        """Products that expire: their category (or its parent) is food, unless overridden."""
        return self.filter(FOOD)

    def with_stock_summary(self):
        """Annotate ``stock_on_hand`` and ``stock_reserved``: sums over every outlet."""
        return self.annotate(
            stock_on_hand=Coalesce(Sum("stock_levels__on_hand"), 0),
            stock_reserved=Coalesce(Sum("stock_levels__reserved"), 0),
        )

    def with_images(self):
        """Prefetch the pictures in order; ``product.cover`` is then the first, no query."""
        return self.prefetch_related(
            Prefetch("images", queryset=ProductImage.objects.order_by("position", "pk"))
        )

    def without_english(self):
        """Products the English pages show (partly) in Indonesian."""
        return self.filter(LACKS_ENGLISH)

    def status_counts(self):
        """``{"draft": n, "published": n, "archived": n, "hidden": n, "no_english": n}`` in one
        query."""
        return self.aggregate(
            hidden=Count("pk", filter=Q(hidden_at__isnull=False)),
            no_english=Count("pk", filter=LACKS_ENGLISH),
            **{status: Count("pk", filter=Q(status=status)) for status in Product.Status.values},
        )


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
    # Optional English words for /en/ (core.localized); the Indonesian ones stand in where empty.
    name_en = models.CharField(_("name in English"), max_length=120, blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    materials = models.CharField(_("materials"), max_length=200, blank=True)
    dimensions = models.CharField(
        _("dimensions"), max_length=100, blank=True, help_text=_("For example 20 × 15 × 10 cm")
    )
    weight_grams = models.PositiveIntegerField(_("weight (grams)"), null=True, blank=True)
    price = models.PositiveIntegerField(
        _("price (Rupiah)"), validators=[MinValueValidator(PRICE_MIN), MaxValueValidator(PRICE_MAX)]
    )
    made_to_order = models.BooleanField(_("made to order"), default=False)
    lead_time_days = models.PositiveSmallIntegerField(
        _("lead time (days)"),
        null=True,
        blank=True,
        # The same range as the check constraint, so a form says what is wrong before the database.
        validators=[MinValueValidator(1), MaxValueValidator(LEAD_TIME_MAX_DAYS)],
    )
    food_override = models.BooleanField(
        _("food"),
        null=True,
        blank=True,
        help_text=_("Leave unknown to follow the category; yes or no overrides it."),
    )
    pirt_number = models.CharField(
        _("P-IRT number"),
        max_length=20,
        blank=True,
        validators=[RegexValidator(r"^[0-9]{15,17}$", _("A P-IRT number has 15 to 17 digits."))],
        help_text=_("The home-industry food permit (SPP-IRT), 15 to 17 digits."),
    )
    bpom_number = models.CharField(
        _("BPOM number"),
        max_length=20,
        blank=True,
        validators=[
            RegexValidator(
                r"^(MD|ML) ?[0-9]{12}$", _("A BPOM number is MD or ML followed by 12 digits.")
            )
        ],
        help_text=_("BPOM RI MD (made here) or ML (imported), for example MD 224510001234."),
    )
    halal_number = models.CharField(
        _("halal certificate number"),
        max_length=40,
        blank=True,
        help_text=_("Only when the pack claims halal, for example ID32110000123450822."),
    )
    shelf_life_days = models.PositiveSmallIntegerField(
        _("shelf life (days)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(SHELF_LIFE_MAX_DAYS)],
        help_text=_("From production to expiry: the default expiry date of a new batch."),
    )
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
    published_at = models.DateTimeField(_("last published at"), null=True, blank=True)
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
        indexes = [
            models.Index(fields=["status", "-created_at"]),
            models.Index(fields=["price"]),
            # Counting and grouping the public products by vendor reads only this index.
            models.Index(
                fields=["vendor"],
                include=["id"],
                condition=models.Q(status="published", hidden_at__isnull=True),
                name="products_product_public_vendor",
            ),
        ]
        permissions = [
            ("moderate_product", _("Can hide products from the public and restore them")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(price__gte=PRICE_MIN, price__lte=PRICE_MAX),
                name="products_product_price_range",
            ),
            models.CheckConstraint(
                condition=models.Q(made_to_order=False)
                | models.Q(
                    lead_time_days__isnull=False,
                    lead_time_days__gte=1,
                    lead_time_days__lte=LEAD_TIME_MAX_DAYS,
                ),
                name="products_product_lead_time_when_made_to_order",
            ),
            models.CheckConstraint(
                condition=models.Q(hidden_at__isnull=True) | ~models.Q(hidden_reason=""),
                name="products_product_reason_when_hidden",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("products:product-detail", kwargs={"slug": self.slug})

    @property
    def is_food(self):
        """Sold by batch, first expiry first out (see ``FOOD``)."""
        if self.food_override is not None:
            return self.food_override
        category = self.category
        return category.is_food or bool(category.parent_id and category.parent.is_food)

    @property
    def permit(self):
        """The food permit a shopper reads: BPOM first, else P-IRT."""
        if self.bpom_number:
            return f"BPOM RI {self.bpom_number}"
        if self.pirt_number:
            return f"P-IRT {self.pirt_number}"
        return ""

    @property
    def code(self):
        """The short code on the shelf label, typed or scanned at the counter."""
        return product_code(self.pk) if self.pk else ""

    @property
    def is_hidden(self):
        return self.hidden_at is not None

    @property
    def lacks_english(self):
        """The English pages show its name or description in Indonesian (``LACKS_ENGLISH``)."""
        return not self.name_en.strip() or bool(
            self.description.strip() and not self.description_en.strip()
        )

    @property
    def is_public(self):
        return (
            self.status == self.Status.PUBLISHED
            and not self.is_hidden
            and self.vendor.status == "approved"
        )

    @property
    def cover(self):
        """The first picture (use ``with_images()`` on lists to avoid a query per product)."""
        images = self.images.all()
        return images[0] if images else None

    @property
    def stock_available(self):
        """On hand minus reserved, from ``with_stock_summary()``."""
        return self.stock_on_hand - self.stock_reserved

    def clean(self):
        if self.made_to_order and not self.lead_time_days:
            raise ValidationError(
                {"lead_time_days": _("Say how many days it takes to make: lead time is required.")}
            )


class ProductEvent(ChangeRecord):
    """What happened to a product's visibility: who did it, when and why."""

    class Action(models.TextChoices):
        CREATED = "created", _("Created")
        EDITED = "edited", _("Details edited")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")
        HIDDEN = "hidden", _("Hidden by staff")
        RESTORED = "restored", _("Restored by staff")
        SLUG_CHANGED = "slug_changed", _("Address changed")

    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="events", verbose_name=_("product")
    )
    action = models.CharField(_("action"), max_length=12, choices=Action)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("product event")
        verbose_name_plural = _("product events")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(action="hidden") | ~models.Q(reason=""),
                name="products_event_reason_when_hidden",
            ),
        ]

    def __str__(self):
        return f"{self.product}: {self.get_action_display()}"


class ProductSlugHistory(models.Model):
    """An old slug of a product, so links shared before a rename still arrive."""

    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="old_slugs", verbose_name=_("product")
    )
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("old product address")
        verbose_name_plural = _("old product addresses")

    def __str__(self):
        return self.slug


class ProductImage(ImageAsset):
    MAX_PER_PRODUCT = 8
    THUMBNAIL_WIDTH = 320

    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="images", verbose_name=_("product")
    )
    # Optional: until the vendor writes one, the product's name describes the picture.
    alt = models.CharField(_("description of the picture (alt text)"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("product picture")
        verbose_name_plural = _("product pictures")

    def __str__(self):
        return self.alt_text

    @property
    def alt_text(self):
        """What the picture's ``alt`` attribute says: its description, else the product's name
        in the page's language."""
        return self.alt or localized(self.product, "name").text

    @property
    def thumbnail_webp(self):
        return self.rendition_url(self.THUMBNAIL_WIDTH, "webp")

    @property
    def thumbnail_jpeg(self):
        return self.rendition_url(self.THUMBNAIL_WIDTH, "jpeg")

    @property
    def thumbnail_width(self):
        return min(self.THUMBNAIL_WIDTH, self.width or self.THUMBNAIL_WIDTH)

    @property
    def thumbnail_height(self):
        return self.rendition_height(self.THUMBNAIL_WIDTH)
