"""The business profile: registration (with the account), the owner's edits, staff corrections."""

import datetime

from django import forms
from django.contrib.auth.forms import SetPasswordMixin
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.images import ImageField
from core.models import Kecamatan
from core.uploads import KeepsUploads, KeptFileInput
from products.models import Category

from .. import validators
from ..models import FOUNDED_YEAR_MIN, Vendor, VendorLink
from .fields import Fieldset, PhotosField, StoreLinkField

Platform = VendorLink.Platform


class NormalisedNumbersMixin:
    """Phone and licence numbers as typed, stored in one canonical form."""

    def clean_whatsapp(self):
        return validators.normalise_whatsapp(self.cleaned_data["whatsapp"])

    def clean_nib(self):
        return validators.normalise_nib(self.cleaned_data["nib"])

    def clean_pirt_number(self):
        return validators.normalise_pirt(self.cleaned_data["pirt_number"])

    def clean_halal_number(self):
        return validators.normalise_halal(self.cleaned_data["halal_number"])


class VendorProfileForm(NormalisedNumbersMixin, forms.ModelForm):
    """The business profile, as the owner registers and edits it."""

    whatsapp = forms.CharField(
        label=_("WhatsApp number"),
        max_length=25,
        help_text=_("An Indonesian mobile number, such as 0812 3456 7890."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    show_whatsapp = forms.BooleanField(
        label=_("Show my WhatsApp number on my public page, so shoppers can message me"),
        required=False,
    )
    categories = forms.ModelMultipleChoiceField(
        label=_("What do you make?"),
        queryset=Category.objects.filter(parent=None),
        widget=forms.CheckboxSelectMultiple,
    )
    story = forms.CharField(
        label=_("The story of your business"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Who makes your goods, how, since when. Shoppers read this on your page."),
    )
    story_en = forms.CharField(
        label=_("The story of your business in English"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "lang": "en"}),
        help_text=_(
            "For visitors who read English. Left empty, your English page shows the "
            "Indonesian story."
        ),
    )
    founded_year = forms.IntegerField(
        label=_("Year founded"),
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    nib = forms.CharField(
        label=_("NIB (Nomor Induk Berusaha)"),
        max_length=30,
        required=False,
        help_text=_("13 digits, if your business has one."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    pirt_number = forms.CharField(
        label=_("P-IRT number"),
        max_length=60,
        required=False,
        help_text=_("For home-made food and drink, such as P-IRT No. 1234567890123-45."),
    )
    halal_number = forms.CharField(
        label=_("Halal certificate number"),
        max_length=60,
        required=False,
        help_text=_("Starts with ID, such as ID32110000123450321."),
    )

    account_fields = ()
    fieldsets = (
        (
            _("Your business"),
            ("business_name", "owner_name", "categories", "story", "founded_year"),
        ),
        (_("English (optional)"), ("story_en",)),
        (_("Where you work"), ("kecamatan", "desa", "address")),
        (_("Contact"), ("whatsapp", "show_whatsapp", "language")),
        (
            _("Licences"),
            ("nib", "pirt_number", "halal_number", "needs_licensing_help"),
        ),
        (
            _("Your shops elsewhere"),
            tuple(f"link_{platform}" for platform in Platform.values),
        ),
    )

    class Meta:
        model = Vendor
        fields = [
            "business_name",
            "owner_name",
            "categories",
            "story",
            "story_en",
            "founded_year",
            "kecamatan",
            "desa",
            "address",
            "whatsapp",
            "show_whatsapp",
            "language",
            "nib",
            "pirt_number",
            "halal_number",
            "needs_licensing_help",
        ]
        labels = {
            "business_name": _("Business name"),
            "owner_name": _("Owner's name"),
            "kecamatan": _("Kecamatan"),
            "desa": _("Desa / kelurahan"),
            "address": _("Street address"),
            "needs_licensing_help": _("I need help with licensing (NIB, P-IRT, halal)"),
            "language": _("Language for our emails"),
        }
        widgets = {
            "owner_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "address": forms.TextInput(attrs={"autocomplete": "street-address"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kecamatan"].queryset = Kecamatan.objects.all()
        self.fields["kecamatan"].empty_label = _("Choose your kecamatan")
        this_year = datetime.date.today().year
        self.fields["founded_year"].validators += [
            MinValueValidator(FOUNDED_YEAR_MIN),
            MaxValueValidator(this_year),
        ]
        self.fields["founded_year"].widget.attrs.update(min=FOUNDED_YEAR_MIN, max=this_year)
        # Without categories in the catalogue yet, nobody could register if one were required.
        if not self.fields["categories"].queryset.exists():
            del self.fields["categories"]
        existing = (
            {link.platform: link.url for link in self.instance.links.all()}
            if self.instance.pk
            else {}
        )
        for platform in Platform:
            self.fields[f"link_{platform.value}"] = StoreLinkField(
                platform.value,
                label=platform.label,
                initial=existing.get(platform.value, ""),
                help_text=_("For example @yourshop or https://www.instagram.com/yourshop/")
                if platform.value == Platform.INSTAGRAM
                else None,
            )

    def fieldset_list(self):
        groups = list(self.fieldsets)
        if self.account_fields:
            groups.insert(0, (_("Your account"), self.account_fields))
        return [
            Fieldset(self, legend, names, first=index == 0)
            for index, (legend, names) in enumerate(groups)
        ]

    def clean_business_name(self):
        name = " ".join(self.cleaned_data["business_name"].split())
        if not any(char.isalnum() for char in name):
            raise forms.ValidationError(_("Enter the name of your business."), code="invalid")
        return name

    def profile_data(self):
        """The profile's cleaned values, for ``vendor_register`` and ``vendor_update_profile``."""
        return {
            name: self.cleaned_data[name]
            for name in self._meta.fields
            if name != "categories" and name in self.fields
        }

    def selected_categories(self):
        return list(self.cleaned_data.get("categories") or [])

    def links_data(self):
        return {
            platform: self.cleaned_data.get(f"link_{platform}") or ""
            for platform in Platform.values
        }


class VendorRegistrationForm(KeepsUploads, SetPasswordMixin, VendorProfileForm):
    """One page: the owner's account (unless already logged in), the business and its pictures.

    Pictures that passed their checks are kept when something else is refused."""

    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("We send a link to this address to confirm it."),
    )
    password1, password2 = SetPasswordMixin.create_password_fields()
    logo = ImageField(label=_("Logo"), required=False, widget=KeptFileInput)
    photos = PhotosField(
        label=_("Photos of your workshop and goods"),
        required=False,
        help_text=_("Up to 6 photos in JPEG, PNG or WebP format, at most 10 MB each."),
    )

    account_fields = ("email", "password1", "password2")
    kept_upload_fields = ("logo", "photos")
    fieldsets = (
        *VendorProfileForm.fieldsets,
        (_("Pictures"), ("logo", "photos")),
    )

    class Meta(VendorProfileForm.Meta):
        fields = [name for name in VendorProfileForm.Meta.fields if name != "language"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user if user is not None and user.is_authenticated else None
        if self.user is not None:
            self.account_fields = ()
            for name in ("email", "password1", "password2"):
                del self.fields[name]
        else:
            self.order_fields(["email", "password1", "password2"])

    def clean_email(self):
        # Whether the address is taken is never said here: the service emails its owner.
        return User.objects.normalize_email(self.cleaned_data["email"]).strip()

    def clean(self):
        cleaned_data = super().clean()
        if self.user is None:
            self.validate_passwords()
            self.validate_password_for_user(
                User(
                    email=cleaned_data.get("email", ""),
                    full_name=cleaned_data.get("owner_name", ""),
                )
            )
        return cleaned_data


class VendorAdminForm(NormalisedNumbersMixin, forms.ModelForm):
    """Staff corrections in the admin: the same normalising as the owner's form."""

    whatsapp = VendorProfileForm.base_fields["whatsapp"]
    nib = VendorProfileForm.base_fields["nib"]
    pirt_number = VendorProfileForm.base_fields["pirt_number"]
    halal_number = VendorProfileForm.base_fields["halal_number"]

    class Meta:
        model = Vendor
        fields = VendorProfileForm.Meta.fields
