"""Delete the pictures refused forms kept (``core.uploads``) whose time is up. Run it from cron."""

from django.core.management.base import BaseCommand

from core.uploads import held_uploads_clear


class Command(BaseCommand):
    help = "Delete kept pictures of refused forms once their tokens have expired."

    def handle(self, *args, **options):
        deleted = held_uploads_clear()
        self.stdout.write(f"{deleted} kept picture(s) deleted.")
