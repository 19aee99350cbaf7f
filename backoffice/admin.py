"""Back office in the admin: commission rates, payouts with the vendors' statements, and exports."""

from django.apps import apps
from django.contrib import admin
from django.contrib.admin.exceptions import NotRegistered
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.admin import RecordedPayoutAdmin
from core.formats import format_month
from vendors.models import Vendor

from . import services
from .csvfiles import SEPARATOR_PARAMETER, csv_response, separator_for
from .exports import EXPORTS
from .forms import PayoutForm
from .growth.views import GrowthViews
from .models import CommissionRate, Payout, Report
from .months import current_month, next_month, parse_month, previous_month
from .settlements import settlement_overview, statement_for, vendor_account
from .xlsxfiles import xlsx_response


@admin.register(CommissionRate)
class CommissionRateAdmin(admin.ModelAdmin):
    list_display = ["vendor_or_default", "percent", "effective_from", "note", "created_by"]
    list_filter = [("vendor", admin.EmptyFieldListFilter), "effective_from"]
    search_fields = ["vendor__business_name", "note"]
    list_select_related = ["vendor", "created_by"]
    fields = ["vendor", "percent", "effective_from", "note", "created_by", "created_at"]
    readonly_fields = ["created_by", "created_at"]

    @admin.display(description=gettext_lazy("vendor"), ordering="vendor__business_name")
    def vendor_or_default(self, obj):
        return obj.vendor or _("Default rate")

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:
            return [*self.readonly_fields, "vendor", "effective_from"]
        return self.readonly_fields

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_locked:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_locked:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if change:
            services.commission_rate_change(
                rate=obj, percent=obj.percent, note=obj.note, by=request.user
            )
        else:
            saved = services.commission_rate_set(
                vendor=obj.vendor,
                percent=obj.percent,
                effective_from=obj.effective_from,
                note=obj.note,
                by=request.user,
            )
            obj.pk = saved.pk
            obj.created_by = saved.created_by
            obj.created_at = saved.created_at


@admin.register(Payout)
class PayoutAdmin(RecordedPayoutAdmin):
    """Payouts are recorded, never changed nor deleted: a correction is a new payout."""

    record_permission = "backoffice.record_payout"
    form = PayoutForm
    list_display = [
        "paid_on",
        "vendor_statement",
        "amount_display",
        "reference",
        "by",
        "created_at",
    ]
    list_filter = ["paid_on", ("vendor", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["vendor__business_name", "reference", "note"]
    list_select_related = ["vendor", "by"]
    date_hierarchy = "paid_on"
    readonly_fields = ["by", "created_at"]
    change_list_template = "backoffice/admin/payout_change_list.html"

    def get_fields(self, request, obj=None):
        fields = ["vendor", "amount", "paid_on", "reference", "note"]
        return [*fields, "by", "created_at"] if obj else fields

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:
            return ["vendor", "amount", "paid_on", "reference", "note", "by", "created_at"]
        return self.readonly_fields

    @admin.display(description=gettext_lazy("vendor"), ordering="vendor__business_name")
    def vendor_statement(self, obj):
        url = reverse(
            "admin:backoffice_payout_statement", args=[obj.vendor_id, f"{obj.paid_on:%Y-%m}"]
        )
        return format_html('{} (<a href="{}">{}</a>)', obj.vendor, url, _("statement"))

    def save_model(self, request, obj, form, change):
        saved = services.payout_record(
            vendor=obj.vendor,
            amount=obj.amount,
            paid_on=obj.paid_on,
            reference=obj.reference,
            note=obj.note,
            by=request.user,
        )
        obj.pk, obj.by, obj.created_at = saved.pk, saved.by, saved.created_at

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("statements/", view(self.overview_view), name="backoffice_payout_overview"),
            path(
                "statements/<int:vendor_id>/",
                view(self.account_view),
                name="backoffice_payout_account",
            ),
            path(
                "statements/<int:vendor_id>/<str:month>/",
                view(self.statement_view),
                name="backoffice_payout_statement",
            ),
            *super().get_urls(),
        ]

    def _check_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied

    def _context(self, request, **context):
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "can_record": self.has_add_permission(request),
            **context,
        }

    def overview_view(self, request):
        """Every vendor's settlement for one month (the previous month unless another is asked)."""
        self._check_view(request)
        month = parse_month(request.GET.get("month", "")) or previous_month(current_month())
        if month > current_month():
            month = current_month()
        rows = settlement_overview(month)
        return TemplateResponse(
            request,
            "backoffice/admin/settlement_overview.html",
            self._context(
                request,
                title=_("Settlements of %(month)s") % {"month": format_month(month)},
                month=month,
                rows=rows,
                previous=previous_month(month),
                next=None if month >= current_month() else next_month(month),
                totals={
                    key: sum(getattr(row.summary, key) for row in rows)
                    for key in ("gross", "commission", "net", "paid", "closing")
                },
            ),
        )

    def account_view(self, request, vendor_id):
        self._check_view(request)
        vendor = get_object_or_404(Vendor, pk=vendor_id)
        return TemplateResponse(
            request,
            "backoffice/admin/vendor_account.html",
            self._context(
                request,
                title=_("Statements of %(vendor)s") % {"vendor": vendor},
                vendor=vendor,
                account=vendor_account(vendor),
            ),
        )

    def statement_view(self, request, vendor_id, month):
        self._check_view(request)
        vendor = get_object_or_404(Vendor, pk=vendor_id)
        parsed = parse_month(month)
        statement = statement_for(vendor, parsed) if parsed else None
        if statement is None:
            raise Http404
        return TemplateResponse(
            request,
            "backoffice/admin/statement.html",
            self._context(
                request,
                title=_("Statement of %(vendor)s, %(month)s")
                % {"vendor": vendor, "month": format_month(parsed)},
                vendor=vendor,
                statement=statement,
                record_url=reverse("admin:backoffice_payout_add")
                + f"?vendor={vendor.pk}&amount={max(statement.summary.closing, 0)}",
            ),
        )


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """The list of CSV exports, and the export itself.

    ``export/<app>/<model>/`` answers only for the models in ``backoffice.exports.EXPORTS``
    (404 otherwise) and only to staff with that model's view permission (403 otherwise). When the
    model has an admin list, the export applies the same query string as the list: its filters,
    search and order.
    """

    def _exportable(self, request):
        allowed = []
        for label, export in EXPORTS.items():
            model = apps.get_model(label)
            if self._can_export(request, model):
                allowed.append((model._meta, export))
        return allowed

    def _model_admin(self, model):
        try:
            return self.admin_site.get_model_admin(model)
        except NotRegistered:
            return None

    def _can_export(self, request, model):
        model_admin = self._model_admin(model)
        if model_admin is not None:
            return model_admin.has_view_permission(request)
        opts = model._meta
        return request.user.has_perm(f"{opts.app_label}.view_{opts.model_name}")

    def has_view_permission(self, request, obj=None):
        return (
            request.user.is_active
            and request.user.is_staff
            and (
                request.user.has_perm("backoffice.view_figures") or bool(self._exportable(request))
            )
        )

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("", view(self.changelist_view), name="backoffice_report_changelist"),
            path(
                "export/<str:app_label>/<str:model_name>/",
                view(self.export_view),
                name="backoffice_report_export",
            ),
            path(
                "export/<str:app_label>/<str:model_name>/xlsx/",
                view(self.export_xlsx_view),
                name="backoffice_report_export_xlsx",
            ),
            *GrowthViews(self).urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        exports = []
        for opts, _export in self._exportable(request):
            changelist = self._model_admin(apps.get_model(opts.label))
            exports.append(
                {
                    "name": opts.verbose_name_plural,
                    "url": reverse(
                        "admin:backoffice_report_export", args=[opts.app_label, opts.model_name]
                    ),
                    "xlsx_url": reverse(
                        "admin:backoffice_report_export_xlsx",
                        args=[opts.app_label, opts.model_name],
                    ),
                    "changelist_url": reverse(
                        f"admin:{opts.app_label}_{opts.model_name}_changelist"
                    )
                    if changelist
                    else "",
                }
            )
        return TemplateResponse(
            request,
            "backoffice/admin/report_index.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("Reports and exports"),
                "exports": exports,
                "can_see_settlements": request.user.has_perm("backoffice.view_payout"),
            },
        )

    def export_xlsx_view(self, request, app_label, model_name):
        return self.export_view(request, app_label, model_name, workbook=True)

    def export_view(self, request, app_label, model_name, workbook=False):
        export = EXPORTS.get(f"{app_label}.{model_name}")
        if export is None:
            raise Http404
        model = apps.get_model(app_label, model_name)
        if not self._can_export(request, model):
            raise PermissionDenied
        delimiter = separator_for(request)
        # The separator is the file's, not one of the list's filters.
        request.GET = request.GET.copy()
        request.GET.pop(SEPARATOR_PARAMETER, None)
        model_admin = self._model_admin(model)
        if model_admin is None:
            queryset = model._default_manager.all()
        else:
            try:
                queryset = model_admin.get_changelist_instance(request).queryset
            except IncorrectLookupParameters:
                opts = model._meta
                url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
                return HttpResponseRedirect(f"{url}?e=1")
        if workbook:
            return xlsx_response(
                export.filename("xlsx"),
                export.header,
                export.rows(queryset),
                sheet_name=export.slug,
            )
        return csv_response(
            export.filename(), export.header, export.rows(queryset), delimiter=delimiter
        )
