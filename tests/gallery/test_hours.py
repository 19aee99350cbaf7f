"""Opening hours in Jakarta time, with the clock frozen.

The outlet: Monday to Saturday 08.00–17.00, closed on Sundays, closed on Christmas Day 2026 (a
Friday). The minute it opens counts as open; the minute it closes counts as closed.
"""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine

from gallery.hours import Span
from gallery.models import OpeningHours, Outlet, OutletClosure
from tests.factories import OutletFactory

pytestmark = pytest.mark.django_db

JAKARTA = ZoneInfo("Asia/Jakarta")


def wib(*args):
    return datetime(*args, tzinfo=JAKARTA)


@pytest.fixture
def outlet():
    outlet = OutletFactory(name="Galeri Menong 1", slug="galeri-menong-1")
    for weekday in range(6):
        OpeningHours.objects.create(outlet=outlet, weekday=weekday, opens=time(8), closes=time(17))
    OutletClosure.objects.create(outlet=outlet, date=date(2026, 12, 25), reason="Hari Raya Natal")
    return outlet


def status_at(outlet, moment):
    return (
        Outlet.objects.with_schedule(today=moment.astimezone(JAKARTA).date())
        .get(pk=outlet.pk)
        .status_at(moment)
    )


def is_open_in_the_database(outlet, moment):
    return Outlet.objects.open_at(moment).filter(pk=outlet.pk).exists()


def test_open_on_a_weekday_morning_until_the_closing_time(outlet):
    with time_machine.travel(wib(2026, 12, 1, 10, 0), tick=False):  # a Tuesday
        status = outlet.status_at(datetime.now(UTC))
    assert status.is_open
    assert status.closes_at == wib(2026, 12, 1, 17, 0)
    assert status.today == (Span(time(8), time(17)),)
    assert status.next_opening is None


def test_closed_in_the_evening_opens_the_next_morning(outlet):
    status = status_at(outlet, wib(2026, 12, 1, 20, 30))
    assert not status.is_open
    assert status.today  # today had hours; they are over
    assert status.next_opening == wib(2026, 12, 2, 8, 0)
    assert status.opens_tomorrow


def test_closed_before_opening_opens_later_the_same_day(outlet):
    status = status_at(outlet, wib(2026, 12, 1, 6, 45))
    assert not status.is_open
    assert status.next_opening == wib(2026, 12, 1, 8, 0)
    assert status.opens_later_today


def test_closed_all_day_on_a_closed_weekday(outlet):
    status = status_at(outlet, wib(2026, 12, 6, 11, 0))  # a Sunday
    assert not status.is_open
    assert status.today == ()
    assert status.closure_reason == ""
    assert status.next_opening == wib(2026, 12, 7, 8, 0)


def test_closed_on_a_holiday_closure_that_falls_on_an_opening_day(outlet):
    status = status_at(outlet, wib(2026, 12, 25, 11, 0))  # a Friday
    assert not status.is_open
    assert status.today == ()
    assert status.closure_reason == "Hari Raya Natal"
    assert status.next_opening == wib(2026, 12, 26, 8, 0)


def test_the_next_opening_skips_a_closure_and_a_closed_weekday(outlet):
    OutletClosure.objects.create(outlet=outlet, date=date(2026, 12, 26), reason="Stock opname")
    status = status_at(outlet, wib(2026, 12, 24, 17, 0))  # Thursday, the minute it closes
    assert not status.is_open
    assert status.next_opening == wib(2026, 12, 28, 8, 0)  # Christmas, stock-taking, then Sunday


@pytest.mark.parametrize(
    ("moment", "is_open"),
    [
        (wib(2026, 12, 1, 7, 59, 59), False),
        (wib(2026, 12, 1, 8, 0, 0), True),  # the minute of opening
        (wib(2026, 12, 1, 8, 0, 59), True),
        (wib(2026, 12, 1, 16, 59, 59), True),
        (wib(2026, 12, 1, 17, 0, 0), False),  # the minute of closing
        (wib(2026, 12, 1, 17, 0, 30), False),
        (wib(2026, 12, 6, 12, 0), False),  # Sunday
        (wib(2026, 12, 25, 12, 0), False),  # Christmas closure
        (datetime(2026, 12, 1, 1, 0, tzinfo=UTC), True),  # 08.00 in Jakarta
        (datetime(2026, 12, 1, 0, 59, tzinfo=UTC), False),  # 07.59 in Jakarta
    ],
    ids=[
        "a second before opening",
        "the minute of opening",
        "within the first minute",
        "the last second",
        "the minute of closing",
        "within the closing minute",
        "a closed weekday",
        "a holiday closure",
        "opening told in UTC",
        "a minute before opening told in UTC",
    ],
)
def test_open_or_closed_at_the_edges_in_python_and_in_the_database(outlet, moment, is_open):
    with time_machine.travel(moment, tick=False):
        assert outlet.status_at(datetime.now(UTC)).is_open is is_open
        assert is_open_in_the_database(outlet, datetime.now(UTC)) is is_open


def test_a_planned_outlet_is_never_open(outlet):
    Outlet.objects.filter(pk=outlet.pk).update(is_planned=True)
    outlet.refresh_from_db()
    status = outlet.status_at(wib(2026, 12, 1, 10, 0))
    assert not status.is_open
    assert status.next_opening is None
    assert not is_open_in_the_database(outlet, wib(2026, 12, 1, 10, 0))


def test_a_moment_without_a_time_zone_is_refused(outlet):
    with pytest.raises(ValueError):
        outlet.status_at(datetime(2026, 12, 1, 10, 0))


def test_the_outlets_page_says_open_now_and_todays_hours(client, outlet):
    with time_machine.travel(wib(2026, 12, 1, 8, 0), tick=False):
        html = client.get("/en/galeri/").content.decode()
    assert "Open now" in html
    assert "until 17:00" in html
    assert "Today: 08:00–17:00" in html


def test_the_outlets_page_says_closed_at_the_minute_of_closing(client, outlet):
    with time_machine.travel(wib(2026, 12, 1, 17, 0), tick=False):
        html = client.get("/en/galeri/").content.decode()
    assert "Closed now" in html
    assert "Open now" not in html
    assert "opens tomorrow at 08:00" in html


def test_the_outlet_page_names_the_holiday_and_the_next_opening(client, outlet):
    with time_machine.travel(wib(2026, 12, 25, 9, 0), tick=False):
        html = client.get("/en/galeri/galeri-menong-1/").content.decode()
    assert "Closed now</strong> (Hari Raya Natal)" in html
    assert "Today: closed" in html
    assert 'datetime="2026-12-26T08:00:00+07:00"' in html


def test_the_outlet_page_lists_the_week_and_the_closures_ahead_only(client, outlet):
    OutletClosure.objects.create(outlet=outlet, date=date(2026, 11, 1), reason="Sudah lewat")
    with time_machine.travel(wib(2026, 12, 6, 9, 0), tick=False):  # a Sunday
        html = client.get("/en/galeri/galeri-menong-1/").content.decode()
    assert '<tr class="is-today" aria-current="date">' in html
    assert '<th scope="row">Sunday</th>\n            <td>Closed</td>' in html
    assert "Hari Raya Natal" in html
    assert "Sudah lewat" not in html


@pytest.fixture
def friday_prayers(outlet):
    """Fridays: 08.00–11.30, a break for Friday prayers, then 13.00–17.00."""
    OpeningHours.objects.filter(outlet=outlet, weekday=OpeningHours.Weekday.FRIDAY).update(
        closes=time(11, 30)
    )
    OpeningHours.objects.create(
        outlet=outlet, weekday=OpeningHours.Weekday.FRIDAY, opens=time(13), closes=time(17)
    )
    return outlet


@pytest.mark.parametrize(
    ("moment", "is_open", "closes_at", "next_opening"),
    [
        (wib(2026, 12, 4, 10, 0), True, wib(2026, 12, 4, 11, 30), None),
        (wib(2026, 12, 4, 11, 30), False, None, wib(2026, 12, 4, 13, 0)),
        (wib(2026, 12, 4, 12, 59), False, None, wib(2026, 12, 4, 13, 0)),
        (wib(2026, 12, 4, 13, 0), True, wib(2026, 12, 4, 17, 0), None),
        (wib(2026, 12, 4, 17, 0), False, None, wib(2026, 12, 5, 8, 0)),
    ],
    ids=["the morning", "the minute the break starts", "the break", "after the break", "evening"],
)
def test_a_day_with_a_break_is_open_around_it_in_python_and_in_the_database(
    friday_prayers, moment, is_open, closes_at, next_opening
):
    status = status_at(friday_prayers, moment)
    assert status.is_open is is_open
    assert status.closes_at == closes_at
    assert status.next_opening == next_opening
    assert status.today == (Span(time(8), time(11, 30)), Span(time(13), time(17)))
    assert is_open_in_the_database(friday_prayers, moment) is is_open
    assert Outlet.objects.open_at(moment).filter(pk=friday_prayers.pk).count() == int(is_open)


def test_the_outlet_pages_show_both_spans_of_a_day_with_a_break(client, friday_prayers):
    with time_machine.travel(wib(2026, 12, 4, 12, 0), tick=False):  # Friday, the break
        listing = client.get("/en/galeri/").content.decode()
        page = client.get("/en/galeri/galeri-menong-1/").content.decode()
    assert "Closed now" in listing
    assert "opens at 13:00" in listing
    assert "Today: 08:00–11:30, 13:00–17:00" in listing
    assert '<th scope="row">Friday</th>\n            <td>08:00–11:30, 13:00–17:00</td>' in page
    assert '<th scope="row">Thursday</th>\n            <td>08:00–17:00</td>' in page
