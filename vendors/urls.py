from django.urls import path

from . import views

app_name = "vendors"

urlpatterns = [
    path("umkm/", views.VendorListView.as_view(), name="vendor-list"),
    path("umkm/<slug:slug>/", views.VendorDetailView.as_view(), name="vendor-detail"),
]
