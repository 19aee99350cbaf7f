"""The back office for the "Staf Dinas" group (the vendors app creates the group too).

District staff see the dashboard's figures, set commission rates (only from the current month on:
a rate of a month that is over never changes), see the vendors' statements and record payouts.
Payouts are never changed nor deleted by anyone: a correction is a new payout.
"""

from django.db import migrations

from core.migration_operations import GrantGroupPermissions

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


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("backoffice", "0001_initial"),
    ]

    operations = [GrantGroupPermissions(GROUP, "backoffice", PERMISSIONS)]
