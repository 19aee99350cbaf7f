from django.urls import path

from . import views

app_name = "products"

urlpatterns = [
    path("produk/", views.catalogue, name="catalogue"),
    path("produk/<slug:slug>/", views.product_detail, name="product-detail"),
    path("kategori/<slug:slug>/", views.category_detail, name="category-detail"),
]
