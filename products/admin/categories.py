from django import forms
from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.images import ImageField

from .. import services
from ..models import Category


class CategoryForm(forms.ModelForm):
    upload = ImageField(label=_("picture"), required=False)
    clear_picture = forms.BooleanField(label=_("remove the picture"), required=False)

    class Meta:
        model = Category
        fields = ("parent", "slug", "name_id", "name_en", "position")


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    form = CategoryForm
    list_display = ("full_name", "slug", "name_en", "position", "picture")
    list_filter = (("parent", admin.RelatedOnlyFieldListFilter),)
    list_select_related = ("parent",)
    search_fields = ("name_id", "name_en", "slug")
    prepopulated_fields = {"slug": ("name_id",)}
    fields = (
        "parent",
        "slug",
        "name_id",
        "name_en",
        "position",
        "picture",
        "upload",
        "clear_picture",
    )
    readonly_fields = ("picture",)
    ordering = ("parent__position", "position")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "parent":
            kwargs["queryset"] = Category.objects.filter(parent__isnull=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("category"), ordering="name_id")
    def full_name(self, obj):
        return obj.full_name

    @admin.display(description=_("picture"))
    def picture(self, obj):
        if not obj.file:
            return "—"
        return format_html('<img src="{}" width="80" alt="">', obj.rendition_url(320, "jpeg"))

    def save_model(self, request, obj, form, change):
        services.category_save(
            category=obj,
            by=request.user,
            upload=form.cleaned_data.get("upload"),
            clear_image=form.cleaned_data.get("clear_picture", False),
        )

    def delete_model(self, request, obj):
        services.category_delete(category=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for category in queryset:
            services.category_delete(category=category, by=request.user)
