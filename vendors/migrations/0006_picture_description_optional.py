from django.db import migrations, models


class Migration(migrations.Migration):
    """A vendor picture's description may be left empty: the business's name stands in."""

    dependencies = [
        ("vendors", "0005_field_names_translated"),
    ]

    operations = [
        migrations.AlterField(
            model_name="vendorimage",
            name="alt",
            field=models.CharField(
                blank=True, max_length=200, verbose_name="description of the picture"
            ),
        ),
    ]
