"""With SENTRY_DSN, a 500 reaches Sentry with its request id and without anyone's personal data."""

import os
import subprocess
import sys

import pytest
import sentry_sdk
from django.test import Client
from sentry_sdk.transport import Transport

from core.errors import sentry_init
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# Personal data reaches the report only at run time (the source lines around a frame are sent).
EMAIL, NAME, PHONE = "siti.nurhaliza@contoh.id", "Siti Nurhaliza", "0812-3456-7890"


class Captured(Transport):
    """Keeps the events in memory instead of sending them to sentry.io."""

    events = []

    def capture_envelope(self, envelope):
        for item in envelope.items:
            if item.type == "event":
                Captured.events.append(item.payload.json)


@pytest.fixture
def sentry():
    Captured.events = []
    sentry_init(dsn="https://public@sentry.example/1", environment="test", transport=Captured)
    yield Captured.events
    sentry_sdk.get_client().close()
    sentry_sdk.init(dsn=None)


def broken(*args, **kwargs):
    raise RuntimeError(f"order for {EMAIL}, phone {PHONE} failed")


def test_a_server_error_reaches_sentry_scrubbed_with_its_request_id(sentry, monkeypatch):
    user = UserFactory(email=EMAIL, full_name=NAME)
    monkeypatch.setattr("core.views.HttpResponse", broken)
    client = Client(raise_request_exception=False)
    client.force_login(user)

    response = client.get(
        "/robots.txt?phone=081234567890",
        HTTP_X_REQUEST_ID="req-abcdef12",
        HTTP_AUTHORIZATION="Bearer secret-token",
        HTTP_X_FORWARDED_FOR="36.71.2.9",
    )
    sentry_sdk.flush()

    assert response.status_code == 500
    (event,) = sentry
    assert event["tags"]["request_id"] == "req-abcdef12"
    text = repr(event)
    for secret in (
        EMAIL,
        PHONE,
        "081234567890",
        NAME,
        "secret-token",
        "36.71.2.9",
        "sessionid",
    ):
        assert secret not in text, secret
    assert not event.get("user")  # no name, email or address of the shopper
    assert "RuntimeError" in text and "[email]" in text and "[phone]" in text


def sentry_started(**environment):
    code = (
        "import django, sentry_sdk; django.setup(); "
        "print(sentry_sdk.get_client().is_active(), sentry_sdk.get_client().options['dsn'])"
    )
    env = {name: value for name, value in os.environ.items() if name != "SENTRY_DSN"}
    env.update(DJANGO_SETTINGS_MODULE="config.settings", DEBUG="1", **environment)
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.split()


def test_the_settings_start_sentry_only_with_a_dsn():
    assert sentry_started()[0] == "False"
    assert sentry_started(SENTRY_DSN="https://public@sentry.example/1") == [
        "True",
        "https://public@sentry.example/1",
    ]
