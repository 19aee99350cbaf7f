"""Pages of the vendor dashboard (/dasbor/) that belong to this app: /dasbor/produk/…"""

from django.urls import path

from core import limits

from . import dashboard as views

app_name = "dashboard-products"

urlpatterns = [
    path("", views.product_list, name="product-list"),
    path("baru/", views.product_create, name="product-create"),
    path("<int:pk>/", views.product_update, name="product-update"),
    path("<int:pk>/terbitkan/", views.product_publish, name="product-publish"),
    path("<int:pk>/arsipkan/", views.product_archive, name="product-archive"),
    path(
        "<int:pk>/foto/",
        limits.limited(limits.UPLOADS)(views.product_images),
        name="product-images",
    ),
    path("<int:pk>/foto/<int:image_pk>/keterangan/", views.image_alt, name="image-alt"),
    path("<int:pk>/foto/<int:image_pk>/pindah/", views.image_move, name="image-move"),
    path("<int:pk>/foto/<int:image_pk>/hapus/", views.image_delete, name="image-delete"),
]
