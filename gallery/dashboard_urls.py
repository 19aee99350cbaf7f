"""Pages of the vendor dashboard (/dasbor/) that belong to this app: /dasbor/stok/…"""

from django.urls import path

from . import dashboard

app_name = "dashboard-gallery"

urlpatterns = [
    path("", dashboard.stock_overview, name="stock"),
    path("riwayat/", dashboard.movement_list, name="movement-list"),
]
