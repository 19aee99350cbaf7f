"""Sign-up never tells whether an address has an account; its owner is emailed instead."""

import re

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from accounts.models import User
from core.models import OutgoingEmail
from tests.factories import VerifiedUserFactory

pytestmark = pytest.mark.django_db

URL = "/en/akun/daftar/"
PASSWORD = "kendi tanah liat dari anjun 2026"


def sign_up(email, captured):
    with captured(execute=True):
        return Client().post(
            URL,
            {
                "email": email,
                "full_name": "Rina Marlina",
                "phone": "0812 1111 2222",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
        )


def answer(response):
    """What the visitor sees, with the address typed taken out."""
    messages = [re.sub(r"\S+@\S+", "@", str(m)) for m in get_messages(response.wsgi_request)]
    return response.status_code, response["Location"], sorted(response.cookies), messages


@pytest.mark.parametrize("typed", ["rina@contoh.id", "Rina@Contoh.ID", "RINA@CONTOH.ID"])
def test_a_taken_address_in_any_case_gets_the_same_answer_as_a_free_one(
    typed, mailoutbox, django_capture_on_commit_callbacks
):
    owner = VerifiedUserFactory(email="rina@contoh.id", full_name="Rina Marlina")
    password = owner.password

    for_free = sign_up("baru@contoh.id", django_capture_on_commit_callbacks)
    for_taken = sign_up(typed, django_capture_on_commit_callbacks)

    assert answer(for_taken) == answer(for_free)
    assert for_free["Location"] == "/en/akun/masuk/"
    # The new address has an account waiting for its link; the taken one is unchanged and its
    # owner learns of the attempt by email.
    assert User.objects.count() == 2
    owner.refresh_from_db()
    assert owner.password == password
    [confirm] = [m for m in mailoutbox if m.to == ["baru@contoh.id"]]
    assert "/en/akun/verifikasi/" in confirm.body
    [notice] = [m for m in mailoutbox if m.to == ["rina@contoh.id"]]
    assert notice.subject == "Someone tried to use your email address on Galeri Menong"
    assert "/en/akun/masuk/" in notice.body and "/en/akun/kata-sandi/lupa/" in notice.body
    assert "/umkm/daftar/" not in notice.body


def test_nobody_is_logged_in_by_signing_up_and_the_new_account_logs_in_with_its_password(
    django_capture_on_commit_callbacks,
):
    response = sign_up("baru@contoh.id", django_capture_on_commit_callbacks)
    assert "_auth_user_id" not in response.wsgi_request.session
    client = Client()
    login = client.post(
        "/en/akun/masuk/", {"username": "baru@contoh.id", "password": PASSWORD}, follow=True
    )
    assert login.wsgi_request.user.email == "baru@contoh.id"


def test_the_form_itself_never_names_a_taken_address(django_capture_on_commit_callbacks):
    VerifiedUserFactory(email="rina@contoh.id")
    response = Client().post(
        URL,
        {
            "email": "RINA@contoh.id",
            "full_name": "",
            "phone": "",
            "password1": PASSWORD,
            "password2": "something else",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "already" not in html
    assert "email" not in response.context["form"].errors


def test_the_secret_link_is_queued_as_sensitive(django_capture_on_commit_callbacks):
    sign_up("baru@contoh.id", django_capture_on_commit_callbacks)
    email = OutgoingEmail.objects.get(to=["baru@contoh.id"])
    assert (email.kind, email.sensitive, email.status) == ("verify_email", True, "sent")
    assert email.body == ""  # not kept once delivered
