"""Form pieces of the vendor forms: fieldsets, store links, several photos in one input."""

from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from core.images import ImageField
from core.uploads import KeptFilesInput

from .. import validators
from ..models import VendorImage, VendorLink

Platform = VendorLink.Platform

# Short handles a vendor may type instead of a whole address.
HANDLE_URLS = {
    Platform.INSTAGRAM: "https://www.instagram.com/{}/",
    Platform.TIKTOK: "https://www.tiktok.com/@{}",
}


class Fieldset:
    """A titled group of a form's fields, shaped like a form for ``includes/form.html``."""

    def __init__(self, form, legend, names, first=False):
        self.form, self.legend, self.first = form, legend, first
        self.fields = [form[name] for name in names if name in form.fields]

    def visible_fields(self):
        return [field for field in self.fields if not field.is_hidden]

    def hidden_fields(self):
        return [field for field in self.fields if field.is_hidden]

    def non_field_errors(self):
        return self.form.non_field_errors() if self.first else []


class StoreLinkField(forms.URLField):
    """The address of the vendor's shop on one platform; a ``@handle`` works where it can."""

    default_validators = [URLValidator(schemes=["http", "https"])]

    def __init__(self, platform, **kwargs):
        self.platform = platform
        kwargs.setdefault("assume_scheme", "https")
        kwargs.setdefault("max_length", 300)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        value = (value or "").strip()
        handle_url = HANDLE_URLS.get(self.platform)
        handle = value[1:]
        if (
            handle_url
            and value.startswith("@")
            and handle.replace(".", "").replace("_", "").isalnum()
        ):
            value = handle_url.format(handle)
        return super().to_python(value)

    def run_validators(self, value):
        super().run_validators(value)
        if value:
            validators.validate_platform_url(self.platform, value)


class PhotosField(ImageField):
    """Several pictures in one input; each is checked like a single ``ImageField``."""

    widget = KeptFilesInput

    def __init__(self, *, max_files=VendorImage.MAX_PHOTOS, **kwargs):
        self.max_files = max_files
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if not files:
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return []
        if len(files) > self.max_files:
            raise forms.ValidationError(
                _("Choose at most %(max)d photos; you chose %(count)d."),
                code="too_many_photos",
                params={"max": self.max_files, "count": len(files)},
            )
        cleaned, errors = [], []
        for upload in files:
            try:
                cleaned.append(super().clean(upload))
            except forms.ValidationError as error:
                errors.extend(
                    forms.ValidationError(
                        _("%(name)s: %(error)s"),
                        code=getattr(error, "code", None) or "invalid",
                        params={"name": getattr(upload, "name", ""), "error": message},
                    )
                    for message in error.messages
                )
        if errors:
            raise forms.ValidationError(errors)
        return cleaned
