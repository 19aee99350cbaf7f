"""The "Staf Galeri" group: the outlets' staff, with the gallery's permissions only.

They keep the outlets' details, hours, closures and photos, see stock and the ledger, record
deliveries, returns, losses and corrections, and print shelf labels. They never add, change or
delete stock rows directly: the ledger services do that. The orders app adds its own permissions
to the same group in its own migration.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Staf Galeri"
PERMISSIONS = [
    "add_outlet",
    "change_outlet",
    "view_outlet",
    "print_shelf_labels",
    "add_openinghours",
    "change_openinghours",
    "delete_openinghours",
    "view_openinghours",
    "add_outletclosure",
    "change_outletclosure",
    "delete_outletclosure",
    "view_outletclosure",
    "add_outletphoto",
    "change_outletphoto",
    "delete_outletphoto",
    "view_outletphoto",
    "view_stocklevel",
    "view_stockmovement",
    "record_stock_movement",
]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("gallery")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=GROUP)
    permissions = Permission.objects.filter(
        content_type__app_label="gallery", codename__in=PERMISSIONS
    )
    if permissions.count() != len(PERMISSIONS):
        raise RuntimeError("Some gallery permissions are missing; cannot set up Staf Galeri.")
    group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="gallery", codename__in=PERMISSIONS)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("gallery", "0003_outlet_details_and_ledger_guards"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
