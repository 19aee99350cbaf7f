from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from core.backup import backup_create
from orders.models import Order, OrderLine
from tests.factories import OutletFactory, ProductFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


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


def test_restore_drill_notices_a_backup_that_misses_orders(tmp_path):
    make_order()
    files = backup_create(output_dir=tmp_path / "old")
    make_order("GM-261128-9XYZ")
    with pytest.raises(CommandError, match="Restore drill failed"):
        call_command("restore_drill", database=str(files.database), media=str(files.media))


def test_backup_writes_a_custom_format_dump_and_a_media_archive(tmp_path):
    files = backup_create(output_dir=tmp_path)
    assert files.database.read_bytes()[:5] == b"PGDMP"
    assert files.media.stat().st_size > 0
