import re

from django import forms
from django.core.validators import MaxLengthValidator
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from core.images import ImageField
from core.uploads import KeepsUploads, KeptFileInput
from vendors.forms.fields import Fieldset

from .models import (
    LEAD_TIME_MAX_DAYS,
    PRICE_MAX,
    PRICE_MIN,
    SHELF_LIFE_MAX_DAYS,
    Category,
    Product,
)
from .services import EDITABLE_FIELDS

# What only food carries: its permits and its shelf life.
FOOD_FIELDS = ("pirt_number", "bpom_number", "halal_number", "shelf_life_days")
# Optional words for the English pages, which show the Indonesian ones where these are empty.
ENGLISH_FIELDS = ("name_en", "description_en")


class RupiahField(forms.IntegerField):
    """Whole Rupiah, typed the way people write it: 150000, 150.000, Rp150.000 or Rp 150,000."""

    widget = forms.TextInput

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", PRICE_MIN)
        kwargs.setdefault("max_value", PRICE_MAX)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        # A text input: "150.000" is a price here, not a decimal. Digits keypad on phones.
        attrs.pop("min", None)
        attrs.pop("max", None)
        attrs.pop("step", None)
        attrs.update({"inputmode": "numeric", "autocomplete": "off"})
        return attrs

    def to_python(self, value):
        if isinstance(value, str):
            value = re.sub(r"^\s*rp\.?\s*", "", value.strip(), flags=re.IGNORECASE)
            if re.fullmatch(r"\d{1,3}([.,]\d{3})+|\d+", value):
                value = re.sub(r"[.,]", "", value)
        return super().to_python(value)


class CategorySelect(forms.Select):
    """Marks the options of food categories (``data-food``), so the form's script can show the
    food section only where it applies."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        category = getattr(value, "instance", None)
        if category is not None and is_food_category(category):
            option["attrs"]["data-food"] = True
        return option


def is_food_category(category):
    return category.is_food or bool(category.parent_id and category.parent.is_food)


class CategoryField(forms.ModelChoiceField):
    """The categories a product can be filed under: subcategories, and top categories that have
    none, labelled with their parent ("Keramik & Gerabah › Guci & Vas")."""

    def __init__(self, **kwargs):
        queryset = (
            Category.objects.filter(children__isnull=True)
            .select_related("parent")
            .order_by(
                F("parent__position").asc(nulls_first=True),
                F("parent__name_id").asc(nulls_first=True),
                "position",
                "name_id",
            )
        )
        kwargs.setdefault("widget", CategorySelect)
        super().__init__(queryset=queryset, **kwargs)

    def label_from_instance(self, obj):
        return obj.full_name


class ProductForm(forms.ModelForm):
    """What a vendor writes about a product. Never the vendor, the status, the slug or the
    moderation fields: those change only through their services."""

    category = CategoryField(label=_("Category"))
    price = RupiahField(
        label=_("Price (Rupiah)"),
        help_text=_("Whole Rupiah, for example 150.000."),
    )

    class Meta:
        model = Product
        fields = EDITABLE_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "name_en": forms.TextInput(attrs={"lang": "en"}),
            "description_en": forms.Textarea(attrs={"rows": 6, "lang": "en"}),
            "weight_grams": forms.NumberInput(attrs={"inputmode": "numeric", "min": 1}),
            "lead_time_days": forms.NumberInput(
                attrs={"inputmode": "numeric", "min": 1, "max": LEAD_TIME_MAX_DAYS}
            ),
            "pirt_number": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "bpom_number": forms.TextInput(attrs={"autocomplete": "off"}),
            "halal_number": forms.TextInput(attrs={"autocomplete": "off"}),
            "shelf_life_days": forms.NumberInput(
                attrs={"inputmode": "numeric", "min": 1, "max": SHELF_LIFE_MAX_DAYS}
            ),
        }
        labels = {
            "name_en": _("Name in English"),
            "description_en": _("Description in English"),
        }
        help_texts = {
            "name": _("What a shopper would search for, for example Guci Keramik Motif Daun."),
            "name_en": _("For example Leaf-Pattern Ceramic Jar."),
            "description_en": _("The same description for visitors who read English."),
            "description": _(
                "How it is made, what it is for, how to care for it. "
                "For food: how long it keeps (for example 3 months) and how to store it."
            ),
            "materials": _("For example tanah liat, bambu, kain katun, gula aren murni."),
            "made_to_order": _("Made after the order is placed, not kept in stock."),
            "lead_time_days": _("Days needed to make it, if made to order."),
            "pirt_number": _(
                "As printed on the pack, for example P-IRT No. 2063214010123-26: 15 to 17 digits."
            ),
            "shelf_life_days": _(
                "Days from production to expiry, for example 90. The gallery uses it as the "
                "expiry date of a new batch unless the pack says otherwise."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Room for the number as printed ("P-IRT No. 2063214010123-26"); the clean_ methods
        # shorten it to what is stored, and the model checks that.
        for name in ("pirt_number", "bpom_number"):
            field = self.fields[name]
            field.max_length = 40
            field.validators = [
                v for v in field.validators if not isinstance(v, MaxLengthValidator)
            ]
            field.widget.attrs["maxlength"] = "40"

    def fieldset_list(self):
        """The product's details, the food section, then the English words (each section's
        fields are left out of the first)."""
        others = [name for name in self.fields if name not in FOOD_FIELDS + ENGLISH_FIELDS]
        return [
            Fieldset(self, _("The product"), others, first=True),
            Fieldset(self, _("Food"), FOOD_FIELDS),
            Fieldset(self, _("English (optional)"), ENGLISH_FIELDS),
        ]

    @property
    def food_warnings(self):
        """What a food product lacks as saved: shoppers and the gallery's curators look for
        its permit, and the gallery dates new batches from its shelf life."""
        product = self.instance
        if not product.pk or not product.is_food:
            return []
        warnings = []
        if not product.permit:
            warnings.append(
                _(
                    "This is food: add its P-IRT or BPOM number. The gallery checks the "
                    "permit on the label before taking it in."
                )
            )
        if not product.shelf_life_days:
            warnings.append(
                _("This is food: add its shelf life, so each batch gets its expiry date.")
            )
        return warnings

    def clean_pirt_number(self):
        # Written on packs as "P-IRT No. 2063214010123-26" or with dots; stored as digits only.
        value = self.cleaned_data["pirt_number"].strip()
        value = re.sub(r"^s?pp?[-. ]?irt\s*(no\.?|nomor)?\s*:?\s*", "", value, flags=re.I)
        return re.sub(r"[\s.\-/]", "", value)

    def clean_bpom_number(self):
        # "BPOM RI MD 224510001234", "md224510001234", "MD 2245.1000.1234": stored "MD 224510001234".
        value = self.cleaned_data["bpom_number"].strip().upper()
        value = re.sub(r"^(BPOM)?\s*(RI)?\s*:?\s*", "", value)
        match = re.fullmatch(r"(MD|ML)\s*([0-9][0-9 .\-]*)", value)
        if match:
            return match.group(1) + " " + re.sub(r"[ .\-]", "", match.group(2))
        return value

    def clean_halal_number(self):
        return " ".join(self.cleaned_data["halal_number"].split()).upper()

    def clean(self):
        # The range comes from the model field; a missing lead time is Product.clean's to say.
        cleaned = super().clean()
        if not cleaned.get("made_to_order"):
            cleaned["lead_time_days"] = None
        return cleaned


class ProductNamedAltMixin:
    """The description of a product picture is optional: the product's name stands in for it,
    and the empty field shows that name as its placeholder."""

    def __init__(self, *args, product_name="", **kwargs):
        super().__init__(*args, **kwargs)
        if product_name:
            self.fields["alt"].widget.attrs["placeholder"] = product_name


class ProductImageForm(KeepsUploads, ProductNamedAltMixin, forms.Form):
    picture = ImageField(label=_("Photo"), widget=KeptFileInput)
    alt = forms.CharField(
        label=_("Describe the picture (optional)"),
        max_length=200,
        required=False,
        help_text=_(
            "A few words for people who cannot see it, for example "
            "“Guci coklat setinggi 40 cm dengan motif daun”. Left empty, the product's name "
            "is used."
        ),
    )

    kept_upload_fields = ("picture",)


class ProductImageAltForm(ProductNamedAltMixin, forms.Form):
    alt = forms.CharField(
        label=_("Describe the picture (optional)"),
        max_length=200,
        required=False,
        help_text=_("Left empty, the product's name is used."),
    )


class HideProductsForm(forms.Form):
    """Staff's reason for hiding products; the vendor reads it in the dashboard."""

    reason = forms.CharField(
        label=_("Reason (the vendor sees it)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )
