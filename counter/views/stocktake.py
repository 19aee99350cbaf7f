"""Stock opname: a count sheet of the outlet's shelf, counted on a phone page by page, the
differences shown, then applied to the ledger by a supervisor."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..forms_office import StockCountLinesForm, StockCountStartForm
from ..models import StockCount
from ..services import (
    CounterError,
    stockcount_apply,
    stockcount_cancel,
    stockcount_differences,
    stockcount_record,
    stockcount_start,
)
from .access import counter_page

COUNTS_PER_PAGE = 25
# Rows typed between two saves: short enough that a lost connection costs little.
LINES_PER_PAGE = 30


def _may_count(user):
    if not user.has_perm("counter.count_stock"):
        raise PermissionDenied


def _count_at(outlet, pk):
    return get_object_or_404(
        StockCount.objects.filter(outlet=outlet).select_related(
            "vendor", "category", "started_by", "finished_by"
        ),
        pk=pk,
    )


@counter_page
def stockcount_list(request, outlet):
    _may_count(request.user)
    counts = (
        StockCount.objects.filter(outlet=outlet)
        .select_related("vendor", "category", "started_by", "finished_by")
        .annotate(
            products=Count("lines"),
            counted=Count("lines", filter=Q(lines__counted__isnull=False)),
        )
        .order_by("-started_at", "-pk")
    )
    page = Paginator(counts, COUNTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "counter/stockcount_list.html",
        {"outlet": outlet, "page_obj": page, "counts": page.object_list},
    )


@counter_page
def stockcount_new(request, outlet):
    _may_count(request.user)
    form = StockCountStartForm(request.POST or None, outlet=outlet)
    if request.method == "POST" and form.is_valid():
        try:
            count = stockcount_start(
                outlet=outlet,
                by=request.user,
                vendor=form.cleaned_data["vendor"],
                category=form.cleaned_data["category"],
            )
        except CounterError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("Count sheet %(reference)s is ready: %(n)s products to count.")
                % {"reference": count.reference, "n": count.lines.count()},
            )
            return redirect(count)
    return render(request, "counter/stockcount_start.html", {"outlet": outlet, "form": form})


@counter_page
def stockcount_detail(request, outlet, pk):
    """One page of the sheet at a time; a save keeps every box of the page, typed values stay on
    the page when one of them is wrong."""
    _may_count(request.user)
    count = _count_at(outlet, pk)
    lines = count.lines.select_related("product", "product__vendor").order_by("pk")
    page = Paginator(lines, LINES_PER_PAGE).get_page(request.GET.get("page"))
    counting = count.status == StockCount.Status.COUNTING
    form = StockCountLinesForm(
        request.POST if request.method == "POST" and counting else None, lines=page.object_list
    )
    if form.is_bound and form.is_valid():
        try:
            stockcount_record(count=count, by=request.user, counted=form.counted(request.POST))
        except CounterError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Counts saved."))
            number = page.number
            if "next" in request.POST and page.has_next():
                number = page.next_page_number()
            return redirect(f"{count.get_absolute_url()}?page={number}")
    progress = count.lines.aggregate(
        total=Count("pk"), counted=Count("pk", filter=Q(counted__isnull=False))
    )
    return render(
        request,
        "counter/stockcount_detail.html",
        {
            "outlet": outlet,
            "count": count,
            "counting": counting,
            "form": form,
            "page_obj": page,
            "progress": progress,
        },
    )


@counter_page
def stockcount_sheet(request, outlet, pk):
    _may_count(request.user)
    count = _count_at(outlet, pk)
    return render(
        request,
        "counter/stockcount_sheet.html",
        {
            "outlet": outlet,
            "count": count,
            "lines": count.lines.select_related("product", "product__vendor").order_by("pk"),
        },
    )


@counter_page
def stockcount_apply_view(request, outlet, pk):
    _may_count(request.user)
    count = _count_at(outlet, pk)
    may_apply = request.user.has_perm("counter.apply_stock_count")
    error = None
    if request.method == "POST":
        if not may_apply:
            raise PermissionDenied
        try:
            stockcount_apply(count=count, by=request.user)
        except CounterError as exc:
            error = str(exc)
        else:
            messages.success(
                request,
                _("%(reference)s is applied: the stock now matches the count.")
                % {"reference": count.reference},
            )
            return redirect(count)
    return render(
        request,
        "counter/stockcount_apply.html",
        {
            "outlet": outlet,
            "count": count,
            "differences": stockcount_differences(count),
            "uncounted": count.lines.filter(counted__isnull=True).count(),
            "may_apply": may_apply and count.status == StockCount.Status.COUNTING,
            "error": error,
        },
    )


@counter_page
@require_POST
def stockcount_cancel_view(request, outlet, pk):
    _may_count(request.user)
    count = _count_at(outlet, pk)
    try:
        stockcount_cancel(count=count, by=request.user, note=request.POST.get("note", "")[:2000])
    except CounterError as exc:
        messages.error(request, str(exc))
        return redirect(count)
    messages.success(request, _("%(reference)s is cancelled.") % {"reference": count.reference})
    return redirect("counter:stockcount-list", outlet=outlet.slug)


routes = [
    path("opname/", stockcount_list, name="stockcount-list"),
    path("opname/baru/", stockcount_new, name="stockcount-start"),
    path("opname/<int:pk>/", stockcount_detail, name="stockcount-detail"),
    path("opname/<int:pk>/lembar/", stockcount_sheet, name="stockcount-sheet"),
    path("opname/<int:pk>/terapkan/", stockcount_apply_view, name="stockcount-apply"),
    path("opname/<int:pk>/batalkan/", stockcount_cancel_view, name="stockcount-cancel"),
]
