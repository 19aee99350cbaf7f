from django.urls import path

from . import views

app_name = "gallery"

urlpatterns = [
    path("galeri/", views.OutletListView.as_view(), name="outlet-list"),
    path("galeri/<slug:slug>/", views.OutletDetailView.as_view(), name="outlet-detail"),
]
