"""The "Staf Galeri" group: the outlets' staff, with the gallery's permissions only.

They keep the outlets' details, hours, closures and photos, see stock and the ledger, record
deliveries, returns, losses and corrections, and print shelf labels. They never add, change or
delete stock rows directly: the ledger services do that. The orders app adds its own permissions
to the same group in its own migration.
"""

from django.db import migrations

from core.migration_operations import GrantGroupPermissions

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


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("gallery", "0003_outlet_details_and_ledger_guards"),
    ]

    operations = [GrantGroupPermissions(GROUP, "gallery", PERMISSIONS)]
