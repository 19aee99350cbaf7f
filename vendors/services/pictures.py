"""A vendor's logo and photos, stored through the one image pipeline (``core.images``).

Files are written before the rows and removed again if the rows fail; the files of a replaced or
removed picture are deleted only once the transaction has committed.
"""

from functools import partial

from django.db import transaction
from django.db.models import Max
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.audit import audit
from core.images import (
    delete_image_files,
    delete_stored_names,
    prepare_image,
    store_prepared_image,
)
from core.pagecache import catalogue_changed

from ..models import Vendor, VendorImage
from .profile import check_can_edit, vendor_log_change
from .workflow import VendorError, VendorPermissionError

Kind = VendorImage.Kind


def _lock(vendor: Vendor) -> None:
    """Serialise picture changes of one vendor (the photo count must hold)."""
    list(Vendor.objects.select_for_update().filter(pk=vendor.pk).values_list("pk"))


def _save_or_clean_up(assets):
    """Save stored assets; if saving fails, delete the files they point to."""
    names = [name for asset in assets for name in asset.stored_names()]
    try:
        with transaction.atomic():
            for asset in assets:
                asset.save()
    except BaseException:
        delete_stored_names(names)
        raise


@transaction.atomic
def vendor_set_logo(*, vendor: Vendor, by, upload, log: bool = True) -> VendorImage:
    """Store ``upload`` (checked by ``core.images.ImageField``) as the logo, replacing any."""
    check_can_edit(by, vendor)
    _lock(vendor)
    prepared = prepare_image(upload)
    old = vendor.images.filter(kind=Kind.LOGO).first()
    with translation.override(vendor.language):
        alt = _("Logo of %(business)s") % {"business": vendor.business_name}
    logo = VendorImage(vendor=vendor, kind=Kind.LOGO, alt=alt[:200])
    store_prepared_image(logo, prepared)
    if old is not None:
        old.delete()
        transaction.on_commit(partial(delete_image_files, old))
    _save_or_clean_up([logo])
    if log:
        vendor_log_change(
            vendor=vendor, by=by, changes={"logo": [old.file.name if old else "", logo.file.name]}
        )
    return logo


@transaction.atomic
def vendor_add_photos(*, vendor: Vendor, by, uploads, log: bool = True) -> list[VendorImage]:
    """Add photos after the existing ones; a vendor has at most ``VendorImage.MAX_PHOTOS``."""
    check_can_edit(by, vendor)
    _lock(vendor)
    uploads = list(uploads)
    photos = vendor.images.filter(kind=Kind.PHOTO)
    count = photos.count()
    room = VendorImage.MAX_PHOTOS - count
    if len(uploads) > room:
        raise VendorError(
            ngettext(
                "A business has at most %(max)d photos; you can add %(room)d more.",
                "A business has at most %(max)d photos; you can add %(room)d more.",
                room,
            )
            % {"max": VendorImage.MAX_PHOTOS, "room": max(room, 0)}
        )
    prepared = [prepare_image(upload) for upload in uploads]
    position = (photos.aggregate(last=Max("position"))["last"] or 0) + 1
    added = []
    with translation.override(vendor.language):
        for offset, picture in enumerate(prepared):
            alt = _("Photo %(number)d of %(business)s") % {
                "number": count + offset + 1,
                "business": vendor.business_name,
            }
            photo = VendorImage(
                vendor=vendor, kind=Kind.PHOTO, alt=alt[:200], position=position + offset
            )
            try:
                store_prepared_image(photo, picture)
            except BaseException:
                delete_stored_names(n for a in added for n in a.stored_names())
                raise
            added.append(photo)
    _save_or_clean_up(added)
    if log and added:
        vendor_log_change(vendor=vendor, by=by, changes={"photos": [count, count + len(added)]})
    return added


@transaction.atomic
def vendor_remove_photo(*, photo: VendorImage, by) -> None:
    """Delete a photo or the logo; its files go once the transaction commits."""
    vendor = photo.vendor
    check_can_edit(by, vendor)
    _lock(vendor)
    before = vendor.images.filter(kind=photo.kind).count()
    photo.delete()
    transaction.on_commit(partial(delete_image_files, photo))
    field = "logo" if photo.kind == Kind.LOGO else "photos"
    change = [photo.file.name, ""] if field == "logo" else [before, before - 1]
    vendor_log_change(vendor=vendor, by=by, changes={field: change})


def vendor_is_deletable(vendor: Vendor) -> bool:
    """False once the business ever sold or had goods at an outlet: it is suspended instead."""
    return not (vendor.order_lines.exists() or vendor.products.kept_on_record().exists())


@transaction.atomic
def vendor_delete(*, vendor: Vendor, by) -> None:
    """Delete a business with its pictures, history and links (superusers, in the admin).

    A business that ever sold or had goods at an outlet is never deleted: it stays on record and
    is suspended instead. The account stays. The pictures' files go once the transaction commits.
    """
    if not by.has_perm("vendors.delete_vendor"):
        raise VendorPermissionError(_("You cannot delete businesses."))
    if not vendor_is_deletable(vendor):
        raise VendorError(
            _(
                "%(vendor)s has sold or had goods at an outlet, so it stays on record. "
                "Suspend it instead."
            )
            % {"vendor": vendor}
        )
    audit("vendor_deleted", user=by, vendor=vendor.pk)
    pictures = list(vendor.images.all())
    vendor.delete()
    catalogue_changed()  # its page, its products and the directory go at once
    for picture in pictures:
        transaction.on_commit(partial(delete_image_files, picture))
