from django.urls import path

from . import views

app_name = "products"

urlpatterns = [
    path("produk/", views.CatalogueView.as_view(), name="catalogue"),
    path("produk/<slug:slug>/", views.ProductDetailView.as_view(), name="product-detail"),
    path("kategori/<slug:slug>/", views.CategoryDetailView.as_view(), name="category-detail"),
]
