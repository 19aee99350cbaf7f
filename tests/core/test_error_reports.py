"""A server error reaches the people in ADMINS by email, with the request id to find its log."""

import pytest
from django.core import mail
from django.test import Client

pytestmark = pytest.mark.django_db


def broken(*args, **kwargs):
    raise RuntimeError("a bug in robots.txt")


def test_a_server_error_is_emailed_to_the_admins_with_its_request_id(
    settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.ADMINS = [("Dewi", "dewi@contoh.id")]
    monkeypatch.setattr("core.views.HttpResponse", broken)
    client = Client(raise_request_exception=False)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.get("/robots.txt", HTTP_X_REQUEST_ID="req-12345678")

    assert response.status_code == 500
    (report,) = mail.outbox
    assert report.to == ["dewi@contoh.id"]
    assert "/robots.txt" in report.subject
    assert "request_id=req-12345678" in report.body
    assert "a bug in robots.txt" in report.body


def test_without_admins_nobody_is_emailed(settings, monkeypatch):
    settings.ADMINS = []
    monkeypatch.setattr("core.views.HttpResponse", broken)
    assert Client(raise_request_exception=False).get("/robots.txt").status_code == 500
    assert mail.outbox == []
