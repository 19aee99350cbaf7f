"""Pages of the vendor dashboard (/dasbor/pelatihan/) that belong to this app."""

from django.urls import path

from . import views

app_name = "dashboard-training"

urlpatterns = [
    path("", views.dashboard_sessions, name="session-list"),
    path("<int:pk>/daftar/", views.dashboard_signup, name="signup"),
    path("<int:pk>/batal/", views.dashboard_cancel, name="cancel"),
]
