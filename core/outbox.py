"""Emails go out through a durable queue: written with the change, sent by the worker.

``email_enqueue`` writes an ``OutgoingEmail`` row and a task for it in the caller's
transaction. With the database task backend (production, ``make run``) the task is a row in the
same transaction, so a change that rolls back leaves no email and a committed one always has
its email; ``manage.py db_worker`` sends it, and retries a failed attempt later with a growing
pause. No request ever waits for the mail server.

A backend that runs tasks at once (``ImmediateBackend``, used by the test suite) would send
before the change is committed, so with it the task runs only after commit, and a failure is
left for staff to send again rather than retried.
"""

import logging
from datetime import timedelta
from smtplib import SMTPException

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from .models import OutgoingEmail

logger = logging.getLogger("galeri.outbox")
Status = OutgoingEmail.Status


def _task():
    from .tasks import deliver_email

    return deliver_email


def _queue_is_durable() -> bool:
    from django_tasks_db import DatabaseBackend

    return isinstance(_task().get_backend(), DatabaseBackend)


def _schedule(email: OutgoingEmail, *, at=None) -> None:
    task = _task()
    if _queue_is_durable():
        task = task.using(run_after=at) if at else task
        task.enqueue(email.pk)
    else:
        transaction.on_commit(lambda: task.enqueue(email.pk))


def email_enqueue(
    *, to, subject: str, body: str, kind: str = "", sensitive: bool = False
) -> OutgoingEmail:
    """Queue one email to ``to`` (an address or a list); sent by the worker after commit."""
    recipients = [to] if isinstance(to, str) else list(to)
    email = OutgoingEmail.objects.create(
        to=recipients,
        subject=" ".join(str(subject).split())[:255],
        body=body,
        kind=kind,
        sensitive=sensitive,
    )
    _schedule(email)
    return email


def retry_delay(attempts: int) -> timedelta:
    """A pause that doubles with each failed attempt: 1, 2, 4 ... minutes, at most six hours."""
    seconds = settings.EMAIL_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, 6 * 60 * 60))


def email_deliver(*, email_id: int) -> str:
    """Send one queued email (the worker's task); says what happened, for the task's result."""
    with transaction.atomic():
        # The row stays locked while the mail server answers: two workers never send it twice.
        email = OutgoingEmail.objects.select_for_update().filter(pk=email_id).first()
        if email is None:
            return "gone"
        if email.status == Status.SENT:
            return "already sent"
        email.attempts += 1
        try:
            EmailMessage(subject=email.subject, body=email.body, to=email.to).send()
        except (SMTPException, OSError) as exc:
            return _attempt_failed(email, exc)
        email.status = Status.SENT
        email.sent_at = timezone.now()
        email.next_attempt_at = None
        email.last_error = ""
        if email.sensitive:
            email.body = ""
        email.save()
        return "sent"


def _attempt_failed(email: OutgoingEmail, exc: Exception) -> str:
    email.last_error = f"{exc.__class__.__name__}: {exc}"[:2000]
    if _queue_is_durable() and email.attempts < settings.EMAIL_MAX_ATTEMPTS:
        email.status = Status.RETRYING
        email.next_attempt_at = timezone.now() + retry_delay(email.attempts)
        _schedule(email, at=email.next_attempt_at)
    else:
        email.status = Status.FAILED
        email.next_attempt_at = None
    email.save()
    logger.warning(
        "email %s not sent (attempt %s, %s): %s",
        email.pk,
        email.attempts,
        email.status,
        email.last_error,
    )
    return email.status


@transaction.atomic
def email_resend(*, email: OutgoingEmail) -> bool:
    """Staff send a failed email again; False when it has been sent or is already waiting."""
    email = OutgoingEmail.objects.select_for_update().get(pk=email.pk)
    if email.status != Status.FAILED:
        return False
    email.status = Status.QUEUED
    email.next_attempt_at = None
    email.save(update_fields=["status", "next_attempt_at"])
    _schedule(email)
    return True


def queue_age_seconds() -> float | None:
    """How long the oldest task due to run has waited; None when the queue is empty."""
    if not _queue_is_durable():
        return None
    from django.db.models import Case, F, Min, When
    from django_tasks_db.models import DBTaskResult, get_date_max

    # A retry waits from the moment it was due, not from when it was written.
    due = Case(When(run_after=get_date_max(), then=F("enqueued_at")), default=F("run_after"))
    oldest = DBTaskResult.objects.ready().aggregate(oldest=Min(due))["oldest"]
    if oldest is None:
        return None
    return max((timezone.now() - oldest).total_seconds(), 0.0)
