"""The report's tables as header and rows, for the CSV downloads: the same cells the pages show."""

from django.utils.translation import gettext as _

from core.formats import format_month

from ..csvfiles import Rupiah


def _figure_header(first: str) -> list[str]:
    return [
        first,
        _("Registered"),
        _("Approved"),
        _("Active vendors"),
        _("New permits"),
        _("Online (Rp)"),
        _("Counter (Rp)"),
        _("Returns (Rp)"),
        _("Sales (Rp)"),
    ]


def _figure_cells(figures) -> list:
    return [
        figures.registered,
        figures.approved,
        figures.active,
        figures.permits,
        Rupiah(figures.online),
        Rupiah(figures.counter),
        Rupiah(figures.returns),
        Rupiah(figures.sales),
    ]


def months_table(report):
    rows = [[format_month(row.month), *_figure_cells(row.figures)] for row in report.months]
    rows.append([_("Total"), *_figure_cells(report.totals)])
    return _figure_header(_("Month")), rows


def _group_table(report, first, groups):
    quarter = report.headline.label if report.headline else ""
    header = [
        *_figure_header(first),
        _("Vendors compared, %(quarter)s") % {"quarter": quarter},
        _("Grew, %(quarter)s") % {"quarter": quarter},
    ]
    rows = [[row.label, *_figure_cells(row.figures), row.compared, row.grew] for row in groups]
    return header, rows


def kecamatan_table(report):
    return _group_table(report, _("Kecamatan"), report.kecamatan)


def categories_table(report):
    return _group_table(report, _("Craft category"), report.categories)


def quarters_table(report):
    header = [_("Quarter"), _("Months counted"), _("Vendors compared"), _("Grew")]
    rows = [[row.label, len(row.months), row.compared, row.grew] for row in report.quarters]
    return header, rows


def vendors_table(report):
    quarter = report.headline.label if report.headline else ""
    header = [
        _("Vendor"),
        _("Sales (Rp)"),
        _("Sales %(quarter)s (Rp)") % {"quarter": quarter},
        _("Sales the quarter before (Rp)"),
        _("Grew"),
    ]
    rows = [
        [
            row.name,
            Rupiah(row.sales),
            Rupiah(row.quarter),
            Rupiah(row.previous_quarter),
            row.grew,
        ]
        for row in report.vendors
    ]
    return header, rows


DISTRICT_TABLES = {
    "months": months_table,
    "kecamatan": kecamatan_table,
    "categories": categories_table,
    "quarters": quarters_table,
    "vendors": vendors_table,
}


def timeline_table(timeline):
    header = [
        _("Month"),
        _("Permits obtained"),
        _("Trainings attended"),
        _("Products first listed"),
        _("Online (Rp)"),
        _("Counter (Rp)"),
        _("Returns (Rp)"),
        _("Sales (Rp)"),
    ]

    def cells(row):
        return [
            row.permits,
            row.trainings,
            row.products,
            Rupiah(row.online),
            Rupiah(row.counter),
            Rupiah(row.returns),
            Rupiah(row.gross),
        ]

    rows = [[format_month(row.month), *cells(row)] for row in timeline.months]
    rows.append([_("Total"), *cells(timeline.totals)])
    return header, rows
