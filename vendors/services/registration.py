"""Registration: the owner's account and the business, then email verification.

A new business starts as a draft. Its owner confirms the email address by following the link we
send; that submits the application to staff. An owner whose address is already confirmed (an
existing account) submits at once.
"""

from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from accounts.services import (
    address_taken_notice,
    email_verification_token,
    existing_account,
    spend_password_hash,
    user_verify_email,
)
from core.audit import audit

from ..models import Vendor, VendorLink
from .notify import email_vendor, site_url
from .pictures import vendor_add_photos, vendor_set_logo
from .profile import EDITABLE_FIELDS
from .workflow import Status, VendorError, vendor_submit

# Paths under /umkm/ that are pages, never a vendor's address.
RESERVED_SLUGS = frozenset({"daftar", "verifikasi"})


def vendor_unique_slug(business_name: str) -> str:
    """A readable address for the business, unique, never one of ``RESERVED_SLUGS``."""
    base = slugify(business_name)[:120].strip("-") or "umkm"
    taken = set(Vendor.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    taken |= RESERVED_SLUGS
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def vendor_verification_url(vendor: Vendor) -> str:
    return site_url("vendors:vendor-verify", token=email_verification_token(vendor.user))


def vendor_send_verification(*, vendor: Vendor) -> None:
    """Email the owner the link that confirms the address and submits the application."""
    email_vendor(
        vendor,
        subject=gettext_lazy("Confirm your email address to send your registration"),
        template="vendors/email/verify_email.txt",
        kind="vendor_verify_email",
        sensitive=True,
        url=lambda: vendor_verification_url(vendor),
    )


def _create_with_unique_slug(user: User, profile: dict, attempts: int = 3) -> Vendor:
    # Two owners registering the same name at the same moment may pick the same slug.
    for attempt in range(attempts):
        try:
            with transaction.atomic():
                return Vendor.objects.create(
                    user=user, slug=vendor_unique_slug(profile["business_name"]), **profile
                )
        except IntegrityError:
            if attempt == attempts - 1 or Vendor.objects.filter(user=user).exists():
                raise
    raise AssertionError("unreachable")


@transaction.atomic
def vendor_register(
    *,
    profile: dict,
    categories=(),
    links: dict | None = None,
    logo=None,
    photos=(),
    user: User | None = None,
    email: str = "",
    password: str = "",
) -> Vendor | None:
    """Create the business as a draft, and its owner's account unless ``user`` is given.

    ``profile`` holds fields of ``EDITABLE_FIELDS``; ``links`` maps a platform to a URL; ``logo``
    and ``photos`` are uploads checked by ``core.images.ImageField``.

    A new account's address that already has an account creates nothing: its owner is emailed
    (log in, then register), and None is returned, which the caller answers exactly like a
    registration, so that the form never tells who has an account here.
    """
    unknown = set(profile) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not profile fields: {sorted(unknown)}")
    if user is None and (existing := existing_account(email)) is not None:
        spend_password_hash(password)
        address_taken_notice(user=existing, attempt=_("register a business"), vendor=True)
        audit("vendor_register_address_taken", user=existing)
        return None
    if user is None:
        user = User.objects.create_user(
            email=email,
            password=password,
            full_name=profile["owner_name"],
            phone=profile["whatsapp"],
        )
    elif Vendor.objects.filter(user=user).exists():
        raise VendorError(_("This account already has a business."))
    vendor = _create_with_unique_slug(user, profile)
    vendor.categories.set(categories)
    VendorLink.objects.bulk_create(
        VendorLink(vendor=vendor, platform=platform, url=url)
        for platform, url in (links or {}).items()
        if url
    )
    if logo:
        vendor_set_logo(vendor=vendor, by=user, upload=logo, log=False)
    if photos:
        vendor_add_photos(vendor=vendor, by=user, uploads=photos, log=False)
    audit("vendor_registered", user=user, vendor=vendor.pk)
    if user.email_verified:
        vendor_submit(vendor=vendor, by=user)
    else:
        vendor_send_verification(vendor=vendor)
    return vendor


@transaction.atomic
def vendor_confirm_email(*, token: str) -> Vendor | None:
    """Follow the emailed link: confirm the owner's address and submit a draft application.

    Following it again changes nothing. Returns the business (None for an account without
    one). Raises ``accounts.services.VerificationError`` for a bad or expired link.
    """
    user = user_verify_email(token=token)
    vendor = Vendor.objects.select_related("user").filter(user=user).first()
    if vendor is not None and vendor.status == Status.DRAFT:
        vendor_submit(vendor=vendor, by=user)
    return vendor
