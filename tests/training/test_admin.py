"""Staff publish sessions, see the attendee list and export it; every action is logged."""

import csv
import io

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import translation

from tests.factories import StaffFactory
from training import services
from training.admin import ATTENDEE_HEADER
from training.models import TrainingSession

from .conftest import session

pytestmark = pytest.mark.django_db


def read_csv(response):
    assert response.status_code == 200
    raw = b"".join(response.streaming_content)
    assert raw.startswith(b"\xef\xbb\xbf")
    # Semicolons by default: what Excel set up for Indonesia opens into columns.
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))


@pytest.fixture
def full_workshop(vendors):
    workshop = session(title="Konten Digital untuk UMKM", quota=4)
    for vendor in vendors[:3]:
        services.signup_create(session=workshop, vendor=vendor, by=vendor.user)
    cancelled = workshop.signups.get(vendor=vendors[2])
    services.signup_cancel(signup=cancelled, by=vendors[2].user)
    return workshop


def test_staff_export_the_attendee_list(client, full_workshop, staf_dinas, vendors):
    client.force_login(staf_dinas)
    url = reverse("admin:training_trainingsession_attendees", args=[full_workshop.pk])
    rows = read_csv(client.get(url))
    with translation.override("id"):
        assert rows[0] == [str(title) for title in ATTENDEE_HEADER]
    # Active sign-ups only: the cancelled seat is not an attendee.
    assert [row[2] for row in rows[1:]] == [vendors[0].business_name, vendors[1].business_name]
    assert rows[1][6] == vendors[0].user.email


def test_the_change_page_lists_sign_ups_and_links_the_export(client, full_workshop, staf_dinas):
    client.force_login(staf_dinas)
    response = client.get(reverse("admin:training_trainingsession_change", args=[full_workshop.pk]))
    assert response.status_code == 200
    assert b"Perajin Anjun" in response.content
    assert (
        reverse("admin:training_trainingsession_attendees", args=[full_workshop.pk]).encode()
        in response.content
    )


def test_the_attendee_export_needs_the_sign_up_view_permission(client, full_workshop):
    client.force_login(StaffFactory(email="galeri@contoh.id", groups=["Staf Galeri"]))
    url = reverse("admin:training_trainingsession_attendees", args=[full_workshop.pk])
    assert client.get(url).status_code == 403


def test_publishing_from_the_list_is_logged(client, staf_dinas):
    draft = session(is_published=False)
    client.force_login(staf_dinas)
    response = client.post(
        reverse("admin:training_trainingsession_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_published
    entry = LogEntry.objects.get(object_id=str(draft.pk))
    assert entry.user == staf_dinas
    assert entry.is_change()


def test_staff_create_a_session_and_the_addition_is_logged(client, staf_dinas):
    client.force_login(staf_dinas)
    response = client.post(
        reverse("admin:training_trainingsession_add"),
        {
            "title": "Mengurus NIB dan P-IRT",
            "topic": "licensing",
            "description": "Pendampingan perizinan.",
            "starts_at_0": "2099-03-10",
            "starts_at_1": "09:00",
            "ends_at_0": "2099-03-10",
            "ends_at_1": "12:00",
            "place": "Mal Pelayanan Publik Purwakarta",
            "online_url": "",
            "quota": "25",
            "is_published": "on",
            "signups-TOTAL_FORMS": "0",
            "signups-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    created = TrainingSession.objects.get(title="Mengurus NIB dan P-IRT")
    assert created.created_by == staf_dinas
    assert LogEntry.objects.filter(object_id=str(created.pk), user=staf_dinas).exists()


def test_a_session_needs_a_place_or_a_link_and_an_end_after_its_start(client, staf_dinas):
    client.force_login(staf_dinas)
    response = client.post(
        reverse("admin:training_trainingsession_add"),
        {
            "title": "Tanpa Tempat",
            "topic": "finance",
            "starts_at_0": "2099-03-10",
            "starts_at_1": "12:00",
            "ends_at_0": "2099-03-10",
            "ends_at_1": "09:00",
            "place": "",
            "online_url": "",
            "quota": "10",
            "signups-TOTAL_FORMS": "0",
            "signups-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert not TrainingSession.objects.filter(title="Tanpa Tempat").exists()


def test_the_quota_cannot_drop_below_the_sign_ups(client, full_workshop, staf_dinas):
    client.force_login(staf_dinas)
    starts = full_workshop.starts_at.astimezone()
    response = client.post(
        reverse("admin:training_trainingsession_change", args=[full_workshop.pk]),
        {
            "title": full_workshop.title,
            "topic": full_workshop.topic,
            "description": full_workshop.description,
            "starts_at_0": f"{starts:%Y-%m-%d}",
            "starts_at_1": f"{starts:%H:%M}",
            "ends_at_0": f"{full_workshop.ends_at.astimezone():%Y-%m-%d}",
            "ends_at_1": f"{full_workshop.ends_at.astimezone():%H:%M}",
            "place": full_workshop.place,
            "online_url": "",
            "quota": "1",
            "is_published": "on",
            "signups-TOTAL_FORMS": "3",
            "signups-INITIAL_FORMS": "3",
            "signups-MIN_NUM_FORMS": "0",
            "signups-MAX_NUM_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "quota" in response.context["adminform"].form.errors
    full_workshop.refresh_from_db()
    assert full_workshop.quota == 4


def test_the_attendee_export_action_needs_the_sign_up_view_permission(client, full_workshop):
    from django.contrib.auth.models import Permission

    viewer = StaffFactory(email="lihat@contoh.id")
    viewer.user_permissions.add(Permission.objects.get(codename="view_trainingsession"))
    client.force_login(viewer)
    changelist = reverse("admin:training_trainingsession_changelist")
    page = client.get(changelist)
    assert page.status_code == 200
    assert b'value="export_attendees"' not in page.content
    response = client.post(
        changelist, {"action": "export_attendees", "_selected_action": [full_workshop.pk]}
    )
    assert response.status_code in (200, 302)
    assert response.get("Content-Type", "").startswith("text/html")  # no attendee list


def test_unpublishing_is_recorded_as_a_staff_decision(client, staf_dinas, caplog):
    published = session(is_published=True)
    client.force_login(staf_dinas)
    with caplog.at_level("INFO", logger="galeri.audit"):
        client.post(
            reverse("admin:training_trainingsession_changelist"),
            {"action": "unpublish", "_selected_action": [published.pk]},
        )
    published.refresh_from_db()
    assert not published.is_published
    assert LogEntry.objects.get(object_id=str(published.pk)).user == staf_dinas
    assert "event=training_unpublished" in caplog.text
