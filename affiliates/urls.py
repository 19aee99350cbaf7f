from django.urls import path

from . import views

app_name = "affiliates"

urlpatterns = [
    path("afiliasi/", views.affiliate_home, name="home"),
    path("afiliasi/daftar/", views.affiliate_signup, name="signup"),
    path("a/<str:code>/", views.follow_link, name="follow"),
]
