"""Training sessions for the "Staf Dinas" group (the vendors app creates the group too).

District staff create, edit and publish sessions and see (and export) who signed up. Sign-ups are
the vendors' own: staff neither add, change nor delete them. Nobody but a superuser deletes a
session: one that will not happen is taken off the public page.
"""

from django.db import migrations

from core.migration_operations import GrantGroupPermissions

GROUP = "Staf Dinas"
PERMISSIONS = [
    "view_trainingsession",
    "add_trainingsession",
    "change_trainingsession",
    "view_signup",
]


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("training", "0001_initial"),
    ]

    operations = [GrantGroupPermissions(GROUP, "training", PERMISSIONS)]
