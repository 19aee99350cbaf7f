from django import forms
from django.utils.translation import gettext_lazy as _


class ReasonForm(forms.Form):
    """The reason staff give when they reject or suspend (the vendor reads it)."""

    reason = forms.CharField(
        label=_("Reason (the vendor will read it)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
    )
