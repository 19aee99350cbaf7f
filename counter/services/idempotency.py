"""A double tap, a retried request or a resent offline sale does its work once."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .errors import CounterError


def once(model, key: str, create):
    """``create()`` in one transaction, unless ``model`` already has the row of this idempotency
    key. A simultaneous duplicate that loses the race on the unique key gets the winner's row."""
    if not key or len(key) > 64:
        raise CounterError(_("This form has expired. Please start again."))
    existing = model.objects.filter(idempotency_key=key).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return create()
    except IntegrityError:
        existing = model.objects.filter(idempotency_key=key).first()
        if existing is not None:
            return existing
        raise
