from urllib.parse import urlencode

from django import template
from django.urls import NoReverseMatch, reverse

from backoffice.csvfiles import COMMA_VALUE, SEPARATOR_PARAMETER
from backoffice.dashboard import dashboard_context
from backoffice.exports import export_for

register = template.Library()


@register.inclusion_tag("backoffice/admin/dashboard.html", takes_context=True)
def staff_dashboard(context):
    request = context["request"]
    return {"request": request, **dashboard_context(request)}


@register.simple_tag
def admin_url(name, *args, **query):
    """The admin page ``admin:<name>``, or "" when that admin is not installed."""
    try:
        url = reverse(f"admin:{name}", args=args)
    except NoReverseMatch:
        return ""
    return f"{url}?{urlencode(query)}" if query else url


@register.simple_tag(takes_context=True)
def export_urls(context, cl):
    """The exports of this changelist, with its filters and search: ``csv`` (semicolons),
    ``csv_comma`` and ``xlsx``; {} if the list is not exportable."""
    if cl is None or export_for(cl.model) is None:
        return {}
    if not cl.model_admin.has_view_permission(context["request"]):
        return {}
    opts = cl.model._meta
    args = [opts.app_label, opts.model_name]
    query = cl.get_query_string()
    comma = cl.get_query_string({SEPARATOR_PARAMETER: COMMA_VALUE})
    csv_url = reverse("admin:backoffice_report_export", args=args)
    return {
        "csv": csv_url + query,
        "csv_comma": csv_url + comma,
        "xlsx": reverse("admin:backoffice_report_export_xlsx", args=args) + query,
    }
