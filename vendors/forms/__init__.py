from .directory import VendorFilterForm
from .fields import Fieldset, PhotosField, StoreLinkField
from .pictures import LogoForm, PhotosForm
from .profile import VendorAdminForm, VendorProfileForm, VendorRegistrationForm
from .review import ReasonForm

__all__ = [
    "Fieldset",
    "LogoForm",
    "PhotosField",
    "PhotosForm",
    "ReasonForm",
    "StoreLinkField",
    "VendorAdminForm",
    "VendorFilterForm",
    "VendorProfileForm",
    "VendorRegistrationForm",
]
