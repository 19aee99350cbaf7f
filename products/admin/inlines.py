"""A product's pictures (added through the pipeline), history and old addresses, inline."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyInline
from core.images import ImageField

from ..models import Product, ProductEvent, ProductImage, ProductSlugHistory


def picture_tag(image, width=80):
    if image is None or not image.file:
        return "—"
    height = round(image.thumbnail_height * width / image.thumbnail_width)
    return format_html(
        '<img src="{}" width="{}" height="{}" alt="{}" loading="lazy">',
        image.thumbnail_jpeg,
        width,
        height,
        image.alt,
    )


class ProductImageForm(forms.ModelForm):
    upload = ImageField(label=_("photo"), required=False)

    class Meta:
        model = ProductImage
        fields = ("alt", "position")

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None and self.has_changed() and not cleaned.get("upload"):
            self.add_error("upload", gettext("Choose the photo to add."))
        return cleaned


class ProductImageFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = sum(
            1
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and (form.instance.pk or form.cleaned_data.get("upload"))
        )
        if kept > ProductImage.MAX_PER_PRODUCT:
            raise ValidationError(
                gettext("A product has at most %(n)s pictures.")
                % {"n": ProductImage.MAX_PER_PRODUCT}
            )
        if self.instance.pk and self.instance.status == Product.Status.PUBLISHED and not kept:
            raise ValidationError(
                gettext("A published product keeps at least one picture: archive it instead.")
            )


class ProductImageInline(admin.TabularInline):
    model = ProductImage
    form = ProductImageForm
    formset = ProductImageFormSet
    fields = ("thumbnail", "upload", "alt", "position")
    readonly_fields = ("thumbnail",)
    extra = 1
    max_num = ProductImage.MAX_PER_PRODUCT

    @admin.display(description=_("picture"))
    def thumbnail(self, obj):
        return picture_tag(obj if obj.pk else None)


class ProductEventInline(ReadOnlyInline):
    model = ProductEvent
    fields = ("at", "action", "reason", "by")
    readonly_fields = fields
    verbose_name_plural = _("history")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("by")


class ProductSlugHistoryInline(ReadOnlyInline):
    model = ProductSlugHistory
    fields = ("slug", "created_at")
    readonly_fields = fields
