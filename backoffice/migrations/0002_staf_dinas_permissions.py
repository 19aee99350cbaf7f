"""The back office for the "Staf Dinas" group (the vendors app creates the group too).

District staff see the dashboard's figures, set commission rates (only from the current month on:
a rate of a month that is over never changes), see the vendors' statements and record payouts.
Payouts are never changed nor deleted by anyone: a correction is a new payout.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Staf Dinas"
PERMISSIONS = [
    "view_figures",
    "view_commissionrate",
    "add_commissionrate",
    "change_commissionrate",
    "delete_commissionrate",
    "view_payout",
    "record_payout",
]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("backoffice")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=GROUP)
    permissions = Permission.objects.filter(
        content_type__app_label="backoffice", codename__in=PERMISSIONS
    )
    if permissions.count() != len(PERMISSIONS):
        raise RuntimeError("Some back-office permissions are missing; cannot set up Staf Dinas.")
    group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="backoffice", codename__in=PERMISSIONS
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("backoffice", "0001_initial"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
