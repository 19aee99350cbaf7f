from django import forms
from django.utils.translation import gettext_lazy as _

from gallery.models import Outlet

from .figures import Filters
from .models import Payout


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DashboardFilterForm(forms.Form):
    """The dashboard's GET form: a period (Jakarta days, both ends included) and an outlet."""

    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())
    outlet = forms.ModelChoiceField(
        label=_("Outlet"),
        queryset=Outlet.objects.order_by("position", "name"),
        required=False,
        empty_label=_("All outlets"),
    )

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_from > date_to:
            raise forms.ValidationError(_("The start of the period must come before its end."))
        return cleaned

    def filters(self) -> Filters:
        """The chosen filters, or none at all when the form is empty or wrong."""
        if not self.is_bound or not self.is_valid():
            return Filters()
        return Filters(
            date_from=self.cleaned_data["date_from"],
            date_to=self.cleaned_data["date_to"],
            outlet=self.cleaned_data["outlet"],
        )


class PayoutForm(forms.ModelForm):
    class Meta:
        model = Payout
        fields = ["vendor", "amount", "paid_on", "reference", "note"]
        widgets = {"paid_on": DateInput()}
