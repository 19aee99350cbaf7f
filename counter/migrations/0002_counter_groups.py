"""The counter's permissions for the outlets' staff.

"Staf Galeri" sell at the counter of the outlets they are assigned to, take returns and count the
shelf. "Supervisor Galeri" (a new group, given beside "Staf Galeri") also give line discounts,
void receipts of the open shift, approve cash differences above the limit, apply stock counts,
resolve flagged sales and assign staff to outlets. "Staf Dinas" read the counter's shifts, receipts
and returns (the figures and their exports), and change nothing.
"""

from django.db import migrations

from core.migration_operations import GrantGroupPermissions

VIEW = ["view_shift", "view_sale", "view_salereturn", "view_stockcount", "view_assignment"]
STAF_GALERI = ["sell_at_counter", "take_return", "count_stock", *VIEW]
SUPERVISOR_GALERI = [
    *STAF_GALERI,
    "discount_line",
    "void_sale",
    "approve_cash_difference",
    "apply_stock_count",
    "resolve_sale",
    "add_assignment",
    "change_assignment",
    "delete_assignment",
]


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("counter", "0001_initial"),
    ]

    operations = [
        GrantGroupPermissions("Staf Galeri", "counter", STAF_GALERI),
        GrantGroupPermissions("Supervisor Galeri", "counter", SUPERVISOR_GALERI),
        GrantGroupPermissions("Staf Dinas", "counter", ["view_shift", "view_sale", "view_salereturn"]),
    ]
