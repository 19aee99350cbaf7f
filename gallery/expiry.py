"""Food batches staff have to act on: expired ones still on the shelf, and those that expire
within ``NEAR_EXPIRY_DAYS``. The staff dashboard, the outlet's stock page, the batch admin and
the nightly ``expiry_report`` all read them here, so they always agree.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import Batch, today_in_jakarta


class BatchState(models.TextChoices):
    EXPIRED = "expired", _("Expired")
    NEAR_EXPIRY = "near", _("Near expiry")
    LIVE = "live", _("Live")


def near_expiry_limit(today=None) -> datetime.date:
    """The last expiry date that counts as near expiry today."""
    return (today or today_in_jakarta()) + datetime.timedelta(days=settings.NEAR_EXPIRY_DAYS)


def state_of(batch, today=None) -> BatchState:
    today = today or today_in_jakarta()
    if batch.expires_on <= today:
        return BatchState.EXPIRED
    if batch.expires_on <= near_expiry_limit(today):
        return BatchState.NEAR_EXPIRY
    return BatchState.LIVE


def in_state(queryset, state, today=None):
    today = today or today_in_jakarta()
    if state == BatchState.EXPIRED:
        return queryset.expired(today)
    if state == BatchState.NEAR_EXPIRY:
        return queryset.live(today).filter(expires_on__lte=near_expiry_limit(today))
    if state == BatchState.LIVE:
        return queryset.filter(expires_on__gt=near_expiry_limit(today))
    return queryset


def batches_to_check(*, today=None, outlet=None):
    """Batches with units on the shelf that expired or are near expiry, soonest expiry first
    (so the expired ones lead)."""
    batches = Batch.objects.with_units().filter(expires_on__lte=near_expiry_limit(today))
    if outlet is not None:
        batches = batches.at(outlet)
    return batches.select_related("outlet", "product__vendor").order_by(
        "expires_on", "outlet__position", "outlet__name", "product__name", "code", "pk"
    )
