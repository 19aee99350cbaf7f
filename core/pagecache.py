"""A page cache for anonymous shoppers, invalidated whenever the catalogue changes.

Public pages (home, catalogue, search, categories, products, vendors, outlets) are the same for
every visitor without a session, so their rendered HTML is kept in the shared cache under the
current *catalogue version*. Any change to a product, its stock, its vendor or an outlet calls
``catalogue_changed()``, which moves the version on: every cached page becomes unreachable at
once, without tracking which pages showed what.

A visitor with a session (logged in, a cart, a pending message) always gets a fresh page. CSRF
tokens in a cached page (the add-to-cart form) are swapped for a placeholder when stored and for
the visitor's own token when served.

A stock movement that leaves a product in stock (or out of stock) everywhere it was changes only
the counts per outlet on that product's own page: it moves that product's *stock version* on,
which only its page is keyed on, and every other cached page stays. Only when a product comes
into stock or sells out at an outlet, which cards and the availability filters show, does the
catalogue version move.

Pages are also keyed on the day in Jakarta (``TIME_ZONE``): a batch of food stops being available at midnight
without any change being recorded, so every page is rendered afresh on a new day.

The versions live in the default cache: several workers or app servers must share one cache
(``CACHE_URL=redis://…``) for a change to reach all of them at once; with the per-process
local-memory cache a page is at most ``PAGE_CACHE_SECONDS`` stale in the other workers.
"""

import re
from functools import partial, wraps
from hashlib import blake2b

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.translation import get_language

VERSION_KEY = "pagecache:catalogue-version"
CSRF_PLACEHOLDER = "__CSRF_TOKEN__"
CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]+(")')
_KEPT_HEADERS = ("Content-Type", "Content-Language", "Vary", "Link")


def _version(key) -> int:
    version = cache.get(key)
    if version is None:
        version = 1
        cache.add(key, version, timeout=None)
    return version


def _bump(key):
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 2, timeout=None)


def catalogue_version() -> int:
    return _version(VERSION_KEY)


def catalogue_changed() -> None:
    """Call after any write that changes what public pages show; takes effect on commit."""
    transaction.on_commit(partial(_bump, VERSION_KEY))


def _stock_key(product_slug) -> str:
    # Hashed: the slug comes from the address, of any length.
    digest = blake2b(product_slug.encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()
    return f"pagecache:stock-version:{digest}"


def stock_version(product_slug) -> int:
    """Read only: an address with a made-up slug must not leave a key behind in the cache."""
    return cache.get(_stock_key(product_slug), 1)


def product_stock_changed(product_slug) -> None:
    """Call after a stock movement that changes only this product's counts per outlet."""
    transaction.on_commit(partial(_bump, _stock_key(product_slug)))


def _cacheable_request(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and getattr(settings, "PAGE_CACHE_SECONDS", 0) > 0
    )


def _key(request, extra="") -> str:
    path = request.get_full_path().encode("utf-8", "surrogateescape")
    digest = blake2b(path, digest_size=16).hexdigest()
    day = timezone.localdate().strftime("%Y%m%d")
    return f"pagecache:{catalogue_version()}{extra}:{day}:{get_language()}:{digest}"


def _serve(request, entry) -> HttpResponse:
    content, headers = entry
    if CSRF_PLACEHOLDER.encode() in content:
        content = content.replace(CSRF_PLACEHOLDER.encode(), get_token(request).encode())
    response = HttpResponse(content)
    for name, value in headers.items():
        response[name] = value
    response["X-Page-Cache"] = "hit"
    return response


def public_page(view, *, version=None):
    """Cache a public GET view's page for visitors without a session.

    ``version(request, *args, **kwargs)``, when given, is a further version the page is keyed on,
    such as a product's stock version.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not _cacheable_request(request):
            return view(request, *args, **kwargs)
        key = _key(request, f".{version(request, *args, **kwargs)}" if version else "")
        entry = cache.get(key)
        if entry is not None:
            return _serve(request, entry)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if response.status_code == 200 and not response.streaming and not response.cookies:
            content = CSRF_INPUT.sub(
                rb"\g<1>" + CSRF_PLACEHOLDER.encode() + rb"\g<2>", response.content
            )
            headers = {name: response[name] for name in _KEPT_HEADERS if name in response}
            cache.set(key, (content, headers), settings.PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        return response

    return wrapped
