from django import forms
from django.utils.translation import gettext_lazy as _

from core.images import ImageField
from core.uploads import KeepsUploads, KeptFileInput

from ..models import VendorImage
from .fields import PhotosField


class LogoForm(KeepsUploads, forms.Form):
    logo = ImageField(label=_("New logo"), widget=KeptFileInput)

    kept_upload_fields = ("logo",)


class PhotosForm(KeepsUploads, forms.Form):
    photos = PhotosField(label=_("Add photos"))

    kept_upload_fields = ("photos",)

    def __init__(self, *args, room=VendorImage.MAX_PHOTOS, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photos"].max_files = room
        self.fields["photos"].help_text = _(
            "Up to %(room)d more, in JPEG, PNG or WebP format, at most 10 MB each."
        ) % {"room": room}
