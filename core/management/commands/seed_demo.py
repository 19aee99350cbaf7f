"""Loads the demo content of Purwakarta's gallery. Safe to run again: it changes nothing twice."""

import logging
from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

from core.demo import print_logins

# Each app that has demo content offers `demo.seed(stdout)`; order matters (vendors before
# their products, products before stock, stock before orders).
DEMO_MODULES = [
    "core.demo",
    "vendors.demo",
    "products.demo",
    "curation.demo",
    "gallery.demo",
    "orders.demo",
    "counter.demo",
    "backoffice.demo",
    "training.demo",
]


class Command(BaseCommand):
    help = "Load realistic demo content (accounts, vendors, products, outlets, stock, orders)."

    def handle(self, *args, **options):
        # Demo decisions are not staff activity: keep the audit lines out of the output.
        logging.getLogger("galeri.audit").setLevel(logging.WARNING)
        for name in DEMO_MODULES:
            try:
                module = import_module(name)
            except ModuleNotFoundError as exc:
                if exc.name != name:
                    raise
                continue
            with transaction.atomic():
                module.seed(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
        print_logins(self.stdout)
