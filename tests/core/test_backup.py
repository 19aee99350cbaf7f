import io
import json
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import CommandError, call_command

from core.backups import backup_create, backups_list, restore_drill
from orders.models import Order, OrderLine
from tests.core.bucket_storage import BucketStorage
from tests.factories import OutletFactory, ProductFactory, ProductImageFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BUCKET = "tests.core.bucket_storage.BucketStorage"
PHOTOS = {
    "images/products/productimage/01/guci.jpg": b"\xff\xd8\xff\xe0 guci plered \xff\xd9",
    "images/products/productimage/01/guci-320.webp": b"RIFF\x10\x00\x00\x00WEBPVP8 guci",
    "images/vendors/vendorimage/07/logo.jpg": b"\xff\xd8\xff\xe0 logo \xff\xd9",
}


@pytest.fixture(autouse=True)
def backups_folder(settings, tmp_path):
    """Every test keeps its archives apart, so rotation in one never touches another's."""
    settings.STORAGES = {
        **settings.STORAGES,
        "backups": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "backups")},
        },
    }


@pytest.fixture
def buckets(settings, tmp_path):
    """Uploads in one bucket-like storage and backups in another, neither of them MEDIA_ROOT."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": BUCKET, "OPTIONS": {"location": str(tmp_path / "media-bucket")}},
        "backups": {"BACKEND": BUCKET, "OPTIONS": {"location": str(tmp_path / "backup-bucket")}},
    }
    yield storages["default"], storages["backups"]
    assert not Path(settings.MEDIA_ROOT).exists(), "nothing may go through MEDIA_ROOT"


def upload_photos(storage):
    for name, body in PHOTOS.items():
        assert storage.save(name, ContentFile(body)) == name
    ProductImageFactory(file="images/products/productimage/01/guci.jpg", renditions={})


def make_order(number="GM-261128-7Q4K"):
    product = ProductFactory(name="Guci Plered Motif Daun", price=185_000)
    order = Order.objects.create(
        number=number,
        name="Rina Kurniawati",
        phone="+6281234567890",
        outlet=OutletFactory(),
        total=370_000,
        idempotency_key=f"key-{number}",
    )
    OrderLine.objects.create(
        order=order,
        product=product,
        vendor=product.vendor,
        product_name=product.name,
        vendor_name=product.vendor.business_name,
        unit_price=product.price,
        quantity=2,
        line_total=370_000,
    )
    return order


def archive_members(storage, name):
    with storage.open(name, "rb") as archive, tarfile.open(fileobj=archive, mode="r:gz") as tar:
        return {member.name: tar.extractfile(member).read() for member in tar}


def store_altered_copy(storage, name, change):
    """Store a copy of archive ``name`` as tampered.tar.gz, each member's bytes passed through
    ``change(member_name, body)``; a member it returns None for is left out."""
    altered = io.BytesIO()
    with tarfile.open(fileobj=altered, mode="w:gz") as tar:
        for member_name, body in archive_members(storage, name).items():
            body = change(member_name, body)
            if body is not None:
                info = tarfile.TarInfo(member_name)
                info.size = len(body)
                tar.addfile(info, io.BytesIO(body))
    return storage.save("tampered.tar.gz", ContentFile(altered.getvalue()))


def test_restore_drill_restores_what_was_backed_up(capsys):
    make_order()
    UserFactory.create_batch(3)
    media = Path(settings.MEDIA_ROOT) / "products" / "guci.webp"
    media.parent.mkdir(parents=True)
    media.write_bytes(b"RIFF\x00\x00\x00\x00WEBP")

    call_command("restore_drill")
    out = capsys.readouterr().out
    assert "Restore drill passed" in out
    assert "media files 1" in out


def test_restore_drill_notices_a_backup_that_misses_orders():
    make_order()
    old = backup_create()
    make_order("GM-261128-9XYZ")
    with pytest.raises(CommandError, match="orders_order: source 2 rows, copy 1"):
        call_command("restore_drill", archive=old.name)


def test_backup_writes_one_archive_with_the_dump_the_media_and_a_manifest():
    upload_photos(storages["default"])

    backup = backup_create()

    assert backups_list() == [backup.name]
    members = archive_members(storages["backups"], backup.name)
    assert members["database.dump"][:5] == b"PGDMP"
    for name, body in PHOTOS.items():
        assert members[f"media/{name}"] == body
    manifest = json.loads(members["manifest.json"])
    assert sorted(manifest["media"]) == sorted(PHOTOS)
    assert manifest["database"]["counts"]["products_productimage"] == 1


def test_backup_keeps_the_newest_archives_and_deletes_only_its_own_oldest():
    storage = storages["backups"]
    for name in ["galeri-20200101-020000.tar.gz", "galeri-20200102-020000.tar.gz", "notes.txt"]:
        storage.save(name, ContentFile(b"old"))

    backup = backup_create(keep=2)

    assert backup.removed == ["galeri-20200101-020000.tar.gz"]
    assert backups_list() == ["galeri-20200102-020000.tar.gz", backup.name]
    assert storage.exists("notes.txt")


def test_backup_and_drill_with_uploads_in_a_bucket_restore_every_photo(buckets, capsys, tmp_path):
    media, backups = buckets
    make_order()
    upload_photos(media)

    call_command("backup")
    (name,) = backups_list()
    members = archive_members(backups, name)
    assert {f"media/{photo}": body for photo, body in PHOTOS.items()}.items() <= members.items()

    call_command("restore_drill", latest=True)
    out = capsys.readouterr().out
    assert "Restore drill passed" in out
    assert "media files 3" in out

    scratch = BucketStorage(location=tmp_path / "scratch-bucket")
    report = restore_drill(archive=name, scratch_media=scratch)
    assert report.ok, report.mismatches
    for photo, body in PHOTOS.items():
        with scratch.open(photo) as restored:
            assert restored.read() == body


def test_drill_names_a_photo_missing_from_the_archive(buckets):
    media, backups = buckets
    upload_photos(media)
    backup = backup_create()
    gone = "images/vendors/vendorimage/07/logo.jpg"
    tampered = store_altered_copy(
        backups, backup.name, lambda member, body: None if member == f"media/{gone}" else body
    )

    with pytest.raises(CommandError, match=f"media missing from the copy: {gone}"):
        call_command("restore_drill", archive=tampered)


def test_drill_names_a_photo_altered_in_the_archive(buckets):
    media, backups = buckets
    upload_photos(media)
    backup = backup_create()
    changed = "images/products/productimage/01/guci-320.webp"
    tampered = store_altered_copy(
        backups,
        backup.name,
        lambda member, body: body[:-1] + b"?" if member == f"media/{changed}" else body,
    )

    with pytest.raises(CommandError) as failure:
        call_command("restore_drill", archive=tampered)
    assert f"media differs from the source: {changed}" in str(failure.value)
    assert f"archive damaged: {changed}" in str(failure.value)


def test_drill_fails_when_the_source_has_photos_and_the_copy_none(buckets):
    media, _ = buckets
    backup_create()
    upload_photos(media)

    with pytest.raises(CommandError, match="the source holds 3 files, the copy none"):
        call_command("restore_drill", latest=True)


def test_drill_fails_when_the_database_names_photos_the_storage_does_not_list(buckets):
    ProductImageFactory(file="images/products/productimage/01/guci.jpg")

    with pytest.raises(CommandError, match="the source storage lists no files, yet the database"):
        call_command("restore_drill")


def test_drill_of_a_site_without_any_photo_passes(buckets, capsys):
    make_order()

    call_command("restore_drill")
    assert "media files 0" in capsys.readouterr().out


def test_backup_to_an_output_folder_keeps_the_archive_private(tmp_path):
    call_command("backup", output_dir=str(tmp_path / "out"))

    (archive,) = (tmp_path / "out").iterdir()
    assert archive.name.startswith("galeri-")
    assert archive.stat().st_mode & 0o077 == 0


def test_restore_drill_refuses_an_archive_that_is_not_there():
    with pytest.raises(CommandError, match=r"No backup named galeri-nope\.tar\.gz"):
        call_command("restore_drill", archive="galeri-nope.tar.gz")
