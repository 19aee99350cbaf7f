"""The outlets' staff ("Staf Galeri") see the food batches: to write expired ones off or return
them to their vendor, which ``record_stock_movement`` already allows."""

from django.db import migrations

from core.migration_operations import GrantGroupPermissions


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("gallery", "0007_food_batches"),
    ]

    operations = [GrantGroupPermissions("Staf Galeri", "gallery", ["view_batch"])]
