"""One address per feed and language, outside the language prefixes: ``/feeds/google-en.xml``."""

from django.urls import path

from .views import FEEDS, addresses, feed_view

app_name = "feeds"

urlpatterns = [
    path(
        f"{kind}-{language}.{FEEDS[kind].extension}",
        feed_view,
        {"kind": kind, "language": language},
        name=f"{kind}-{language}",
    )
    for kind, language in addresses()
]
