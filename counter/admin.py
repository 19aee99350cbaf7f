"""The counter in the admin, for district and gallery staff: shifts, receipts, returns and stock
counts to read. Nothing here is edited or deleted: records change only through
``counter.services`` (the shift approval action calls one). Assignments of staff to outlets are
made here."""

from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyAdmin, ReadOnlyInline
from core.audit import audit
from core.templatetags.rupiah import format_rupiah

from .models import (
    Assignment,
    Sale,
    SaleLine,
    SalePayment,
    SaleReturn,
    SaleReturnLine,
    Shift,
    StockCount,
    StockCountLine,
)
from .services import CounterError, shift_approve_difference, shift_report


def _rupiah(value):
    return "—" if value is None else format_rupiah(value)


class ApprovalNoteForm(forms.Form):
    note = forms.CharField(label=_("Approval note"), max_length=2000, widget=forms.Textarea)


@admin.register(Shift)
class ShiftAdmin(ReadOnlyAdmin):
    list_display = [
        "outlet",
        "opened_at",
        "opened_by",
        "status",
        "float_amount",
        "expected",
        "counted",
        "difference_amount",
    ]
    list_filter = ["outlet", "status", "opened_at"]
    list_select_related = ["outlet", "opened_by"]
    date_hierarchy = "opened_at"
    actions = ["approve_difference"]
    fields = [
        "outlet",
        "status",
        "opened_by",
        "opened_at",
        "closed_by",
        "closed_at",
        "difference_reason",
        "approved_by",
        "approved_at",
        "approval_note",
        "report",
    ]
    readonly_fields = fields

    @admin.display(description=_("cash float"), ordering="opening_float")
    def float_amount(self, shift):
        return _rupiah(shift.opening_float)

    @admin.display(description=_("expected cash"), ordering="expected_cash")
    def expected(self, shift):
        return _rupiah(shift.expected_cash)

    @admin.display(description=_("counted cash"), ordering="counted_cash")
    def counted(self, shift):
        return _rupiah(shift.counted_cash)

    @admin.display(description=_("difference"))
    def difference_amount(self, shift):
        return _rupiah(shift.difference)

    @admin.display(description=_("report"))
    def report(self, shift):
        report = shift_report(shift)
        figures = [
            (gettext("Cash float"), _rupiah(report.opening_float)),
            (gettext("Cash sales"), _rupiah(report.cash_sales)),
            (gettext("Cash refunds"), _rupiah(report.cash_refunds)),
            (gettext("Expected cash"), _rupiah(report.expected_cash)),
            (gettext("Counted cash"), _rupiah(report.counted_cash)),
            (gettext("Difference"), _rupiah(report.difference)),
            (gettext("Receipts"), report.receipts),
            (gettext("Voided receipts"), report.voided),
        ]
        figures += [
            (
                label,
                f"{format_rupiah(sales)} − {format_rupiah(refunds)} = {format_rupiah(net)}",
            )
            for label, sales, refunds, net in report.methods
        ]
        figures += [
            (f"{gettext('Maker')}: {group.name}", f"{group.units} · {format_rupiah(group.net)}")
            for group in report.by_vendor
        ]
        figures += [
            (
                f"{gettext('Category')}: {group.name or '—'}",
                f"{group.units} · {format_rupiah(group.net)}",
            )
            for group in report.by_category
        ]
        return format_html(
            "<table>{}</table>",
            format_html_join("", "<tr><th>{}</th><td>{}</td></tr>", figures),
        )

    def has_approve_cash_difference_permission(self, request):
        return request.user.has_perm("counter.approve_cash_difference")

    @admin.action(
        description=_("Approve the cash difference…"), permissions=["approve_cash_difference"]
    )
    def approve_difference(self, request, queryset):
        form = ApprovalNoteForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            done = 0
            for shift in queryset:
                try:
                    shift_approve_difference(
                        shift=shift, by=request.user, note=form.cleaned_data["note"]
                    )
                except CounterError as exc:
                    self.message_user(request, f"{shift}: {exc}", messages.WARNING)
                else:
                    done += 1
            if done:
                self.message_user(
                    request,
                    ngettext("%(n)d difference approved.", "%(n)d differences approved.", done)
                    % {"n": done},
                    messages.SUCCESS,
                )
            return None
        return TemplateResponse(
            request,
            "counter/shift_admin_approve.html",
            {
                **self.admin_site.each_context(request),
                "title": gettext("Approve the cash difference"),
                "opts": self.model._meta,
                "objects": queryset.select_related("outlet", "opened_by"),
                "form": form,
                "action": "approve_difference",
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )


class SaleLineInline(ReadOnlyInline):
    model = SaleLine
    fields = [
        "product_name",
        "vendor_name",
        "category_name",
        "unit_price",
        "quantity",
        "discount",
        "discount_reason",
        "line_total",
        "unposted_quantity",
    ]
    readonly_fields = fields


class SalePaymentInline(ReadOnlyInline):
    model = SalePayment
    fields = ["method", "amount", "tendered", "reference"]
    readonly_fields = fields


class SaleReturnInline(ReadOnlyInline):
    model = SaleReturn
    fields = ["reference", "at", "by", "reason", "refund_method", "refund_amount"]
    readonly_fields = fields
    show_change_link = True


@admin.register(Sale)
class SaleAdmin(ReadOnlyAdmin):
    list_display = [
        "number",
        "outlet",
        "sold_at",
        "by",
        "total_amount",
        "status",
        "needs_attention",
    ]
    list_filter = ["outlet", "status", "needs_attention", "sent_offline", "sold_at"]
    list_select_related = ["outlet", "by"]
    search_fields = ["number"]
    date_hierarchy = "sold_at"
    inlines = [SaleLineInline, SalePaymentInline, SaleReturnInline]
    exclude = ["idempotency_key"]

    @admin.display(description=_("total"), ordering="total")
    def total_amount(self, sale):
        return format_rupiah(sale.total)


class SaleReturnLineInline(ReadOnlyInline):
    model = SaleReturnLine
    fields = ["sale_line", "quantity", "amount", "back_to_stock"]
    readonly_fields = fields


@admin.register(SaleReturn)
class SaleReturnAdmin(ReadOnlyAdmin):
    list_display = ["reference", "sale", "at", "by", "refund_method", "refund"]
    list_filter = ["refund_method", "at", "sale__outlet"]
    list_select_related = ["sale", "by"]
    search_fields = ["reference", "sale__number"]
    inlines = [SaleReturnLineInline]
    exclude = ["idempotency_key"]

    @admin.display(description=_("refund"), ordering="refund_amount")
    def refund(self, sale_return):
        return format_rupiah(sale_return.refund_amount)


class StockCountLineInline(ReadOnlyInline):
    model = StockCountLine
    fields = [
        "product",
        "on_hand_at_start",
        "counted",
        "counted_by",
        "counted_at",
        "applied_change",
    ]
    readonly_fields = fields


@admin.register(StockCount)
class StockCountAdmin(ReadOnlyAdmin):
    list_display = ["reference", "outlet", "status", "started_by", "started_at", "finished_by"]
    list_filter = ["outlet", "status", "started_at"]
    list_select_related = ["outlet", "started_by", "finished_by"]
    inlines = [StockCountLineInline]


def staff_user_field(db_field, formfield):
    """Only staff accounts can be assigned to an outlet's counter."""
    if db_field.name == "user":
        formfield.queryset = formfield.queryset.filter(is_staff=True, is_active=True)
    return formfield


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "outlet", "since"]
    list_filter = ["outlet"]
    list_select_related = ["user", "outlet"]
    search_fields = ["user__full_name", "user__email"]
    fields = ["outlet", "user"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return staff_user_field(
            db_field, super().formfield_for_foreignkey(db_field, request, **kwargs)
        )

    def has_change_permission(self, request, obj=None):
        # An assignment is made or taken away, never moved to another person or outlet.
        return False

    # The admin's own log keeps who added or removed the assignment; the audit line says it too.
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit("counter_assigned", request=request, staff=obj.user_id, outlet=obj.outlet_id)

    def delete_model(self, request, obj):
        audit("counter_unassigned", request=request, staff=obj.user_id, outlet=obj.outlet_id)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for assignment in queryset:
            audit(
                "counter_unassigned",
                request=request,
                staff=assignment.user_id,
                outlet=assignment.outlet_id,
            )
        super().delete_queryset(request, queryset)
