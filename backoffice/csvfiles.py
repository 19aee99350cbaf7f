"""CSV downloads for spreadsheet programs: UTF-8 with a byte order mark, streamed row by row.

The separator is a semicolon unless asked otherwise: Excel set up for Indonesia (and most of
Europe) writes decimals with a comma, so it opens a comma-separated file as one column, and opens
a semicolon-separated one straight into columns. A comma file is still offered (``?pemisah=koma``)
for other programs. ``backoffice.xlsxfiles`` writes the same rows as an Excel workbook.

The BOM makes Excel and LibreOffice read the file as UTF-8, so names such as "Kerajinan Bambu
Cirama" or "Gula Aren · Wanayasa" show right. Text a vendor typed that starts like a formula
(``=``, ``+``, ``-``, ``@``) is prefixed with an apostrophe, so a spreadsheet shows it instead of
running it.
"""

import csv
import datetime
import decimal

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SEMICOLON = ";"
COMMA = ","
# ``?pemisah=koma`` asks for a comma-separated file.
SEPARATOR_PARAMETER = "pemisah"
COMMA_VALUE = "koma"


class Rupiah(int):
    """An amount in whole Rupiah: a plain number in a CSV, a number shown 150.000 in a workbook."""


def separator_for(request) -> str:
    return COMMA if request.GET.get(SEPARATOR_PARAMETER) == COMMA_VALUE else SEMICOLON


def looks_like_formula(value: str) -> bool:
    return value.startswith(FORMULA_STARTS)


def cell(value):
    """One value as the spreadsheet should see it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, int | float | decimal.Decimal):
        return value
    value = str(value)
    if looks_like_formula(value):
        return "'" + value
    return value


class _Echo:
    def write(self, value):
        return value


def csv_lines(header, rows, delimiter=SEMICOLON):
    """The file's text, line by line: the BOM and the header first."""
    writer = csv.writer(_Echo(), delimiter=delimiter)
    yield BOM + writer.writerow([str(title) for title in header])
    for row in rows:
        yield writer.writerow([cell(value) for value in row])


def csv_response(filename: str, header, rows, *, delimiter=SEMICOLON) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        csv_lines(header, rows, delimiter), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    return response
