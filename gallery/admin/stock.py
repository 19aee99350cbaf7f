from urllib.parse import urlencode

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.audit import audit

from .. import services
from ..forms import (
    DeliveryDetailsForm,
    DeliveryStartForm,
    StockCorrectionForm,
    delivery_line_formset,
    delivery_products,
)
from ..models import StockLevel, StockMovement

Kind = StockMovement.Kind
RECORD_PERMISSION = "gallery.record_stock_movement"


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written only by the ledger services: nobody adds, changes or deletes them here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class StockStateFilter(admin.SimpleListFilter):
    title = gettext_lazy("stock")
    parameter_name = "stock"

    def lookups(self, request, model_admin):
        return [
            ("low", _("Low (at or below the outlet's threshold)")),
            ("out", _("None available")),
            ("available", _("Available")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "low":
            return queryset.low()
        if self.value() == "out":
            return queryset.filter(on_hand__lte=F("reserved"))
        if self.value() == "available":
            return queryset.in_stock()
        return queryset


@admin.register(StockLevel)
class StockLevelAdmin(ReadOnlyAdmin):
    list_display = [
        "product",
        "vendor",
        "outlet",
        "on_hand",
        "reserved",
        "available_units",
        "row_links",
    ]
    list_filter = [
        StockStateFilter,
        "outlet",
        ("product__vendor", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["product__vendor", "outlet"]
    search_fields = ["product__name", "product__vendor__business_name"]
    ordering = ["outlet__position", "outlet__name", "product__name"]
    change_list_template = "gallery/admin/stocklevel_change_list.html"
    list_per_page = 100

    def get_queryset(self, request):
        return super().get_queryset(request).with_available()

    @admin.display(description=gettext_lazy("vendor"), ordering="product__vendor__business_name")
    def vendor(self, level):
        return level.product.vendor

    @admin.display(description=gettext_lazy("available"), ordering="available_quantity")
    def available_units(self, level):
        return level.available

    @admin.display(description="")
    def row_links(self, level):
        movements = reverse("admin:gallery_stockmovement_changelist")
        query = urlencode(
            {"outlet__id__exact": level.outlet_id, "product__id__exact": level.product_id}
        )
        return format_html(
            '<a href="{}?{}">{}</a> · <a href="{}">{}</a>',
            movements,
            query,
            _("ledger"),
            reverse("admin:gallery_stocklevel_correct", args=[level.pk]),
            _("loss or count"),
        )

    def changelist_view(self, request, extra_context=None):
        outlet_id = request.GET.get("outlet__id__exact", "")
        extra_context = {
            **(extra_context or {}),
            "can_record": request.user.has_perm(RECORD_PERMISSION),
            "can_print": request.user.has_perm("gallery.print_shelf_labels"),
            "outlet_id": outlet_id if outlet_id.isdigit() else "",
        }
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        return [
            path(
                "<int:pk>/correct/",
                self.admin_site.admin_view(self.correction_view),
                name="gallery_stocklevel_correct",
            ),
            *super().get_urls(),
        ]

    def correction_view(self, request, pk):
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
                form.add_error(
                    "quantity" if data["kind"] == Kind.LOSS else "counted",
                    _("Only %(n)s units can leave the shelf: the others are reserved for orders.")
                    % {"n": refused.shortages[0].available},
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
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Loss or count correction"),
            "level": level,
            "form": form,
        }
        return TemplateResponse(request, "gallery/admin/stock_correction.html", context)


@admin.register(StockMovement)
class StockMovementAdmin(ReadOnlyAdmin):
    list_display = [
        "at",
        "kind",
        "product",
        "vendor",
        "outlet",
        "on_hand_change",
        "reserved_change",
        "reference",
        "by",
        "reason",
    ]
    list_filter = [
        "kind",
        "outlet",
        ("product__vendor", admin.RelatedOnlyFieldListFilter),
        ("product", admin.RelatedOnlyFieldListFilter),
        ("at", admin.DateFieldListFilter),
    ]
    list_select_related = ["product__vendor", "outlet", "by"]
    search_fields = ["reference", "product__name", "product__vendor__business_name", "reason"]
    date_hierarchy = "at"
    change_list_template = "gallery/admin/stockmovement_change_list.html"
    list_per_page = 100

    @admin.display(description=gettext_lazy("vendor"), ordering="product__vendor__business_name")
    def vendor(self, movement):
        return movement.product.vendor

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_record": request.user.has_perm(RECORD_PERMISSION),
        }
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        return [
            path(
                "delivery/",
                self.admin_site.admin_view(self.delivery_view),
                name="gallery_stockmovement_delivery",
            ),
            *super().get_urls(),
        ]

    def delivery_view(self, request):
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
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Record a delivery"),
            "start": start,
        }
        if not start.is_valid():
            return TemplateResponse(request, "gallery/admin/delivery_start.html", context)

        kind, vendor, outlet = (start.cleaned_data[name] for name in ("kind", "vendor", "outlet"))
        products = delivery_products(vendor=vendor, outlet=outlet, kind=kind)
        details = DeliveryDetailsForm(request.POST if posted else None)
        lines = delivery_line_formset(request.GET.get("lines"))(
            request.POST if posted else None, prefix="lines", form_kwargs={"products": products}
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
                self._report(request, kind, outlet, movements)
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
                "has_products": products.exists(),
            }
        )
        return TemplateResponse(request, "gallery/admin/delivery_form.html", context)

    def _report(self, request, kind, outlet, movements):
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
        text %= {"outlet": outlet, "units": units, "products": len(movements)}
        if kind == Kind.INTAKE and request.user.has_perm("gallery.print_shelf_labels"):
            query = urlencode([("product", movement.product_id) for movement in movements])
            labels = reverse("admin:gallery_outlet_labels", args=[outlet.pk]) + "?" + query
            messages.success(
                request,
                format_html('{} <a href="{}">{}</a>', text, labels, _("Print their shelf labels")),
            )
        else:
            messages.success(request, text)
