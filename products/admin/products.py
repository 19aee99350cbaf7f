from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.templatetags.rupiah import format_rupiah
from curation.admin_views import check_product
from curation.models import CurationCheck, State, curation_state, with_curation_state
from curation.services import can_check

from .. import services
from ..forms import HideProductsForm
from ..models import Product, ProductImage
from ..services.food import product_set_food
from .inlines import ProductEventInline, ProductImageInline, ProductSlugHistoryInline, picture_tag


class HiddenFilter(admin.SimpleListFilter):
    title = _("hidden by staff")
    parameter_name = "hidden"

    def lookups(self, request, model_admin):
        return [("yes", _("Hidden")), ("no", _("Not hidden"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(hidden_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(hidden_at__isnull=True)
        return queryset


class CurationStateFilter(admin.SimpleListFilter):
    title = _("curation")
    parameter_name = "curation"

    def lookups(self, request, model_admin):
        return State.choices

    def queryset(self, request, queryset):
        if self.value() in State.values:
            return queryset.filter(curation_state=self.value())
        return queryset


FOOD_FIELDS = ("food_override", "pirt_number", "bpom_number", "halal_number", "shelf_life_days")


class ProductAdminForm(forms.ModelForm):
    class Meta:
        model = Product
        fields = ("vendor", "slug", *services.EDITABLE_FIELDS, "food_override")

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if self.instance.pk and slug != self.instance.slug:
            services.check_new_slug(product=self.instance, slug=slug)
        return slug


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    form = ProductAdminForm
    list_display = (
        "cover_thumbnail",
        "name",
        "vendor",
        "category",
        "price_rupiah",
        "status",
        "hidden",
        "curation",
        "updated_at",
    )
    list_display_links = ("cover_thumbnail", "name")
    list_filter = (
        "status",
        HiddenFilter,
        CurationStateFilter,
        ("category", admin.RelatedOnlyFieldListFilter),
        ("vendor", admin.RelatedOnlyFieldListFilter),
        "vendor__kecamatan",
    )
    list_select_related = ("vendor", "category")
    search_fields = ("name", "slug", "vendor__business_name")
    search_help_text = _("Product name, address (slug) or the vendor's business name.")
    date_hierarchy = "created_at"
    readonly_fields = (
        "status",
        "published_at",
        "hidden_at",
        "hidden_by",
        "hidden_reason",
        "created_at",
        "updated_at",
    )
    autocomplete_fields = ("vendor", "category")
    inlines = (ProductImageInline, ProductEventInline, ProductSlugHistoryInline)
    actions = ("hide_products", "restore_products", "archive_products")
    change_form_template = "products/admin/product_change_form.html"

    def get_fieldsets(self, request, obj=None):
        details = (None, {"fields": ("vendor", "category", "name", *(("slug",) if obj else ()))})
        return (
            details,
            (
                _("Description"),
                {"fields": ("description", "materials", "dimensions", "weight_grams")},
            ),
            (
                _("English (optional)"),
                {
                    "fields": ("name_en", "description_en"),
                    "description": _(
                        "Shown on the English pages; where empty they show the Indonesian text."
                    ),
                },
            ),
            (_("Sale"), {"fields": ("price", "made_to_order", "lead_time_days")}),
            (_("Food"), {"fields": FOOD_FIELDS}),
            (
                _("Status and moderation"),
                {"fields": self.readonly_fields},
            ),
        )

    def get_readonly_fields(self, request, obj=None):
        # A product stays with the vendor that made it.
        return (*self.readonly_fields, "vendor") if obj else self.readonly_fields

    def get_queryset(self, request):
        return with_curation_state(super().get_queryset(request).with_images())

    def get_urls(self):
        check = path(
            "<path:object_id>/check/",
            self.admin_site.admin_view(
                lambda request, object_id: check_product(self, request, object_id)
            ),
            name="products_product_curation_check",
        )
        return [check, *super().get_urls()]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        product = self.get_object(request, object_id)
        if product is not None:
            extra_context = {
                **(extra_context or {}),
                "curation_state": curation_state(product),
                "curation_checks": CurationCheck.objects.filter(product=product)
                .select_related("by", "recheck_request")
                .prefetch_related("points"),
                "may_check": can_check(request.user, product),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description=_("curation"), ordering="curation_state")
    def curation(self, obj):
        return State(obj.curation_state).label

    @admin.display(description=_("photo"))
    def cover_thumbnail(self, obj):
        return picture_tag(obj.cover, width=48)

    @admin.display(description=_("price"), ordering="price")
    def price_rupiah(self, obj):
        return format_rupiah(obj.price)

    @admin.display(description=_("hidden"), boolean=True, ordering="hidden_at")
    def hidden(self, obj):
        return obj.is_hidden

    # Writes go through the services.

    def save_model(self, request, obj, form, change):
        fields = {
            name: form.cleaned_data[name]
            for name in services.EDITABLE_FIELDS
            if name in form.cleaned_data
        }
        if change:
            services.product_update(product=obj, by=request.user, **fields)
            if "slug" in form.changed_data:
                services.product_change_slug(
                    product=obj, slug=form.cleaned_data["slug"], by=request.user
                )
        else:
            created = services.product_create(vendor=obj.vendor, by=request.user, **fields)
            obj.pk = created.pk
        if "food_override" in form.cleaned_data:
            product_set_food(
                product=obj, by=request.user, food_override=form.cleaned_data["food_override"]
            )
        # The inlines hold this very object: load what the services wrote into it.
        obj.refresh_from_db()
        obj._state.adding = False

    def save_formset(self, request, form, formset, change):
        if formset.model is not ProductImage:
            return super().save_formset(request, form, formset, change)
        product = form.instance
        deleted = [f for f in formset.deleted_forms if f.instance.pk]
        kept = [f for f in formset.forms if f not in formset.deleted_forms]
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        # Additions first, so that a published product never drops to no picture midway.
        for image_form in kept:
            if image_form.instance.pk is None and image_form.cleaned_data.get("upload"):
                formset.new_objects.append(
                    services.product_image_add(
                        product=product,
                        by=request.user,
                        upload=image_form.cleaned_data["upload"],
                        alt=image_form.cleaned_data["alt"],
                    )
                )
            elif image_form.instance.pk and "alt" in image_form.changed_data:
                services.product_image_set_alt(
                    image=image_form.instance, by=request.user, alt=image_form.cleaned_data["alt"]
                )
                formset.changed_objects.append((image_form.instance, ["alt"]))
        for image_form in deleted:
            services.product_image_delete(image=image_form.instance, by=request.user)
            formset.deleted_objects.append(image_form.instance)
        if any("position" in f.changed_data for f in kept if f.instance.pk):
            order = sorted(
                (f.cleaned_data.get("position") or 0, f.instance.pk)
                for f in kept
                if f.instance.pk and f.instance not in formset.new_objects
            )
            ids = [pk for _position, pk in order]
            ids += [image.pk for image in formset.new_objects]
            services.product_image_reorder(product=product, by=request.user, image_ids=ids)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not services.product_is_deletable(obj):
            return False
        return super().has_delete_permission(request, obj)

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        kept = [str(p) for p in objs if not services.product_is_deletable(p)]
        if kept:
            protected = [
                *protected,
                *(
                    gettext("%(product)s (ordered or stocked: archive it instead)")
                    % {"product": name}
                    for name in kept
                ),
            ]
        return deleted, counts, perms_needed, protected

    def delete_model(self, request, obj):
        services.product_delete(product=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for product in queryset:
            services.product_delete(product=product, by=request.user)

    # Moderation.

    def has_moderate_permission(self, request):
        return request.user.has_perm("products.moderate_product")

    @admin.action(
        description=_("Hide from the public (asks for the reason)"), permissions=["moderate"]
    )
    def hide_products(self, request, queryset):
        queryset = queryset.select_related("vendor")
        form = HideProductsForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            hidden = 0
            for product in queryset.filter(hidden_at__isnull=True):
                services.product_hide(
                    product=product, by=request.user, reason=form.cleaned_data["reason"]
                )
                hidden += 1
            self.message_user(
                request,
                ngettext("%(n)d product hidden.", "%(n)d products hidden.", hidden) % {"n": hidden},
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Hide products from the public"),
            "opts": self.model._meta,
            "products": queryset,
            "form": form,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
            "action": "hide_products",
        }
        return TemplateResponse(request, "products/admin/hide_products.html", context)

    @admin.action(description=_("Restore hidden products"), permissions=["moderate"])
    def restore_products(self, request, queryset):
        restored = 0
        for product in queryset.filter(hidden_at__isnull=False):
            services.product_restore(product=product, by=request.user)
            restored += 1
        self.message_user(
            request,
            ngettext("%(n)d product restored.", "%(n)d products restored.", restored)
            % {"n": restored},
            messages.SUCCESS,
        )

    @admin.action(description=_("Archive (take off sale, keep on record)"), permissions=["change"])
    def archive_products(self, request, queryset):
        archived = 0
        for product in queryset.exclude(status=Product.Status.ARCHIVED):
            services.product_archive(product=product, by=request.user)
            archived += 1
        self.message_user(
            request,
            ngettext("%(n)d product archived.", "%(n)d products archived.", archived)
            % {"n": archived},
            messages.SUCCESS,
        )
