from django.urls import path

from . import views
from .pagecache import public_page

app_name = "core"

urlpatterns = [
    path("", public_page(views.home), name="home"),
]
