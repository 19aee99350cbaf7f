import csv
from pathlib import Path

from django.db import migrations

CSV_PATH = Path(__file__).resolve().parent.parent / "data" / "kecamatan.csv"


def load_kecamatan(apps, schema_editor):
    Kecamatan = apps.get_model("core", "Kecamatan")
    with CSV_PATH.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            Kecamatan.objects.update_or_create(code=row["code"], defaults={"name": row["name"]})


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(load_kecamatan, migrations.RunPython.noop)]
