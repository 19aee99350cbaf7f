"""Kuliner & Oleh-oleh is the food category: its goods (and its subcategories') expire."""

from django.db import migrations

FOOD = ["kuliner-oleh-oleh"]


def mark(apps, schema_editor):
    Category = apps.get_model("products", "Category")
    Category.objects.filter(slug__in=FOOD).update(is_food=True)


def unmark(apps, schema_editor):
    Category = apps.get_model("products", "Category")
    Category.objects.filter(slug__in=FOOD).update(is_food=False)


class Migration(migrations.Migration):
    dependencies = [("products", "0010_food_permits_and_shelf_life")]

    operations = [migrations.RunPython(mark, unmark)]
