"""Product moderation for the "Staf Dinas" group (the vendors app creates the group too).

Staff see products, their pictures and categories, edit a product's details and hide or
restore it (``moderate_product``). They delete nothing: a product that was ever sold is
archived, never deleted, and deletions are left to superusers.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

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


def grant(apps, schema_editor):
    app_config = apps.get_app_config("products")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=GROUP)
    permissions = Permission.objects.filter(
        content_type__app_label="products", codename__in=PERMISSIONS
    )
    if permissions.count() != len(PERMISSIONS):
        raise RuntimeError("Some product permissions are missing; cannot set up Staf Dinas.")
    group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="products", codename__in=PERMISSIONS)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("products", "0006_category_tree"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
