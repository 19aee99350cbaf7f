from django.urls import path

from core import limits
from core.pagecache import public_page

from . import views

app_name = "vendors"

# The fixed paths come before the vendor's slug; services.RESERVED_SLUGS keeps them apart.
urlpatterns = [
    path("umkm/", public_page(views.VendorListView.as_view()), name="vendor-list"),
    path(
        "umkm/daftar/",
        limits.limited(limits.VENDOR_REGISTRATION)(views.VendorRegisterView.as_view()),
        name="vendor-register",
    ),
    path("umkm/verifikasi/<str:token>/", views.vendor_verify, name="vendor-verify"),
    path("umkm/<slug:slug>/", public_page(views.VendorDetailView.as_view()), name="vendor-detail"),
]
