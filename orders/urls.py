from django.urls import path

from . import views

app_name = "orders"

urlpatterns = [
    path("keranjang/", views.cart_detail, name="cart"),
]
