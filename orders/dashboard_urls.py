"""Pages of the vendor dashboard (/dasbor/) that belong to this app."""

from django.urls import path

from . import views

app_name = "dashboard-orders"

urlpatterns = [
    path("", views.vendor_order_lines, name="order-lines"),
]
