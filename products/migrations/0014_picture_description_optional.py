from django.db import migrations, models


class Migration(migrations.Migration):
    """A product picture's description may be left empty: the product's name stands in."""

    dependencies = [
        ("products", "0013_field_names_translated"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="productimage",
            name="products_image_alt_required",
        ),
        migrations.AlterField(
            model_name="productimage",
            name="alt",
            field=models.CharField(
                blank=True, max_length=200, verbose_name="description of the picture (alt text)"
            ),
        ),
    ]
