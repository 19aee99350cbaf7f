"""The counter's selling forms: finding and adding products, the payment, and the JSON of a sale
kept offline. Amounts are typed the way people write them here ("Rp150.000", "150 000")."""

import json
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.phones import normalise_mobile

from .services import LineInput, PaymentInput
from .services.sales import MAX_LINES, MAX_QUANTITY

MAX_AMOUNT = 10**12
MAX_ID = 2**31 - 1
_AMOUNT_NOISE = re.compile(r"(?i)^\s*rp\.?|[\s.,]")


class RupiahField(forms.IntegerField):
    """Whole Rupiah; "Rp150.000", "150.000" and "150 000" all read 150000."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", MAX_AMOUNT)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        # A numeric keypad on phones, and room for the dots people type.
        attrs.pop("step", None)
        attrs.pop("min", None)
        attrs.pop("max", None)
        attrs.update({"inputmode": "numeric", "autocomplete": "off"})
        return attrs

    def to_python(self, value):
        if isinstance(value, str):
            value = _AMOUNT_NOISE.sub("", value)
        return super().to_python(value)


class FindForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Code, name or scan"), max_length=300)


class AddForm(forms.Form):
    product = forms.IntegerField(min_value=1, max_value=MAX_ID, widget=forms.HiddenInput)
    quantity = forms.IntegerField(
        label=gettext_lazy("Quantity"),
        min_value=1,
        max_value=MAX_QUANTITY,
        initial=1,
        required=False,
    )

    def clean_quantity(self):
        return self.cleaned_data["quantity"] or 1


class QuantityForm(forms.Form):
    quantity = forms.IntegerField(
        label=gettext_lazy("Quantity"),
        min_value=0,
        max_value=MAX_QUANTITY,
        help_text=gettext_lazy("0 takes the line off the sale."),
    )
    # Food only: the batch of the pack the buyer took; empty for the one expiring first.
    batch = forms.IntegerField(min_value=1, max_value=MAX_ID, required=False)


class DiscountForm(forms.Form):
    discount = RupiahField(label=gettext_lazy("Discount (Rupiah)"), widget=forms.TextInput)
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=200, required=False)


def _line_inputs(data) -> list[LineInput]:
    """The sale's lines as the payment form carries them, in parallel hidden inputs."""
    columns = [data.getlist(name) for name in ("line_product", "line_quantity", "line_discount")]
    reasons = data.getlist("line_reason")
    batches = data.getlist("line_batch") or [""] * len(columns[0])
    if not columns[0] or len({len(column) for column in [*columns, reasons, batches]}) != 1:
        raise ValidationError(_("The sale has no items."))
    if len(columns[0]) > MAX_LINES:
        raise ValidationError(_("A receipt holds at most %(n)s lines.") % {"n": MAX_LINES})
    lines = []
    for product, quantity, discount, reason, batch in zip(*columns, reasons, batches, strict=True):
        try:
            line = LineInput(
                product_id=int(product),
                quantity=int(quantity),
                discount=int(discount or 0),
                discount_reason=reason[:200],
                batch_id=int(batch) if batch else None,
            )
        except ValueError as exc:
            raise ValidationError(_("This sale form is damaged. Please start again.")) from exc
        if not (
            1 <= line.product_id <= MAX_ID
            and 0 <= line.quantity <= MAX_QUANTITY
            and 0 <= line.discount <= MAX_AMOUNT
            and (line.batch_id is None or 1 <= line.batch_id <= MAX_ID)
        ):
            raise ValidationError(_("This sale form is damaged. Please start again."))
        lines.append(line)
    return lines


class CheckoutForm(forms.Form):
    """The payment: cash, QRIS, bank transfer or several of them. What QRIS and transfer do not
    cover is due in cash."""

    idempotency_key = forms.RegexField(regex=r"^[0-9a-f]{32}$", widget=forms.HiddenInput)
    expected_total = forms.IntegerField(min_value=0, max_value=MAX_AMOUNT, widget=forms.HiddenInput)
    shift_id = forms.IntegerField(
        min_value=1, max_value=MAX_ID, required=False, widget=forms.HiddenInput
    )
    cash_tendered = RupiahField(
        label=gettext_lazy("Cash given"), required=False, widget=forms.TextInput
    )
    qris_amount = RupiahField(
        label=gettext_lazy("Amount paid by QRIS"), required=False, widget=forms.TextInput
    )
    qris_received = forms.BooleanField(
        label=gettext_lazy("The QRIS payment has arrived"), required=False
    )
    qris_reference = forms.CharField(
        label=gettext_lazy("QRIS reference (optional)"), max_length=80, required=False
    )
    transfer_amount = RupiahField(
        label=gettext_lazy("Amount paid by bank transfer"), required=False, widget=forms.TextInput
    )
    transfer_reference = forms.CharField(
        label=gettext_lazy("Transfer reference (optional)"), max_length=80, required=False
    )
    buyer_phone = forms.CharField(
        label=gettext_lazy("Buyer's WhatsApp number (optional)"),
        max_length=24,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
        help_text=gettext_lazy("To send the receipt by WhatsApp."),
    )

    def clean_buyer_phone(self):
        phone = self.cleaned_data["buyer_phone"].strip()
        return normalise_mobile(phone) if phone else ""

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        data["lines"] = _line_inputs(self.data)
        total = data["expected_total"]
        qris = data.get("qris_amount") or 0
        transfer = data.get("transfer_amount") or 0
        if qris and not data.get("qris_received"):
            self.add_error("qris_received", _("Tick this once the QRIS payment has arrived."))
        cash_due = total - qris - transfer
        if cash_due < 0:
            raise ValidationError(_("The QRIS and transfer amounts are more than the total."))
        tendered = data.get("cash_tendered")
        if cash_due and tendered is None:
            self.add_error("cash_tendered", _("Enter the cash the buyer gave."))
        elif cash_due and tendered < cash_due:
            self.add_error("cash_tendered", _("The cash given is less than the cash due."))
        payments = []
        if qris:
            payments.append(
                PaymentInput(method="qris", amount=qris, reference=data["qris_reference"])
            )
        if transfer:
            payments.append(
                PaymentInput(
                    method="transfer", amount=transfer, reference=data["transfer_reference"]
                )
            )
        if cash_due:
            payments.append(PaymentInput(method="cash", amount=cash_due, tendered=tendered))
        data["payments"] = payments
        data["cash_due"] = cash_due
        return data


class WhatsAppForm(forms.Form):
    phone = forms.CharField(
        label=gettext_lazy("WhatsApp number"),
        max_length=24,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )

    def clean_phone(self):
        return normalise_mobile(self.cleaned_data["phone"])


class ReceiptSearchForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Receipt number"), max_length=24, required=False)


def _whole(value, *, low=0, high=MAX_AMOUNT) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def offline_sale(body: bytes) -> dict:
    """A sale the counter kept while offline, as its script sends it (JSON). Raises
    ``ValidationError`` with a message for the counter when it cannot be read."""
    damaged = ValidationError(_("This offline sale could not be read."))
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise damaged from exc
    if not isinstance(data, dict):
        raise damaged
    key = data.get("idempotency_key")
    if not isinstance(key, str) or not re.fullmatch(r"[A-Za-z0-9_-]{8,64}", key):
        raise damaged
    raw_lines = data.get("lines")
    if not isinstance(raw_lines, list) or not 1 <= len(raw_lines) <= MAX_LINES:
        raise damaged
    lines = []
    for line in raw_lines:
        if not isinstance(line, dict):
            raise damaged
        product_id, quantity = line.get("product_id"), line.get("quantity")
        if not _whole(product_id, low=1, high=MAX_ID) or not _whole(
            quantity, low=1, high=MAX_QUANTITY
        ):
            raise damaged
        lines.append(LineInput(product_id=product_id, quantity=quantity))
    expected_total, tendered = data.get("expected_total"), data.get("cash_tendered")
    if not _whole(expected_total, low=1) or not _whole(tendered, low=expected_total):
        raise damaged
    shift_id = data.get("shift_id")
    if shift_id is not None and not _whole(shift_id, low=1, high=MAX_ID):
        raise damaged
    sold_at = None
    if data.get("sold_at") is not None:
        if not isinstance(data["sold_at"], str):
            raise damaged
        try:
            sold_at = parse_datetime(data["sold_at"][:40])
        except ValueError as exc:
            raise damaged from exc
        if sold_at is None:
            raise damaged
    try:
        # The sale happened: a mistyped number is dropped rather than the sale refused.
        phone = normalise_mobile(data.get("buyer_phone") or "") if data.get("buyer_phone") else ""
    except (ValidationError, TypeError):
        phone = ""
    return {
        "idempotency_key": key,
        "lines": lines,
        # Offline the counter takes cash only: the buyer paid the total it showed.
        "payments": [PaymentInput(method="cash", amount=expected_total, tendered=tendered)],
        "expected_total": expected_total,
        "shift_id": shift_id,
        "sold_at": sold_at,
        "buyer_phone": phone,
    }
