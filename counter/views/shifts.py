"""The cash drawer: opening a shift with its float, closing it with the counted cash, the shift
report, and a supervisor's approval of a difference above the limit."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.templatetags.rupiah import format_rupiah

from ..forms_office import ApprovalForm, ShiftCloseForm, ShiftOpenForm
from ..models import Shift
from ..services import (
    CounterError,
    shift_approve_difference,
    shift_close,
    shift_current,
    shift_open,
    shift_report,
)
from .access import counter_page

SHIFTS_PER_PAGE = 25


@counter_page
def shift_open_view(request, outlet):
    current = shift_current(outlet)
    form = ShiftOpenForm(request.POST or None)
    if request.method == "POST" and current is None and form.is_valid():
        try:
            shift_open(
                outlet=outlet, by=request.user, opening_float=form.cleaned_data["opening_float"]
            )
        except CounterError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The shift is open. Good selling!"))
            return redirect("counter:sell", outlet=outlet.slug)
    return render(
        request, "counter/shift_open.html", {"outlet": outlet, "form": form, "current": current}
    )


@counter_page
def shift_close_view(request, outlet):
    shift = shift_current(outlet)
    if shift is None:
        return render(request, "counter/shift_close.html", {"outlet": outlet, "shift": None})
    form = ShiftCloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            shift = shift_close(
                shift=shift,
                by=request.user,
                counted_cash=form.cleaned_data["counted_cash"],
                reason=form.cleaned_data["reason"],
            )
        except CounterError as exc:
            form.add_error(None, str(exc))
        else:
            if shift.status == Shift.Status.AWAITING_APPROVAL:
                messages.warning(
                    request,
                    _(
                        "The shift is closed. The difference of %(difference)s is above "
                        "%(limit)s: it awaits a supervisor's approval."
                    )
                    % {
                        "difference": format_rupiah(abs(shift.difference)),
                        "limit": format_rupiah(settings.COUNTER_CASH_DIFFERENCE_LIMIT),
                    },
                )
            else:
                messages.success(request, _("The shift is closed."))
            return redirect(shift)
    return render(
        request,
        "counter/shift_close.html",
        {
            "outlet": outlet,
            "shift": shift,
            "form": form,
            "limit": settings.COUNTER_CASH_DIFFERENCE_LIMIT,
            **_report(shift),
        },
    )


@counter_page
def shift_list(request, outlet):
    shifts = Shift.objects.at(outlet).select_related("outlet", "opened_by", "closed_by")
    page = Paginator(shifts, SHIFTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "counter/shift_list.html",
        {"outlet": outlet, "page_obj": page, "shifts": page.object_list},
    )


def _report(shift) -> dict:
    """The shift's figures and the tables of the report, as the templates show them."""
    report = shift_report(shift)
    return {
        "report": report,
        "net_total": report.total_sales - report.total_refunds,
        "report_groups": [
            (_("By maker"), report.by_vendor),
            (_("By category"), report.by_category),
        ],
    }


def _may_approve(user, shift) -> bool:
    return (
        shift.status == Shift.Status.AWAITING_APPROVAL
        and user.has_perm("counter.approve_cash_difference")
        and user.pk not in (shift.opened_by_id, shift.closed_by_id)
    )


def _render_detail(request, outlet, shift, approval_form=None):
    may_approve = _may_approve(request.user, shift)
    return render(
        request,
        "counter/shift_detail.html",
        {
            "outlet": outlet,
            "shift": shift,
            **_report(shift),
            "limit": settings.COUNTER_CASH_DIFFERENCE_LIMIT,
            "may_approve": may_approve,
            "approval_form": (approval_form or ApprovalForm()) if may_approve else None,
        },
    )


def _shift_at(outlet, pk):
    return get_object_or_404(
        Shift.objects.at(outlet).select_related("opened_by", "closed_by", "approved_by"), pk=pk
    )


@counter_page
def shift_detail(request, outlet, pk):
    return _render_detail(request, outlet, _shift_at(outlet, pk))


@counter_page
@require_POST
def shift_approve(request, outlet, pk):
    if not request.user.has_perm("counter.approve_cash_difference"):
        raise PermissionDenied
    shift = _shift_at(outlet, pk)
    form = ApprovalForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, outlet, shift, approval_form=form)
    try:
        shift_approve_difference(shift=shift, by=request.user, note=form.cleaned_data["note"])
    except CounterError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The cash difference is approved."))
    return redirect(shift)


routes = [
    path("shift/", shift_list, name="shift-list"),
    path("shift/buka/", shift_open_view, name="shift-open"),
    path("shift/tutup/", shift_close_view, name="shift-close"),
    path("shift/<int:pk>/", shift_detail, name="shift-detail"),
    path("shift/<int:pk>/setujui/", shift_approve, name="shift-approve"),
]
