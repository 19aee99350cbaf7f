"""Pages of the vendor dashboard (/dasbor/) that belong to this app: /dasbor/kurasi/…"""

from django.urls import path

from . import dashboard as views

app_name = "dashboard-curation"

urlpatterns = [
    path("<int:pk>/periksa-ulang/", views.recheck_request, name="recheck"),
]
