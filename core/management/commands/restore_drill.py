from django.core.management.base import BaseCommand, CommandError

from core.backups import BackupError, backups_list, restore_drill


class Command(BaseCommand):
    help = (
        "Prove a backup restores: restore it into a scratch database and a scratch media storage, "
        "then compare row counts, the orders checksum and every media file (name and bytes) "
        "with the source. Without --archive or --latest a new backup is made and drilled."
    )

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group()
        which.add_argument("--archive", help='the name of an archive in the "backups" storage')
        which.add_argument(
            "--latest", action="store_true", help='the newest archive in the "backups" storage'
        )

    def handle(self, *args, archive=None, latest=False, **options):
        try:
            if latest:
                names = backups_list()
                if not names:
                    raise CommandError('The "backups" storage holds no archive yet.')
                archive = names[-1]
            report = restore_drill(archive=archive)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"{report.archive}: tables {report.tables}, rows {report.rows}, "
            f"media files {report.media_files}, orders checksum {report.orders_checksum}"
        )
        for line in report.notes:
            self.stdout.write(f"note: {line}")
        if not report.ok:
            lines = "\n".join(f"  {line}" for line in report.mismatches)
            raise CommandError(f"Restore drill failed: the restored copy differs.\n{lines}")
        self.stdout.write(self.style.SUCCESS("Restore drill passed: the restored copy matches."))
