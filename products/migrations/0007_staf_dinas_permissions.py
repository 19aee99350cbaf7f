"""Product moderation for the "Staf Dinas" group (the vendors app creates the group too).

Staff see products, their pictures and categories, edit a product's details and hide or
restore it (``moderate_product``). They delete nothing: a product that was ever sold is
archived, never deleted, and deletions are left to superusers.
"""

from django.db import migrations

from core.migration_operations import GrantGroupPermissions

GROUP = "Staf Dinas"
PERMISSIONS = [
    "view_product",
    "change_product",
    "moderate_product",
    "view_productimage",
    "view_productevent",
    "view_productslughistory",
    "view_category",
]


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("products", "0006_category_tree"),
    ]

    operations = [GrantGroupPermissions(GROUP, "products", PERMISSIONS)]
