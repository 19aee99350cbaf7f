"""The catalogue's two-level category tree, as the gallery's shelves are arranged.

Rows are matched by slug, so running it on a database that already has some of them only fills
the gaps; names edited by staff afterwards are left alone.
"""

from django.db import migrations

TREE = [
    (
        "keramik-gerabah",
        "Keramik & Gerabah",
        "Ceramics & Earthenware",
        [
            ("guci-vas", "Guci & Vas", "Jars & Vases"),
            ("gerabah-dapur", "Gerabah Dapur", "Kitchen Earthenware"),
            ("pot-tanaman", "Pot Tanaman", "Plant Pots"),
            ("boneka-menong", "Boneka Menong", "Menong Clay Dolls"),
            ("hiasan-keramik", "Hiasan Keramik", "Ceramic Ornaments"),
        ],
    ),
    (
        "anyaman-bambu",
        "Anyaman & Bambu",
        "Weaving & Bamboo",
        [
            ("tas-anyaman", "Tas Anyaman", "Woven Bags"),
            ("keranjang-wadah", "Keranjang & Wadah", "Baskets & Containers"),
            ("perabot-bambu", "Perabot Bambu", "Bamboo Furniture"),
        ],
    ),
    (
        "batik-tenun",
        "Batik & Tenun",
        "Batik & Woven Cloth",
        [
            ("kain-batik", "Kain Batik", "Batik Cloth"),
            ("busana-batik", "Busana Batik", "Batik Clothing"),
            ("kain-tenun", "Kain Tenun", "Handwoven Cloth"),
        ],
    ),
    (
        "kuliner-oleh-oleh",
        "Kuliner & Oleh-oleh",
        "Food & Souvenirs",
        [
            ("gula-aren", "Gula Aren", "Palm Sugar"),
            ("simping-semprong", "Simping & Semprong", "Simping & Semprong Wafers"),
            ("camilan", "Camilan", "Snacks"),
            ("minuman", "Kopi & Minuman", "Coffee & Drinks"),
        ],
    ),
    (
        "fashion-aksesori",
        "Fashion & Aksesori",
        "Fashion & Accessories",
        [
            ("tas-dompet", "Tas & Dompet", "Bags & Wallets"),
            ("perhiasan", "Perhiasan & Aksesori", "Jewellery & Accessories"),
            ("alas-kaki", "Alas Kaki", "Footwear"),
        ],
    ),
    (
        "kerajinan-kayu",
        "Kayu",
        "Woodcraft",
        [
            ("peralatan-dapur-kayu", "Peralatan Dapur Kayu", "Wooden Kitchenware"),
            ("ukiran-kayu", "Ukiran & Hiasan Kayu", "Wood Carvings"),
            ("mainan-kayu", "Mainan Kayu", "Wooden Toys"),
        ],
    ),
    (
        "dekorasi-rumah",
        "Dekorasi Rumah",
        "Home Decor",
        [
            ("lampu-hias", "Lampu Hias", "Decorative Lamps"),
            ("hiasan-dinding", "Hiasan Dinding", "Wall Decor"),
            ("cendera-mata", "Cendera Mata", "Keepsakes"),
        ],
    ),
]


def seed(apps, schema_editor):
    Category = apps.get_model("products", "Category")
    for top_position, (slug, name_id, name_en, children) in enumerate(TREE, start=1):
        top, _created = Category.objects.get_or_create(
            slug=slug,
            defaults={"name_id": name_id, "name_en": name_en, "position": top_position * 10},
        )
        for position, (child_slug, child_id, child_en) in enumerate(children, start=1):
            Category.objects.get_or_create(
                slug=child_slug,
                defaults={
                    "parent": top,
                    "name_id": child_id,
                    "name_en": child_en,
                    "position": position * 10,
                },
            )


def unseed(apps, schema_editor):
    Category = apps.get_model("products", "Category")
    slugs = [slug for slug, *_rest in TREE]
    children = [child[0] for *_rest, kids in TREE for child in kids]
    Category.objects.filter(slug__in=children, products__isnull=True).delete()
    Category.objects.filter(slug__in=slugs, products__isnull=True, children__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("products", "0005_moderation_history_and_guards")]

    operations = [migrations.RunPython(seed, unseed)]
