"""Forms of the counter's back office: shifts, voids and returns, flagged sales, stock counts.

They check the shape of what was typed; the rules (who may, how much, when) stay in
``counter.services``, which the views call with the cleaned values.
"""

import uuid

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from products.models import Category, Product
from vendors.models import Vendor

from .models import PaymentMethod
from .services.stocktake import MAX_COUNT

MAX_RUPIAH = 1_000_000_000


def _rupiah_field(label, help_text=""):
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=MAX_RUPIAH,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": "1"}),
    )


def _note_field(label):
    return forms.CharField(label=label, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class ShiftOpenForm(forms.Form):
    opening_float = _rupiah_field(
        _("Cash float (Rupiah)"), _("The cash counted into the drawer before the first sale.")
    )


class ShiftCloseForm(forms.Form):
    counted_cash = _rupiah_field(
        _("Counted cash (Rupiah)"), _("All the cash in the drawer, the float included.")
    )
    reason = forms.CharField(
        label=_("Reason for the difference"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the counted cash differs from the expected cash."),
    )


class ApprovalForm(forms.Form):
    note = _note_field(_("Approval note"))


class VoidForm(forms.Form):
    reason = _note_field(_("Reason for the void"))


class ResolveForm(forms.Form):
    note = _note_field(_("How it was resolved"))


class ReturnForm(forms.Form):
    """One quantity and one condition per line of the receipt that can still come back.

    The form does not cap the quantities: the service knows what is still returnable when the
    return is recorded, and says so.
    """

    SHELF, DAMAGED = "shelf", "damaged"
    CONDITIONS = [(SHELF, _("Back on the shelf")), (DAMAGED, _("Damaged, written off"))]

    reason = _note_field(_("Reason for the return"))
    refund_method = forms.ChoiceField(
        label=_("Refunded by"), choices=PaymentMethod.choices, widget=forms.RadioSelect
    )
    refund_reference = forms.CharField(
        label=_("Refund reference"),
        required=False,
        max_length=80,
        help_text=_("The QRIS or transfer reference, if any."),
    )
    idempotency_key = forms.CharField(max_length=64, widget=forms.HiddenInput)

    def __init__(self, *args, lines, left, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)
            self.initial.setdefault("refund_method", PaymentMethod.CASH)
        self.rows = []
        for line in lines:
            units_left = left.get(line.pk, (0, 0))[0]
            if units_left <= 0:
                continue
            quantity = forms.IntegerField(
                label=line.product_name,
                required=False,
                min_value=0,
                max_value=999,
                initial=0,
                widget=forms.NumberInput(attrs={"max": units_left, "inputmode": "numeric"}),
            )
            condition = forms.ChoiceField(
                label=_("Condition"),
                choices=self.CONDITIONS,
                initial=self.SHELF,
                widget=forms.RadioSelect,
            )
            self.fields[f"quantity_{line.pk}"] = quantity
            self.fields[f"condition_{line.pk}"] = condition
            self.rows.append(
                (line, units_left, self[f"quantity_{line.pk}"], self[f"condition_{line.pk}"])
            )

    def returned_items(self):
        """``(sale line id, quantity, back on the shelf)`` for every line with a quantity."""
        return [
            (
                line.pk,
                self.cleaned_data[f"quantity_{line.pk}"],
                self.cleaned_data[f"condition_{line.pk}"] == self.SHELF,
            )
            for line, _left, _quantity, _condition in self.rows
            if self.cleaned_data.get(f"quantity_{line.pk}")
        ]


class StockCountStartForm(forms.Form):
    vendor = forms.ModelChoiceField(
        label=_("Only this maker"),
        queryset=Vendor.objects.none(),
        required=False,
        empty_label=_("All makers"),
    )
    category = forms.ModelChoiceField(
        label=_("Only this category"),
        queryset=Category.objects.none(),
        required=False,
        empty_label=_("All categories"),
    )

    def __init__(self, *args, outlet, **kwargs):
        super().__init__(*args, **kwargs)
        on_shelf = Q(stock_levels__outlet=outlet, stock_levels__on_hand__gt=0)
        self.fields["vendor"].queryset = Vendor.objects.filter(
            pk__in=Product.objects.filter(on_shelf).values("vendor_id")
        ).order_by("business_name")
        product_categories = Product.objects.filter(on_shelf).values("category_id")
        self.fields["category"].queryset = Category.objects.filter(
            Q(pk__in=product_categories)
            | Q(pk__in=Category.objects.filter(pk__in=product_categories).values("parent_id"))
        ).select_related("parent")
        self.fields["category"].label_from_instance = lambda category: category.full_name
        self.fields["vendor"].label_from_instance = lambda vendor: vendor.business_name


class StockCountLinesForm(forms.Form):
    """A number box per counted product on one page of the sheet; blank means not counted."""

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for line in lines:
            name = f"line_{line.pk}"
            self.fields[name] = forms.IntegerField(
                label=line.product.name,
                required=False,
                min_value=0,
                max_value=MAX_COUNT,
                initial=line.counted,
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "count-input"}),
            )
            self.rows.append((line, self[name]))

    def counted(self, submitted):
        """``{line id: units or None}`` for the boxes the request carried (a missing box is left
        alone rather than cleared)."""
        return {
            line.pk: self.cleaned_data[f"line_{line.pk}"]
            for line, _field in self.rows
            if f"line_{line.pk}" in submitted
        }
