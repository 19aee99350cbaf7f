"""Outlet staff ("Staf Galeri") see orders and move them through pickup, nothing more.

They cannot add, edit or delete orders directly: every change goes through the order services
(admin actions), which keep the stock ledger and the status history right.
"""

from django.db import migrations

from core.migration_operations import GrantGroupPermissions

GROUP = "Staf Galeri"
PERMISSIONS = ["view_order", "view_orderline", "view_orderstatuschange", "manage_order"]


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("orders", "0003_payment_language_and_constraints"),
    ]

    operations = [GrantGroupPermissions(GROUP, "orders", PERMISSIONS)]
