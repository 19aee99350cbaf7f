from urllib.parse import urlencode

from django.conf import settings
from django.contrib import admin
from django.db.models import F
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.admin import ReadOnlyAdmin

from ..expiry import batches_to_check
from ..models import Outlet, StockLevel, StockMovement, today_in_jakarta
from . import flows

Kind = StockMovement.Kind
RECORD_PERMISSION = flows.RECORD_PERMISSION
NEAR_EXPIRY_ROWS = 50


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
        outlet_id = outlet_id if outlet_id.isascii() and outlet_id.isdigit() else ""
        extra_context = {
            **(extra_context or {}),
            "can_record": request.user.has_perm(RECORD_PERMISSION),
            "can_print": request.user.has_perm("gallery.print_shelf_labels"),
            "outlet_id": outlet_id,
        }
        if outlet_id and request.user.has_perm("gallery.view_batch"):
            extra_context.update(self._near_expiry(int(outlet_id)))
        return super().changelist_view(request, extra_context)

    def _near_expiry(self, outlet_id):
        """The outlet's stock page lists the food to act on first: expired batches still on the
        shelf and those near expiry, soonest first."""
        outlet = Outlet.objects.filter(pk=outlet_id).first()
        if outlet is None:
            return {}
        batches = list(batches_to_check(outlet=outlet)[: NEAR_EXPIRY_ROWS + 1])
        return {
            "near_expiry": batches[:NEAR_EXPIRY_ROWS],
            "near_expiry_more": len(batches) > NEAR_EXPIRY_ROWS,
            "near_expiry_days": settings.NEAR_EXPIRY_DAYS,
            "today": today_in_jakarta(),
        }

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
        return flows.record_correction(self, request, pk)


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
        "batch",
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
    list_select_related = ["product__vendor", "outlet", "by", "batch"]
    search_fields = [
        "reference",
        "product__name",
        "product__vendor__business_name",
        "reason",
        "batch__code",
    ]
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
        return flows.record_delivery(self, request)
