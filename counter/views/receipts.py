"""Receipts: on screen, printed (58 mm thermal roll or A4), sent by WhatsApp, and the outlet's
list of them to find and reprint a past one."""

from urllib.parse import quote

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from core.phones import whatsapp_digits

from ..forms import ReceiptSearchForm, WhatsAppForm
from ..models import Sale, Shift
from .access import counter_page

PAPERS = ("58", "a4")
PER_PAGE = 25


def _sale(outlet, number):
    """The receipt, only at its own outlet: another outlet's number is not found."""
    return get_object_or_404(
        Sale.objects.at(outlet)
        .select_related("outlet", "by", "voided_by", "shift")
        .prefetch_related("lines", "payments"),
        number=number,
    )


def receipt_text(sale) -> str:
    return render_to_string("counter/receipt_whatsapp.txt", {"sale": sale}).strip()


def whatsapp_link(sale, phone="") -> str:
    digits = whatsapp_digits(phone) if phone else ""
    return f"https://wa.me/{digits}?text={quote(receipt_text(sale))}"


@never_cache
@counter_page
@require_GET
def receipt(request, outlet, number):
    sale = _sale(outlet, number)
    return render(
        request,
        "counter/receipt_detail.html",
        {
            "outlet": outlet,
            "sale": sale,
            "whatsapp_url": whatsapp_link(sale, sale.buyer_phone),
            "whatsapp_any_url": whatsapp_link(sale),
            "whatsapp_form": WhatsAppForm(),
        },
    )


@counter_page
@require_POST
def receipt_whatsapp(request, outlet, number):
    """Send the receipt to a number typed at the counter: WhatsApp opens with the text ready."""
    sale = _sale(outlet, number)
    form = WhatsAppForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["phone"][0])
        return redirect(sale)
    return redirect(whatsapp_link(sale, form.cleaned_data["phone"]))


@never_cache
@counter_page
@require_GET
def receipt_print(request, outlet, number):
    sale = _sale(outlet, number)
    paper = request.GET.get("kertas", "58").lower()
    if paper not in PAPERS:
        paper = "58"
    return render(
        request,
        "counter/receipt_print.html",
        {"outlet": outlet, "sale": sale, "paper": paper},
    )


@never_cache
@counter_page
@require_GET
def receipt_list(request, outlet):
    """The outlet's receipts, the open shift's first, newest first; reprint any of them."""
    form = ReceiptSearchForm(request.GET)
    sales = (
        Sale.objects.at(outlet)
        .select_related("by")
        .annotate(
            open_first=Case(
                When(shift__status=Shift.Status.OPEN, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("open_first", "-recorded_at", "-pk")
    )
    query = ""
    if form.is_valid() and form.cleaned_data["q"].strip():
        query = form.cleaned_data["q"].strip()
        sales = sales.filter(number__icontains=query)
    page = Paginator(sales, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "counter/receipt_list.html",
        {
            "outlet": outlet,
            "page_obj": page,
            "sales": page.object_list,
            "form": form,
            "query": query,
            "query_string": f"q={quote(query)}" if query else "",
        },
    )


routes = [
    path("struk/", receipt_list, name="receipt-list"),
    path("struk/<str:number>/", receipt, name="receipt"),
    path("struk/<str:number>/cetak/", receipt_print, name="receipt-print"),
    path("struk/<str:number>/wa/", receipt_whatsapp, name="receipt-whatsapp"),
]
