"""Logs: failed logins, refusals and staff decisions are structured lines with the user and the
request id; no password, secret or full phone number reaches any log line.

Every record of every logger is captured at DEBUG and formatted with the site's own formatter
and request id filter, as production writes it.
"""

import logging
import re

import pytest
from django.conf import settings
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import Client
from django.urls import reverse

from core.logging import RequestIdFilter
from gallery.services import stock_receive
from tests.factories import (
    CategoryFactory,
    OutletFactory,
    ProductFactory,
    StaffFactory,
    SubmittedVendorFactory,
    UserFactory,
    VerifiedUserFactory,
    kecamatan,
)
from vendors.models import Vendor

pytestmark = pytest.mark.django_db

SHOPPER_PHONE = "0812 3456 7890"
VENDOR_WHATSAPP = "0813-9876-5432"
PASSWORD = "kendi-anjun-rahasia-2026"
WRONG_PASSWORD = "tebakan-salah-sekali-99"
FORMATTER = logging.Formatter(settings.LOGGING["formatters"]["line"]["format"])


@pytest.fixture
def log_lines(caplog):
    """Every log record, of every logger, at DEBUG; each formatted as the site writes it."""
    caplog.handler.addFilter(RequestIdFilter())
    caplog.set_level(logging.DEBUG)
    for name in ("django", "django.request", "django.security", "axes", "galeri", "orders"):
        caplog.set_level(logging.DEBUG, logger=name)

    def lines():
        return [(record, FORMATTER.format(record)) for record in caplog.records]

    return lines


def digits_only(text):
    return re.sub(r"[\s\-.()+]", "", text)


def audit_line(lines, event):
    found = [(r, line) for r, line in lines if f"event={event} " in line + " "]
    assert found, f"no {event} line"
    return found[-1]


def checkout(client, phone):
    outlet = OutletFactory()
    product = ProductFactory(price=85_000)
    stock_receive(outlet=outlet, product=product, quantity=3, by=StaffFactory())
    client.post(reverse("orders:cart-add"), {"product": product.pk, "quantity": 1})
    details = {"name": "Siti Nurhaliza", "phone": phone, "email": "", "note": ""}
    assert client.post(reverse("orders:checkout"), {**details, "outlet": outlet.pk}).status_code
    html = client.get(reverse("orders:checkout-review")).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    assert client.post(reverse("orders:checkout-place"), {"token": token}).status_code == 302


def register_vendor(client, whatsapp):
    category = CategoryFactory(slug="anyaman", name_id="Anyaman", name_en="Weaving")
    response = client.post(
        reverse("vendors:vendor-register"),
        {
            "email": "ujang.bambu@contoh.id",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "business_name": "Anyaman Bambu Pak Ujang",
            "owner_name": "Ujang Suherman",
            "categories": [category.pk],
            "story": "Bakul dan boboko dari bambu tali.",
            "founded_year": "2001",
            "kecamatan": kecamatan("Plered").pk,
            "desa": "Citeko",
            "address": "Kp. Citeko RT 02",
            "whatsapp": whatsapp,
            "show_whatsapp": "on",
            "nib": "1234567890123",
        },
    )
    assert response.status_code == 302


def test_a_hostile_session_leaves_structured_lines_and_no_secret(log_lines):
    shopper = VerifiedUserFactory(email="siti@contoh.id", phone=SHOPPER_PHONE)
    shopper.set_password(PASSWORD)
    shopper.save()
    galeri = StaffFactory(email="kasir@contoh.id", groups=["Staf Galeri"])
    dinas = StaffFactory(email="dewi.dinas@contoh.id", groups=["Staf Dinas"])
    waiting = SubmittedVendorFactory(whatsapp="+6285712345678")

    # A shopper checks out with a phone number, and a business registers with WhatsApp.
    shopper_client = Client()
    shopper_client.force_login(shopper)
    checkout(shopper_client, SHOPPER_PHONE)
    register_vendor(Client(), VENDOR_WHATSAPP)
    # The order lookup with a wrong number.
    Client().post(
        reverse("orders:order-lookup"), {"number": "GM-260101-ABCDE", "phone": SHOPPER_PHONE}
    )
    # A failed login, with the password typed.
    response = Client().post(
        reverse("accounts:login"), {"username": "siti@contoh.id", "password": WRONG_PASSWORD}
    )
    assert response.status_code == 200
    # Refusals: a shopper in the vendor dashboard, outlet staff on a vendor's admin page.
    assert shopper_client.get(reverse("dashboard-vendors:home")).status_code == 403
    galeri_client = Client()
    galeri_client.force_login(galeri)
    change = reverse("admin:vendors_vendor_change", args=[waiting.pk])
    assert galeri_client.get(change).status_code == 403
    # A staff decision.
    dinas_client = Client()
    dinas_client.force_login(dinas)
    response = dinas_client.post(
        reverse("admin:vendors_vendor_changelist"),
        {"action": "approve_selected", ACTION_CHECKBOX_NAME: [waiting.pk]},
    )
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == Vendor.Status.APPROVED

    lines = log_lines()
    assert len(lines) > 10
    secrets = {
        PASSWORD,
        WRONG_PASSWORD,
        settings.SECRET_KEY,
        shopper_client.cookies["sessionid"].value,
        dinas_client.cookies["sessionid"].value,
    }
    phones = {"81234567890", "81398765432", "85712345678"}
    for _record, line in lines:
        assert not any(secret in line for secret in secrets), line
        assert not any(phone in digits_only(line) for phone in phones), line

    record, line = audit_line(lines, "login_failed")
    assert "user=-" in line and "username=s***@contoh.id" in line
    assert record.request_id != "-" and f"request_id={record.request_id}" in line

    refusals = [(r, line) for r, line in lines if "event=permission_denied" in line]
    by_user = {re.search(r"user=(\S+)", line).group(1): (r, line) for r, line in refusals}
    assert str(shopper.pk) in by_user and "reason=no_vendor" in by_user[str(shopper.pk)][1]
    assert str(galeri.pk) in by_user
    assert all(r.request_id != "-" for r, _line in refusals)
    assert all(r.levelno == logging.WARNING for r, _line in refusals)

    record, line = audit_line(lines, "vendor_approved")
    assert f"user={dinas.pk}" in line and f"object={waiting.pk}" in line
    assert record.request_id != "-"
    # The approval's line and the refusal's line belong to different requests.
    assert record.request_id != by_user[str(galeri.pk)][0].request_id


def test_django_request_lines_carry_the_request_id_too(log_lines):
    client = Client()
    response = client.get("/produk/tidak-ada-sama-sekali/")
    assert response.status_code == 404
    [(record, line)] = [
        (r, line) for r, line in log_lines() if r.name == "django.request" and "Not Found" in line
    ]
    assert record.request_id == response["X-Request-ID"]
    assert f"request_id={response['X-Request-ID']}" in line


def test_a_vendor_waiting_for_review_refused_an_approved_only_page_is_logged(log_lines):
    waiting = SubmittedVendorFactory()
    client = Client()
    client.force_login(waiting.user)
    assert client.get(reverse("dashboard-backoffice:marketplace-export")).status_code == 403
    _record, line = audit_line(log_lines(), "permission_denied")
    assert f"user={waiting.user.pk}" in line
    assert "reason=vendor_not_approved" in line and f"vendor={waiting.pk}" in line


def test_a_login_with_a_long_passphrase_that_fails_never_logs_it(log_lines):
    UserFactory(email="budi@contoh.id")
    passphrase = "gentong tanah liat plered dibakar tujuh jam " * 3
    Client().post(reverse("accounts:login"), {"username": "budi@contoh.id", "password": passphrase})
    assert not any("gentong" in line for _record, line in log_lines())
