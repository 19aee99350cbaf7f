"""Pages of the vendor dashboard that belong to this app: /dasbor/tagihan/ and /dasbor/ekspor/."""

from django.urls import path, re_path

from . import views

app_name = "dashboard-backoffice"

urlpatterns = [
    path("tagihan/", views.statement_list, name="statement-list"),
    re_path(
        r"^tagihan/(?P<month>[0-9]{4}-[0-9]{2})/$",
        views.statement_detail,
        name="statement-detail",
    ),
    path("ekspor/", views.marketplace_export, name="marketplace-export"),
    path("ekspor/produk.csv", views.marketplace_export_csv, name="marketplace-export-csv"),
    path("ekspor/produk.xlsx", views.marketplace_export_xlsx, name="marketplace-export-xlsx"),
]
