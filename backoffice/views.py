"""The vendor's own back-office pages: monthly statements and the marketplace export."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from vendors.access import vendor_required

from . import marketplace
from .csvfiles import csv_response, separator_for
from .months import parse_month
from .settlements import statement_for, vendor_account
from .xlsxfiles import xlsx_response


@vendor_required
def statement_list(request):
    vendor = request.vendor
    return render(
        request,
        "backoffice/statement_list.html",
        {"vendor": vendor, "account": vendor_account(vendor)},
    )


@vendor_required
def statement_detail(request, month):
    """One month's statement of the vendor's own account; any other month is a 404."""
    vendor = request.vendor
    parsed = parse_month(month)
    statement = statement_for(vendor, parsed) if parsed else None
    if statement is None:
        raise Http404
    return render(
        request, "backoffice/statement_detail.html", {"vendor": vendor, "statement": statement}
    )


@vendor_required(approved=True)
def marketplace_export(request):
    vendor = request.vendor
    products = list(marketplace.exported_products(vendor))
    return render(
        request,
        "backoffice/marketplace_export.html",
        {"vendor": vendor, "products": products, "header": marketplace.HEADER},
    )


@vendor_required(approved=True)
def marketplace_export_csv(request):
    vendor = request.vendor
    return csv_response(
        _marketplace_filename(vendor, "csv"),
        marketplace.HEADER,
        marketplace.rows(vendor),
        delimiter=separator_for(request),
    )


@vendor_required(approved=True)
def marketplace_export_xlsx(request):
    vendor = request.vendor
    return xlsx_response(
        _marketplace_filename(vendor, "xlsx"),
        marketplace.HEADER,
        marketplace.rows(vendor),
        sheet_name="Produk",
    )


def _marketplace_filename(vendor, extension):
    return f"produk-{vendor.slug}-{timezone.localdate():%Y%m%d}.{extension}"
