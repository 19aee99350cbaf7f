"""The first checklists, one per top-level category (subcategories use their parent's), and the
permissions of the "Staf Galeri" group.

Food is checked on its permits and label, crafts on their workmanship and description. Staff
edit the points in the admin afterwards; a checklist that exists already is left alone.
"Staf Galeri" check products, edit the checklists, read past checks, and see the products
(read only) they check; they change no product.
"""

from django.db import migrations

from core.migration_operations import GrantGroupPermissions

FOOD = [
    (
        "Nomor izin (P-IRT atau BPOM) dan nomor halal, bila diklaim, berlaku dan sama dengan label",
        "Permit numbers (P-IRT or BPOM, and halal where claimed) are valid and match the label",
    ),
    ("Label mencantumkan komposisi", "The label shows the composition"),
    ("Label mencantumkan berat bersih", "The label shows the net weight"),
    ("Label mencantumkan tanggal kedaluwarsa", "The label shows the expiry date"),
    ("Kemasan tersegel rapat dan tidak rusak", "The packaging is sealed and undamaged"),
]
CRAFTS = [
    (
        "Hasil akhir rapi: tanpa retak, cacat, atau bagian tajam",
        "The finishing is neat: no cracks, flaws or sharp edges",
    ),
    ("Ukuran sesuai dengan deskripsi", "The size is as described"),
    ("Bahan sesuai dengan deskripsi", "The material is as described"),
    ("Foto sesuai dengan barang aslinya", "The photos are true to the item"),
]
FOOD_CATEGORIES = ["kuliner-oleh-oleh"]

STAF_GALERI = [
    "check_product",
    "add_checklist",
    "change_checklist",
    "view_checklist",
    "add_checklistitem",
    "change_checklistitem",
    "view_checklistitem",
    "view_curationcheck",
    "view_checkedpoint",
    "view_recheckrequest",
]


def seed(apps, schema_editor):
    Category = apps.get_model("products", "Category")
    Checklist = apps.get_model("curation", "Checklist")
    ChecklistItem = apps.get_model("curation", "ChecklistItem")
    for category in Category.objects.filter(parent__isnull=True):
        checklist, created = Checklist.objects.get_or_create(category=category)
        if not created:
            continue
        food = category.is_food or category.slug in FOOD_CATEGORIES
        ChecklistItem.objects.bulk_create(
            ChecklistItem(checklist=checklist, text_id=text_id, text_en=text_en, position=n * 10)
            for n, (text_id, text_en) in enumerate(FOOD if food else CRAFTS, start=1)
        )


def unseed(apps, schema_editor):
    Checklist = apps.get_model("curation", "Checklist")
    CheckedPoint = apps.get_model("curation", "CheckedPoint")
    used = CheckedPoint.objects.values("item__checklist")
    Checklist.objects.exclude(pk__in=used).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("products", "0011_food_categories"),
        ("curation", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(seed, unseed),
        GrantGroupPermissions("Staf Galeri", "curation", STAF_GALERI),
        GrantGroupPermissions(
            "Staf Galeri", "products", ["view_product", "view_productimage", "view_category"]
        ),
    ]
