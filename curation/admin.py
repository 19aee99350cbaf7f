"""Curation in the admin. Staff edit the checklists and their points (retired, never deleted:
past checks point at them). Checks are read here; they are recorded on a product's "Check this
product" page (``curation.admin_views``), through ``curation.services``."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyAdmin, ReadOnlyInline
from core.formats import format_datetime

from .models import CheckedPoint, Checklist, ChecklistItem, CurationCheck


class ChecklistItemInline(admin.TabularInline):
    model = ChecklistItem
    fields = ("text_id", "text_en", "position", "is_active")
    extra = 1
    can_delete = False


@admin.register(Checklist)
class ChecklistAdmin(admin.ModelAdmin):
    list_display = ("__str__", "points_in_use")
    list_select_related = ("category__parent",)
    fields = ("category",)
    inlines = (ChecklistItemInline,)

    def get_readonly_fields(self, request, obj=None):
        return ("category",) if obj else ()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "category":
            kwargs["queryset"] = db_field.related_model.objects.filter(checklist__isnull=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("points in use"))
    def points_in_use(self, obj):
        return sum(1 for item in obj.items.all() if item.is_active)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("items")


class CheckedPointInline(ReadOnlyInline):
    model = CheckedPoint
    fields = ("text", "passed", "note")
    readonly_fields = fields


@admin.register(CurationCheck)
class CurationCheckAdmin(ReadOnlyAdmin):
    list_display = ("product", "vendor", "outcome", "by", "at", "recheck_asked")
    list_filter = ("outcome", "at")
    list_select_related = ("product__vendor", "by", "recheck_request")
    search_fields = ("product__name", "product__vendor__business_name")
    date_hierarchy = "at"
    fields = ("product_link", "outcome", "by", "at", "note", "recheck")
    readonly_fields = fields
    inlines = (CheckedPointInline,)

    @admin.display(description=_("vendor"), ordering="product__vendor__business_name")
    def vendor(self, obj):
        return obj.product.vendor

    @admin.display(description=_("product"))
    def product_link(self, obj):
        url = reverse("admin:products_product_change", args=[obj.product_id])
        return format_html('<a href="{}">{}</a>', url, obj.product)

    @admin.display(description=_("new check asked"), boolean=True)
    def recheck_asked(self, obj):
        return hasattr(obj, "recheck_request")

    @admin.display(description=_("request for a new check"))
    def recheck(self, obj):
        request = getattr(obj, "recheck_request", None)
        if request is None:
            return "—"
        return format_html(
            "{} · {}{}",
            format_datetime(request.at),
            request.by,
            f": {request.note}" if request.note else "",
        )
