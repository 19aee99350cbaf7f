from django.core.files.storage import FileSystemStorage
from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat

from core.backups import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Write one archive (a pg_dump of the database and every media file, read through the "
        'storage API) to the "backups" storage, then delete the oldest beyond BACKUP_KEEP.'
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir", help='a local folder to write to instead of the "backups" storage'
        )
        parser.add_argument("--keep", type=int, help="archives to keep (default: BACKUP_KEEP)")

    def handle(self, *args, output_dir=None, keep=None, **options):
        storage = None
        if output_dir:
            storage = FileSystemStorage(
                location=output_dir, file_permissions_mode=0o600, directory_permissions_mode=0o700
            )
        try:
            backup = backup_create(storage=storage, keep=keep)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        figures = backup.manifest.database
        self.stdout.write(f"archive: {backup.name} ({filesizeformat(backup.size)})")
        self.stdout.write(
            f"database: {len(figures.counts)} tables, {figures.rows} rows; "
            f"media: {len(backup.manifest.media)} files"
        )
        for name in backup.removed:
            self.stdout.write(f"removed old archive: {name}")
