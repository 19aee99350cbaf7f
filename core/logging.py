import contextvars
import logging

from django.conf import settings
from django.utils.log import AdminEmailHandler

request_id_var = contextvars.ContextVar("request_id", default="-")


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        # Django logs a 4xx/5xx answer after the middleware is done with the request, with the
        # request attached: its id still ties the line to the others.
        request = getattr(record, "request", None)
        record.request_id = getattr(request, "id", None) or request_id_var.get()
        return True


class QueuedAdminEmailHandler(AdminEmailHandler):
    """Error reports to ADMINS through the outbox, so a 500 never waits on the mail server.

    When the database is what broke, the report cannot be queued there: it is sent at once,
    bounded by EMAIL_TIMEOUT.
    """

    def send_mail(self, subject, message, *args, **kwargs):
        if not settings.ADMINS:
            return
        from django.db import DatabaseError, transaction

        from .outbox import email_enqueue

        try:
            with transaction.atomic():
                email_enqueue(
                    to=[address for _name, address in settings.ADMINS],
                    subject=f"{settings.EMAIL_SUBJECT_PREFIX}{subject}",
                    body=message,
                    kind="error_report",
                )
        except DatabaseError:
            super().send_mail(subject, message, *args, **kwargs)
