"""Permits on the vendor's admin page: staff record each one with the date it was obtained."""

from django import forms
from django.contrib import admin

from ..permits import VendorPermit, permit_record


class PermitFormSet(forms.BaseInlineFormSet):
    """New permits go through ``permit_record``, which keeps who recorded them."""

    recorded_by = None

    def save_new(self, form, commit=True):
        data = form.cleaned_data
        return permit_record(
            vendor=self.instance,
            kind=data["kind"],
            number=data["number"],
            obtained_on=data["obtained_on"],
            valid_until=data.get("valid_until"),
            note=data.get("note", ""),
            by=self.recorded_by,
        )


class VendorPermitInline(admin.TabularInline):
    model = VendorPermit
    formset = PermitFormSet
    extra = 0
    fields = ["kind", "number", "obtained_on", "valid_until", "note", "recorded_by", "recorded_at"]
    readonly_fields = ["recorded_by", "recorded_at"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.recorded_by = request.user
        return formset

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("recorded_by")
