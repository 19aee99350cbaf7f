from django.urls import path

from core import limits

from . import views

app_name = "orders"

urlpatterns = [
    path("keranjang/", views.cart_detail, name="cart"),
    path("keranjang/tambah/", views.cart_add, name="cart-add"),
    path("keranjang/<int:product_id>/ubah/", views.cart_update, name="cart-update"),
    path("keranjang/<int:product_id>/hapus/", views.cart_remove, name="cart-remove"),
    path("pesan/", views.checkout, name="checkout"),
    path("pesan/periksa/", views.checkout_review, name="checkout-review"),
    path(
        "pesan/buat/", limits.limited(limits.CHECKOUT)(views.checkout_place), name="checkout-place"
    ),
    path("pesanan/cek/", views.order_lookup, name="order-lookup"),
    path("pesanan/saya/", views.MyOrderListView.as_view(), name="my-orders"),
    path("pesanan/<str:number>/", views.order_detail, name="order-detail"),
    path("pesanan/<str:number>/batal/", views.order_cancel, name="order-cancel"),
]
