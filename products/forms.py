import re

from django import forms
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from core.images import ImageField

from .models import LEAD_TIME_MAX_DAYS, PRICE_MAX, PRICE_MIN, Category, Product
from .services import EDITABLE_FIELDS


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
            "weight_grams": forms.NumberInput(attrs={"inputmode": "numeric", "min": 1}),
            "lead_time_days": forms.NumberInput(
                attrs={"inputmode": "numeric", "min": 1, "max": LEAD_TIME_MAX_DAYS}
            ),
        }
        help_texts = {
            "name": _("What a shopper would search for, for example Guci Keramik Motif Daun."),
            "description": _(
                "How it is made, what it is for, how to care for it. "
                "For food: how long it keeps (for example 3 months) and how to store it."
            ),
            "materials": _("For example tanah liat, bambu, kain katun, gula aren murni."),
            "made_to_order": _("Made after the order is placed, not kept in stock."),
            "lead_time_days": _("Days needed to make it, if made to order."),
        }

    def clean(self):
        # The range comes from the model field; a missing lead time is Product.clean's to say.
        cleaned = super().clean()
        if not cleaned.get("made_to_order"):
            cleaned["lead_time_days"] = None
        return cleaned


class ProductImageForm(forms.Form):
    picture = ImageField(label=_("Photo"))
    alt = forms.CharField(
        label=_("Describe the picture"),
        max_length=200,
        help_text=_(
            "A few words for people who cannot see it, for example "
            "“Guci coklat setinggi 40 cm dengan motif daun”."
        ),
    )


class ProductImageAltForm(forms.Form):
    alt = forms.CharField(label=_("Describe the picture"), max_length=200)


class HideProductsForm(forms.Form):
    """Staff's reason for hiding products; the vendor reads it in the dashboard."""

    reason = forms.CharField(
        label=_("Reason (the vendor sees it)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )
