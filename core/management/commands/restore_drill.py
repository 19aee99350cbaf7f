import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, BackupFiles, backup_create, restore_drill


class Command(BaseCommand):
    help = (
        "Prove the backups restore: back up (or take --database/--media), restore into a scratch "
        "database and folder, compare row counts, the orders checksum and the media files."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database", help="an existing pg_dump custom-format file")
        parser.add_argument("--media", help="an existing media tar.gz")

    def handle(self, *args, database=None, media=None, **options):
        with tempfile.TemporaryDirectory(prefix="galeri-drill-") as work:
            try:
                if database and media:
                    files = BackupFiles(database=Path(database), media=Path(media))
                else:
                    files = backup_create(output_dir=Path(work) / "backup")
                report = restore_drill(files=files, scratch_dir=Path(work) / "restored")
            except BackupError as exc:
                raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"tables {report.tables}, rows {report.rows}, media files {report.media_files}, "
            f"orders checksum {report.orders_checksum}"
        )
        if not report.ok:
            for line in report.mismatches:
                self.stderr.write(f"MISMATCH {line}")
            raise CommandError("Restore drill failed: the restored copy differs.")
        self.stdout.write(self.style.SUCCESS("Restore drill passed: the restored copy matches."))
