"""Bar 4: sign-ups for training sessions: quota, duplicates, cancellation, unapproved vendors."""

import datetime
import threading

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from training import services
from training.models import SignUp, TrainingSession
from vendors.models import Vendor

from .conftest import session


@pytest.mark.django_db
def test_a_full_session_takes_no_more_sign_ups(vendors):
    small = session(quota=2)
    for vendor in vendors[:2]:
        services.signup_create(session=small, vendor=vendor, by=vendor.user)
    with pytest.raises(services.SessionFull):
        services.signup_create(session=small, vendor=vendors[2], by=vendors[2].user)
    assert SignUp.objects.active().filter(session=small).count() == 2


@pytest.mark.django_db
def test_a_vendor_cannot_sign_up_twice_for_one_session(vendors):
    workshop = session()
    vendor = vendors[0]
    services.signup_create(session=workshop, vendor=vendor, by=vendor.user)
    with pytest.raises(services.TrainingError):
        services.signup_create(session=workshop, vendor=vendor, by=vendor.user)
    assert SignUp.objects.filter(session=workshop, vendor=vendor).count() == 1


@pytest.mark.django_db
def test_the_database_refuses_a_second_active_sign_up(vendors):
    workshop = session()
    SignUp.objects.create(session=workshop, vendor=vendors[0])
    with pytest.raises(IntegrityError), transaction.atomic():
        SignUp.objects.create(session=workshop, vendor=vendors[0])


@pytest.mark.django_db
def test_cancelling_frees_the_seat_and_the_vendor_may_sign_up_again(vendors):
    small = session(quota=1)
    first, second = vendors[:2]
    seat = services.signup_create(session=small, vendor=first, by=first.user)
    with pytest.raises(services.SessionFull):
        services.signup_create(session=small, vendor=second, by=second.user)

    services.signup_cancel(signup=seat, by=first.user)
    seat.refresh_from_db()
    assert seat.cancelled_at is not None
    assert seat.cancelled_by == first.user
    services.signup_create(session=small, vendor=second, by=second.user)
    with pytest.raises(services.SessionFull):
        services.signup_create(session=small, vendor=first, by=first.user)
    # The cancelled row stays on record.
    assert SignUp.objects.filter(session=small).count() == 2


@pytest.mark.django_db
def test_a_sign_up_is_cancelled_only_once_and_only_before_the_session(vendors):
    workshop = session()
    seat = services.signup_create(session=workshop, vendor=vendors[0], by=vendors[0].user)
    services.signup_cancel(signup=seat, by=vendors[0].user)
    with pytest.raises(services.TrainingError):
        services.signup_cancel(signup=seat, by=vendors[0].user)

    again = services.signup_create(session=workshop, vendor=vendors[0], by=vendors[0].user)
    TrainingSession.objects.filter(pk=workshop.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=1)
    )
    with pytest.raises(services.TrainingError):
        services.signup_cancel(signup=again, by=vendors[0].user)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "status",
    [Vendor.Status.DRAFT, Vendor.Status.SUBMITTED, Vendor.Status.REJECTED, Vendor.Status.SUSPENDED],
)
def test_vendors_not_approved_are_refused(vendors, status):
    vendor = vendors[0]
    Vendor.objects.filter(pk=vendor.pk).update(status=status, status_reason="Belum lengkap")
    vendor.refresh_from_db()
    with pytest.raises(services.TrainingError):
        services.signup_create(session=session(), vendor=vendor, by=vendor.user)
    assert not SignUp.objects.exists()


@pytest.mark.django_db
def test_unpublished_and_started_sessions_take_no_sign_ups(vendors):
    draft = session(is_published=False)
    started = session(starts_at=timezone.now() - datetime.timedelta(minutes=5))
    for closed in (draft, started):
        with pytest.raises(services.TrainingError):
            services.signup_create(session=closed, vendor=vendors[0], by=vendors[0].user)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_vendors_racing_for_the_last_seat_get_one_seat(vendors):
    last_seat = session(quota=1)
    barrier = threading.Barrier(2)
    outcomes = []

    def sign_up(vendor):
        try:
            barrier.wait(timeout=10)
            services.signup_create(session=last_seat, vendor=vendor, by=vendor.user)
            outcomes.append("seat")
        except services.SessionFull:
            outcomes.append("full")
        finally:
            connection.close()

    threads = [threading.Thread(target=sign_up, args=(vendor,)) for vendor in vendors[:2]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["full", "seat"]
    assert SignUp.objects.active().filter(session=last_seat).count() == 1


# The vendor's dashboard page (works without JavaScript: plain POST forms)


@pytest.mark.django_db
def test_vendor_signs_up_and_cancels_from_the_dashboard(client, vendors):
    workshop = session(title="Foto Produk dengan Ponsel", quota=5)
    vendor = vendors[0]
    client.force_login(vendor.user)
    page = client.get("/en/dasbor/pelatihan/")
    assert page.status_code == 200
    signup_url = reverse("dashboard-training:signup", args=[workshop.pk])
    assert signup_url.encode() in page.content
    assert b"csrfmiddlewaretoken" in page.content

    response = client.post(signup_url)
    assert response.status_code == 302
    assert SignUp.objects.active().filter(session=workshop, vendor=vendor).exists()
    page = client.get("/en/dasbor/pelatihan/")
    assert reverse("dashboard-training:cancel", args=[workshop.pk]).encode() in page.content

    client.post(reverse("dashboard-training:cancel", args=[workshop.pk]))
    assert not SignUp.objects.active().filter(session=workshop, vendor=vendor).exists()


@pytest.mark.django_db
def test_the_dashboard_refuses_an_unapproved_vendor_and_shows_no_button(client, waiting_vendor):
    workshop = session()
    client.force_login(waiting_vendor.user)
    page = client.get("/en/dasbor/pelatihan/")
    assert page.status_code == 200
    assert reverse("dashboard-training:signup", args=[workshop.pk]).encode() not in page.content
    response = client.post(reverse("dashboard-training:signup", args=[workshop.pk]), follow=True)
    assert b"Only approved vendors" in response.content
    assert not SignUp.objects.exists()


@pytest.mark.django_db
def test_a_full_session_shows_no_sign_up_button(client, vendors):
    full = session(quota=1)
    services.signup_create(session=full, vendor=vendors[1], by=vendors[1].user)
    client.force_login(vendors[0].user)
    page = client.get("/en/dasbor/pelatihan/")
    assert reverse("dashboard-training:signup", args=[full.pk]).encode() not in page.content
    assert b"This session is full." in page.content
    response = client.post(reverse("dashboard-training:signup", args=[full.pk]), follow=True)
    assert b"Sorry, this session is full." in response.content
    assert SignUp.objects.filter(vendor=vendors[0]).count() == 0


@pytest.mark.django_db
def test_sign_up_needs_a_post_with_the_csrf_token(vendors):
    workshop = session()
    client = Client(enforce_csrf_checks=True)
    client.force_login(vendors[0].user)
    url = reverse("dashboard-training:signup", args=[workshop.pk])
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 403
    assert not SignUp.objects.exists()


@pytest.mark.django_db
def test_a_vendor_cannot_cancel_another_vendors_seat(client, vendors):
    workshop = session()
    services.signup_create(session=workshop, vendor=vendors[1], by=vendors[1].user)
    client.force_login(vendors[0].user)
    response = client.post(reverse("dashboard-training:cancel", args=[workshop.pk]))
    assert response.status_code == 404
    assert SignUp.objects.active().filter(vendor=vendors[1]).exists()


@pytest.mark.django_db
def test_the_training_dashboard_needs_a_vendor_account(client, staf_dinas):
    assert client.get("/en/dasbor/pelatihan/").status_code == 302
    client.force_login(staf_dinas)
    assert client.get("/en/dasbor/pelatihan/").status_code == 403


# The public page


@pytest.mark.django_db
def test_public_page_lists_only_published_sessions_still_to_come(client):
    soon = session(title="Live Selling di TikTok", topic="live_selling")
    session(title="Draf Pelatihan Perizinan", is_published=False)
    session(title="Pelatihan Kemarin", starts_at=timezone.now() - datetime.timedelta(days=1))
    later = session(
        title="Desain Kemasan Gula Aren",
        topic="packaging",
        starts_at=timezone.now() + datetime.timedelta(days=30),
        place="",
        online_url="https://meet.google.com/abc-defg-hij",
    )
    response = client.get("/en/pelatihan/")
    assert response.status_code == 200
    sessions = list(response.context["sessions"])
    assert sessions == [soon, later]
    assert b"Draf Pelatihan" not in response.content
    assert b"Pelatihan Kemarin" not in response.content
    # The meeting link is for the vendors who signed up, not for the public page.
    assert b"meet.google.com" not in response.content
    assert client.get(f"/en/pelatihan/{soon.pk}/").status_code == 200
    assert client.get("/pelatihan/").status_code == 200


@pytest.mark.django_db
def test_an_unpublished_session_has_no_public_page(client):
    draft = session(is_published=False)
    assert client.get(f"/en/pelatihan/{draft.pk}/").status_code == 404


@pytest.mark.django_db
def test_the_public_page_shows_the_seats_left(client, vendors):
    workshop = session(quota=3)
    services.signup_create(session=workshop, vendor=vendors[0], by=vendors[0].user)
    response = client.get("/en/pelatihan/")
    assert b"2 seats left" in response.content


@pytest.mark.django_db
def test_training_pages_read_a_bounded_number_of_queries(
    client, vendors, django_assert_max_num_queries
):
    for day in range(1, 13):
        workshop = session(
            title=f"Pelatihan {day}", starts_at=timezone.now() + datetime.timedelta(days=day)
        )
        services.signup_create(session=workshop, vendor=vendors[day % 3], by=vendors[0].user)
    with django_assert_max_num_queries(2):
        assert client.get("/en/pelatihan/").status_code == 200
    client.force_login(vendors[0].user)
    with django_assert_max_num_queries(5):
        assert client.get("/en/dasbor/pelatihan/").status_code == 200
