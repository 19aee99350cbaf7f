"""Excel workbooks of the same rows as the CSV downloads (``backoffice.csvfiles``).

Written by openpyxl in write-only mode, row by row into a temporary file, so a long list never
sits in memory as cells. Whole Rupiah are numbers shown with thousands separators, dates and times
are dates (in the gallery's time zone: Excel has none), yes/no are words. Text that starts like a
formula is stored as text with Excel's quote prefix, so Excel neither runs it on opening nor after
an edit of the cell.
"""

import datetime
import decimal
import re
import tempfile

from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .csvfiles import Rupiah, looks_like_formula

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RUPIAH_FORMAT = "#,##0"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
COLUMN_WIDTH = (10, 40)
# Excel refuses these in a sheet's name, and names longer than 31 characters.
_SHEET_NAME_UNSAFE = re.compile(r"[\[\]:*?/\\]")


def _cell(sheet, value):
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.make_naive(value)
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATETIME_FORMAT
        return cell
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    if isinstance(value, Rupiah):
        cell = WriteOnlyCell(sheet, value=int(value))
        cell.number_format = RUPIAH_FORMAT
        return cell
    if value is None or isinstance(value, int | float | decimal.Decimal):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    if looks_like_formula(value):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        cell.quotePrefix = True
        return cell
    return value


def _sheet_name(name: str) -> str:
    return _SHEET_NAME_UNSAFE.sub(" ", name)[:31] or "Sheet"


def xlsx_response(filename: str, header, rows, *, sheet_name: str = "") -> FileResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_sheet_name(sheet_name or filename.rsplit(".", 1)[0]))
    sheet.freeze_panes = "A2"
    titles = [str(title) for title in header]
    for index, title in enumerate(titles, start=1):
        width = min(max(len(title) + 2, COLUMN_WIDTH[0]), COLUMN_WIDTH[1])
        sheet.column_dimensions[get_column_letter(index)].width = width
    bold = Font(bold=True)
    header_cells = []
    for title in titles:
        cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", title))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([_cell(sheet, value) for value in row])
    # The response closes the file once it is sent.
    file = tempfile.TemporaryFile()  # noqa: SIM115
    try:
        workbook.save(file)
    except BaseException:
        file.close()
        raise
    file.seek(0)
    response = FileResponse(file, as_attachment=True, filename=filename, content_type=CONTENT_TYPE)
    response["Cache-Control"] = "private, no-store"
    return response
