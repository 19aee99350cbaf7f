"""Affiliates for the "Staf Dinas" group (the vendors app creates the group too).

District staff review applications (approve, reject, suspend), see clicks, referred orders and
earnings, reverse an earning when goods come back, record payouts and set the rates per
category. Nobody but a superuser deletes anything: history and money stay on record. Outlet
staff ("Staf Galeri") need nothing here: an earning is written when they collect an order.
"""

from django.db import migrations

from core.migration_operations import GrantGroupPermissions

GROUP = "Staf Dinas"
PERMISSIONS = [
    "view_affiliate",
    "review_affiliate",
    "view_affiliatestatuschange",
    "view_affiliateclick",
    "view_affiliatereferral",
    "view_affiliateearning",
    "reverse_affiliateearning",
    "view_affiliatepayout",
    "record_affiliatepayout",
    "view_affiliatecategoryrate",
    "add_affiliatecategoryrate",
    "change_affiliatecategoryrate",
    "delete_affiliatecategoryrate",
]


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("affiliates", "0001_initial"),
    ]

    operations = [GrantGroupPermissions(GROUP, "affiliates", PERMISSIONS)]
