"""The "Staf Dinas" group: district staff who review and moderate vendors in the admin.

They may see vendors with everything they submitted, correct a profile (the edit is logged), and
approve, reject, suspend or reinstate. They cannot delete vendors, pictures or history, nor touch
accounts.
"""

from django.db import migrations

from core.migration_operations import GrantGroupPermissions

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


class Migration(migrations.Migration):
    dependencies = [
        ("vendors", "0002_profile_changes_review_permission_constraints"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [GrantGroupPermissions(GROUP, "vendors", PERMISSIONS)]
