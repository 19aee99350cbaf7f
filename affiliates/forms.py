from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.phones import normalise_mobile

from .models import AffiliatePayout


class AffiliateSignupForm(forms.Form):
    whatsapp = forms.CharField(
        label=_("WhatsApp number"),
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        help_text=_("We contact you here about your application and payouts."),
    )
    bank_name = forms.CharField(label=_("Bank"), max_length=60)
    account_number = forms.CharField(
        label=_("Account number"),
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    account_holder = forms.CharField(label=_("Account holder's name"), max_length=120)
    consent = forms.BooleanField(
        label=_("I have read and accept the affiliate terms above."),
        error_messages={"required": _("Accept the terms to sign up.")},
    )

    def clean_whatsapp(self):
        return normalise_mobile(self.cleaned_data["whatsapp"])

    def clean_account_number(self):
        number = "".join(self.cleaned_data["account_number"].split()).replace("-", "")
        if not number.isascii() or not number.isdigit() or not 5 <= len(number) <= 20:
            raise ValidationError(_("Enter the account number: 5 to 20 digits."))
        return number


class ShareLinkForm(forms.Form):
    """The page to share: pasted from the browser's address bar, or a path of this site."""

    alamat = forms.CharField(
        label=_("Address of a page on this site"),
        max_length=500,
        widget=forms.TextInput(attrs={"inputmode": "url", "placeholder": "https://…/produk/…"}),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (the affiliate will read it)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
    )


class ReversalForm(forms.Form):
    reason = forms.CharField(
        label=_("What came back, and why"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
    )


class AffiliatePayoutForm(forms.ModelForm):
    class Meta:
        model = AffiliatePayout
        fields = ["affiliate", "amount", "paid_on", "reference", "note"]
