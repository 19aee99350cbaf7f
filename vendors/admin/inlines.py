"""What the vendor's admin page shows read-only: its history, pictures and links."""

from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.admin import ReadOnlyInline

from ..models import Vendor, VendorImage, VendorLink, VendorProfileChange, VendorStatusChange

# Fields of the log that are not model fields.
CHANGE_LABELS = {
    "categories": gettext_lazy("craft categories"),
    "logo": gettext_lazy("logo"),
    "photos": gettext_lazy("photos (number)"),
    **{f"link_{platform}": label for platform, label in VendorLink.Platform.choices},
}


class VendorStatusChangeInline(ReadOnlyInline):
    model = VendorStatusChange
    verbose_name_plural = gettext_lazy("History of the status")
    fields = ["at", "from_status", "to_status", "reason", "by"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("by")


class VendorProfileChangeInline(ReadOnlyInline):
    model = VendorProfileChange
    verbose_name_plural = gettext_lazy("History of the profile")
    fields = ["at", "by", "key_change", "changes_list"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("by")

    @admin.display(description=gettext_lazy("business name or NIB"), boolean=True)
    def key_change(self, obj):
        return obj.is_key_change

    @admin.display(description=gettext_lazy("changes"))
    def changes_list(self, obj):
        rows = []
        for field, (old, new) in obj.changes.items():
            label = CHANGE_LABELS.get(field) or Vendor._meta.get_field(field).verbose_name
            rows.append((label, _display(old), _display(new)))
        template = (
            "<li><strong>{}</strong>: {} → {}</li>" if obj.is_key_change else "<li>{}: {} → {}</li>"
        )
        return format_html("<ul>{}</ul>", format_html_join("", template, rows))


def _display(value):
    if value is True:
        return _("yes")
    if value is False:
        return _("no")
    if value in (None, ""):
        return "—"
    return value


class VendorImageInline(ReadOnlyInline):
    model = VendorImage
    verbose_name_plural = gettext_lazy("Logo and photos")
    fields = ["thumbnail", "kind", "alt", "position"]
    readonly_fields = fields

    @admin.display(description=gettext_lazy("picture"))
    def thumbnail(self, obj):
        if not obj.file:
            return "—"
        return format_html(
            '<a href="{}"><img src="{}" width="160" height="{}" alt="{}"></a>',
            obj.file.url,
            obj.rendition_url(320),
            obj.rendition_height(160) or 160,
            obj.alt,
        )


class VendorLinkInline(ReadOnlyInline):
    model = VendorLink
    fields = ["platform", "address"]
    readonly_fields = fields

    @admin.display(description=gettext_lazy("address (URL)"))
    def address(self, obj):
        return format_html('<a href="{}" rel="noopener noreferrer">{}</a>', obj.url, obj.url)
