import logging

from django.conf import settings
from django.core.exceptions import TooManyFilesSent
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .audit import audit
from .pagecache import Parameters, reads_parameters

logger = logging.getLogger("galeri.health")


@reads_parameters(Parameters())
def home(request):
    from .home import home_context

    return render(request, "core/home.html", home_context())


def _cache_state() -> str:
    from django.core.cache import cache

    ping = getattr(cache, "ping", None)  # the shared Redis cache; a local one is always up
    if ping is None:
        return "up"
    return "up" if ping() else "down"


def _queue_state() -> dict:
    from .models import OutgoingEmail
    from .outbox import queue_age_seconds

    age = queue_age_seconds()
    return {
        "oldest_task_seconds": None if age is None else round(age),
        "failed_emails": OutgoingEmail.objects.filter(status=OutgoingEmail.Status.FAILED).count(),
    }


@never_cache
@require_GET
def healthz(request):
    """For the load balancer and the operator: 503 only when the site cannot serve at all.

    A cache that is down slows pages but breaks nothing, so it is reported ("degraded") with a
    200; so are the age of the oldest waiting task (a stopped worker shows as a growing age)
    and the count of emails that failed for good.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        queue = _queue_state()
    except DatabaseError as exc:
        logger.warning("health check: database down (%s)", exc.__class__.__name__)
        connection.close_if_unusable_or_obsolete()
        return JsonResponse(
            {"status": "error", "database": "down", "cache": _cache_state()}, status=503
        )
    cache_state = _cache_state()
    return JsonResponse(
        {
            "status": "ok" if cache_state == "up" else "degraded",
            "database": "up",
            "vendor": connection.vendor,
            "cache": cache_state,
            "queue": queue,
        }
    )


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /akun/",
        "Disallow: /en/akun/",
        "Disallow: /keranjang/",
        "Disallow: /en/keranjang/",
        "Disallow: /dasbor/",
        "Disallow: /en/dasbor/",
        # Share links only redirect to pages that are indexed at their own address.
        "Disallow: /a/",
        "Disallow: /en/a/",
        "Disallow: /afiliasi/",
        "Disallow: /en/afiliasi/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def bad_request(request, exception=None):
    context = {}
    if isinstance(exception, TooManyFilesSent):
        # More files in one request than DATA_UPLOAD_MAX_NUMBER_FILES: nothing was read or stored.
        context["too_many_files"] = settings.DATA_UPLOAD_MAX_NUMBER_FILES
    return render(request, "400.html", context, status=400)


def permission_denied(request, exception=None):
    audit("permission_denied", request=request, level=logging.WARNING)
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without a request context on purpose: whatever broke may break the context too.
    return render(request, "500.html", status=500)


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)


_baseline_pages = {}


def _baseline_page(size):
    if size not in _baseline_pages:
        head = '<!doctype html>\n<html lang="id"><head><meta charset="utf-8"><title>Baseline</title></head><body><main>\n'
        tail = "</main></body></html>\n"
        line = "<p>Guci keramik Plered, anyaman bambu, batik tulis, gula aren, simping, semprong.</p>\n"
        room = max(0, size - len(head) - len(tail))
        body = line * (room // len(line)) + " " * (room % len(line))
        _baseline_pages[size] = (head + body + tail).encode()
    return _baseline_pages[size]


@require_GET
def bench_baseline(request):
    """The benchmark's yardstick (bench/run.py): a fixed page of ``BENCH_BASELINE_BYTES`` through
    the whole middleware stack, without database or template. Routed only with BENCH_BASELINE on."""
    return HttpResponse(_baseline_page(settings.BENCH_BASELINE_BYTES))
