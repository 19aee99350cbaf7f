"""``public_page``: a view's page, stored once and served to every visitor with their own parts."""

from dataclasses import dataclass
from functools import wraps
from hashlib import blake2b

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, QueryDict
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language

from .holes import MARKERS, fill, shared_render, split
from .parameters import Invalid, declared_parameters, unknown_parameters
from .versions import catalogue_version

_KEPT_HEADERS = ("Content-Type", "Content-Language", "Vary", "Link")


@dataclass
class PageState:
    """What the view said of the parameters it was given (``parameters_checked``)."""

    parameters: list
    checked: bool = False
    honoured: bool = True

    @property
    def storable(self) -> bool:
        return not self.parameters or (self.checked and self.honoured)


def _key(request, query_string, extra) -> str:
    address = f"{request.path}?{query_string}".encode("utf-8", "surrogateescape")
    digest = blake2b(address, digest_size=16).hexdigest()
    day = timezone.localdate().strftime("%Y%m%d")
    return f"pagecache:{catalogue_version()}{extra}:{day}:{get_language()}:{MARKERS}:{digest}"


def _serve(request, entry) -> HttpResponse:
    parts, headers = entry
    response = HttpResponse(fill(request, parts))
    for name, value in headers.items():
        response[name] = value
    response["X-Page-Cache"] = "hit"
    return response


def _canonical(parameters, query):
    """The page's own parameters, or None when the address holds something the page does not
    read and the page never said what it reads."""
    if parameters is None:
        return None if unknown_parameters(query) else []
    return parameters.canonical(query)


def public_page(view, *, version=None):
    """Cache a public GET view's page for every visitor, each getting their own parts.

    On a miss the view runs as no one (``holes.shared_render``): an anonymous user, an empty
    session, no messages. The view declares the query parameters it reads
    (``reads_parameters``, or ``page_parameters`` on a class-based view); the page is keyed on
    those alone, spelt one way, and the view sees only those. A view that declares nothing is
    cached only at its address without parameters (tracking ones aside).

    ``version(request, *args, **kwargs)``, when given, is a further version the page is keyed
    on, such as a product's stock version.
    """
    parameters = declared_parameters(view)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or settings.PAGE_CACHE_SECONDS <= 0:
            return view(request, *args, **kwargs)
        try:
            pairs = _canonical(parameters, request.GET)
        except Invalid:
            pairs = None
        if pairs is None:
            response = view(request, *args, **kwargs)
            response["X-Page-Cache"] = "pass"
            return response

        query_string = urlencode(pairs)
        extra = f".{version(request, *args, **kwargs)}" if version else ""
        key = _key(request, query_string, extra)
        entry = cache.get(key)
        if entry is not None:
            return _serve(request, entry)

        state = PageState(parameters=pairs)
        request.page_cache = state
        query = QueryDict(query_string)
        try:
            with shared_render(request, query_string=query_string, query=query) as messages:
                response = view(request, *args, **kwargs)
                if hasattr(response, "render") and callable(response.render):
                    response = response.render()
        finally:
            del request.page_cache
        if response.streaming:
            return response
        parts = split(response.content)
        response.content = fill(request, parts)
        if (
            response.status_code == 200
            and state.storable
            and not messages.added_new
            and not response.cookies
        ):
            headers = {name: response[name] for name in _KEPT_HEADERS if name in response}
            cache.set(key, (parts, headers), settings.PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        else:
            response["X-Page-Cache"] = "pass"
        return response

    return wrapped
