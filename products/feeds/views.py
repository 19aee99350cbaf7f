"""The feeds' addresses: each built once per catalogue version and day, then served from the cache."""

from dataclasses import dataclass
from hashlib import blake2b

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import http_date
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from core.pagecache import catalogue_version
from gallery.models import today_in_jakarta

from .. import seo
from . import formats
from .items import feed_items

# The version invalidates; the timeout bounds how stale a worker with its own per-process cache
# (no shared CACHE_URL) can be, and frees the memory of feeds nobody fetches.
CACHE_SECONDS = 60 * 60


@dataclass(frozen=True)
class Feed:
    kind: str  # "google" or "meta"
    extension: str
    content_type: str

    def build(self, language) -> bytes:
        items = feed_items(language)
        if self.kind == "meta":
            return formats.meta_csv(items).encode()
        with translation.override(language):
            return formats.google_rss(
                items,
                title=gettext("Galeri Menong Purwakarta: crafts and food of Purwakarta's makers"),
                link=seo.absolute(reverse("products:catalogue")),
                description=gettext(
                    "Handmade goods of Purwakarta's small businesses, picked up at the "
                    "Galeri Menong outlets."
                ),
                language=language,
            ).encode()


FEEDS = {
    "google": Feed("google", "xml", "application/rss+xml; charset=utf-8"),
    "meta": Feed("meta", "csv", "text/csv; charset=utf-8"),
}


def addresses() -> list:
    """``(kind, language)`` of every feed address, named ``feeds:<kind>-<language>``."""
    return [(kind, language) for kind in FEEDS for language, _name in settings.LANGUAGES]


def cached_feed(feed: Feed, language: str) -> tuple:
    """``(body, etag, built at)``. Keyed on the catalogue version, which moves on whenever what
    the catalogue shows changes (a product coming into stock or selling out included), and on
    the day in Jakarta, when food batches stop being on sale without any change recorded."""
    key = f"feeds:{feed.kind}:{language}:{catalogue_version()}:{today_in_jakarta():%Y%m%d}"
    entry = cache.get(key)
    if entry is None:
        body = feed.build(language)
        etag = '"' + blake2b(body, digest_size=16).hexdigest() + '"'
        entry = (body, etag, timezone.now().timestamp())
        cache.set(key, entry, CACHE_SECONDS)
    return entry


@require_safe
def feed_view(request, kind, language):
    feed = FEEDS[kind]
    body, etag, built_at = cached_feed(feed, language)
    response = HttpResponse(body, content_type=feed.content_type)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(built_at)
    response["Content-Language"] = language
    if feed.kind == "meta":
        response["Content-Disposition"] = f'inline; filename="galeri-menong-{language}.csv"'
    return response
