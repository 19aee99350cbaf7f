"""The email queue: retries with a growing pause, failures staff can see and send again."""

from datetime import timedelta
from smtplib import SMTPServerDisconnected

import pytest
import time_machine
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core.models import OutgoingEmail
from core.outbox import email_enqueue, queue_age_seconds, retry_delay
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
Status = OutgoingEmail.Status


class FlakyBackend:
    """A mail backend whose server refuses the first ``failures`` sends."""

    failures = 0
    sent = []

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        if FlakyBackend.failures:
            FlakyBackend.failures -= 1
            raise SMTPServerDisconnected("Connection unexpectedly closed")
        FlakyBackend.sent.extend(messages)
        return len(messages)


@pytest.fixture
def queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.EMAIL_BACKEND = f"{__name__}.FlakyBackend"
    settings.EMAIL_MAX_ATTEMPTS = 3
    FlakyBackend.failures, FlakyBackend.sent = 0, []
    return FlakyBackend


def run_worker():
    call_command("db_worker", batch=True, startup_delay=False, interval=0, verbosity=0)


def test_each_failed_attempt_waits_twice_as_long_and_the_last_one_waits_for_staff(queue):
    queue.failures = 10
    email = email_enqueue(to="sari@contoh.id", subject="Disetujui", body="Selamat", kind="test")
    moment = timezone.now()

    pauses = []
    for _attempt in range(3):
        with time_machine.travel(moment, tick=False):
            run_worker()
            email.refresh_from_db()
        if email.next_attempt_at:
            pauses.append(email.next_attempt_at - moment)
            moment = email.next_attempt_at + timedelta(seconds=1)

    assert pauses == [timedelta(minutes=1), timedelta(minutes=2)]
    assert email.attempts == 3
    assert email.status == Status.FAILED
    assert "SMTPServerDisconnected" in email.last_error
    assert retry_delay(20) == timedelta(hours=6)
    assert queue.sent == []


def test_an_email_sent_at_the_second_try_is_sent_once(queue):
    queue.failures = 1
    email = email_enqueue(to="sari@contoh.id", subject="Disetujui", body="Selamat", kind="test")
    run_worker()
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Status.RETRYING, 1)
    assert queue_age_seconds() is None  # the retry is not due yet

    with time_machine.travel(timezone.now() + timedelta(minutes=1, seconds=5), tick=False):
        assert queue_age_seconds() == pytest.approx(5, abs=1)
        run_worker()
        run_worker()

    email.refresh_from_db()
    assert (email.status, email.attempts) == (Status.SENT, 2)
    assert [m.to for m in queue.sent] == [["sari@contoh.id"]]
    assert queue_age_seconds() is None


def test_staff_see_failed_emails_without_secret_links_and_send_them_again(queue):
    queue.failures = 10
    reset = email_enqueue(
        to="rina@contoh.id",
        subject="Atur ulang kata sandi",
        body="https://galerimenong.id/akun/kata-sandi/atur/MQ/abc-123/",
        kind="password_reset",
        sensitive=True,
    )
    OutgoingEmail.objects.filter(pk=reset.pk).update(status=Status.FAILED, attempts=3)
    DBTaskResult.objects.all().delete()
    staff = StaffFactory()
    staff.groups.add(Group.objects.get(name="Staf Dinas"))
    client = Client()
    client.force_login(staff)

    page = client.get(reverse("admin:core_outgoingemail_change", args=[reset.pk]))
    assert page.status_code == 200
    assert "abc-123" not in page.content.decode()
    listing = client.get(reverse("admin:core_outgoingemail_changelist") + "?status__exact=failed")
    assert "Atur ulang kata sandi" in listing.content.decode()

    queue.failures = 0
    client.post(
        reverse("admin:core_outgoingemail_changelist"),
        {"action": "send_again", ACTION_CHECKBOX_NAME: [reset.pk]},
    )
    run_worker()

    reset.refresh_from_db()
    assert reset.status == Status.SENT
    assert reset.body == ""  # a delivered secret link is not kept
    assert "abc-123" in queue.sent[0].body
    # Sending again what was sent does nothing.
    client.post(
        reverse("admin:core_outgoingemail_changelist"),
        {"action": "send_again", ACTION_CHECKBOX_NAME: [reset.pk]},
    )
    run_worker()
    assert len(queue.sent) == 1


def test_a_vendor_cannot_open_the_outgoing_emails(queue):
    client = Client()
    client.force_login(StaffFactory())  # staff status, no group
    assert client.get(reverse("admin:core_outgoingemail_changelist")).status_code == 403


def test_healthz_reports_how_long_the_oldest_email_has_waited(queue):
    with time_machine.travel(timezone.now() - timedelta(minutes=10)):
        email_enqueue(to="sari@contoh.id", subject="Lama", body="...", kind="test")
    report = Client().get("/healthz").json()
    assert report["queue"]["oldest_task_seconds"] == pytest.approx(600, abs=5)
    run_worker()
    assert Client().get("/healthz").json()["queue"]["oldest_task_seconds"] is None


def test_without_a_worker_the_email_goes_once_the_transaction_commits():
    """The immediate backend (the test suite's) must not send for a change not yet committed."""
    with transaction.atomic():
        email_enqueue(to="sari@contoh.id", subject="Halo", body="...", kind="test")
        assert mail.outbox == []
    assert [m.subject for m in mail.outbox] == ["Halo"]
    assert OutgoingEmail.objects.get().status == Status.SENT
