"""Recording stock in the admin: one delivery (several products), or a loss or a count for one
product at one outlet. Each form ends in one call to ``gallery.services``; the admin classes in
``stock.py`` route to these views.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.audit import audit

from .. import services
from ..forms import (
    DeliveryDetailsForm,
    DeliveryStartForm,
    StockCorrectionForm,
    delivery_line_formset,
    delivery_products,
    returnable_batches,
)
from ..models import StockLevel, StockMovement, today_in_jakarta

Kind = StockMovement.Kind
RECORD_PERMISSION = "gallery.record_stock_movement"


def record_delivery(model_admin, request):
    """One delivery: intake or return, one vendor, one outlet, several products.

    Step one (a GET form) picks the direction, the vendor and the outlet; step two lists
    lines whose products are that vendor's only, and records them all through one service
    call, or none.
    """
    if not request.user.has_perm(RECORD_PERMISSION):
        raise PermissionDenied
    posted = request.method == "POST"
    if posted:
        start = DeliveryStartForm(request.POST)
    elif {"kind", "vendor", "outlet"} <= set(request.GET) and "change" not in request.GET:
        start = DeliveryStartForm(request.GET)
    else:  # a link may preselect the outlet or the vendor
        start = DeliveryStartForm(initial=request.GET.dict())
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("Record a delivery"),
        "start": start,
    }
    if not start.is_valid():
        return TemplateResponse(request, "gallery/admin/delivery_start.html", context)

    kind, vendor, outlet = (start.cleaned_data[name] for name in ("kind", "vendor", "outlet"))
    products = delivery_products(vendor=vendor, outlet=outlet, kind=kind)
    # Food lines name their batch: the columns appear when the vendor has food to list.
    food = products.food().exists()
    details = DeliveryDetailsForm(request.POST if posted else None)
    lines = delivery_line_formset(request.GET.get("lines"))(
        request.POST if posted else None,
        prefix="lines",
        form_kwargs={
            "products": products,
            "kind": kind,
            "food": food,
            "batches": returnable_batches(vendor=vendor, outlet=outlet) if food else None,
        },
    )
    if posted and details.is_valid() and lines.is_valid():
        record = services.delivery_receive if kind == Kind.INTAKE else services.delivery_return
        try:
            movements = record(
                vendor=vendor,
                outlet=outlet,
                lines=lines.lines(),
                by=request.user,
                reference=details.cleaned_data["reference"],
                reason=details.cleaned_data["reason"],
            )
        except services.InsufficientStock as refused:
            lines.show_shortages(refused.shortages)
            details.add_error(None, str(refused))
        except services.StockError as refused:
            details.add_error(None, str(refused))
        else:
            audit(
                "stock_delivery",
                request=request,
                kind=kind,
                outlet=outlet.pk,
                vendor=vendor.pk,
                reference=movements[0].reference,
                lines=len(movements),
                units=sum(abs(m.on_hand_change) for m in movements),
            )
            _report(request, kind, outlet, movements)
            query = urlencode({"q": movements[0].reference, "outlet__id__exact": outlet.pk})
            return redirect(reverse("admin:gallery_stockmovement_changelist") + "?" + query)
    context.update(
        {
            "kind": kind,
            "kind_label": dict(start.DIRECTIONS)[kind],
            "vendor": vendor,
            "outlet": outlet,
            "details": details,
            "lines": lines,
            "food": food,
            "has_products": products.exists(),
        }
    )
    return TemplateResponse(request, "gallery/admin/delivery_form.html", context)


def _report(request, kind, outlet, movements):
    units = sum(abs(movement.on_hand_change) for movement in movements)
    if kind == Kind.INTAKE:
        text = ngettext(
            "Intake recorded at %(outlet)s: %(units)s unit of %(products)s product(s).",
            "Intake recorded at %(outlet)s: %(units)s units of %(products)s product(s).",
            units,
        )
    else:
        text = ngettext(
            "Return recorded at %(outlet)s: %(units)s unit of %(products)s product(s).",
            "Return recorded at %(outlet)s: %(units)s units of %(products)s product(s).",
            units,
        )
    # A food product going back may leave from several batches: one ledger row each.
    product_ids = list(dict.fromkeys(movement.product_id for movement in movements))
    text %= {"outlet": outlet, "units": units, "products": len(product_ids)}
    if kind == Kind.INTAKE and request.user.has_perm("gallery.print_shelf_labels"):
        query = urlencode([("product", product_id) for product_id in product_ids])
        labels = reverse("admin:gallery_outlet_labels", args=[outlet.pk]) + "?" + query
        messages.success(
            request,
            format_html('{} <a href="{}">{}</a>', text, labels, _("Print their shelf labels")),
        )
    else:
        messages.success(request, text)


def record_correction(model_admin, request, pk):
    """A loss or a count correction for one product at one outlet."""
    if not request.user.has_perm(RECORD_PERMISSION):
        raise PermissionDenied
    level = get_object_or_404(StockLevel.objects.select_related("product", "outlet"), pk=pk)
    form = StockCorrectionForm(request.POST or None, level=level)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["kind"] == Kind.LOSS:
                services.stock_record_loss(
                    outlet=level.outlet,
                    product=level.product,
                    quantity=data["quantity"],
                    by=request.user,
                    reason=data["reason"],
                    batch=data.get("batch"),
                )
            else:
                services.stock_adjust(
                    outlet=level.outlet,
                    product=level.product,
                    change=form.change,
                    by=request.user,
                    reason=data["reason"],
                )
        except services.InsufficientStock as refused:
            if data.get("batch"):
                message = _("Only %(n)s units of this batch are free to leave the shelf.")
            else:
                message = _(
                    "Only %(n)s units can leave the shelf: the others are reserved for orders."
                )
            form.add_error(
                "quantity" if data["kind"] == Kind.LOSS else "counted",
                message % {"n": refused.shortages[0].available},
            )
        except services.StockError as refused:
            form.add_error(None, str(refused))
        else:
            audit(
                "stock_correction",
                request=request,
                kind=data["kind"],
                outlet=level.outlet_id,
                product=level.product_id,
            )
            messages.success(
                request,
                _("Recorded for %(product)s at %(outlet)s.")
                % {"product": level.product, "outlet": level.outlet},
            )
            return redirect(
                reverse("admin:gallery_stocklevel_changelist")
                + f"?outlet__id__exact={level.outlet_id}"
            )
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("Loss or count correction"),
        "level": level,
        "form": form,
        "batches": (
            level.product.batches.at(level.outlet).with_units() if "batch" in form.fields else None
        ),
        "today": today_in_jakarta(),
    }
    return TemplateResponse(request, "gallery/admin/stock_correction.html", context)
