"""A vendor's products as a CSV or Excel file for the bulk-upload templates of Tokopedia, Shopee and the like.

The columns and their rules are documented in docs/marketplace-export.md. The column titles are
the marketplaces' own Indonesian words and never change with the site's language, so a vendor can
paste the columns into a marketplace template the same way every time.
"""

from django.conf import settings

from products.models import Product

from .csvfiles import Rupiah

IMAGE_WIDTH = 1280
IMAGE_COLUMNS = 5
CONDITION_NEW = "Baru"
MINIMUM_ORDER = 1

HEADER = [
    "Nama Produk",
    "Deskripsi Produk",
    "Kategori",
    "Harga (Rp)",
    "Berat (gram)",
    "Minimum Pemesanan",
    "Stok",
    "SKU",
    "Kondisi",
    *(f"Foto Produk {n}" for n in range(1, IMAGE_COLUMNS + 1)),
    "Preorder",
    "Waktu Proses Preorder (hari)",
]


def sku(product) -> str:
    return f"GM-{product.pk:06d}"


def absolute(url: str) -> str:
    """Storage URLs are relative on the local disk and absolute in a bucket."""
    if url.startswith(("http://", "https://")):
        return url
    return f"{settings.SITE_URL}{url}"


def description(product) -> str:
    parts = [product.description.strip()]
    if product.materials:
        parts.append(f"Bahan: {product.materials}")
    if product.dimensions:
        parts.append(f"Ukuran: {product.dimensions}")
    parts.append(
        f"Buatan {product.vendor.business_name}, {product.vendor.kecamatan.name}, Purwakarta."
    )
    return "\n\n".join(part for part in parts if part)


def category(product) -> str:
    category = product.category
    if category.parent_id:
        return f"{category.parent.name_id} > {category.name_id}"
    return category.name_id


def exported_products(vendor):
    """What the vendor can list elsewhere: published products that staff have not hidden."""
    return (
        Product.objects.of_vendor(vendor)
        .filter(status=Product.Status.PUBLISHED, hidden_at__isnull=True)
        .select_related("category__parent", "vendor__kecamatan")
        .prefetch_related("images")
        .order_by("name", "pk")
    )


def image_urls(product) -> list[str]:
    images = sorted(product.images.all(), key=lambda image: (image.position, image.pk))
    urls = [
        absolute(image.rendition_url(IMAGE_WIDTH, "jpeg"))
        for image in images[:IMAGE_COLUMNS]
        if image.renditions or image.file
    ]
    return urls + [""] * (IMAGE_COLUMNS - len(urls))


def rows(vendor):
    for product in exported_products(vendor):
        yield [
            product.name,
            description(product),
            category(product),
            Rupiah(product.price),
            product.weight_grams,
            MINIMUM_ORDER,
            "",
            sku(product),
            CONDITION_NEW,
            *image_urls(product),
            "Ya" if product.made_to_order else "Tidak",
            product.lead_time_days if product.made_to_order else "",
        ]
