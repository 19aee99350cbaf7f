"""Exports that open in Excel as set up in Indonesia: semicolon CSV by default, comma CSV on
request, and an Excel workbook with numbers, dates and no formulas."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from backoffice import exports, marketplace
from orders.models import OrderLine
from vendors.models import Vendor

from . import test_exports
from .test_exports import export_url, header_of

# The same gallery as the CSV tests.
gallery = test_exports.gallery
catalogue = test_exports.catalogue

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_url(app_label, model_name, query=""):
    return reverse("admin:backoffice_report_export_xlsx", args=[app_label, model_name]) + query


def text_of(response):
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content).decode("utf-8-sig")


def read_xlsx(response):
    """The sheet's cells (openpyxl cells, for their types and formats), row by row."""
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert response["Content-Disposition"].rstrip('"').endswith(".xlsx")
    assert {"private", "no-store"} <= set(response["Cache-Control"].replace(" ", "").split(","))
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [list(row) for row in workbook.active.iter_rows()]


def values(rows):
    return [[cell.value for cell in row] for row in rows]


def test_the_csv_export_separates_columns_with_semicolons_by_default(client, gallery, staf_dinas):
    client.force_login(staf_dinas)
    text = text_of(client.get(export_url("vendors", "vendor")))
    first_line = text.splitlines()[0]
    assert first_line.split(";") == header_of(exports.VENDORS)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert len(rows) - 1 == Vendor.objects.count()


def test_a_comma_csv_is_still_offered_and_keeps_the_lists_filters(client, gallery, staf_dinas):
    client.force_login(staf_dinas)
    text = text_of(
        client.get(export_url("vendors", "vendor", "?status__exact=approved&pemisah=koma"))
    )
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == header_of(exports.VENDORS)
    assert len(rows) - 1 == Vendor.objects.filter(status=Vendor.Status.APPROVED).count() == 2


def test_the_list_and_the_reports_page_offer_excel_and_both_csvs(client, gallery, staf_dinas):
    client.force_login(staf_dinas)
    page = client.get(reverse("admin:vendors_vendor_changelist") + "?status__exact=approved")
    html = page.content.decode()
    assert xlsx_url("vendors", "vendor", "?status__exact=approved") in html
    assert export_url("vendors", "vendor", "?status__exact=approved") in html
    assert export_url("vendors", "vendor", "?pemisah=koma&amp;status__exact=approved") in html
    reports = client.get(reverse("admin:backoffice_report_changelist")).content.decode()
    assert xlsx_url("vendors", "vendor") in reports
    assert export_url("vendors", "vendor", "?pemisah=koma") in reports


def test_the_excel_export_has_the_header_and_whole_rupiah_as_numbers(client, gallery, staf_galeri):
    client.force_login(staf_galeri)
    rows = read_xlsx(client.get(xlsx_url("orders", "order", "?status__exact=collected")))
    assert values(rows)[0] == header_of(exports.ORDER_LINES)
    assert all(cell.font.b for cell in rows[0])
    lines = rows[1:]
    assert len(lines) == OrderLine.objects.filter(order__status="collected").count() == 3
    totals = [row[12] for row in lines]
    assert all(isinstance(cell.value, int) and cell.number_format == "#,##0" for cell in totals)
    assert sum(cell.value for cell in totals) == 150_000 * 2 + 85_000 * 4
    quantity = lines[0][11]
    assert isinstance(quantity.value, int) and quantity.number_format == "General"


def test_the_excel_export_writes_times_as_dates_in_the_gallerys_time_zone(
    client, gallery, staf_galeri
):
    client.force_login(staf_galeri)
    rows = read_xlsx(client.get(xlsx_url("orders", "order")))
    placed = [row[1] for row in rows[1:]]
    assert all(isinstance(cell.value, datetime.datetime) for cell in placed)
    assert {cell.number_format for cell in placed} == {"yyyy-mm-dd hh:mm"}
    # Sold at 10:00 in Purwakarta, written as the clock there showed it.
    assert datetime.datetime(2026, 2, 10, 10, 0) in {cell.value for cell in placed}


def test_text_that_looks_like_a_formula_stays_text_in_excel(client, gallery, staf_dinas):
    client.force_login(staf_dinas)
    rows = read_xlsx(client.get(xlsx_url("vendors", "vendor")))
    cell = next(row[1] for row in rows if "HYPERLINK" in str(row[1].value))
    assert cell.value == '=HYPERLINK("http://contoh.id")'
    assert cell.data_type == "s"
    assert cell.quotePrefix
    # And still neutralised in both CSVs.
    for query in ("", "?pemisah=koma"):
        assert '\'=HYPERLINK(""http://contoh.id"")' in text_of(
            client.get(export_url("vendors", "vendor", query))
        )


def test_control_characters_a_vendor_typed_do_not_break_the_workbook(client, gallery, staf_dinas):
    Vendor.objects.filter(pk=gallery["anjun"].pk).update(story="Sejak\x011985\x07")
    Vendor.objects.filter(pk=gallery["anjun"].pk).update(address="Jl. Anjun\x0b No. 3")
    client.force_login(staf_dinas)
    rows = values(read_xlsx(client.get(xlsx_url("vendors", "vendor"))))
    assert "Jl. Anjun No. 3" in {row[6] for row in rows}


def test_the_excel_export_needs_the_same_permission_as_the_csv(client, gallery, staf_galeri):
    client.force_login(staf_galeri)
    assert client.get(xlsx_url("vendors", "vendor")).status_code == 403
    assert client.get(xlsx_url("auth", "user")).status_code == 404


def test_wrong_filters_on_the_excel_export_send_staff_back_to_the_list(client, gallery, staf_dinas):
    client.force_login(staf_dinas)
    response = client.get(xlsx_url("vendors", "vendor", "?nonsense__exact=1"))
    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")


def test_a_vendor_downloads_its_marketplace_file_as_excel_and_both_csvs(client, catalogue):
    client.force_login(catalogue.user)
    page = client.get(reverse("dashboard-backoffice:marketplace-export")).content.decode()
    xlsx = reverse("dashboard-backoffice:marketplace-export-xlsx")
    csv_url = reverse("dashboard-backoffice:marketplace-export-csv")
    assert xlsx in page and f"{csv_url}?pemisah=koma" in page

    rows = values(read_xlsx(client.get(xlsx)))
    assert rows[0] == marketplace.HEADER
    guci = dict(zip(rows[0], next(row for row in rows if row[0] == "Guci Motif Daun"), strict=True))
    assert guci["Harga (Rp)"] == 150_000
    assert guci["Preorder"] == "Tidak"

    semicolons = text_of(client.get(csv_url))
    assert semicolons.splitlines()[0] == ";".join(marketplace.HEADER)
    commas = list(csv.reader(io.StringIO(text_of(client.get(f"{csv_url}?pemisah=koma")))))
    assert commas[0] == marketplace.HEADER


def test_vendors_not_approved_are_refused_the_excel_marketplace_file(client, gallery):
    waiting = Vendor.objects.get(slug="rumus")
    client.force_login(waiting.user)
    assert client.get(reverse("dashboard-backoffice:marketplace-export-xlsx")).status_code == 403
