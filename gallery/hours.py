"""When an outlet is open: its weekly hours and dated closures, read in Jakarta time.

An outlet is open from the minute it opens up to, not including, the minute it closes: at 08.00
it is open, at 17.00 it is closed. A day may have several spans, such as a break for Friday
prayers (08.00–11.30 and 13.00–17.00); they never overlap (the admin refuses that). Everything here works on rows already in memory (prefetched),
so a page listing several outlets asks the database nothing more per outlet.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

JAKARTA = ZoneInfo("Asia/Jakarta")
# How far ahead the next opening is looked for; a longer closure reads as "no opening planned".
HORIZON_DAYS = 92


@dataclass(frozen=True)
class Span:
    opens: time
    closes: time

    def contains(self, moment: time) -> bool:
        return self.opens <= moment < self.closes


@dataclass(frozen=True)
class OutletStatus:
    """An outlet at one moment. ``today`` holds today's spans, none when it is closed all day."""

    moment: datetime
    is_open: bool
    today: tuple[Span, ...]
    closure_reason: str
    closes_at: datetime | None
    next_opening: datetime | None

    @property
    def is_closed_today(self):
        return not self.today

    @property
    def days_to_next_opening(self):
        if self.next_opening is None:
            return None
        return (self.next_opening.date() - self.moment.date()).days

    @property
    def opens_later_today(self):
        return self.days_to_next_opening == 0

    @property
    def opens_tomorrow(self):
        return self.days_to_next_opening == 1

    @property
    def opens_this_week(self):
        return self.days_to_next_opening is not None and self.days_to_next_opening < 7


def local(moment: datetime) -> datetime:
    """The moment on the outlets' clock. Naive datetimes are refused: they have no clock."""
    if moment.tzinfo is None:
        raise ValueError("An aware datetime is needed to tell whether an outlet is open.")
    return moment.astimezone(JAKARTA)


def weekly_spans(opening_hours) -> dict[int, tuple[Span, ...]]:
    """Weekday → its spans in the order of the day."""
    spans = {}
    for row in sorted(opening_hours, key=lambda row: (row.weekday, row.opens)):
        spans.setdefault(row.weekday, []).append(Span(row.opens, row.closes))
    return {weekday: tuple(day) for weekday, day in spans.items()}


def closures_by_date(closures) -> dict[date, str]:
    return {row.date: row.reason for row in closures}


def spans_on(
    day: date, spans: dict[int, tuple[Span, ...]], closures: dict[date, str]
) -> tuple[Span, ...]:
    if day in closures:
        return ()
    return spans.get(day.weekday(), ())


def status_at(moment: datetime, *, opening_hours, closures) -> OutletStatus:
    now = local(moment)
    spans = weekly_spans(opening_hours)
    closed_on = closures_by_date(closures)
    today = spans_on(now.date(), spans, closed_on)
    current = next((span for span in today if span.contains(now.time())), None)
    is_open = current is not None
    closes_at = datetime.combine(now.date(), current.closes, JAKARTA) if is_open else None
    return OutletStatus(
        moment=now,
        is_open=is_open,
        today=today,
        closure_reason=closed_on.get(now.date(), ""),
        closes_at=closes_at,
        next_opening=None if is_open else next_opening(now, spans, closed_on),
    )


def next_opening(now: datetime, spans: dict[int, Span], closures: dict[date, str]):
    if not spans:
        return None
    for offset in range(HORIZON_DAYS + 1):
        day = now.date() + timedelta(days=offset)
        for span in spans_on(day, spans, closures):
            opening = datetime.combine(day, span.opens, JAKARTA)
            if opening > now:
                return opening
    return None


def week(opening_hours, weekday_names) -> list[tuple[int, str, tuple[Span, ...]]]:
    """Monday to Sunday: (weekday, its name, its spans, none when closed)."""
    spans = weekly_spans(opening_hours)
    return [(day, weekday_names[day], spans.get(day, ())) for day in range(7)]
