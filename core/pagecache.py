"""A page cache for anonymous shoppers, invalidated whenever the catalogue changes.

Public pages (home, catalogue, search, categories, products, vendors, outlets) are the same for
every visitor without a session, so their rendered HTML is kept in the shared cache under the
current *catalogue version*. Any change to a product, its stock, its vendor or an outlet calls
``catalogue_changed()``, which moves the version on: every cached page becomes unreachable at
once, without tracking which pages showed what.

A visitor with a session (logged in, a cart, a pending message) always gets a fresh page. CSRF
tokens in a cached page (the add-to-cart form) are swapped for a placeholder when stored and for
the visitor's own token when served.

The version lives in the default cache: several workers or app servers must share one cache
(``CACHE_URL=redis://…``) for a change to reach all of them at once; with the per-process
local-memory cache a page is at most ``PAGE_CACHE_SECONDS`` stale in the other workers.
"""

import re
from functools import wraps
from hashlib import blake2b

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

VERSION_KEY = "pagecache:catalogue-version"
CSRF_PLACEHOLDER = "__CSRF_TOKEN__"
_CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]+(")')
_KEPT_HEADERS = ("Content-Type", "Content-Language", "Vary", "Link")


def catalogue_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = 1
        cache.add(VERSION_KEY, version, timeout=None)
    return version


def _bump():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)


def catalogue_changed() -> None:
    """Call after any write that changes what public pages show; takes effect on commit."""
    transaction.on_commit(_bump)


def _cacheable_request(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and getattr(settings, "PAGE_CACHE_SECONDS", 0) > 0
    )


def _key(request) -> str:
    path = request.get_full_path().encode("utf-8", "surrogateescape")
    digest = blake2b(path, digest_size=16).hexdigest()
    return f"pagecache:{catalogue_version()}:{get_language()}:{digest}"


def _serve(request, entry) -> HttpResponse:
    content, headers = entry
    if CSRF_PLACEHOLDER.encode() in content:
        content = content.replace(CSRF_PLACEHOLDER.encode(), get_token(request).encode())
    response = HttpResponse(content)
    for name, value in headers.items():
        response[name] = value
    response["X-Page-Cache"] = "hit"
    return response


def public_page(view):
    """Cache a public GET view's page for visitors without a session."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not _cacheable_request(request):
            return view(request, *args, **kwargs)
        key = _key(request)
        entry = cache.get(key)
        if entry is not None:
            return _serve(request, entry)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if response.status_code == 200 and not response.streaming and not response.cookies:
            content = _CSRF_INPUT.sub(
                rb"\g<1>" + CSRF_PLACEHOLDER.encode() + rb"\g<2>", response.content
            )
            headers = {name: response[name] for name in _KEPT_HEADERS if name in response}
            cache.set(key, (content, headers), settings.PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        return response

    return wrapped
