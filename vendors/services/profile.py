"""Edits of a vendor's profile, by its owner or by staff, each logged field by field.

An edit never changes the status: an approved vendor stays approved and public. Every edit writes
one ``VendorProfileChange`` with each changed field's old and new value; a new business name or
NIB is a key change, which the admin highlights so staff can check it is still the same business.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import audit
from core.pagecache import catalogue_changed

from ..models import Vendor, VendorLink, VendorProfileChange
from .workflow import VendorPermissionError

EDITABLE_FIELDS = (
    "business_name",
    "owner_name",
    "whatsapp",
    "show_whatsapp",
    "kecamatan",
    "desa",
    "address",
    "story",
    "story_en",
    "founded_year",
    "nib",
    "pirt_number",
    "halal_number",
    "needs_licensing_help",
    "language",
)


def can_edit(user, vendor: Vendor) -> bool:
    """The owner edits their business; staff with ``vendors.change_vendor`` correct any."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return user.pk == vendor.user_id or user.has_perm("vendors.change_vendor")


def check_can_edit(user, vendor: Vendor) -> None:
    if not can_edit(user, vendor):
        raise VendorPermissionError(_("You cannot edit this business."))


def _as_json(value):
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)


@transaction.atomic
def vendor_update_profile(
    *, vendor: Vendor, by, data: dict, categories=None, links: dict | None = None
) -> VendorProfileChange | None:
    """Save an edit and log it. ``data`` maps fields of ``EDITABLE_FIELDS`` to new values;
    ``links`` maps a platform to its URL ("" removes it). Returns the log row, or None when
    nothing changed."""
    check_can_edit(by, vendor)
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable profile fields: {sorted(unknown)}")
    current = Vendor.objects.select_for_update().select_related("kecamatan").get(pk=vendor.pk)
    changes = {}
    for field, value in data.items():
        old = getattr(current, field)
        if old != value:
            changes[field] = [_as_json(old), _as_json(value)]
            setattr(current, field, value)
    if changes:
        current.save(update_fields=[*changes, "updated_at"])
        for field in changes:
            setattr(vendor, field, getattr(current, field))
    if categories is not None:
        old = list(current.categories.all())
        if {c.pk for c in old} != {c.pk for c in categories}:
            current.categories.set(categories)
            changes["categories"] = [
                ", ".join(sorted(c.name_id for c in old)),
                ", ".join(sorted(c.name_id for c in categories)),
            ]
    if links is not None:
        changes.update(_replace_links(current, links))
    if not changes:
        return None
    return vendor_log_change(vendor=current, by=by, changes=changes)


def _replace_links(vendor: Vendor, links: dict) -> dict:
    existing = {link.platform: link for link in vendor.links.all()}
    changes = {}
    for platform, url in links.items():
        url = url or ""
        link = existing.get(platform)
        old_url = link.url if link else ""
        if old_url == url:
            continue
        if link and url:
            link.url = url
            link.save(update_fields=["url"])
        elif link:
            link.delete()
        else:
            VendorLink.objects.create(vendor=vendor, platform=platform, url=url)
        changes[f"link_{platform}"] = [old_url, url]
    return changes


def vendor_log_change(*, vendor: Vendor, by, changes: dict) -> VendorProfileChange:
    """Write the log row of a profile edit (``changes``: field -> [old, new])."""
    record = VendorProfileChange.objects.create(
        vendor=vendor,
        by=by,
        changes=changes,
        is_key_change=any(field in VendorProfileChange.KEY_FIELDS for field in changes),
    )
    audit(
        "vendor_profile_changed",
        user=by,
        vendor=vendor.pk,
        fields=",".join(changes),
        key_change=record.is_key_change,
    )
    # The vendor's page, cards and product pages show this profile.
    catalogue_changed()
    return record
