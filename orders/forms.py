from django import forms
from django.utils.translation import gettext_lazy as _

from core.phones import normalise_mobile
from gallery.models import Outlet
from products.models import Product

from .cart import MAX_LINE_QUANTITY
from .models import Order

QUANTITY_ERRORS = {
    "required": _("Enter a quantity."),
    "invalid": _("The quantity must be a whole number."),
    "min_value": _("The quantity must be at least 1."),
    "max_value": _("The quantity must be at most %(limit_value)s."),
}


def quantity_field(**kwargs):
    return forms.IntegerField(
        label=_("Quantity"),
        min_value=1,
        max_value=MAX_LINE_QUANTITY,
        error_messages=QUANTITY_ERRORS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        **kwargs,
    )


class AddToCartForm(forms.Form):
    """Only a product and a quantity: whatever else is posted (a price, say) is ignored."""

    product = forms.ModelChoiceField(
        queryset=Product.objects.public(),
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Choose a product."),
            "invalid_choice": _("This product is not for sale."),
        },
    )
    quantity = quantity_field()


class CartQuantityForm(forms.Form):
    quantity = quantity_field()


class OutletChoiceForm(forms.Form):
    outlet = forms.ModelChoiceField(
        label=_("Pickup outlet"),
        queryset=Outlet.objects.active(),
        to_field_name="slug",
        empty_label=None,
        error_messages={"invalid_choice": _("This outlet does not take orders.")},
    )


class MobileNumberField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"})
        )
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        return normalise_mobile(value) if value else value


class CheckoutForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=120,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        help_text=_("Whoever picks the order up tells this name at the counter."),
    )
    phone = MobileNumberField(
        label=_("WhatsApp number"),
        help_text=_("We send news about the order here. For example 0812 3456 7890."),
    )
    email = forms.EmailField(
        label=_("Email (optional)"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("For a confirmation by email."),
    )
    outlet = forms.ModelChoiceField(
        label=_("Pickup outlet"),
        queryset=Outlet.objects.active(),
        empty_label=None,
        error_messages={"invalid_choice": _("This outlet does not take orders.")},
    )
    note = forms.CharField(
        label=_("Note for the outlet (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())


class OrderLookupForm(forms.Form):
    number = forms.CharField(
        label=_("Order number"),
        max_length=24,
        help_text=_("For example GM-261128-7Q4KX."),
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "spellcheck": "false"}),
    )
    phone = MobileNumberField(label=_("WhatsApp number used for the order"))

    def clean_number(self):
        return "".join(self.cleaned_data["number"].split()).upper()


class ShopperCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you cancel? (optional)"),
        required=False,
        max_length=300,
        widget=forms.TextInput,
    )


class CollectForm(forms.Form):
    payment_method = forms.ChoiceField(
        label=_("Paid with"),
        choices=Order.PaymentMethod.choices,
        widget=forms.RadioSelect,
    )


class StaffCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The shopper reads this reason."),
    )
