from django import forms
from django.utils.translation import gettext_lazy as _

from core.models import Kecamatan
from products.models import Category


class VendorFilterForm(forms.Form):
    """The directory's filters, as GET parameters; an unknown value is simply ignored."""

    kecamatan = forms.ModelChoiceField(
        label=_("Kecamatan"),
        queryset=Kecamatan.objects.all(),
        to_field_name="name",
        required=False,
        empty_label=_("All kecamatan"),
    )
    category = forms.ModelChoiceField(
        label=_("Craft"),
        queryset=Category.objects.filter(parent=None),
        to_field_name="slug",
        required=False,
        empty_label=_("All crafts"),
    )

    def filters(self):
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: value for name, value in data.items() if value}
