"""Calendar months in Jakarta time: a month is the date of its first day."""

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

JAKARTA = ZoneInfo("Asia/Jakarta")


def month_of(value) -> datetime.date:
    """The month (its first day) of a date or an aware datetime, in Jakarta."""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value, JAKARTA).date()
    return value.replace(day=1)


def current_month(now=None) -> datetime.date:
    return month_of(now or timezone.now())


def next_month(month: datetime.date) -> datetime.date:
    return (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def previous_month(month: datetime.date) -> datetime.date:
    return (month - datetime.timedelta(days=1)).replace(day=1)


def month_start(month: datetime.date) -> datetime.datetime:
    """The aware moment the month begins in Jakarta."""
    return datetime.datetime.combine(month, datetime.time.min, tzinfo=JAKARTA)


def day_start(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=JAKARTA)


def months_between(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """Every month from ``first`` to ``last``, both included."""
    months = []
    month = month_of(first)
    while month <= last:
        months.append(month)
        month = next_month(month)
    return months


def parse_month(text: str) -> datetime.date | None:
    """``"2025-03"`` → 2025-03-01; None for anything else."""
    try:
        year, month = (int(part) for part in text.split("-"))
        return datetime.date(year, month, 1)
    except (TypeError, ValueError):
        return None
