import logging
import smtplib

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import Client, TestCase, override_settings
from django.urls import reverse

from accounts.models import User
from core.models import OutgoingEmail
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "kata-sandi-uji-2026"
LOGIN_URL = "/akun/masuk/"


def login_attempt(client, email, password, ip="203.0.113.10", **extra):
    return client.post(
        LOGIN_URL, {"username": email, "password": password}, REMOTE_ADDR=ip, **extra
    )


def test_login_with_the_right_password_signs_in(client):
    user = UserFactory(email="siti@contoh.id")
    response = login_attempt(client, "SITI@contoh.id", PASSWORD)
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(user.pk)


@override_settings(AXES_FAILURE_LIMIT=3)
def test_repeated_failures_lock_the_account_for_that_address_only(client):
    UserFactory(email="siti@contoh.id")
    attacker = Client()
    for _ in range(3):
        login_attempt(attacker, "siti@contoh.id", "salah-salah", ip="198.51.100.66")
    locked = login_attempt(attacker, "siti@contoh.id", PASSWORD, ip="198.51.100.66")
    assert locked.status_code == 429
    assert SESSION_KEY not in attacker.session

    # The real owner, from another address, still gets in; and the attacker's lock says nothing
    # about other accounts.
    owner = Client()
    assert login_attempt(owner, "siti@contoh.id", PASSWORD, ip="203.0.113.10").status_code == 302
    UserFactory(email="budi@contoh.id")
    other = Client()
    assert login_attempt(other, "budi@contoh.id", PASSWORD, ip="198.51.100.66").status_code == 302


@override_settings(AXES_FAILURE_LIMIT=3)
def test_a_lock_cannot_be_walked_around_by_changing_the_case_of_the_address():
    UserFactory(email="admin@contoh.id", is_staff=True, is_superuser=True)
    attacker = Client()
    for typed in ("admin@contoh.id", "ADMIN@contoh.id", " Admin@Contoh.ID "):
        login_attempt(attacker, typed, "tebak-tebak", ip="198.51.100.66")
    for typed in ("Admin@contoh.id", "admin@CONTOH.id", "admin@contoh.id"):
        response = login_attempt(attacker, typed, PASSWORD, ip="198.51.100.66")
        assert response.status_code == 429, typed
        assert SESSION_KEY not in attacker.session


@override_settings(AXES_FAILURE_LIMIT=3, PROXY_COUNT=1)
def test_behind_the_proxy_the_lock_follows_the_forwarded_client_address():
    UserFactory(email="siti@contoh.id")
    attacker = Client()
    proxy = "10.0.0.2"
    for _ in range(3):
        login_attempt(
            attacker, "siti@contoh.id", "salah", ip=proxy, HTTP_X_FORWARDED_FOR="198.51.100.66"
        )
    assert (
        login_attempt(
            attacker, "siti@contoh.id", PASSWORD, ip=proxy, HTTP_X_FORWARDED_FOR="198.51.100.66"
        ).status_code
        == 429
    )
    # Every shopper arrives from the proxy's address; only the forwarded one is locked.
    owner = Client()
    response = login_attempt(
        owner, "siti@contoh.id", PASSWORD, ip=proxy, HTTP_X_FORWARDED_FOR="203.0.113.10"
    )
    assert response.status_code == 302
    # A forged left-most entry does not get the attacker out of the lock.
    forged = login_attempt(
        Client(),
        "siti@contoh.id",
        PASSWORD,
        ip=proxy,
        HTTP_X_FORWARDED_FOR="203.0.113.99, 198.51.100.66",
    )
    assert forged.status_code == 429


@override_settings(AXES_FAILURE_LIMIT=2, AXES_COOLOFF_TIME=0.01)
def test_the_lock_is_released_after_the_cool_off(client):
    import time_machine
    from django.utils import timezone

    UserFactory(email="siti@contoh.id")
    for _ in range(2):
        login_attempt(client, "siti@contoh.id", "salah")
    assert login_attempt(client, "siti@contoh.id", PASSWORD).status_code == 429
    with time_machine.travel(timezone.now() + timezone.timedelta(minutes=5)):
        assert login_attempt(client, "siti@contoh.id", PASSWORD).status_code == 302


def test_session_key_changes_at_login_and_session_data_survives(client):
    UserFactory(email="siti@contoh.id")
    session = client.session
    session["kept"] = "anonymous data such as the cart"
    session.save()
    before = client.session.session_key
    login_attempt(client, "siti@contoh.id", PASSWORD)
    assert client.session.session_key != before
    assert client.session["kept"] == "anonymous data such as the cart"


def test_logout_ends_the_session_for_good(client):
    UserFactory(email="siti@contoh.id")
    login_attempt(client, "siti@contoh.id", PASSWORD)
    stolen_cookie = client.cookies["sessionid"].value
    client.post(reverse("accounts:logout"))
    replay = Client()
    replay.cookies["sessionid"] = stolen_cookie
    response = replay.get(reverse("accounts:home"))
    assert response.status_code == 302
    assert response["Location"].startswith("/akun/masuk/")


def test_password_change_ends_the_users_other_sessions():
    user = UserFactory(email="siti@contoh.id")
    phone, laptop = Client(), Client()
    login_attempt(phone, "siti@contoh.id", PASSWORD)
    login_attempt(laptop, "siti@contoh.id", PASSWORD, ip="203.0.113.11")
    new_password = "gerabah anjun plered tahun 2026"
    response = laptop.post(
        reverse("accounts:password-change"),
        {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password},
    )
    assert response.status_code == 302
    assert laptop.get(reverse("accounts:home")).status_code == 200
    assert phone.get(reverse("accounts:home")).status_code == 302
    user.refresh_from_db()
    assert user.check_password(new_password)


def test_long_passphrases_are_accepted():
    passphrase = "saya suka membeli gula aren dan simping di galeri menong purwakarta " * 3
    response = Client().post(
        reverse("accounts:signup"),
        {
            "email": "panjang@contoh.id",
            "full_name": "Rina Kurniawati",
            "phone": "",
            "password1": passphrase,
            "password2": passphrase,
        },
    )
    assert response.status_code == 302
    assert User.objects.get(email="panjang@contoh.id").check_password(passphrase)


def test_weak_passwords_are_refused_with_a_clear_message(client):
    response = client.post(
        "/en/akun/daftar/",
        {
            "email": "lemah@contoh.id",
            "full_name": "Rina",
            "password1": "12345678",
            "password2": "12345678",
        },
    )
    assert response.status_code == 200
    assert "This password is too common." in response.content.decode()
    assert not User.objects.filter(email="lemah@contoh.id").exists()


def reset_request(client, email):
    # The email is queued and sent once the request's transaction commits.
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(reverse("accounts:password-reset"), {"email": email})


def test_password_reset_answers_the_same_for_known_and_unknown_addresses(client):
    UserFactory(email="siti@contoh.id")
    known = reset_request(client, "siti@contoh.id")
    unknown = reset_request(Client(), "tidak-ada@contoh.id")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert len(mail.outbox) == 1


def test_password_reset_answers_the_same_when_the_mail_server_fails(client, monkeypatch, caplog):
    UserFactory(email="siti@contoh.id")

    def broken_send(self, *args, **kwargs):
        raise smtplib.SMTPServerDisconnected("down")

    monkeypatch.setattr("django.core.mail.message.EmailMessage.send", broken_send)
    with caplog.at_level(logging.WARNING, logger="galeri.outbox"):
        response = reset_request(client, "siti@contoh.id")
    # The request never talks to the mail server: the queued email records the failure (by its
    # id, not the address) for the worker's retries and for staff.
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password-reset-done")
    email = OutgoingEmail.objects.get(kind="password_reset")
    assert email.status == OutgoingEmail.Status.FAILED
    assert "SMTPServerDisconnected" in email.last_error
    assert f"email {email.pk} not sent" in caplog.text
    assert "siti@contoh.id" not in caplog.text


def test_password_reset_mails_only_the_stored_address(client):
    UserFactory(email="siti@contoh.id")
    reset_request(client, "SITI@CONTOH.ID")
    assert mail.outbox[0].to == ["siti@contoh.id"]


def test_password_reset_link_works_once(client):
    user = UserFactory(email="siti@contoh.id")
    reset_request(client, "siti@contoh.id")
    link = next(line for line in mail.outbox[0].body.splitlines() if "/kata-sandi/atur/" in line)
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    assert form_page.context["validlink"]
    set_url = form_page.redirect_chain[-1][0]
    new_password = "anyaman bambu dari bojong 2026"
    done = client.post(set_url, {"new_password1": new_password, "new_password2": new_password})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new_password)

    again = Client().get(path, follow=True)
    assert not again.context["validlink"]


@pytest.mark.parametrize(
    "target", ["//evil.example", "https://evil.example", "/\\evil.example", "http:/\\evil.example"]
)
def test_login_never_redirects_off_the_site(client, target):
    UserFactory(email="siti@contoh.id")
    response = client.post(
        f"{LOGIN_URL}?next={target}",
        {"username": "siti@contoh.id", "password": PASSWORD, "next": target},
    )
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.parametrize("target", ["//evil.example", "https://evil.example", "/\\evil.example"])
def test_language_switch_never_redirects_off_the_site(client, target):
    response = client.post("/i18n/setlang/", {"language": "en", "next": target})
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


def test_failed_logins_are_logged_without_the_password(client, caplog):
    UserFactory(email="siti@contoh.id")
    with caplog.at_level(logging.INFO, logger="galeri.audit"):
        login_attempt(client, "siti@contoh.id", "rahasia-sekali")
    line = next(r.getMessage() for r in caplog.records if "login_failed" in r.getMessage())
    assert "rahasia-sekali" not in caplog.text
    assert "siti@contoh.id" not in line
    assert "username=s***@contoh.id" in line
    assert "ip=203.0.113.10" in line
