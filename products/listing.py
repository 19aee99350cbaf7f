"""The filtered, sorted, paginated product grid shared by the catalogue, category and vendor pages.

``product_listing(request, queryset)`` returns ``{"listing": ProductListing}`` for the template
``includes/product_listing.html``. Every filter is a GET parameter; invalid values are ignored and
shown as form errors. The page costs a fixed number of queries whatever the filters: the filter
choices (categories, kecamatan, outlets), the count, and one query for the page of products with
their first picture and stock figure as annotations.
"""

import json
import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import Exists, F, IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce, JSONObject
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.models import Kecamatan
from core.templatetags.rupiah import format_rupiah
from gallery.models import Outlet, StockLevel

from .models import PRICE_MAX, Category, Product, ProductImage
from .search import search, suggest_correction

PER_PAGE = 24
PARAMETERS = (
    "q",
    "kategori",
    "kecamatan",
    "galeri",
    "harga_min",
    "harga_maks",
    "tersedia",
    "pesanan",
    "urut",
)


class Sort:
    RELEVANCE = "relevan"
    NEWEST = "terbaru"
    PRICE_UP = "termurah"
    PRICE_DOWN = "termahal"

    LABELS = {
        RELEVANCE: _("Best match"),
        NEWEST: _("Newest"),
        PRICE_UP: _("Lowest price"),
        PRICE_DOWN: _("Highest price"),
    }
    ORDER = {
        RELEVANCE: ("-rank", "-created_at", "-pk"),
        NEWEST: ("-created_at", "-pk"),
        PRICE_UP: ("price", "-created_at", "-pk"),
        PRICE_DOWN: ("-price", "-created_at", "-pk"),
    }


# Cards


def for_cards(queryset):
    """Products with what a card shows, in the same query: vendor, first picture, stock."""
    first_image = (
        ProductImage.objects.filter(product=OuterRef("pk"))
        .order_by("position", "pk")
        .values(data=picture_data())[:1]
    )
    stock = (
        StockLevel.objects.filter(
            product=OuterRef("pk"), outlet__is_active=True, outlet__is_planned=False
        )
        .values("product")
        .annotate(total=Sum(F("on_hand") - F("reserved")))
        .values("total")
    )
    return (
        queryset.select_related("vendor")
        .defer("description", "search_vector", "hidden_reason", "vendor__story")
        .annotate(
            first_image=Subquery(first_image),
            available_total=Coalesce(Subquery(stock, output_field=IntegerField()), Value(0)),
        )
    )


def picture_data():
    """The fields a picture needs, as one JSON value (one subquery instead of a prefetch)."""
    return JSONObject(
        id="id", file="file", width="width", height="height", renditions="renditions", alt="alt"
    )


def image_from_data(data, model=ProductImage):
    """An unsaved ``model`` (an ImageAsset) from ``picture_data()``, or None."""
    if not data:
        return None
    if isinstance(data.get("renditions"), str):  # SQLite nests JSON as text
        data = {**data, "renditions": json.loads(data["renditions"])}
    return model(**data)


def with_card_images(products):
    """Evaluate ``products`` (from ``for_cards``) and give each its ``card_image``."""
    products = list(products)
    for product in products:
        product.card_image = image_from_data(product.first_image)
    return products


# Categories


class CategoryTree:
    """Every category, from one query: two levels, in shelf order."""

    def __init__(self, categories):
        self.categories = list(categories)
        self.by_slug = {category.slug: category for category in self.categories}
        self.top = [category for category in self.categories if category.parent_id is None]
        children = {}
        for category in self.categories:
            if category.parent_id:
                children.setdefault(category.parent_id, []).append(category)
        by_id = {category.pk: category for category in self.categories}
        for category in self.categories:
            category.children_list = children.get(category.pk, [])
            category.parent_in_tree = by_id.get(category.parent_id)

    @classmethod
    def load(cls):
        return cls(Category.objects.defer("renditions", "file"))

    def get(self, slug):
        return self.by_slug.get(slug)

    def with_children(self, category):
        return [category, *category.children_list]

    def choices(self, within=None):
        tops = within.children_list if within else self.top
        choices = []
        for category in tops:
            choices.append((category.slug, category.name))
            choices.extend((child.slug, f"— {child.name}") for child in category.children_list)
        return choices


# The filter form


class RupiahField(forms.IntegerField):
    """A whole number of Rupiah; accepts what people type: 50000, 50.000, Rp50.000."""

    def to_python(self, value):
        if isinstance(value, str):
            value = re.sub(r"(?i)^\s*rp\.?|[.\s]", "", value)
        return super().to_python(value)


class ListingFilterForm(forms.Form):
    q = forms.CharField(label=_("Words"), required=False, max_length=100)
    kategori = forms.ChoiceField(label=_("Category"), required=False)
    kecamatan = forms.ChoiceField(label=_("Maker's kecamatan"), required=False)
    galeri = forms.ChoiceField(label=_("In stock at"), required=False)
    harga_min = RupiahField(
        label=_("Lowest price (Rp)"), required=False, min_value=0, max_value=PRICE_MAX
    )
    harga_maks = RupiahField(
        label=_("Highest price (Rp)"), required=False, min_value=0, max_value=PRICE_MAX
    )
    tersedia = forms.BooleanField(label=_("In stock now"), required=False)
    pesanan = forms.BooleanField(label=_("Made to order"), required=False)
    urut = forms.ChoiceField(
        required=False, choices=list(Sort.LABELS.items()), widget=forms.HiddenInput
    )

    def __init__(self, data, *, categories, kecamatan, outlets, exclude=()):
        super().__init__(data, auto_id="listing-%s")
        everything = _("All")
        self.fields["kategori"].choices = [("", everything), *categories]
        self.fields["kecamatan"].choices = [("", everything), *kecamatan]
        self.fields["galeri"].choices = [("", _("Any outlet")), *outlets]
        for name in ("harga_min", "harga_maks"):
            self.fields[name].widget = forms.TextInput(attrs={"inputmode": "numeric", "size": 9})
        self.fields["q"].widget.input_type = "search"
        for name in exclude:
            self.fields.pop(name, None)
        if not categories:
            self.fields.pop("kategori", None)

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("harga_min"), cleaned.get("harga_maks")
        if low is not None and high is not None and low > high:
            self.add_error("harga_maks", gettext("The highest price is below the lowest price."))
        return cleaned

    def valid_values(self):
        """The cleaned value of every field that is valid and set; the others are ignored."""
        self.is_valid()
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in self.errors and value not in (None, "", False)
        }


# The listing


@dataclass
class ActiveFilter:
    label: str
    remove_url: str


@dataclass
class SortLink:
    value: str
    label: str
    url: str
    current: bool


@dataclass
class ProductListing:
    form: ListingFilterForm
    page_obj: Page
    products: list
    typed_query: str = ""
    query: str = ""
    suggestion: str = ""
    suggestion_url: str = ""
    corrected: bool = False
    sort: str = Sort.NEWEST
    sort_links: list = field(default_factory=list)
    active_filters: list = field(default_factory=list)
    clear_url: str = ""
    query_string: str = ""

    @property
    def is_filtered(self):
        return bool(self.active_filters)

    @property
    def count(self):
        return self.page_obj.paginator.count


def _url(path, params):
    query = urlencode([(name, value) for name, value in params.items() if value not in ("", None)])
    return f"{path}?{query}" if query else path


def product_listing(
    request, queryset, *, category=None, tree=None, exclude_filters=(), per_page=None
):
    """The listing of the public products of ``queryset`` that match the request's filters.

    ``category`` narrows it to a category and its children (the category page); ``tree`` is a
    ``CategoryTree`` the caller already loaded; ``exclude_filters`` names filters that make no
    sense on the page (``("kecamatan",)`` on a vendor's page).
    """
    tree = tree or CategoryTree.load()
    outlets = list(Outlet.objects.active().only("pk", "slug", "name"))
    kecamatan = []
    if "kecamatan" not in exclude_filters:
        kecamatan = list(
            Kecamatan.objects.filter(vendors__in=Product.objects.public().values("vendor"))
            .distinct()
            .values_list("code", "name")
        )
    form = ListingFilterForm(
        request.GET,
        categories=tree.choices(within=category),
        kecamatan=kecamatan,
        outlets=[(outlet.slug, outlet.name) for outlet in outlets],
        exclude=exclude_filters,
    )
    values = form.valid_values()
    typed_query = " ".join(values.get("q", "").split())

    products = queryset.public()
    if category:
        products = products.filter(category__in=tree.with_children(category))
    products = _filter(products, values, tree=tree, outlets=outlets)

    sort = values.get("urut") or (Sort.RELEVANCE if typed_query else Sort.NEWEST)
    if sort == Sort.RELEVANCE and not typed_query:
        sort = Sort.NEWEST
    per_page = per_page or PER_PAGE

    query, suggestion, corrected = typed_query, "", False
    if typed_query:
        paginator = Paginator(_ordered(search(products, typed_query), sort), per_page)
        if paginator.count == 0:
            suggestion = suggest_correction(typed_query, using=products.db) or ""
            if suggestion:
                retry = Paginator(_ordered(search(products, suggestion), sort), per_page)
                if retry.count:
                    paginator, query, corrected = retry, suggestion, True
    else:
        paginator = Paginator(_ordered(products, sort), per_page)

    page_obj = paginator.get_page(request.GET.get("page"))
    page_obj.object_list = with_card_images(page_obj.object_list)

    path = request.path
    params = {name: request.GET.get(name, "") for name in PARAMETERS if name in form.fields}
    return {
        "listing": ProductListing(
            form=form,
            page_obj=page_obj,
            products=page_obj.object_list,
            typed_query=typed_query,
            query=query,
            suggestion=suggestion,
            suggestion_url=_url(path, {**params, "q": suggestion}) if suggestion else "",
            corrected=corrected,
            sort=sort,
            sort_links=[
                SortLink(value, label, _url(path, {**params, "urut": value}), value == sort)
                for value, label in Sort.LABELS.items()
                if value != Sort.RELEVANCE or typed_query
            ],
            active_filters=_active_filters(path, params, values, form),
            clear_url=path,
            query_string=urlencode([(k, v) for k, v in params.items() if v]),
        )
    }


def _filter(products, values, *, tree, outlets):
    if slug := values.get("kategori"):
        products = products.filter(category__in=tree.with_children(tree.get(slug)))
    if code := values.get("kecamatan"):
        products = products.filter(vendor__kecamatan__code=code)
    if slug := values.get("galeri"):
        outlet = next(outlet for outlet in outlets if outlet.slug == slug)
        products = products.filter(
            Exists(
                StockLevel.objects.filter(
                    product=OuterRef("pk"), outlet=outlet, on_hand__gt=F("reserved")
                )
            )
        )
    if "harga_min" in values:
        products = products.filter(price__gte=values["harga_min"])
    if "harga_maks" in values:
        products = products.filter(price__lte=values["harga_maks"])
    if values.get("tersedia"):
        products = products.filter(
            Exists(
                StockLevel.objects.filter(
                    product=OuterRef("pk"),
                    outlet__is_active=True,
                    outlet__is_planned=False,
                    on_hand__gt=F("reserved"),
                )
            )
        )
    if values.get("pesanan"):
        products = products.filter(made_to_order=True)
    return products


def _ordered(products, sort):
    return for_cards(products).order_by(*Sort.ORDER[sort])


def _active_filters(path, params, values, form):
    def without(*names):
        return _url(path, {k: v for k, v in params.items() if k not in names})

    choices = {
        name: dict(form.fields[name].choices)
        for name in ("kategori", "kecamatan", "galeri")
        if name in form.fields
    }
    labels = {
        "q": lambda v: gettext("Words: %(words)s") % {"words": v},
        "kategori": lambda v: choices["kategori"][v].lstrip("— "),
        "kecamatan": lambda v: gettext("Kecamatan %(name)s") % {"name": choices["kecamatan"][v]},
        "galeri": lambda v: gettext("In stock at %(outlet)s") % {"outlet": choices["galeri"][v]},
        "harga_min": lambda v: gettext("From %(price)s") % {"price": format_rupiah(v)},
        "harga_maks": lambda v: gettext("Up to %(price)s") % {"price": format_rupiah(v)},
        "tersedia": lambda v: gettext("In stock now"),
        "pesanan": lambda v: gettext("Made to order"),
    }
    return [
        ActiveFilter(label(values[name]), without(name))
        for name, label in labels.items()
        if name in values
    ]
