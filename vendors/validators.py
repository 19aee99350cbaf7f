"""Normalising and checking what UMKM owners type: phone, NIB, P-IRT, halal numbers, store links.

Each ``normalise_*`` function takes the text as typed and returns the value as stored, or raises a
``ValidationError`` whose message tells the owner what a valid value looks like.
"""

import re
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.phones import normalise_mobile

from .models import VendorLink

_SEPARATORS = re.compile(r"[\s\-.()/]+")
_PIRT_PREFIX = re.compile(r"^(?:SPP|P)?[\s-]*IRT\s*(?:NO\b\.?|NOMOR\b)?\s*[:.]?\s*", re.IGNORECASE)


def normalise_whatsapp(value: str) -> str:
    """An Indonesian mobile number as E.164: ``0812-3456-7890`` or ``+62 812…`` -> ``+6281234567890``."""
    return normalise_mobile(value)


def normalise_nib(value: str) -> str:
    """The NIB (Nomor Induk Berusaha): exactly 13 digits, spaces and dashes ignored."""
    compact = _SEPARATORS.sub("", value or "")
    if not compact:
        return ""
    if not compact.isascii() or not compact.isdigit():
        raise ValidationError(_("An NIB has only digits (13 of them)."), code="invalid_nib")
    if len(compact) != 13:
        raise ValidationError(
            _("An NIB has exactly 13 digits; this one has %(count)d."),
            code="invalid_nib",
            params={"count": len(compact)},
        )
    return compact


def normalise_pirt(value: str) -> str:
    """A P-IRT number, with or without its prefix: stored as ``P-IRT No. 1234567890123-45``."""
    text = (value or "").strip()
    if not text:
        return ""
    number = _PIRT_PREFIX.sub("", text, count=1)
    digits = _SEPARATORS.sub("", number)
    if not digits.isascii() or not digits.isdigit() or not 15 <= len(digits) <= 20:
        raise ValidationError(
            _("Enter the P-IRT number as on the certificate, such as P-IRT No. 1234567890123-45."),
            code="invalid_pirt",
        )
    return f"P-IRT No. {digits[:-2]}-{digits[-2:]}"


def normalise_halal(value: str) -> str:
    """A halal certificate number (BPJPH): ``ID`` followed by digits, such as ID32110000123450321."""
    compact = _SEPARATORS.sub("", value or "").upper()
    if not compact:
        return ""
    if not re.fullmatch(r"ID[0-9]{8,30}", compact):
        raise ValidationError(
            _(
                "A halal certificate number starts with ID followed by digits, such as ID32110000123450321."
            ),
            code="invalid_halal",
        )
    return compact


# The domains each platform's shop addresses live on (subdomains included).
PLATFORM_DOMAINS = {
    VendorLink.Platform.TOKOPEDIA: ("tokopedia.com", "tokopedia.link", "tk.tokopedia.com"),
    VendorLink.Platform.SHOPEE: ("shopee.co.id", "shopee.com", "shp.ee"),
    VendorLink.Platform.BUKALAPAK: ("bukalapak.com",),
    VendorLink.Platform.TIKTOK: ("tiktok.com",),
    VendorLink.Platform.INSTAGRAM: ("instagram.com", "instagr.am"),
    VendorLink.Platform.FACEBOOK: ("facebook.com", "fb.com", "fb.me"),
}


def validate_platform_url(platform: str, url: str) -> None:
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    domains = PLATFORM_DOMAINS.get(platform)
    if domains is None:
        return
    if not any(host == domain or host.endswith("." + domain) for domain in domains):
        raise ValidationError(
            _("This address is not on %(platform)s: it should be on %(domain)s."),
            code="wrong_platform",
            params={"platform": VendorLink.Platform(platform).label, "domain": domains[0]},
        )
