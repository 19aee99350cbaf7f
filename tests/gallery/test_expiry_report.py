"""The nightly ``expiry_report``: it prints expired and near-expiry food per outlet, and with
``--email`` sends the list to the outlets' staff once a day, however often it runs."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command

from gallery.models import ExpiryReport
from tests.factories import OutletFactory, StaffFactory, VendorFactory

from .batch_world import TODAY, days, food, frozen, stock_batch

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def today():
    with frozen(TODAY, 2, 0):  # the night run, Jakarta time
        yield TODAY


@pytest.fixture
def shelf():
    first = OutletFactory(name="Galeri Menong 1", slug="galeri-menong-1", position=1)
    second = OutletFactory(name="Galeri Menong 2", slug="galeri-menong-2", position=2)
    vendor = VendorFactory(business_name="Dapur Bu Eni", slug="dapur-bu-eni")
    keripik = food(vendor, "Keripik Singkong", "keripik-singkong", 90)
    simping = food(vendor, "Simping Kaum", "simping-kaum", 60)
    stock_batch(first, keripik, 4, "K-11", days(1))
    stock_batch(first, simping, 3, "S-10", days(0))
    stock_batch(second, simping, 6, "S-30", days(30))
    stock_batch(second, keripik, 9, "K-31", days(31))
    return first, second


@pytest.fixture
def staff():
    Group.objects.get_or_create(name="Staf Dinas")
    return [
        StaffFactory(email="rina@contoh.id", groups=["Staf Galeri"]),
        StaffFactory(email="budi@contoh.id", groups=["Staf Galeri"]),
        StaffFactory(email="lama@contoh.id", groups=["Staf Galeri"], is_active=False),
        StaffFactory(email="dinas@contoh.id", groups=["Staf Dinas"]),
    ]


def run(*args):
    out = io.StringIO()
    call_command("expiry_report", *args, stdout=out)
    return out.getvalue()


EXPECTED = """Galeri Menong 1
  10 December 2026  Simping Kaum (Dapur Bu Eni), batch S-10: 3 units, EXPIRED
  11 December 2026  Keripik Singkong (Dapur Bu Eni), batch K-11: 4 units, near expiry

Galeri Menong 2
  9 January 2027  Simping Kaum (Dapur Bu Eni), batch S-30: 6 units, near expiry
"""


def test_the_report_lists_expired_and_near_expiry_batches_per_outlet(shelf):
    assert run() == EXPECTED
    assert not mail.outbox
    assert not ExpiryReport.objects.exists()


def test_with_email_the_staff_get_it_once_a_day(shelf, staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        output = run("--email")
    assert output.endswith("Queued for 2 members of staff.\n")
    assert sorted(message.to[0] for message in mail.outbox) == ["budi@contoh.id", "rina@contoh.id"]
    message = mail.outbox[0]
    assert message.subject == (
        "Food to check on 10 December 2026: 1 batch(es) expired, 2 near expiry"
    )
    assert message.body == EXPECTED

    with django_capture_on_commit_callbacks(execute=True):
        assert run("--email").endswith("Already sent today: nothing sent.\n")
    assert len(mail.outbox) == 2
    assert ExpiryReport.objects.get().day == TODAY

    with frozen(days(1), 2, 0), django_capture_on_commit_callbacks(execute=True):
        assert run("--email").endswith("Queued for 2 members of staff.\n")
    assert len(mail.outbox) == 4
    assert "K-31" in mail.outbox[-1].body


def test_nothing_to_report_sends_nothing(staff):
    output = run("--email")
    assert output == "No food batch is expired or near expiry.\nNothing to send.\n"
    assert not mail.outbox
    assert not ExpiryReport.objects.exists()


def test_without_recipients_the_day_stays_open(shelf):
    assert run("--email").endswith(
        "Nobody to send it to: no active Staf Galeri staff with an email address.\n"
    )
    assert not ExpiryReport.objects.exists()
