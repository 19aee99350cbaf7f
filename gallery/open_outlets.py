"""The outlets open for business as public pages list them: in every footer, as the listing's
"in stock at" choices and on a product page with its stock at each (``products.listing.choices``
keeps its own copy, read with its other choices).

Outlets change only through the outlet admin, which moves the catalogue version on
(``core.pagecache.catalogue_changed``), so the list is read once per version and kept in the
cache. The timeout bounds how stale a worker with its own per-process cache (no shared
``CACHE_URL``) can be.
"""

from core.pagecache import catalogue_version
from core.pagecache.kept import kept

from .models import Outlet


def read_open_outlets() -> list:
    """The open outlets in their order, with ``pk``, ``slug``, ``name`` and ``address`` only."""
    return list(
        Outlet.objects.active().order_by("position", "name").only("pk", "slug", "name", "address")
    )


def open_outlets() -> list:
    key = f"open-outlets:{catalogue_version()}"
    return kept.get_or_set(key, read_open_outlets)
