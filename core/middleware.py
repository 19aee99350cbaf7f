import logging
import re
import uuid
from hashlib import blake2b

from django.contrib.admin.options import TO_FIELD_VAR
from django.core.exceptions import SuspiciousOperation, TooManyFieldsSent
from django.db import DatabaseError, DataError, InterfaceError, OperationalError
from django.http import QueryDict
from django.middleware.gzip import GZipMiddleware
from django.shortcuts import render

from .logging import request_id_var
from .pagecache import CSRF_INPUT

logger = logging.getLogger("galeri.db")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    """Gives each request an id (the proxy's X-Request-ID when sane) that every log line carries."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        token = request_id_var.set(request.id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response["X-Request-ID"] = request.id
        return response


class DatabaseUnavailableMiddleware:
    """When PostgreSQL is away, answer 503 with the branded page instead of a traceback."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OperationalError | InterfaceError) or (
            isinstance(exception, DatabaseError) and "connection" in str(exception).lower()
        ):
            logger.error("database unavailable: %s", exception.__class__.__name__)
            response = render(request, "503.html", status=503)
            response["Retry-After"] = "30"
            return response
        return None


class BadInputMiddleware:
    """Input that cannot be read is the client's error: a 400 with the branded page, never a 500.

    - A query string with more parameters than ``DATA_UPLOAD_MAX_NUMBER_FIELDS``: Django refuses
      to parse it whenever ``request.GET`` is read, the error page included, so the parameters
      are dropped here before anything reads them.
    - An empty ``_to_field`` on an admin object page: Django skips its check of the field when
      the value is empty, then looks the object up by a field named ''.
    - A value PostgreSQL refuses (a NUL byte in a filter): ``DataError`` from a query that a
      filter or a form built from what the visitor sent; and a number too large for any date
      (``?placed_at__year=99999999999999999999`` in the admin's date drill-down, which catches
      ``ValueError`` but not ``OverflowError``). Both are logged with their traceback, so a bug
      of ours that raises them is still seen.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from .views import bad_request

        try:
            request.GET  # noqa: B018 (parsing is what is checked)
        except TooManyFieldsSent as exc:
            request.GET = QueryDict()
            return bad_request(request, exc)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.namespace != "admin":
            return None
        if request.POST.get(TO_FIELD_VAR, request.GET.get(TO_FIELD_VAR)) == "":
            from .views import bad_request

            return bad_request(request, SuspiciousOperation("an empty _to_field"))
        return None

    def process_exception(self, request, exception):
        if isinstance(exception, DataError | OverflowError):
            from .views import bad_request

            logger.warning("input the database refuses: %s", request.path, exc_info=exception)
            return bad_request(request, exception)
        return None


class PageETagMiddleware:
    """An ETag for HTML pages that holds while the page does, for ConditionalGetMiddleware's 304s.

    Django masks the CSRF token of a form afresh at every rendering, so the same page never has
    the same bytes twice and a plain content hash never matches. This one hashes the page
    without its masked tokens, plus the visitor's CSRF secret: a page kept by the browser is
    reused only while its forms' tokens are still good.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.method in ("GET", "HEAD")
            and response.status_code == 200
            and not response.streaming
            and not response.has_header("ETag")
            and response.get("Content-Type", "").startswith("text/html")
        ):
            digest = blake2b(CSRF_INPUT.sub(rb"\g<1>\g<2>", response.content), digest_size=16)
            digest.update(request.META.get("CSRF_COOKIE", "").encode())
            response["ETag"] = f'"{digest.hexdigest()}"'
        return response


class TextGZipMiddleware(GZipMiddleware):
    """Pages, feeds and JSON gzipped for phones on slow data; pictures and other files, already
    compressed, pass as they are. Django's GZip pads each response with random bytes (against
    BREACH), and CSRF tokens are masked afresh at every rendering."""

    COMPRESSIBLE = (
        "text/",
        "application/json",
        "application/ld+json",
        "application/xml",
        "application/rss+xml",
    )

    def process_response(self, request, response):
        if not response.get("Content-Type", "").startswith(self.COMPRESSIBLE):
            return response
        return super().process_response(request, response)
