"""How dates, times, months, weights and phone numbers are written, one way per language.

The date and time patterns live in the format modules ``core/formats/<language>/formats.py``
(``FORMAT_MODULE_PATH``), so ``{{ value|date }}``, ``{{ value|time }}`` and the admin use them as
well; ``core.templatetags.formats`` gives templates the rest. Links (``tel:``, ``wa.me``) keep the
stored international number: only what people read is written here.

    Indonesian  08.21   6 Desember 2026   Desember 2026   1.800 g   0812-3456-7890
    English     08:21   6 December 2026   December 2026   1,800 g   0812-3456-7890

Phone numbers are written in the local form in both languages: the numbers are Indonesian and
that is how they are dialled and saved here, whatever language the page is read in.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.numberformat import format as number_format

from core.phones import normalise_mobile


def _local(value):
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def format_date(value) -> str:
    """``6 Desember 2026``."""
    return formats.date_format(_local(value), "DATE_FORMAT") if value else ""


def format_weekday_date(value) -> str:
    """``Senin, 7 Desember 2026``: a date someone has to plan around."""
    if not value:
        return ""
    value = _local(value)
    return f"{formats.date_format(value, 'l')}, {formats.date_format(value, 'DATE_FORMAT')}"


def format_time(value) -> str:
    """``08.21`` (Indonesian), ``08:21`` (English), in Jakarta time."""
    return formats.time_format(_local(value), "TIME_FORMAT") if value else ""


def format_datetime(value) -> str:
    """``6 Desember 2026, 08.21``."""
    return formats.date_format(_local(value), "DATETIME_FORMAT") if value else ""


def format_month(value) -> str:
    """``Desember 2026``: a calendar month, given by any date or moment in it."""
    return formats.date_format(_local(value), "YEAR_MONTH_FORMAT") if value else ""


def format_weight(grams) -> str:
    """``1.800 g`` (Indonesian), ``1,800 g`` (English): always grams, so weights compare at a glance."""
    if grams is None or grams == "":
        return ""
    try:
        value = int(grams)
    except (TypeError, ValueError):
        return ""
    separator = formats.get_format("THOUSAND_SEPARATOR")
    return f"{number_format(value, '.', grouping=3, thousand_sep=separator, force_grouping=True)} g"


_DIGITS = re.compile(r"\D")


def format_phone(number) -> str:
    """``+6281234567890`` → ``0812-3456-7890``; other numbers in their local form, unchanged
    if they are not Indonesian."""
    if not number:
        return ""
    try:
        national = normalise_mobile(number)[3:]
    except ValidationError:  # a landline or a foreign number
        digits = _DIGITS.sub("", number)
        if number.strip().startswith("+62") and len(digits) > 4:
            return "0" + digits[2:]
        return number
    local = "0" + national
    rest = local[4:]
    half = len(rest) // 2
    return f"{local[:4]}-{rest[:half]}-{rest[half:]}"
