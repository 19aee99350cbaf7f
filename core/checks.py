"""Deployment checks of our own, shown by `manage.py check --deploy`."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

LOCAL_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@register(Tags.caches, deploy=True)
def shared_cache(app_configs, **kwargs):
    backend = settings.CACHES["default"]["BACKEND"]
    if backend not in LOCAL_CACHES:
        return []
    return [
        Warning(
            "The cache is local to each process (no CACHE_URL).",
            hint=(
                "Set CACHE_URL=redis://…: with several gunicorn workers each would count rate "
                "limits apart and see catalogue changes up to PAGE_CACHE_SECONDS late."
            ),
            id="core.W001",
        )
    ]
