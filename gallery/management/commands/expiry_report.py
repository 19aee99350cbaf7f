"""The nightly list of food to act on: expired batches still on the shelf and batches near
expiry, per outlet. With ``--email`` it goes to the "Staf Galeri" staff once a day.

Safe to run again: an ``ExpiryReport`` row per day, written in the same transaction as the
queued emails, makes a second run that day print the list and send nothing. The worker sends
them, and retries while the mail server is down.
"""

from itertools import groupby

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.formats import format_date
from core.outbox import email_enqueue
from gallery.expiry import batches_to_check
from gallery.models import ExpiryReport, today_in_jakarta

STAFF_GROUP = "Staf Galeri"


def report_text(batches, today) -> str:
    """The report as plain text: one block per outlet, one line per batch, soonest first."""
    if not batches:
        return _("No food batch is expired or near expiry.") + "\n"
    lines = []
    by_outlet = sorted(batches, key=lambda b: (b.outlet.position, b.outlet.name, b.outlet_id))
    for outlet, rows in groupby(by_outlet, key=lambda batch: batch.outlet):
        lines.append(outlet.name)
        for batch in sorted(rows, key=lambda b: (b.expires_on, b.product.name, b.code)):
            state = _("EXPIRED") if batch.is_expired(today) else _("near expiry")
            lines.append(
                "  "
                + _(
                    "%(date)s  %(product)s (%(vendor)s), batch %(code)s: %(units)s units, %(state)s"
                )
                % {
                    "date": format_date(batch.expires_on),
                    "product": batch.product.name,
                    "vendor": batch.product.vendor.business_name,
                    "code": batch.code,
                    "units": batch.on_hand,
                    "state": state,
                }
            )
        lines.append("")
    return "\n".join(lines)


def staff_addresses() -> list[str]:
    users = (
        get_user_model()
        .objects.filter(groups__name=STAFF_GROUP, is_active=True)
        .exclude(email="")
        .order_by("email")
        .values_list("email", flat=True)
        .distinct()
    )
    return list(users)


class Command(BaseCommand):
    help = (
        "Print the food batches that are expired (still on the shelf) or expire within "
        "NEAR_EXPIRY_DAYS, per outlet; with --email, send the list to the Staf Galeri staff "
        "once a day."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--email",
            action="store_true",
            help="Email the report to the active Staf Galeri staff (at most once a day).",
        )

    def handle(self, *args, email=False, **options):
        with translation.override(settings.LANGUAGE_CODE):
            today = today_in_jakarta()
            batches = list(batches_to_check(today=today))
            text = report_text(batches, today)
            self.stdout.write(text)
            if email:
                self.stdout.write(self._send(batches, text, today))

    def _send(self, batches, text, today) -> str:
        if not batches:
            return _("Nothing to send.")
        recipients = staff_addresses()
        if not recipients:
            return _("Nobody to send it to: no active Staf Galeri staff with an email address.")
        expired = sum(1 for batch in batches if batch.is_expired(today))
        with transaction.atomic():
            # Two runs at once: the second waits on the first's row, then finds it.
            created = ExpiryReport.objects.get_or_create(
                day=today, defaults={"batches": len(batches), "recipients": len(recipients)}
            )[1]
            if not created:
                return _("Already sent today: nothing sent.")
            subject = _(
                "Food to check on %(date)s: %(expired)s batch(es) expired, %(near)s near expiry"
            ) % {
                "date": format_date(today),
                "expired": expired,
                "near": len(batches) - expired,
            }
            for address in recipients:
                email_enqueue(to=address, subject=subject, body=text, kind="expiry_report")
        return ngettext(
            "Queued for %(n)s member of staff.",
            "Queued for %(n)s members of staff.",
            len(recipients),
        ) % {"n": len(recipients)}
