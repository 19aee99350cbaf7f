"""The report's GET form: a range of months, a kecamatan and a craft category."""

import datetime
from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from core.formats import format_month
from core.models import Kecamatan
from products.models import Category

from ..months import current_month, months_between, next_month, parse_month

DEFAULT_MONTHS = 12
MAX_MONTHS = 60


def months_back(month: datetime.date, count: int) -> datetime.date:
    """The month ``count`` months before ``month``."""
    index = month.year * 12 + month.month - 1 - count
    return datetime.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Scope:
    """What the report counts: the months from ``first`` to ``last`` (both included), the
    vendors of one kecamatan and of one craft category (None: all)."""

    first: datetime.date
    last: datetime.date
    kecamatan: Kecamatan | None = None
    category: Category | None = None

    @property
    def months(self) -> list[datetime.date]:
        return months_between(self.first, self.last)

    @property
    def end(self) -> datetime.date:
        """The first day after the range."""
        return next_month(self.last)

    @property
    def period_label(self) -> str:
        if self.first == self.last:
            return format_month(self.first)
        return f"{format_month(self.first)} – {format_month(self.last)}"

    def includes(self, kecamatan_id, category_ids) -> bool:
        """Whether a vendor of this kecamatan and these categories is counted."""
        if self.kecamatan is not None and kecamatan_id != self.kecamatan.pk:
            return False
        return self.category is None or self.category.pk in category_ids

    def query(self) -> dict:
        """The GET parameters that choose this scope again (for the CSV links)."""
        query = {"from": f"{self.first:%Y-%m}", "to": f"{self.last:%Y-%m}"}
        if self.kecamatan is not None:
            query["kecamatan"] = self.kecamatan.pk
        if self.category is not None:
            query["category"] = self.category.pk
        return query


class MonthField(forms.CharField):
    widget = forms.TextInput(
        attrs={"type": "month", "pattern": "[0-9]{4}-[0-9]{2}", "placeholder": "2026-01"}
    )
    default_error_messages = {
        "invalid": _("Enter a month as year-month, for example 2026-01."),
    }

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        month = parse_month(value)
        if month is None or month.year < 2000:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return month


class GrowthFilterForm(forms.Form):
    """Field names are the query's: ``?from=2026-01&to=2026-12&kecamatan=3&category=5``."""

    kecamatan = forms.ModelChoiceField(
        label=_("Kecamatan"),
        queryset=Kecamatan.objects.order_by("name"),
        required=False,
        empty_label=_("Every kecamatan"),
    )
    category = forms.ModelChoiceField(
        label=_("Craft category"),
        queryset=Category.objects.filter(parent__isnull=True).order_by("position", "slug"),
        required=False,
        empty_label=_("Every category"),
    )

    def __init__(self, data=None, *, first_month=None, **kwargs):
        super().__init__(data, **kwargs)
        # "from" is a Python keyword: the month fields are added by name.
        self.fields["from"] = MonthField(label=_("From (month)"), required=False)
        self.fields["to"] = MonthField(label=_("To (month)"), required=False)
        self.order_fields(["from", "to", "kecamatan", "category"])
        self.first_month = first_month

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        today = current_month()
        last = cleaned.get("to") or today
        first = cleaned.get("from") or self.first_month or months_back(last, DEFAULT_MONTHS - 1)
        if first > last and not cleaned.get("from"):
            first = last
        if last > today:
            self.add_error("to", _("The range cannot end after this month."))
        elif first > last:
            raise forms.ValidationError(_("The first month must come before the last one."))
        elif len(months_between(first, last)) > MAX_MONTHS:
            raise forms.ValidationError(
                _("Choose at most %(n)s months.") % {"n": MAX_MONTHS}, code="too_long"
            )
        cleaned["scope"] = Scope(
            first=first,
            last=last,
            kecamatan=cleaned.get("kecamatan"),
            category=cleaned.get("category"),
        )
        return cleaned

    def scope(self) -> Scope | None:
        """The chosen scope, or None when a value is wrong (the errors say which)."""
        return self.cleaned_data["scope"] if self.is_valid() else None
