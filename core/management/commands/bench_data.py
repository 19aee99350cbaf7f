"""Load the bench data into an empty, migrated database (see bench/loader.py)."""

import time

from django.core.management.base import BaseCommand

from bench.loader import load


class Command(BaseCommand):
    help = (
        "Load a big, realistic gallery for benchmarks: approved vendors, public products with "
        "pictures, outlets, 18 months of orders and a ledger that matches the stock levels."
    )

    def add_arguments(self, parser):
        parser.add_argument("--products", type=int, default=10_000)
        parser.add_argument("--vendors", type=int, default=500)
        parser.add_argument("--outlets", type=int, default=5)
        parser.add_argument("--orders", type=int, default=20_000)
        parser.add_argument("--images", type=int, default=12, help="distinct pictures to store")
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, **options):
        started = time.monotonic()
        load(
            products=options["products"],
            vendors=options["vendors"],
            outlets=options["outlets"],
            orders=options["orders"],
            images=options["images"],
            seed=options["seed"],
            stdout=self.stdout,
        )
        self.stdout.write(f"Bench data loaded in {time.monotonic() - started:.1f} s")
