"""The outlet counter (/kasir/): each module of ``counter.views`` lists its own routes, all under
the outlet's slug except the counter's home, which lists the outlets one works at."""

from django.urls import include, path

from .views import home, receipts, returns, selling, shifts, stocktake, sync

app_name = "counter"

urlpatterns = [
    path("", home.home, name="home"),
    path(
        "<slug:outlet>/",
        include(
            [
                *selling.routes,
                *sync.routes,
                *receipts.routes,
                *returns.routes,
                *shifts.routes,
                *stocktake.routes,
            ]
        ),
    ),
]
