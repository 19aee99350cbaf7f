from django.urls import path

from . import views

app_name = "training"

urlpatterns = [
    path("pelatihan/", views.SessionListView.as_view(), name="session-list"),
    path("pelatihan/<int:pk>/", views.SessionDetailView.as_view(), name="session-detail"),
]
