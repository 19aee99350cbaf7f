from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Write a pg_dump custom-format file of the database and a tar.gz of the media files."

    def add_arguments(self, parser):
        parser.add_argument("--output-dir", default="backups", help="folder for the two files")

    def handle(self, *args, output_dir, **options):
        try:
            files = backup_create(output_dir=Path(output_dir))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"database: {files.database}")
        self.stdout.write(f"media:    {files.media}")
