from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from core import views as core_views

admin.site.site_header = "Galeri Menong"
admin.site.site_title = "Galeri Menong"
admin.site.index_title = "Dinas"

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("robots.txt", core_views.robots_txt, name="robots-txt"),
    path("", include("products.sitemap_urls")),
    path("feeds/", include("products.feeds.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
]

# Indonesian pages live at the root, English ones under /en/.
urlpatterns += i18n_patterns(
    path("akun/", include("accounts.urls")),
    path("dasbor/", include("vendors.dashboard_urls")),
    path("dasbor/produk/", include("products.dashboard_urls")),
    path("dasbor/stok/", include("gallery.dashboard_urls")),
    path("dasbor/pesanan/", include("orders.dashboard_urls")),
    path("dasbor/pelatihan/", include("training.dashboard_urls")),
    path("dasbor/kurasi/", include("curation.dashboard_urls")),
    path("dasbor/", include("backoffice.dashboard_urls")),
    path("kasir/", include("counter.urls")),
    path("", include("training.urls")),
    path("", include("products.urls")),
    path("", include("vendors.urls")),
    path("", include("gallery.urls")),
    path("", include("orders.urls")),
    path("", include("affiliates.urls")),
    path("", include("core.urls")),
    prefix_default_language=False,
)

handler400 = "core.views.bad_request"
handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"

if settings.BENCH_BASELINE:  # `make bench` only: the fixed page the pages are compared with
    urlpatterns.append(path("_bench/baseline/", core_views.bench_baseline, name="bench-baseline"))

if settings.SERVE_MEDIA:
    from django.urls import re_path

    from core.media import media

    urlpatterns.insert(
        0, re_path(rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.+)$", media, name="media")
    )
