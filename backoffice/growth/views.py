"""The growth report's admin pages, under the back office's reports (``ReportAdmin``).

Staff need ``backoffice.view_figures``, the permission of the dashboard's figures; a vendor's
timeline also needs ``vendors.view_vendor``. The admin lets in active staff only: vendors and
shoppers are sent to the admin's login. A wrong filter value shows the form with its message
(400), never a report of something else.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from vendors.models import Vendor

from .. import charts
from ..channels import Channel
from ..csvfiles import COMMA_VALUE, SEPARATOR_PARAMETER, csv_response, separator_for
from ..months import month_of
from . import tables
from .district import district_report
from .filters import MAX_MONTHS, GrowthFilterForm, months_back
from .timeline import vendor_timeline

FIGURES_PERMISSION = "backoffice.view_figures"
VENDOR_PERMISSION = "vendors.view_vendor"


def _district_charts(report) -> dict:
    months = [row.month for row in report.months]
    return {
        "vendors": charts.column_chart(
            id="chart-growth-vendors",
            title=_("Vendors registered and approved per month"),
            months=months,
            series=[
                (_("Registered"), [row.figures.registered for row in report.months]),
                (_("Approved"), [row.figures.approved for row in report.months]),
            ],
        ),
        "activity": charts.column_chart(
            id="chart-growth-activity",
            title=_("Active vendors and new permits per month"),
            months=months,
            series=[
                (_("Active vendors"), [row.figures.active for row in report.months]),
                (_("New permits"), [row.figures.permits for row in report.months]),
            ],
        ),
        "sales": charts.column_chart(
            id="chart-growth-sales",
            title=_("Sales per month, online and at the counter"),
            months=months,
            series=[
                (str(Channel.ONLINE.label), [row.figures.online for row in report.months]),
                (str(Channel.COUNTER.label), [row.figures.counter for row in report.months]),
            ],
            formatter=charts.as_rupiah,
        ),
        "kecamatan": charts.bar_chart(
            id="chart-growth-kecamatan",
            title=_("Sales per kecamatan"),
            labels=[row.label for row in report.kecamatan],
            series=[(_("Sales"), [max(row.figures.sales, 0) for row in report.kecamatan])],
            formatter=charts.as_rupiah,
        ),
    }


def _timeline_chart(timeline):
    return charts.column_chart(
        id="chart-timeline-sales",
        title=_("Sales per month, online and at the counter"),
        months=[row.month for row in timeline.months],
        series=[
            (str(Channel.ONLINE.label), [row.online for row in timeline.months]),
            (str(Channel.COUNTER.label), [row.counter for row in timeline.months]),
        ],
        formatter=charts.as_rupiah,
    )


class GrowthViews:
    def __init__(self, model_admin):
        self.model_admin = model_admin
        self.admin_site = model_admin.admin_site

    def urls(self) -> list:
        view = self.admin_site.admin_view
        return [
            path("growth/", view(self.district_view), name="backoffice_report_growth"),
            path(
                "growth/<slug:table>.csv",
                view(self.district_csv),
                name="backoffice_report_growth_csv",
            ),
            path(
                "growth/vendor/<int:vendor_id>/",
                view(self.vendor_view),
                name="backoffice_report_growth_vendor",
            ),
            path(
                "growth/vendor/<int:vendor_id>/timeline.csv",
                view(self.vendor_csv),
                name="backoffice_report_growth_vendor_csv",
            ),
        ]

    def _check(self, request, *permissions):
        if not all(request.user.has_perm(name) for name in (FIGURES_PERMISSION, *permissions)):
            raise PermissionDenied

    def _context(self, request, **context):
        return {
            **self.admin_site.each_context(request),
            "opts": self.model_admin.model._meta,
            "max_months": MAX_MONTHS,
            **context,
        }

    @staticmethod
    def _downloads(url, scope, tables_and_labels):
        query = scope.query()
        return [
            {
                "label": label,
                "csv": f"{url(name)}?{urlencode(query)}",
                "csv_comma": f"{url(name)}?{urlencode({**query, SEPARATOR_PARAMETER: COMMA_VALUE})}",
            }
            for name, label in tables_and_labels
        ]

    def _refused(self, request, template, form, **context):
        return TemplateResponse(
            request,
            template,
            self._context(request, form=form, title=_("UMKM growth report"), **context),
            status=400,
        )

    def district_view(self, request):
        self._check(request)
        form = GrowthFilterForm(request.GET)
        scope = form.scope()
        template = "backoffice/admin/growth_report.html"
        if scope is None:
            return self._refused(request, template, form)
        report = district_report(scope)
        downloads = self._downloads(
            lambda name: reverse("admin:backoffice_report_growth_csv", args=[name]),
            scope,
            [
                ("months", _("Month by month")),
                ("kecamatan", _("Per kecamatan")),
                ("categories", _("Per craft category")),
                ("quarters", _("Quarter on quarter")),
                ("vendors", _("Vendors")),
            ],
        )
        return TemplateResponse(
            request,
            template,
            self._context(
                request,
                title=_("UMKM growth report"),
                form=form,
                scope=scope,
                report=report,
                charts=_district_charts(report),
                downloads=downloads,
                can_see_vendors=request.user.has_perm(VENDOR_PERMISSION),
            ),
        )

    def district_csv(self, request, table):
        self._check(request)
        build = tables.DISTRICT_TABLES.get(table)
        if build is None:
            raise Http404
        form = GrowthFilterForm(request.GET)
        scope = form.scope()
        if scope is None:
            return self._refused(request, "backoffice/admin/growth_report.html", form)
        header, rows = build(district_report(scope))
        filename = f"pertumbuhan-umkm-{table}-{scope.first:%Y%m}-{scope.last:%Y%m}.csv"
        return csv_response(filename, header, rows, delimiter=separator_for(request))

    def _vendor_scope(self, request, vendor):
        first = max(
            month_of(vendor.created_at), months_back(month_of(timezone.now()), MAX_MONTHS - 1)
        )
        form = GrowthFilterForm(request.GET, first_month=first)
        # The vendor is chosen by the address: kecamatan and category do not apply.
        for name in ("kecamatan", "category"):
            del form.fields[name]
        return form, form.scope()

    def vendor_view(self, request, vendor_id):
        self._check(request, VENDOR_PERMISSION)
        vendor = get_object_or_404(Vendor.objects.select_related("kecamatan"), pk=vendor_id)
        form, scope = self._vendor_scope(request, vendor)
        template = "backoffice/admin/growth_vendor.html"
        title = _("Growth of %(vendor)s") % {"vendor": vendor}
        if scope is None:
            return self._refused(request, template, form, vendor=vendor)
        timeline = vendor_timeline(vendor, scope)
        return TemplateResponse(
            request,
            template,
            self._context(
                request,
                title=title,
                form=form,
                scope=scope,
                vendor=vendor,
                timeline=timeline,
                chart=_timeline_chart(timeline),
                downloads=self._downloads(
                    lambda name: reverse(
                        "admin:backoffice_report_growth_vendor_csv", args=[vendor.pk]
                    ),
                    scope,
                    [("timeline", _("Month by month"))],
                ),
            ),
        )

    def vendor_csv(self, request, vendor_id):
        self._check(request, VENDOR_PERMISSION)
        vendor = get_object_or_404(Vendor, pk=vendor_id)
        form, scope = self._vendor_scope(request, vendor)
        if scope is None:
            return self._refused(
                request, "backoffice/admin/growth_vendor.html", form, vendor=vendor
            )
        header, rows = tables.timeline_table(vendor_timeline(vendor, scope))
        filename = f"pertumbuhan-{vendor.slug}-{scope.first:%Y%m}-{scope.last:%Y%m}.csv"
        return csv_response(filename, header, rows, delimiter=separator_for(request))
