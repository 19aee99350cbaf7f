"""A mail server outage loses nothing and holds no request (a real SMTP server, a real worker).

Emails go through the database queue exactly as in production: the test serves the site with
the ``DatabaseBackend``, the SMTP backend pointing at a port where, at first, nothing listens.
Sign-up, vendor registration, a vendor's approval, an order and its status change each answer
at once; then an SMTP server (aiosmtpd) starts, the worker runs, and every email arrives exactly
once, counted at the server. A change that rolled back has no email at all.
"""

import re
import secrets
import socket
import time
from datetime import timedelta

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from core.models import OutgoingEmail
from gallery.services import stock_receive
from orders.models import Order
from orders.services import order_mark_ready
from tests.factories import (
    CategoryFactory,
    OutletFactory,
    ProductFactory,
    StaffFactory,
    SubmittedVendorFactory,
    kecamatan,
)
from vendors.models import Vendor

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "tanah-liat-plered-2026"
ANSWER_WITHIN_SECONDS = 2


class Inbox:
    """An aiosmtpd handler that keeps what it receives."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(
            (tuple(envelope.rcpt_tos), envelope.content.decode("utf-8", "replace"))
        )
        return "250 OK"

    def subjects_to(self, address):
        return [
            re.search(r"^Subject: (.*)$", text, re.M).group(1)
            for recipients, text in self.messages
            if address in recipients
        ]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp(settings):
    """The site's mail settings aimed at a port where no server listens yet."""
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 1
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    yield controller, inbox
    if getattr(controller, "_thread", None) is not None:
        controller.stop()


def run_worker():
    call_command("db_worker", batch=True, startup_delay=False, interval=0, verbosity=0)


def timed(request):
    started = time.monotonic()
    response = request()
    elapsed = time.monotonic() - started
    print(f"{response.wsgi_request.path}: {response.status_code} in {elapsed:.3f} s")
    assert response.status_code < 500, response.status_code
    assert elapsed < ANSWER_WITHIN_SECONDS, f"answered in {elapsed:.2f}s"
    return response


def test_with_the_mail_server_down_nothing_waits_and_every_email_arrives_once_it_is_back(smtp):
    controller, inbox = smtp
    category = CategoryFactory()
    outlet = OutletFactory()
    staff = StaffFactory(is_superuser=True)
    product = ProductFactory(price=75_000)
    stock_receive(outlet=outlet, product=product, quantity=5, by=staff)
    waiting = SubmittedVendorFactory()
    admin = Client()
    admin.force_login(staff)
    shopper = Client()

    # 1. Sign-up.
    timed(
        lambda: Client().post(
            reverse("accounts:signup"),
            {
                "email": "rina@contoh.id",
                "full_name": "Rina Marlina",
                "phone": "0812 1111 2222",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
        )
    )
    # 2. A vendor registration.
    timed(
        lambda: Client().post(
            reverse("vendors:vendor-register"),
            {
                "email": "sari.gerabah@contoh.id",
                "password1": PASSWORD,
                "password2": PASSWORD,
                "business_name": "Gerabah Sari Anjun",
                "owner_name": "Sari Wulandari",
                "categories": [category.pk],
                "story": "Kami membuat gentong dan pot tanah liat sejak 1998.",
                "founded_year": "1998",
                "kecamatan": kecamatan("Plered").pk,
                "desa": "Anjun",
                "address": "Jl. Raya Anjun No. 5",
                "whatsapp": "0812-3456-7890",
            },
        )
    )
    # 3. Staff approve a vendor.
    timed(
        lambda: admin.post(
            reverse("admin:vendors_vendor_changelist"),
            {"action": "approve_selected", ACTION_CHECKBOX_NAME: [waiting.pk]},
        )
    )
    # 4. An order.
    shopper.post(reverse("orders:cart-add"), {"product": product.pk, "quantity": 1})
    shopper.post(
        reverse("orders:checkout"),
        {
            "name": "Dewi",
            "phone": "0812-3456-7890",
            "email": "dewi@contoh.id",
            "note": "",
            "outlet": outlet.pk,
        },
    )
    review = shopper.get(reverse("orders:checkout-review")).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', review).group(1)
    timed(lambda: shopper.post(reverse("orders:checkout-place"), {"token": token}))
    order = Order.objects.get()
    # A change that rolled back leaves no email behind.
    with pytest.raises(RuntimeError), transaction.atomic():
        order_mark_ready(order=Order.objects.get(pk=order.pk), by=staff)
        raise RuntimeError("the request failed after the change")
    # 5. Its status changes.
    timed(
        lambda: admin.post(
            reverse("admin:orders_order_changelist"),
            {"action": "mark_ready", ACTION_CHECKBOX_NAME: [order.pk]},
        )
    )

    waiting.refresh_from_db()
    assert waiting.status == Vendor.Status.APPROVED
    order.refresh_from_db()
    assert order.status == Order.Status.READY
    expected = {
        "rina@contoh.id": 1,  # confirm the address
        "sari.gerabah@contoh.id": 1,  # confirm the address, then the registration is sent
        waiting.user.email: 1,  # approved
        "dewi@contoh.id": 2,  # placed, ready
    }
    assert OutgoingEmail.objects.count() == sum(expected.values())

    # The worker meets the closed port: every email waits for a retry, none is lost.
    run_worker()
    assert set(OutgoingEmail.objects.values_list("status", flat=True)) == {"retrying"}
    assert inbox.messages == []

    controller.start()
    later = timezone.now() + timedelta(minutes=5)
    with time_machine.travel(later, tick=True):
        run_worker()
        run_worker()  # a second pass finds nothing left to send

    assert {address: len(inbox.subjects_to(address)) for address in expected} == expected
    assert len(inbox.messages) == sum(expected.values())
    assert set(OutgoingEmail.objects.values_list("status", flat=True)) == {"sent"}
    # Links that open an account are not kept once delivered.
    assert not OutgoingEmail.objects.filter(sensitive=True).exclude(body="").exists()


def test_a_rolled_back_order_sends_nothing_even_with_the_server_up(smtp):
    controller, inbox = smtp
    controller.start()
    outlet = OutletFactory()
    staff = StaffFactory()
    product = ProductFactory()
    stock_receive(outlet=outlet, product=product, quantity=2, by=staff)

    from orders.services import order_place

    with translation.override("en"), pytest.raises(RuntimeError), transaction.atomic():
        order_place(
            cart_lines=[(product, 1)],
            customer=None,
            name="Dewi",
            phone="+6281234567890",
            email="dewi@contoh.id",
            outlet=outlet,
            idempotency_key=secrets.token_urlsafe(16),
        )
        raise RuntimeError("rolled back")
    run_worker()

    assert not Order.objects.exists()
    assert not OutgoingEmail.objects.exists()
    assert inbox.messages == []
