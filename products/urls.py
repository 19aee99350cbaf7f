from django.urls import path

from core.pagecache import public_page, stock_version

from . import views

app_name = "products"

urlpatterns = [
    path("produk/", public_page(views.catalogue), name="catalogue"),
    path(
        "produk/<slug:slug>/",
        public_page(views.product_detail, version=lambda request, slug: stock_version(slug)),
        name="product-detail",
    ),
    path("kategori/<slug:slug>/", public_page(views.category_detail), name="category-detail"),
]
