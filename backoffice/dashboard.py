"""What the admin's index page shows staff above the list of apps (``{% staff_dashboard %}``).

Each part needs the permission to see what it shows: the review queue needs ``view_vendor``, the
hidden products and the product feeds ``view_product``, the orders to prepare ``view_order``, the
food near expiry ``gallery.view_batch``, the figures ``backoffice.view_figures``; the log shows
actions on the kinds of records the person may see.
"""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from gallery.expiry import batches_to_check
from gallery.models import today_in_jakarta
from products import seo
from products.feeds.views import addresses as feed_addresses

from . import charts, figures
from .channels import Channel
from .forms import DashboardFilterForm


def _sales_chart(id, title, rows):
    return charts.bar_chart(
        id=id,
        title=title,
        labels=[row.label for row in rows],
        series=[(_("Gross"), [row.gross for row in rows])],
        formatter=charts.as_rupiah,
    )


def figures_context(filters: figures.Filters) -> dict:
    vendor_months = figures.vendor_months(filters)
    kecamatan = figures.vendor_kecamatan(filters)
    sales_months = figures.sales_months(filters)
    outlets = figures.sales_outlets(filters)
    categories = figures.sales_categories(filters)
    products = figures.top_products(filters)
    vendors = figures.top_vendors(filters)
    registered, approved = _("Registered"), _("Approved")
    return {
        "totals": figures.sales_totals(filters),
        "vendor_months": vendor_months,
        "vendor_kecamatan": kecamatan,
        "sales_months": sales_months,
        "sales_outlets": outlets,
        "sales_categories": categories,
        "top_products": products,
        "top_vendors": vendors,
        "charts": {
            "vendor_months": charts.column_chart(
                id="chart-vendor-months",
                title=_("Vendors registered and approved per month"),
                months=[row.month for row in vendor_months],
                series=[
                    (registered, [row.registered for row in vendor_months]),
                    (approved, [row.approved for row in vendor_months]),
                ],
            ),
            "vendor_kecamatan": charts.bar_chart(
                id="chart-vendor-kecamatan",
                title=_("Vendors registered and approved per kecamatan"),
                labels=[row.name for row in kecamatan],
                series=[
                    (registered, [row.registered for row in kecamatan]),
                    (approved, [row.approved for row in kecamatan]),
                ],
            ),
            "sales_months": charts.column_chart(
                id="chart-sales-months",
                title=_("Sales per month, online and at the counter (gross)"),
                months=[row.month for row in sales_months],
                series=[
                    (str(Channel.ONLINE.label), [row.online for row in sales_months]),
                    (str(Channel.COUNTER.label), [row.counter for row in sales_months]),
                ],
                formatter=charts.as_rupiah,
            ),
            "sales_outlets": _sales_chart(
                "chart-sales-outlets", _("Sales per outlet (gross)"), outlets
            ),
            "sales_categories": _sales_chart(
                "chart-sales-categories", _("Sales per category (gross)"), categories
            ),
            "top_products": _sales_chart("chart-top-products", _("Top products (gross)"), products),
            "top_vendors": _sales_chart("chart-top-vendors", _("Top vendors (gross)"), vendors),
        },
    }


NEAR_EXPIRY_ROWS = 20


def near_expiry_context() -> dict:
    """Food to act on, at every outlet: expired batches still on the shelf and those near
    expiry, soonest first. Not narrowed by the filters: it is what waits now."""
    today = today_in_jakarta()
    batches = batches_to_check(today=today)
    rows = list(batches[:NEAR_EXPIRY_ROWS])
    return {
        "near_expiry": rows,
        "near_expiry_count": len(rows) if len(rows) < NEAR_EXPIRY_ROWS else batches.count(),
        "near_expiry_days": settings.NEAR_EXPIRY_DAYS,
        "today": today,
    }


def product_feeds() -> list:
    """The catalogue feeds staff register with Google and Meta: (name, language, absolute URL)."""
    names = {"google": "Google Merchant Center", "meta": "Meta (Facebook, Instagram)"}
    languages = dict(settings.LANGUAGES)
    return [
        (names[kind], languages[language], seo.absolute(reverse(f"feeds:{kind}-{language}")))
        for kind, language in feed_addresses()
    ]


def dashboard_context(request) -> dict:
    user = request.user
    form = DashboardFilterForm(request.GET if request.GET else None)
    filters = form.filters()
    context = {
        "form": form,
        "filters": filters,
        "staff_actions": figures.staff_actions(user),
        "awaiting": None,
        "hidden": None,
        "to_prepare": None,
        "near_expiry": None,
        "figures": None,
    }
    if user.has_perm("vendors.view_vendor"):
        context["awaiting_count"], context["awaiting"] = figures.vendors_awaiting_review()
    if user.has_perm("products.view_product"):
        context["hidden_count"], context["hidden"] = figures.hidden_products()
    if user.has_perm("orders.view_order"):
        context["to_prepare"] = figures.orders_to_prepare(filters.outlet)
    if user.has_perm("gallery.view_batch"):
        context.update(near_expiry_context())
    if user.has_perm("backoffice.view_figures"):
        context["figures"] = figures_context(filters)
    if user.has_perm("products.view_product"):
        context["product_feeds"] = product_feeds()
    return context
