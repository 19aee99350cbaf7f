"""After the sale: voiding a receipt of the open shift, taking goods back against a receipt, and
dealing with sales flagged for attention. Each step is kept with who, when and why."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.templatetags.rupiah import format_rupiah

from ..forms_office import ResolveForm, ReturnForm, VoidForm
from ..models import Sale, SaleReturn
from ..services import (
    CounterError,
    ReturnInput,
    returnable,
    sale_resolve,
    sale_return_record,
    sale_void,
    shift_current,
)
from .access import counter_page

FLAGGED_PER_PAGE = 20


def _require(user, permission):
    if not user.has_perm(permission):
        raise PermissionDenied


def _sale_at(outlet, number):
    return get_object_or_404(Sale.objects.at(outlet).select_related("shift", "by"), number=number)


@counter_page
def receipt_void(request, outlet, number):
    _require(request.user, "counter.void_sale")
    sale = _sale_at(outlet, number)
    form = VoidForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sale_void(sale=sale, by=request.user, reason=form.cleaned_data["reason"])
        except CounterError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("Receipt %(number)s is void; its goods are back on the shelf.")
                % {"number": sale.number},
            )
            return redirect(sale)
    return render(
        request,
        "counter/void_confirm.html",
        {
            "outlet": outlet,
            "sale": sale,
            "lines": sale.lines.all(),
            "form": form,
            "shift_is_open": sale.shift.is_open,
        },
    )


@counter_page
def receipt_return(request, outlet, number):
    _require(request.user, "counter.take_return")
    sale = _sale_at(outlet, number)
    lines = list(sale.lines.all())
    form = ReturnForm(request.POST or None, lines=lines, left=returnable(sale))
    if request.method == "POST":
        # A second tap on the button (or a resent form) finds the return the first one made.
        done = SaleReturn.objects.filter(
            sale=sale, idempotency_key=request.POST.get("idempotency_key", "")
        ).first()
        if done is not None:
            return redirect(sale)
        if form.is_valid():
            try:
                sale_return = sale_return_record(
                    sale=sale,
                    by=request.user,
                    lines=[
                        ReturnInput(sale_line_id=line_id, quantity=quantity, back_to_stock=shelf)
                        for line_id, quantity, shelf in form.returned_items()
                    ],
                    reason=form.cleaned_data["reason"],
                    refund_method=form.cleaned_data["refund_method"],
                    refund_reference=form.cleaned_data["refund_reference"],
                    idempotency_key=form.cleaned_data["idempotency_key"],
                )
            except CounterError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    _("Return %(reference)s recorded: refund %(amount)s by %(method)s.")
                    % {
                        "reference": sale_return.reference,
                        "amount": format_rupiah(sale_return.refund_amount),
                        "method": sale_return.get_refund_method_display(),
                    },
                )
                return redirect(sale)
    return render(
        request,
        "counter/return_form.html",
        {
            "outlet": outlet,
            "sale": sale,
            "form": form,
            "shift_is_open": shift_current(outlet) is not None,
        },
    )


@counter_page
def attention(request, outlet):
    flagged = (
        Sale.objects.needing_attention()
        .at(outlet)
        .select_related("by")
        .prefetch_related("lines")
        .order_by("sold_at", "pk")
    )
    page = Paginator(flagged, FLAGGED_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "counter/attention_list.html",
        {
            "outlet": outlet,
            "page_obj": page,
            "sales": page.object_list,
            "may_resolve": request.user.has_perm("counter.resolve_sale"),
            "form": ResolveForm(),
        },
    )


@counter_page
@require_POST
def receipt_resolve(request, outlet, number):
    _require(request.user, "counter.resolve_sale")
    sale = _sale_at(outlet, number)
    form = ResolveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say how the sale was resolved."))
        return redirect("counter:attention", outlet=outlet.slug)
    try:
        sale_resolve(sale=sale, by=request.user, note=form.cleaned_data["note"])
    except CounterError as exc:
        messages.error(request, f"{sale.number}: {exc}")
    else:
        messages.success(request, _("Receipt %(number)s is resolved.") % {"number": sale.number})
    return redirect("counter:attention", outlet=outlet.slug)


routes = [
    path("struk/<str:number>/batal/", receipt_void, name="receipt-void"),
    path("struk/<str:number>/retur/", receipt_return, name="receipt-return"),
    path("struk/<str:number>/selesaikan/", receipt_resolve, name="receipt-resolve"),
    path("perlu-dicek/", attention, name="attention"),
]
