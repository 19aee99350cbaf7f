"""The "Staf Dinas" group: district staff who review and moderate vendors in the admin.

They may see vendors with everything they submitted, correct a profile (the edit is logged), and
approve, reject, suspend or reinstate. They cannot delete vendors, pictures or history, nor touch
accounts.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Staf Dinas"
PERMISSIONS = [
    "view_vendor",
    "change_vendor",
    "review_vendor",
    "view_vendorstatuschange",
    "view_vendorprofilechange",
    "view_vendorimage",
    "view_vendorlink",
]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("vendors")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=GROUP)
    permissions = Permission.objects.filter(
        content_type__app_label="vendors", codename__in=PERMISSIONS
    )
    assert permissions.count() == len(PERMISSIONS), "vendors permissions are missing"
    group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.remove(
            *group.permissions.filter(
                content_type__app_label="vendors", codename__in=PERMISSIONS
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("vendors", "0002_profile_changes_review_permission_constraints"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
