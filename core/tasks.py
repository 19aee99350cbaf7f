"""Background work, run by ``manage.py db_worker``."""

from django_tasks import task


@task()
def deliver_email(email_id: int) -> str:
    from .outbox import email_deliver

    return email_deliver(email_id=email_id)
