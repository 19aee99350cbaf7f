"""placed -> ready -> collected, or cancelled, or expired: every move and every refusal."""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from gallery.models import StockLevel, StockMovement
from orders import notifications
from orders.models import Order
from orders.services import (
    OrderError,
    OrderTransitionError,
    order_cancel,
    order_collect,
    order_expire,
    order_mark_ready,
)

pytestmark = pytest.mark.django_db
S = Order.Status


def figures(product, outlet):
    level = StockLevel.objects.get(product=product, outlet=outlet)
    return level.on_hand, level.reserved


def later(days):
    return timezone.now() + timedelta(days=days, minutes=1)


def bring_to(order, status, staff):
    if status in (S.READY, S.COLLECTED):
        order = order_mark_ready(order=order, by=staff)
    if status == S.COLLECTED:
        order = order_collect(order=order, by=staff, payment_method="cash")
    if status == S.CANCELLED:
        order = order_cancel(order=order, by=staff, reason="Stok rusak")
    if status == S.EXPIRED:
        order = order_expire(order=order, now=later(3))
    return order


ACTIONS = {
    "mark_ready": lambda order, staff: order_mark_ready(order=order, by=staff),
    "collect": lambda order, staff: order_collect(order=order, by=staff, payment_method="qris"),
    "cancel": lambda order, staff: order_cancel(order=order, by=staff, reason="Habis"),
    "cancel_by_shopper": lambda order, staff: order_cancel(order=order, by=None, by_shopper=True),
    "expire": lambda order, staff: order_expire(order=order, now=later(3)),
}
ALLOWED = {
    "mark_ready": {S.PLACED},
    "collect": {S.READY},
    "cancel": {S.PLACED, S.READY},
    "cancel_by_shopper": {S.PLACED},
    "expire": {S.PLACED, S.READY},
}
FORBIDDEN = [
    (action, status) for action in ACTIONS for status in S.values if status not in ALLOWED[action]
]


def test_marking_ready_records_who_and_when(place, product, staff):
    order = place([(product.pk, 1)])
    order = order_mark_ready(order=order, by=staff)
    assert order.status == S.READY and order.ready_at is not None
    change = order.status_changes.last()
    assert (change.from_status, change.to_status, change.by) == (S.PLACED, S.READY, staff)


def test_collecting_turns_the_reservation_into_a_sale_and_records_the_payment(
    place, product, outlet, staff
):
    order = place([(product.pk, 3)])
    order = order_mark_ready(order=order, by=staff)
    assert figures(product, outlet) == (10, 3)

    order = order_collect(order=order, by=staff, payment_method="qris")

    assert order.status == S.COLLECTED
    assert (order.payment_status, order.payment_method) == ("paid", "qris")
    assert order.paid_at is not None and order.closed_at is not None
    assert figures(product, outlet) == (7, 0)
    sale = StockMovement.objects.get(kind="sale")
    assert (sale.on_hand_change, sale.reserved_change, sale.reference, sale.by) == (
        -3,
        -3,
        order.number,
        staff,
    )
    change = order.status_changes.last()
    assert (change.from_status, change.to_status, change.by) == (S.READY, S.COLLECTED, staff)


def test_collecting_needs_cash_or_qris(place, product, outlet, staff):
    order = order_mark_ready(order=place([(product.pk, 1)]), by=staff)
    with pytest.raises(OrderError, match="cash or QRIS"):
        order_collect(order=order, by=staff, payment_method="transfer")
    order.refresh_from_db()
    assert order.status == S.READY and order.payment_status == "unpaid"
    assert figures(product, outlet) == (10, 1)


@pytest.mark.parametrize("status", [S.PLACED, S.READY])
def test_staff_cancel_an_open_order_with_a_reason_and_the_goods_go_back(
    place, product, outlet, staff, status
):
    order = bring_to(place([(product.pk, 4)]), status, staff)
    order = order_cancel(order=order, by=staff, reason="Barang retak saat dikemas")
    assert order.status == S.CANCELLED and order.closed_at is not None
    assert figures(product, outlet) == (10, 0)
    release = StockMovement.objects.get(kind="release")
    assert (release.reserved_change, release.reference) == (-4, order.number)
    change = order.status_changes.last()
    assert (change.from_status, change.to_status, change.by, change.reason) == (
        status,
        S.CANCELLED,
        staff,
        "Barang retak saat dikemas",
    )


def test_staff_must_say_why_they_cancel(place, product, outlet, staff):
    order = place([(product.pk, 1)])
    with pytest.raises(OrderError, match="reason is required"):
        order_cancel(order=order, by=staff, reason="  ")
    order.refresh_from_db()
    assert order.status == S.PLACED
    assert figures(product, outlet) == (10, 1)


def test_the_shopper_may_cancel_while_the_order_is_placed(place, product, outlet, shopper):
    order = place([(product.pk, 2)], customer=shopper)
    order = order_cancel(order=order, by=shopper, reason="Salah pilih", by_shopper=True)
    assert order.status == S.CANCELLED
    assert figures(product, outlet) == (10, 0)
    change = order.status_changes.last()
    assert change.by == shopper
    assert change.reason == "Cancelled by the shopper: Salah pilih"


def test_expiry_after_the_pickup_window_releases_the_stock(place, product, outlet, settings):
    settings.ORDER_PICKUP_WINDOW_DAYS = 3
    order = place([(product.pk, 5)])
    with pytest.raises(OrderTransitionError, match="still within its pickup window"):
        order_expire(order=order, now=timezone.now() + timedelta(days=2, hours=23))
    assert figures(product, outlet) == (10, 5)

    order = order_expire(order=order, now=later(3))

    assert order.status == S.EXPIRED and order.closed_at is not None
    assert figures(product, outlet) == (10, 0)
    assert StockMovement.objects.filter(kind="release", reference=order.number).count() == 1
    change = order.status_changes.last()
    assert (change.from_status, change.by, change.reason) == (
        S.PLACED,
        None,
        "Not collected within 3 days.",
    )


def test_the_pickup_window_is_a_setting(place, product, settings):
    settings.ORDER_PICKUP_WINDOW_DAYS = 1
    order = place([(product.pk, 1)])
    assert order_expire(order=order, now=later(1)).status == S.EXPIRED


@pytest.mark.parametrize("action,status", FORBIDDEN)
def test_a_forbidden_transition_is_refused_and_changes_nothing(
    place, product, outlet, staff, action, status
):
    order = bring_to(place([(product.pk, 2)]), status, staff)
    before_figures = figures(product, outlet)
    before_changes = order.status_changes.count()
    before_movements = StockMovement.objects.count()

    with pytest.raises(OrderTransitionError) as exc:
        ACTIONS[action](order, staff)

    assert order.number in str(exc.value)
    order.refresh_from_db()
    assert order.status == status
    assert figures(product, outlet) == before_figures
    assert order.status_changes.count() == before_changes
    assert StockMovement.objects.count() == before_movements


def test_a_stale_order_object_cannot_bypass_the_rules(place, product, staff):
    """Two staff members act on the same order: the second sees the fresh status."""
    order = place([(product.pk, 1)])
    stale = Order.objects.get(pk=order.pk)
    order_cancel(order=order, by=staff, reason="Pembeli menelepon")
    with pytest.raises(OrderTransitionError):
        order_mark_ready(order=stale, by=staff)


def test_every_change_is_emailed_to_the_shopper(
    place, product, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        order = place([(product.pk, 1)], email="siti@contoh.id")
        order = order_mark_ready(order=order, by=staff)
        order_collect(order=order, by=staff, payment_method="cash")
    subjects = [message.subject for message in mail.outbox]
    assert subjects == [
        f"Galeri Menong order {order.number}: placed",
        f"Galeri Menong order {order.number}: ready for pickup",
        f"Galeri Menong order {order.number}: collected",
    ]
    assert "ready for pickup at Galeri Menong 1" in mail.outbox[1].body
    assert "paid by Cash" in mail.outbox[2].body


def test_a_cancellation_email_gives_the_reason(
    place, product, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        order = place([(product.pk, 1)], email="siti@contoh.id")
        order_cancel(order=order, by=staff, reason="Stok 100% habis")
    assert "Reason: Stok 100% habis" in mail.outbox[-1].body


def test_a_mail_server_failure_never_undoes_the_order(
    place, product, staff, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 1
    with django_capture_on_commit_callbacks(execute=True):
        order = place([(product.pk, 1)], email="siti@contoh.id")
    assert Order.objects.get(pk=order.pk).status == S.PLACED


def test_staff_get_a_whatsapp_link_with_the_message_for_the_shopper(place, product, staff):
    order = order_mark_ready(order=place([(product.pk, 1)], phone="0812 3456 7890"), by=staff)
    url = urlsplit(notifications.shopper_whatsapp_url(order))
    assert (url.netloc, url.path) == ("wa.me", "/6281234567890")
    text = parse_qs(url.query)["text"][0]
    assert order.number in text and "ready for pickup at Galeri Menong 1" in text


def test_the_message_is_in_the_shoppers_language_whoever_moves_the_order(place, product, staff):
    from django.utils import translation

    with translation.override("id"):
        order = place([(product.pk, 1)])
    assert order.language == "id"
    with translation.override("en"), time_machine.travel(timezone.now()):
        text = notifications.status_message(order)
    with translation.override("id"):
        assert text == notifications.status_message(order)
