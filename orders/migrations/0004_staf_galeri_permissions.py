"""Outlet staff ("Staf Galeri") see orders and move them through pickup, nothing more.

They cannot add, edit or delete orders directly: every change goes through the order services
(admin actions), which keep the stock ledger and the status history right.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Staf Galeri"
PERMISSIONS = ["view_order", "view_orderline", "view_orderstatuschange", "manage_order"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("orders")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="orders", codename__in=PERMISSIONS)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="orders", codename__in=PERMISSIONS)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("orders", "0003_payment_language_and_constraints"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
