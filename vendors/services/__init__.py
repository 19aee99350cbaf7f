"""Vendor rules: registration, the review workflow, profile edits and pictures.

Views, forms, admin actions and demo data call these functions; none repeats their rules.
"""

from .pictures import (
    vendor_add_photos,
    vendor_delete,
    vendor_is_deletable,
    vendor_remove_photo,
    vendor_set_logo,
)
from .profile import (
    EDITABLE_FIELDS,
    can_edit,
    vendor_log_change,
    vendor_update_profile,
)
from .registration import (
    RESERVED_SLUGS,
    vendor_confirm_email,
    vendor_register,
    vendor_send_verification,
    vendor_unique_slug,
    vendor_verification_url,
)
from .workflow import (
    VendorError,
    VendorPermissionError,
    VendorReasonRequired,
    VendorTransitionError,
    can_review,
    vendor_approve,
    vendor_reinstate,
    vendor_reject,
    vendor_resubmit,
    vendor_submit,
    vendor_suspend,
)

__all__ = [
    "EDITABLE_FIELDS",
    "RESERVED_SLUGS",
    "VendorError",
    "VendorPermissionError",
    "VendorReasonRequired",
    "VendorTransitionError",
    "can_edit",
    "can_review",
    "vendor_add_photos",
    "vendor_approve",
    "vendor_confirm_email",
    "vendor_delete",
    "vendor_is_deletable",
    "vendor_log_change",
    "vendor_register",
    "vendor_reinstate",
    "vendor_reject",
    "vendor_remove_photo",
    "vendor_resubmit",
    "vendor_send_verification",
    "vendor_set_logo",
    "vendor_submit",
    "vendor_suspend",
    "vendor_unique_slug",
    "vendor_update_profile",
    "vendor_verification_url",
]
