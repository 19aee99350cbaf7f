"""Expire orders not collected within the pickup window, releasing their reservations.

Safe from cron every few minutes, even when two runs overlap: each order is taken with
``SELECT … FOR UPDATE SKIP LOCKED`` in a transaction of its own, so two runs never wait on or
expire the same order, and an order already expired is no longer picked up.
"""

import logging

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from orders.models import Order
from orders.services import OrderError, order_expire

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Expire orders placed more than ORDER_PICKUP_WINDOW_DAYS ago and not collected, "
        "putting their goods back on the shelf."
    )

    def handle(self, *args, **options):
        now = timezone.now()
        expired = 0
        failed: set[int] = set()
        while True:
            with transaction.atomic():
                order = (
                    Order.objects.due_to_expire(now)
                    .exclude(pk__in=failed)
                    .select_for_update(skip_locked=True, of=("self",))
                    .order_by("placed_at", "pk")
                    .first()
                )
                if order is None:
                    break
                try:
                    with transaction.atomic():
                        order_expire(order=order, now=now)
                except OrderError:
                    logger.exception("Could not expire order %s", order.number)
                    failed.add(order.pk)
                    continue
            expired += 1
        self.stdout.write(
            f"Expired {expired} order(s) not collected within "
            f"{settings.ORDER_PICKUP_WINDOW_DAYS} day(s)."
        )
        if failed:
            self.stderr.write(f"{len(failed)} order(s) could not be expired; see the log.")
