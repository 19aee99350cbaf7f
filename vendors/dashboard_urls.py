"""Pages of the vendor dashboard (/dasbor/) that belong to this app."""

from django.urls import path

from core import limits

from . import dashboard_views as views

uploads = limits.limited(limits.UPLOADS)

app_name = "dashboard-vendors"

urlpatterns = [
    path("", views.dashboard_home, name="home"),
    path("ajukan/", views.submit, name="submit"),
    path(
        "verifikasi/kirim/",
        limits.limited(limits.VERIFICATION)(views.resend_verification),
        name="verification-resend",
    ),
    path("profil/", views.profile_edit, name="profile-edit"),
    path("foto/", views.pictures, name="pictures"),
    path("foto/logo/", uploads(views.logo_upload), name="logo-upload"),
    path("foto/tambah/", uploads(views.photos_add), name="photos-add"),
    path("foto/<int:pk>/hapus/", views.picture_delete, name="picture-delete"),
]
