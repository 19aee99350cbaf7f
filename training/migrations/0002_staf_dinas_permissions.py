"""Training sessions for the "Staf Dinas" group (the vendors app creates the group too).

District staff create, edit and publish sessions and see (and export) who signed up. Sign-ups are
the vendors' own: staff neither add, change nor delete them. Nobody but a superuser deletes a
session: one that will not happen is taken off the public page.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Staf Dinas"
PERMISSIONS = [
    "view_trainingsession",
    "add_trainingsession",
    "change_trainingsession",
    "view_signup",
]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("training")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=GROUP)
    permissions = Permission.objects.filter(
        content_type__app_label="training", codename__in=PERMISSIONS
    )
    if permissions.count() != len(PERMISSIONS):
        raise RuntimeError("Some training permissions are missing; cannot set up Staf Dinas.")
    group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="training", codename__in=PERMISSIONS)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("training", "0001_initial"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
