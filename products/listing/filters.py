"""The listing's filters: the GET form, the category tree behind it, and the sorts."""

import re

from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gallery.models import StockLevel

from ..models import PRICE_MAX, Category


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
        self.by_id = {category.pk: category for category in self.categories}
        for category in self.categories:
            category.children_list = children.get(category.pk, [])
            category.parent_in_tree = self.by_id.get(category.parent_id)

    @classmethod
    def load(cls):
        return cls(Category.objects.all())

    def get(self, slug):
        return self.by_slug.get(slug)

    def with_parent(self, category_id):
        """The category with that id, its ``parent`` set from the tree; None if unknown."""
        category = self.by_id.get(category_id)
        if category is not None and category.parent_id:
            category.parent = category.parent_in_tree
        return category

    def with_children(self, category):
        return [category, *category.children_list]

    def choices(self, within=None):
        tops = within.children_list if within else self.top
        choices = []
        for category in tops:
            choices.append((category.slug, category.name))
            choices.extend((child.slug, f"— {child.name}") for child in category.children_list)
        return choices


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
        if not self.data.get("urut"):
            self.fields.pop("urut")  # the sort is chosen by links; the form only carries it

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


def apply_filters(products, values, *, tree, outlets):
    if slug := values.get("kategori"):
        products = products.filter(category__in=tree.with_children(tree.get(slug)))
    if code := values.get("kecamatan"):
        products = products.filter(vendor__kecamatan__code=code)
    if slug := values.get("galeri"):
        outlet = next(outlet for outlet in outlets if outlet.slug == slug)
        products = products.filter(
            Exists(StockLevel.objects.filter(product=OuterRef("pk"), outlet=outlet).in_stock())
        )
    if "harga_min" in values:
        products = products.filter(price__gte=values["harga_min"])
    if "harga_maks" in values:
        products = products.filter(price__lte=values["harga_maks"])
    if values.get("tersedia"):
        products = products.filter(
            Exists(
                StockLevel.objects.filter(
                    product=OuterRef("pk"), outlet__is_active=True, outlet__is_planned=False
                ).in_stock()
            )
        )
    if values.get("pesanan"):
        products = products.filter(made_to_order=True)
    return products
