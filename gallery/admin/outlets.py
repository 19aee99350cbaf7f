from functools import partial

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.images import delete_image_files, replace_image
from core.pagecache import catalogue_changed
from counter.admin import staff_user_field
from counter.models import Assignment

from ..forms import OpeningHoursFormSet, OutletPhotoForm
from ..labels import products_on_shelf, shelf_labels
from ..models import OpeningHours, Outlet, OutletClosure, OutletPhoto


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    formset = OpeningHoursFormSet
    extra = 0
    max_num = 21  # up to three spans a day
    verbose_name_plural = gettext_lazy(
        "Opening hours (a weekday without a row is a closed day; two rows for one weekday make "
        "a break, such as for Friday prayers)"
    )


class OutletClosureInline(admin.TabularInline):
    model = OutletClosure
    extra = 1
    verbose_name_plural = gettext_lazy("Closures ahead (public holidays, stock-taking)")

    def get_queryset(self, request):
        return super().get_queryset(request).filter(date__gte=timezone.localdate())


class OutletPhotoInline(admin.TabularInline):
    model = OutletPhoto
    form = OutletPhotoForm
    extra = 1
    readonly_fields = ["preview"]
    fields = ["preview", "image", "alt", "position"]

    @admin.display(description=gettext_lazy("Photo"))
    def preview(self, photo):
        if not photo.pk or not photo.file:
            return "—"
        return format_html(
            '<img src="{}" width="160" alt="{}">', photo.rendition_url(320, "jpeg"), photo.alt
        )


class AssignmentInline(admin.TabularInline):
    """The staff who sell at this outlet's counter."""

    model = Assignment
    extra = 0
    fields = ["user", "since"]
    readonly_fields = ["since"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return staff_user_field(
            db_field, super().formfield_for_foreignkey(db_field, request, **kwargs)
        )

    def has_change_permission(self, request, obj=None):
        # An assignment is added or removed, never moved to another person.
        return False


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name", "kecamatan", "is_active", "is_planned", "open_now", "stock_links"]
    list_filter = ["is_active", "is_planned", "kecamatan"]
    list_select_related = ["kecamatan"]
    search_fields = ["name", "address"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [OpeningHoursInline, OutletClosureInline, OutletPhotoInline, AssignmentInline]
    change_form_template = "gallery/admin/outlet_change_form.html"
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "slug",
                    "description",
                    "description_en",
                    "is_active",
                    "is_planned",
                    "position",
                ]
            },
        ),
        (
            gettext_lazy("Where"),
            {"fields": ["address", "kecamatan", "latitude", "longitude"]},
        ),
        (gettext_lazy("Contact"), {"fields": ["phone", "whatsapp"]}),
        (gettext_lazy("Stock"), {"fields": ["low_stock_threshold"]}),
        (
            gettext_lazy("Counter"),
            {"fields": ["qris_image", "transfer_details", "counter_staff"]},
        ),
    ]
    readonly_fields = ["counter_staff"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_schedule()

    def get_inline_instances(self, request, obj=None):
        # Only those who assign staff get the assignment rows as a form; everyone else reads the
        # names in "counter_staff" and posts the outlet without that formset.
        may_assign = request.user.has_perm("counter.add_assignment") or request.user.has_perm(
            "counter.delete_assignment"
        )
        return [
            inline
            for inline in super().get_inline_instances(request, obj)
            if may_assign or not isinstance(inline, AssignmentInline)
        ]

    @admin.display(description=gettext_lazy("Staff at the counter"))
    def counter_staff(self, outlet):
        if outlet.pk is None:
            return "—"
        names = [str(a.user) for a in outlet.counter_assignments.select_related("user")]
        return ", ".join(names) or "—"

    @admin.display(description=gettext_lazy("Now"))
    def open_now(self, outlet):
        if outlet.is_planned:
            return _("Planned")
        return _("Open") if outlet.status_at(timezone.now()).is_open else _("Closed")

    @admin.display(description=gettext_lazy("Stock"))
    def stock_links(self, outlet):
        if outlet.is_planned:
            return "—"
        levels = reverse("admin:gallery_stocklevel_changelist")
        return format_html(
            '<a href="{}?outlet__id__exact={}">{}</a> · <a href="{}?outlet__id__exact={}&amp;stock=low">{}</a>',
            levels,
            outlet.pk,
            _("stock"),
            levels,
            outlet.pk,
            _("low"),
        )

    def get_urls(self):
        return [
            path(
                "<int:object_id>/labels/",
                self.admin_site.admin_view(self.labels_view),
                name="gallery_outlet_labels",
            ),
            *super().get_urls(),
        ]

    def labels_view(self, request, object_id):
        """An A4 sheet of shelf labels for the products on this outlet's shelves."""
        if not request.user.has_perm("gallery.print_shelf_labels"):
            raise PermissionDenied
        outlet = get_object_or_404(Outlet, pk=object_id)
        chosen = [
            value for value in request.GET.getlist("product") if value.isascii() and value.isdigit()
        ]
        products = products_on_shelf(outlet, product_ids=chosen or None)
        return TemplateResponse(
            request,
            "gallery/outlet_labels.html",
            {"outlet": outlet, "labels": shelf_labels(products), "chosen": bool(chosen)},
        )

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        if obj is not None:
            context["status"] = obj.status_at(timezone.now())
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    # Outlet pages, the home page and every footer show the outlets: an edit (of the outlet, its
    # hours, closures or photos) or a deletion moves the page cache on.
    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        catalogue_changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        catalogue_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        catalogue_changed()

    def save_formset(self, request, form, formset, change):
        if formset.model is not OutletPhoto:
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)
        for photo in formset.deleted_objects:
            photo.delete()
            transaction.on_commit(partial(delete_image_files, photo))
        for photo_form in formset.forms:
            if photo_form in formset.deleted_forms or not photo_form.has_changed():
                continue
            photo, upload = photo_form.instance, photo_form.cleaned_data.get("image")
            if upload:
                replace_image(photo, upload)  # a new photo has no old files to remove
            else:
                photo.save()
