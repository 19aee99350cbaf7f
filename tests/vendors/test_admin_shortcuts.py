"""Approve, reject, suspend and reinstate from a vendor's own admin page."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.test import Client

from tests.factories import StaffFactory, SubmittedVendorFactory, VendorFactory
from vendors.models import Vendor, VendorStatusChange

pytestmark = pytest.mark.django_db

S = Vendor.Status


def change_url(vendor):
    return f"/admin/vendors/vendor/{vendor.pk}/change/"


def decide_url(vendor, decision):
    return f"/admin/vendors/vendor/{vendor.pk}/decide/{decision}/"


@pytest.fixture
def staff_client(client, staf_dinas):
    client.force_login(staf_dinas)
    return client


def buttons(response):
    return {decision.slug for decision in response.context["decisions"]}


@pytest.mark.parametrize(
    "status, allowed",
    [
        (S.SUBMITTED, {"approve", "reject"}),
        (S.APPROVED, {"suspend"}),
        (S.SUSPENDED, {"reinstate"}),
        (S.REJECTED, set()),
        (S.DRAFT, set()),
    ],
)
def test_the_change_page_offers_only_the_steps_the_status_allows(staff_client, status, allowed):
    reason = "Alasan." if status in (S.SUSPENDED, S.REJECTED) else ""
    vendor = VendorFactory(status=status, status_reason=reason)
    response = staff_client.get(change_url(vendor))
    assert response.status_code == 200
    assert buttons(response) == allowed
    html = response.content.decode()
    for decision in allowed:
        assert f'action="{decide_url(vendor, decision)}"' in html
    for decision in {"approve", "reject", "suspend", "reinstate"} - allowed:
        assert decide_url(vendor, decision) not in html


def test_approving_from_the_change_page_records_it_like_the_list_action(
    staff_client, staf_dinas, mailoutbox, django_capture_on_commit_callbacks
):
    vendor = SubmittedVendorFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(decide_url(vendor, "approve"))
    assert response.status_code == 302
    assert response["Location"] == change_url(vendor)
    vendor.refresh_from_db()
    assert vendor.status == S.APPROVED
    assert VendorStatusChange.objects.filter(
        vendor=vendor, to_status=S.APPROVED, by=staf_dinas
    ).exists()
    assert LogEntry.objects.filter(user=staf_dinas, object_id=str(vendor.pk)).exists()
    assert len(mailoutbox) == 1
    page = staff_client.get(change_url(vendor))
    assert vendor.business_name in str(next(iter(page.context["messages"])))
    assert buttons(page) == {"suspend"}


def test_rejecting_from_the_change_page_asks_for_the_reason_first(staff_client, staf_dinas):
    vendor = SubmittedVendorFactory()

    page = staff_client.post(decide_url(vendor, "reject"))
    assert page.status_code == 200
    assert "vendors/admin/action_reason.html" in [t.name for t in page.templates]
    assert f'href="{change_url(vendor)}"' in page.content.decode(), "Cancel goes back"
    vendor.refresh_from_db()
    assert vendor.status == S.SUBMITTED

    blank = staff_client.post(decide_url(vendor, "reject"), {"apply": "1", "reason": " "})
    assert blank.status_code == 200
    assert blank.context["form"].errors["reason"]
    assert not VendorStatusChange.objects.filter(vendor=vendor).exists()

    done = staff_client.post(
        decide_url(vendor, "reject"), {"apply": "1", "reason": "NIB tidak terbaca."}
    )
    assert done.status_code == 302
    vendor.refresh_from_db()
    assert (vendor.status, vendor.status_reason) == (S.REJECTED, "NIB tidak terbaca.")
    assert VendorStatusChange.objects.get(vendor=vendor).by == staf_dinas


def test_suspending_and_reinstating_from_the_change_page(staff_client):
    vendor = VendorFactory()
    staff_client.post(decide_url(vendor, "suspend"), {"apply": "1", "reason": "Stok kosong."})
    vendor.refresh_from_db()
    assert vendor.status == S.SUSPENDED
    staff_client.post(decide_url(vendor, "reinstate"))
    vendor.refresh_from_db()
    assert vendor.status == S.APPROVED
    assert VendorStatusChange.objects.filter(vendor=vendor).count() == 2


def test_a_step_the_status_does_not_allow_changes_nothing_and_says_why(staff_client):
    vendor = VendorFactory(status=S.DRAFT)
    response = staff_client.post(decide_url(vendor, "approve"), follow=True)
    vendor.refresh_from_db()
    assert vendor.status == S.DRAFT
    assert vendor.business_name in str(next(iter(response.context["messages"])))
    assert not VendorStatusChange.objects.exists()


def test_the_decision_urls_answer_only_post(staff_client):
    vendor = SubmittedVendorFactory()
    assert staff_client.get(decide_url(vendor, "approve")).status_code == 405
    vendor.refresh_from_db()
    assert vendor.status == S.SUBMITTED


def test_an_unknown_decision_or_vendor_is_404(staff_client):
    vendor = SubmittedVendorFactory()
    assert staff_client.post(decide_url(vendor, "delete")).status_code == 404
    assert staff_client.post("/admin/vendors/vendor/999999/decide/approve/").status_code == 404


def test_staff_without_the_review_permission_see_no_buttons_and_may_not_decide(client):
    viewer = StaffFactory()
    viewer.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_vendor", "change_vendor"])
    )
    client.force_login(viewer)
    vendor = SubmittedVendorFactory()
    page = client.get(change_url(vendor))
    assert page.status_code == 200
    assert buttons(page) == set()
    assert "/decide/" not in page.content.decode()
    assert client.post(decide_url(vendor, "approve")).status_code == 403
    vendor.refresh_from_db()
    assert vendor.status == S.SUBMITTED


def test_nobody_sees_the_buttons_on_their_own_business(client, staf_dinas):
    own = SubmittedVendorFactory(user=staf_dinas)
    client.force_login(staf_dinas)
    assert buttons(client.get(change_url(own))) == set()
    client.post(decide_url(own, "approve"))
    own.refresh_from_db()
    assert own.status == S.SUBMITTED


def test_the_decision_forms_carry_the_csrf_token(staf_dinas):
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(staf_dinas)
    vendor = SubmittedVendorFactory()
    assert csrf_client.post(decide_url(vendor, "approve")).status_code == 403
    html = csrf_client.get(change_url(vendor)).content.decode()
    assert html.count('name="csrfmiddlewaretoken"') >= 3
    vendor.refresh_from_db()
    assert vendor.status == S.SUBMITTED
