"""`make run` on the embedded SQLite, driven for real in a separate process (migrations, data, the
catalogue page): search forgives there as on PostgreSQL (tests/products/test_search.py runs whole
on both databases), and the rest of the shop front works."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import json, os
os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
import django
django.setup()
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import setup_test_environment

setup_test_environment()
call_command("migrate", verbosity=0)
from tests.products.storefront import build_shop
build_shop()

client = Client()
result = {"vendor": connection.vendor}
for query in ["anyaman", "TANAH liat", "darangdan", "menganyam", "keramk", "plred", "jars"]:
    response = client.get("/en/produk/", {"q": query})
    listing = response.context["listing"]
    result[query] = {
        "status": response.status_code,
        "slugs": sorted(p.slug for p in listing.products),
        "suggestion": listing.suggestion,
        "corrected": listing.corrected,
    }
response = client.get("/en/produk/", {"q": "anyaman", "urut": "relevan"})
result["ranked"] = [p.slug for p in response.context["listing"].products]
response = client.get("/en/produk/", {"q": "tanah", "kategori": "keramik", "harga_maks": "100000"})
result["filtered"] = sorted(p.slug for p in response.context["listing"].products)
pages = ["/", "/en/produk/?tersedia=on&galeri=galeri-menong-1", "/kategori/keramik/",
         "/produk/guci-keramik-plered/", "/sitemap.xml"]
result["pages"] = {url: client.get(url).status_code for url in pages}
print(json.dumps(result))
"""


def test_make_run_on_sqlite_searches_with_stems_typos_and_places(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'galeri.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    run = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["vendor"] == "sqlite"
    assert all(result[q]["status"] == 200 for q in ["anyaman", "keramk"])
    assert result["anyaman"]["slugs"] == ["bakul-nasi-bambu", "tas-anyaman-bambu"]
    assert result["TANAH liat"]["slugs"] == [
        "boneka-menong",
        "guci-keramik-plered",
        "vas-gerabah-anjun",
    ]
    assert result["darangdan"]["slugs"] == ["gula-aren-cetak"]
    assert result["jars"]["slugs"] == ["guci-keramik-plered"]
    # Sastrawi's roots and the vocabulary's corrections, as on PostgreSQL.
    assert result["menganyam"]["slugs"] == ["bakul-nasi-bambu", "tas-anyaman-bambu"]
    plered = ["boneka-menong", "guci-keramik-plered", "vas-gerabah-anjun"]
    assert result["keramk"] == {
        "status": 200,
        "slugs": plered,
        "suggestion": "keramik",
        "corrected": True,
    }
    assert result["plred"]["slugs"] == plered  # the makers' kecamatan
    assert result["plred"]["suggestion"] == "plered"
    assert result["ranked"] == ["tas-anyaman-bambu", "bakul-nasi-bambu"]  # name match first
    assert result["filtered"] == ["boneka-menong", "vas-gerabah-anjun"]
    # The rest of the shop front works there too (`make run`).
    assert set(result["pages"].values()) == {200}, result["pages"]
