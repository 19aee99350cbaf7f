import datetime
from itertools import pairwise

from django import forms
from django.db.models import IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from core.formats import format_date, format_time
from core.images import ImageField
from products.models import Product
from vendors.models import Vendor

from .models import Batch, Outlet, OutletPhoto, StockLevel, StockMovement, today_in_jakarta
from .services import BatchSpec

Kind = StockMovement.Kind
REFERENCE_MAX_LENGTH = StockMovement._meta.get_field("reference").max_length
REASON_MAX_LENGTH = StockMovement._meta.get_field("reason").max_length


class DeliveryStartForm(forms.Form):
    """Step one of recording a delivery: which way the goods go, whose, and where."""

    DIRECTIONS = [
        (Kind.INTAKE, _("Intake: the vendor brings goods to the outlet")),
        (Kind.RETURN, _("Return: goods go back to the vendor")),
    ]

    kind = forms.ChoiceField(
        label=_("Delivery"), choices=DIRECTIONS, initial=Kind.INTAKE, widget=forms.RadioSelect
    )
    vendor = forms.ModelChoiceField(
        label=_("Vendor"),
        queryset=Vendor.objects.exclude(status=Vendor.Status.DRAFT).order_by("business_name"),
    )
    outlet = forms.ModelChoiceField(
        label=_("Outlet"), queryset=Outlet.objects.filter(is_planned=False)
    )

    def clean(self):
        data = super().clean()
        vendor, outlet = data.get("vendor"), data.get("outlet")
        if data.get("kind") == Kind.INTAKE:
            if vendor and not vendor.is_approved:
                self.add_error(
                    "vendor",
                    _("Only an approved vendor's goods can be taken in; this one is %(status)s.")
                    % {"status": vendor.get_status_display().lower()},
                )
            if outlet and not outlet.takes_stock:
                self.add_error("outlet", _("This outlet is closed: it takes no goods in."))
        return data


class DeliveryDetailsForm(forms.Form):
    reference = forms.CharField(
        label=_("Delivery note"),
        max_length=REFERENCE_MAX_LENGTH,
        help_text=_(
            "The number on the vendor's delivery note, or another reference you can find again."
        ),
    )
    reason = forms.CharField(
        label=_("Note"),
        max_length=REASON_MAX_LENGTH,
        required=False,
        help_text=_("Optional, for example why goods go back (unsold after three months)."),
    )


class ProductSelect(forms.Select):
    """Each product says whether it is food and its shelf life, for the script that fills a
    batch's expiry date from its production date (the server does the same without it)."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        product = getattr(value, "instance", None)
        if product is not None and product.is_food:
            option["attrs"]["data-food"] = "1"
            if product.shelf_life_days:
                option["attrs"]["data-shelf-life"] = product.shelf_life_days
        return option


class ProductChoiceField(forms.ModelChoiceField):
    widget = ProductSelect

    def label_from_instance(self, product):
        return _("%(name)s (%(n)s at this outlet)") % {
            "name": product.name,
            "n": product.on_hand_here,
        }


def _day(value):
    return format_date(value)


class BatchChoiceField(forms.ModelChoiceField):
    """A batch with free units, the earliest expiry first; empty means the ledger picks."""

    def __init__(self, *args, with_product=False, **kwargs):
        self.with_product = with_product
        super().__init__(*args, **kwargs)

    def label_from_instance(self, batch):
        text = _("%(code)s, expires %(date)s, %(n)s free") % {
            "code": batch.code,
            "date": _day(batch.expires_on),
            "n": batch.available,
        }
        if batch.is_expired():
            text = _("%(batch)s (expired)") % {"batch": text}
        if self.with_product:
            text = f"{batch.product.name}: {text}"
        return text


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DeliveryLineForm(forms.Form):
    """One product of a delivery. For food, an intake names the batch from the pack (code,
    production and expiry dates) and a return may name the batch that goes back."""

    product = ProductChoiceField(
        label=_("Product"), queryset=Product.objects.none(), required=False
    )
    quantity = forms.IntegerField(
        label=_("Quantity"), min_value=1, max_value=10_000, required=False
    )
    batch_code = forms.CharField(
        label=_("Batch code"), max_length=Batch._meta.get_field("code").max_length, required=False
    )
    produced_on = forms.DateField(label=_("Production date"), required=False, widget=DateInput)
    expires_on = forms.DateField(label=_("Expiry date"), required=False, widget=DateInput)
    batch = BatchChoiceField(
        label=_("Batch"),
        queryset=Batch.objects.none(),
        required=False,
        empty_label=_("Earliest expiry first"),
        with_product=True,
    )

    INTAKE_BATCH_FIELDS = ("batch_code", "produced_on", "expires_on")

    def __init__(self, *args, products, kind=Kind.INTAKE, food=False, batches=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind, self.food = kind, food
        self.fields["product"].queryset = products
        if not food or kind != Kind.RETURN:
            del self.fields["batch"]
        else:
            self.fields["batch"].queryset = batches
        if not food or kind != Kind.INTAKE:
            for name in self.INTAKE_BATCH_FIELDS:
                del self.fields[name]

    def clean(self):
        data = super().clean()
        product, quantity = data.get("product"), data.get("quantity")
        if product and not quantity and "quantity" not in self.errors:
            self.add_error("quantity", _("How many?"))
        if quantity and not product and "product" not in self.errors:
            self.add_error("product", _("Which product?"))
        if product and "batch_code" in self.fields:
            self._clean_intake_batch(product, data)
        batch = data.get("batch")
        if product and batch and batch.product_id != product.pk:
            self.add_error("batch", _("This batch is of another product."))
        return data

    def _clean_intake_batch(self, product, data):
        code = (data.get("batch_code") or "").strip()
        produced, expires = data.get("produced_on"), data.get("expires_on")
        if not product.is_food:
            if code or produced or expires:
                self.add_error(
                    "batch_code",
                    _("%(product)s is not food: leave its batch empty.") % {"product": product},
                )
            return
        if any(name in self.errors for name in self.INTAKE_BATCH_FIELDS):
            return
        today = today_in_jakarta()
        if not code:
            self.add_error("batch_code", _("Give the batch code printed on the pack."))
        data["batch_code"] = code
        if produced and produced > today:
            self.add_error("produced_on", _("The production date cannot be in the future."))
            return
        if not expires:
            if not (produced and product.shelf_life_days):
                self.add_error("expires_on", self._expiry_missing(product))
                return
            # The vendor's shelf life gives the default; staff change it when the pack says else.
            expires = produced + datetime.timedelta(days=product.shelf_life_days)
            data["expires_on"] = expires
        if produced and produced >= expires:
            self.add_error("expires_on", _("The expiry date comes after the production date."))
        elif expires <= today:
            self.add_error(
                "expires_on",
                _("This batch expired on %(date)s: expired food is not taken in.")
                % {"date": _day(expires)},
            )

    @staticmethod
    def _expiry_missing(product):
        if product.shelf_life_days:
            return _(
                "Give the expiry date printed on the pack, or the production date to count "
                "it from the shelf life (%(days)s days)."
            ) % {"days": product.shelf_life_days}
        return _("Give the expiry date printed on the pack.")

    def line(self):
        """The line as ``delivery_receive`` or ``delivery_return`` takes it."""
        data = self.cleaned_data
        product, quantity = data["product"], data["quantity"]
        if "batch_code" in self.fields and product.is_food:
            spec = BatchSpec(data["batch_code"], data["expires_on"], data.get("produced_on"))
            return (product, quantity, spec)
        if "batch" in self.fields:
            return (product, quantity, data.get("batch"))
        return (product, quantity)


class BaseDeliveryLineFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            product = form.cleaned_data.get("product")
            if product is None:
                continue
            if product.pk in seen:
                if form.food and product.is_food:
                    form.add_error(
                        "product",
                        _(
                            "One batch per product in a delivery: record another batch of "
                            "this product as a second delivery with the same note."
                        ),
                    )
                else:
                    form.add_error("product", _("This product is already on another line."))
            seen.add(product.pk)
        if not seen:
            raise forms.ValidationError(_("Add at least one product and its quantity."))

    def lines(self):
        return [form.line() for form in self.forms if form.cleaned_data.get("product")]

    def show_shortages(self, shortages):
        """Put each shortage the ledger reported on the line of its product."""
        short = {shortage.product.pk: shortage for shortage in shortages}
        for form in self.forms:
            product = form.cleaned_data.get("product")
            if product is not None and product.pk in short:
                form.add_error(
                    "quantity",
                    _("Only %(n)s available here (reserved units stay for their orders).")
                    % {"n": short[product.pk].available},
                )


LINES = 8
MAX_LINES = 60


def delivery_line_formset(lines=None):
    """The formset of a delivery's lines: 8 empty lines, or as many as asked (up to 60)."""
    try:
        extra = min(max(int(lines), 1), MAX_LINES)
    except (TypeError, ValueError):
        extra = LINES
    return forms.formset_factory(
        DeliveryLineForm,
        formset=BaseDeliveryLineFormSet,
        extra=extra,
        max_num=MAX_LINES,
        absolute_max=MAX_LINES,
    )


def delivery_products(*, vendor, outlet, kind):
    """The products a delivery line may name, each with ``on_hand_here`` at the outlet."""
    on_hand = StockLevel.objects.filter(outlet=outlet, product=OuterRef("pk")).values("on_hand")
    products = (
        Product.objects.of_vendor(vendor)
        .select_related("category__parent")
        .annotate(on_hand_here=Coalesce(Subquery(on_hand, output_field=IntegerField()), Value(0)))
    )
    if kind == Kind.RETURN:
        return products.filter(on_hand_here__gt=0).order_by("name")
    return products.exclude(status=Product.Status.ARCHIVED).order_by("name")


def returnable_batches(*, vendor, outlet):
    """The batches of a vendor's food at an outlet that may go back: those with free units."""
    return (
        Batch.objects.at(outlet)
        .filter(product__vendor=vendor)
        .free()
        .select_related("product")
        .order_by("product__name", "expires_on", "pk")
    )


class StockCorrectionForm(forms.Form):
    """A loss, or a count that differs from the figures, for one product at one outlet."""

    KINDS = [
        (Kind.LOSS, _("Loss or damage: units left the shelf")),
        (Kind.ADJUSTMENT, _("Count correction: the shelf holds a different number")),
    ]

    kind = forms.ChoiceField(label=_("What happened"), choices=KINDS, widget=forms.RadioSelect)
    quantity = forms.IntegerField(
        label=_("Units lost"), min_value=1, max_value=10_000, required=False
    )
    counted = forms.IntegerField(
        label=_("Units counted on the shelf"),
        min_value=0,
        max_value=100_000,
        required=False,
        help_text=_(
            "For a count correction: how many units are really there, reserved ones included."
        ),
    )
    reason = forms.CharField(label=_("Reason"), max_length=REASON_MAX_LENGTH)
    batch = BatchChoiceField(
        label=_("Batch"),
        queryset=Batch.objects.none(),
        required=False,
        empty_label=_("Earliest expiry first"),
        help_text=_(
            "For a loss of food: the batch the lost units came from. A count correction takes "
            "missing units from the earliest expiry first."
        ),
    )

    def __init__(self, *args, level, **kwargs):
        super().__init__(*args, **kwargs)
        self.level = level
        if level.product.is_food:
            self.fields["batch"].queryset = (
                Batch.objects.at(level.outlet)
                .filter(product=level.product)
                .free()
                .order_by("expires_on", "pk")
            )
        else:
            del self.fields["batch"]

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == Kind.LOSS and not data.get("quantity") and "quantity" not in self.errors:
            self.add_error("quantity", _("How many units were lost?"))
        if kind == Kind.ADJUSTMENT and "counted" not in self.errors:
            counted = data.get("counted")
            if counted is None:
                self.add_error("counted", _("How many units are on the shelf?"))
            elif counted == self.level.on_hand:
                self.add_error("counted", _("That is already the figure: nothing to correct."))
        if kind == Kind.ADJUSTMENT and data.get("batch"):
            self.add_error(
                "batch",
                _("A count correction names no batch: choose a batch only for a loss."),
            )
        return data

    @property
    def change(self):
        return self.cleaned_data["counted"] - self.level.on_hand


class OutletPhotoForm(forms.ModelForm):
    image = ImageField(label=_("Photo"), required=False)

    class Meta:
        model = OutletPhoto
        fields = ["image", "alt", "position"]

    def clean(self):
        data = super().clean()
        if not self.instance.pk and not data.get("image") and "image" not in self.errors:
            self.add_error("image", _("Choose a photo to upload."))
        return data


class OpeningHoursFormSet(forms.BaseInlineFormSet):
    """An outlet's weekly hours: the spans of one weekday may not overlap."""

    def clean(self):
        super().clean()
        by_weekday = {}
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or form.errors or self._should_delete_form(form):
                continue
            if data.get("weekday") is None or not data.get("opens") or not data.get("closes"):
                continue
            by_weekday.setdefault(data["weekday"], []).append(form)
        for forms_of_day in by_weekday.values():
            forms_of_day.sort(key=lambda form: form.cleaned_data["opens"])
            for earlier, later in pairwise(forms_of_day):
                if later.cleaned_data["opens"] < earlier.cleaned_data["closes"]:
                    later.add_error(
                        "opens",
                        _("These hours overlap the ones from %(opens)s to %(closes)s that day.")
                        % {
                            "opens": format_time(earlier.cleaned_data["opens"]),
                            "closes": format_time(earlier.cleaned_data["closes"]),
                        },
                    )
