"""Share links: ``/a/<CODE>/?ke=<path>`` records a click, leaves a signed cookie with the code
and the time, and sends the visitor on to the clean page, so cached pages never see a code.

The cookie holds the latest counted click: the last link followed wins.
"""

import datetime
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.http import url_has_allowed_host_and_scheme

from core.net import client_ip

from ..models import Affiliate, AffiliateClick

COOKIE_NAME = "gm_afiliasi"
COOKIE_SALT = "affiliates.visit"
TARGET_PARAMETER = "ke"
HOME = "/"


def window() -> datetime.timedelta:
    return datetime.timedelta(days=settings.AFFILIATE_WINDOW_DAYS)


def safe_target(value: str | None) -> str:
    """A path of this site to send a visitor to; anything else (another site, a scheme, a
    protocol-relative ``//host``) gives the home page."""
    value = (value or "").strip()
    if (
        not value.startswith("/")
        or value.startswith("//")
        or "\\" in value
        or len(value) > 500
        or not url_has_allowed_host_and_scheme(value, allowed_hosts=set())
    ):
        return reverse("core:home")  # in the language of the link followed
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return reverse("core:home")
    return value


def share_target(value: str, *, hosts: set[str]) -> str | None:
    """The path of a site address an affiliate pasted (absolute on one of ``hosts``, or a path),
    or None when it is not a page of this site."""
    value = (value or "").strip()
    if not value:
        return None
    parts = urlsplit(value)
    if (parts.scheme or parts.netloc) and (
        parts.scheme not in ("http", "https") or (parts.hostname or "") not in hosts
    ):
        return None
    path = parts.path or HOME
    target = path + (f"?{parts.query}" if parts.query else "")
    return target if safe_target(target) == target else None


def _address_hash(address: str, day: datetime.date) -> str:
    """The same address on the same day gives the same hash; nothing leads back to it."""
    return salted_hmac("affiliates.click", f"{day.isoformat()}|{address}").hexdigest()


def click_record(*, code: str, address: str, target: str) -> AffiliateClick | None:
    """Record a visit through ``code``'s link; None when the code is not an approved affiliate's.

    Past the day's limit for the address, the click is kept but not counted (and sets no cookie).
    """
    affiliate = Affiliate.objects.approved().filter(code=(code or "").upper()[:8]).first()
    if affiliate is None:
        return None
    today = timezone.localdate()
    address_hash = _address_hash(address or "-", today)
    midnight = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    counted_today = AffiliateClick.objects.filter(
        address_hash=address_hash, counted=True, at__gte=midnight
    ).count()
    click = AffiliateClick.objects.create(
        affiliate=affiliate,
        address_hash=address_hash,
        counted=counted_today < settings.AFFILIATE_CLICKS_PER_ADDRESS_PER_DAY,
        target=target[:500],
    )
    return click


def follow(request, code: str):
    """The click, and where to send the visitor: ``(click or None, path)``."""
    target = safe_target(request.GET.get(TARGET_PARAMETER))
    return click_record(code=code, address=client_ip(request), target=target), target


def visit_cookie_set(response, click: AffiliateClick) -> None:
    value = f"{click.pk}:{click.affiliate.code}:{int(click.at.timestamp())}"
    response.set_signed_cookie(
        COOKIE_NAME,
        value,
        salt=COOKIE_SALT,
        max_age=int(window().total_seconds()),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


@dataclass(frozen=True)
class Visit:
    """The latest share link a shopper followed, as their cookie says."""

    click_id: int
    code: str
    clicked_at: datetime.datetime


def visit_from(request) -> Visit | None:
    """The shopper's latest followed link, if its cookie is genuine; the window is checked when
    the order is attributed."""
    try:
        value = request.get_signed_cookie(COOKIE_NAME, salt=COOKIE_SALT)
        click_id, code, stamp = value.split(":")
        clicked_at = datetime.datetime.fromtimestamp(int(stamp), tz=datetime.UTC)
        return Visit(int(click_id), code, clicked_at)
    except (KeyError, signing.BadSignature, ValueError, OverflowError, OSError):
        return None
