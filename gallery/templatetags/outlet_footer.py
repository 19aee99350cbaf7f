"""The outlets in every page's footer, read from the outlets themselves."""

from django import template
from django.core.cache import cache
from django.db import DatabaseError

from core.pagecache import catalogue_version

from ..models import Outlet

register = template.Library()

# Under the catalogue version, which every outlet edit moves on. The timeout bounds how stale a
# worker with its own per-process cache (no shared CACHE_URL) can be.
CACHE_SECONDS = 300


@register.simple_tag
def footer_outlets():
    """``[{"name", "slug", "address"}]`` of the outlets open for business.

    Empty when the database cannot be read, so the branded 500 and 503 pages, which share the
    footer, still render.
    """
    key = f"footer-outlets:{catalogue_version()}"
    outlets = cache.get(key)
    if outlets is None:
        try:
            outlets = list(
                Outlet.objects.active()
                .order_by("position", "name")
                .values("name", "slug", "address")
            )
        except DatabaseError:
            return []
        cache.set(key, outlets, CACHE_SECONDS)
    return outlets
