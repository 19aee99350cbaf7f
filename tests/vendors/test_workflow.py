"""Bar 1: every transition of the review workflow, and every forbidden one."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import translation

from tests.factories import StaffFactory, UserFactory, VendorFactory, VerifiedUserFactory
from vendors import services
from vendors.models import Vendor, VendorStatusChange

pytestmark = pytest.mark.django_db

S = Vendor.Status


def vendor_in(status, **kwargs):
    reason = "Foto produk belum jelas." if status in (S.REJECTED, S.SUSPENDED) else ""
    kwargs.setdefault("user", VerifiedUserFactory())
    kwargs.setdefault("language", "en")
    return VendorFactory(status=status, status_reason=reason, **kwargs)


def owner(vendor):
    return vendor.user


# (service, from status, to status, who acts, extra arguments)
ALLOWED = [
    (services.vendor_submit, S.DRAFT, S.SUBMITTED, "owner", {}),
    (services.vendor_approve, S.SUBMITTED, S.APPROVED, "staff", {}),
    (services.vendor_reject, S.SUBMITTED, S.REJECTED, "staff", {"reason": "NIB tidak cocok."}),
    (services.vendor_resubmit, S.REJECTED, S.SUBMITTED, "owner", {}),
    (services.vendor_suspend, S.APPROVED, S.SUSPENDED, "staff", {"reason": "Produk palsu."}),
    (services.vendor_reinstate, S.SUSPENDED, S.APPROVED, "staff", {}),
]


def actor(kind, vendor, staf_dinas):
    return owner(vendor) if kind == "owner" else staf_dinas


@pytest.mark.parametrize(
    ("service", "source", "target", "who", "extra"),
    ALLOWED,
    ids=[f"{s.__name__}-{a}-{b}" for s, a, b, _w, _e in ALLOWED],
)
def test_each_allowed_transition_writes_one_history_row_and_sends_one_email(
    service, source, target, who, extra, staf_dinas, mailoutbox, django_capture_on_commit_callbacks
):
    vendor = vendor_in(source)
    by = actor(who, vendor, staf_dinas)

    with django_capture_on_commit_callbacks(execute=True):
        change = service(vendor=vendor, by=by, **extra)

    vendor.refresh_from_db()
    assert vendor.status == target
    history = list(VendorStatusChange.objects.filter(vendor=vendor))
    assert history == [change]
    assert (change.from_status, change.to_status, change.by) == (source, target, by)
    assert change.reason == extra.get("reason", "")
    assert change.at is not None
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [vendor.user.email]
    if "reason" in extra:
        assert vendor.status_reason == extra["reason"]
        assert extra["reason"] in mailoutbox[0].body
    else:
        assert vendor.status_reason == ""


def test_submitting_and_approving_stamp_the_dates(staf_dinas):
    vendor = vendor_in(S.DRAFT)
    services.vendor_submit(vendor=vendor, by=vendor.user)
    assert vendor.submitted_at is not None
    services.vendor_approve(vendor=vendor, by=staf_dinas, note="Lengkap.")
    vendor.refresh_from_db()
    assert vendor.approved_at >= vendor.submitted_at
    assert vendor.status_changes.first().reason == "Lengkap."


def test_a_vendor_can_fix_and_resubmit_after_a_rejection(staf_dinas):
    vendor = vendor_in(S.SUBMITTED)
    services.vendor_reject(vendor=vendor, by=staf_dinas, reason="Lengkapi alamat.")
    services.vendor_resubmit(vendor=vendor, by=vendor.user)
    services.vendor_approve(vendor=vendor, by=staf_dinas)
    steps = [(c.from_status, c.to_status) for c in vendor.status_changes.order_by("at", "pk")]
    assert steps == [
        (S.SUBMITTED, S.REJECTED),
        (S.REJECTED, S.SUBMITTED),
        (S.SUBMITTED, S.APPROVED),
    ]
    vendor.refresh_from_db()
    assert vendor.status == S.APPROVED and vendor.status_reason == ""


def test_the_email_speaks_the_vendors_language(
    staf_dinas, mailoutbox, django_capture_on_commit_callbacks
):
    english = vendor_in(S.SUBMITTED, language="en")
    indonesian = vendor_in(S.SUBMITTED, language="id")
    with django_capture_on_commit_callbacks(execute=True):
        services.vendor_approve(vendor=english, by=staf_dinas)
        services.vendor_approve(vendor=indonesian, by=staf_dinas)
    to_english, to_indonesian = mailoutbox
    assert to_english.subject == "Your business is approved on Galeri Menong"
    assert "http://testserver/en/dasbor/" in to_english.body
    assert f"http://testserver/en/umkm/{english.slug}/" in to_english.body
    assert "http://testserver/dasbor/" in to_indonesian.body
    assert "/en/" not in to_indonesian.body


FORBIDDEN_BY_STATUS = [
    (service, status, who, extra)
    for service, source, _target, who, extra in ALLOWED
    for status in S.values
    if status != source
]


@pytest.mark.parametrize(
    ("service", "status", "who", "extra"),
    FORBIDDEN_BY_STATUS,
    ids=[f"{s.__name__}-from-{status}" for s, status, _w, _e in FORBIDDEN_BY_STATUS],
)
def test_a_transition_from_any_other_status_is_refused_and_changes_nothing(
    service, status, who, extra, staf_dinas, mailoutbox, django_capture_on_commit_callbacks
):
    vendor = vendor_in(status)
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(services.VendorTransitionError, match="cannot go from"),
    ):
        service(vendor=vendor, by=actor(who, vendor, staf_dinas), **extra)
    vendor.refresh_from_db()
    assert vendor.status == status
    assert not VendorStatusChange.objects.exists()
    assert mailoutbox == []


def test_approving_a_draft_is_refused(staf_dinas):
    vendor = vendor_in(S.DRAFT)
    with translation.override("en"), pytest.raises(services.VendorTransitionError) as refused:
        services.vendor_approve(vendor=vendor, by=staf_dinas)
    assert str(refused.value) == f"{vendor} cannot go from “Draft” to “Approved”."


def test_a_vendor_cannot_approve_itself(mailoutbox, django_capture_on_commit_callbacks):
    vendor = vendor_in(S.SUBMITTED)
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(services.VendorPermissionError, match="Only district staff"),
    ):
        services.vendor_approve(vendor=vendor, by=vendor.user)
    vendor.refresh_from_db()
    assert vendor.status == S.SUBMITTED
    assert not VendorStatusChange.objects.exists()
    assert mailoutbox == []


def test_a_staff_member_cannot_approve_their_own_business(staf_dinas):
    vendor = vendor_in(S.SUBMITTED, user=staf_dinas)
    with pytest.raises(services.VendorPermissionError, match="own business"):
        services.vendor_approve(vendor=vendor, by=staf_dinas)
    assert not VendorStatusChange.objects.exists()


def test_a_superuser_cannot_approve_their_own_business_either():
    boss = UserFactory(is_staff=True, is_superuser=True)
    vendor = vendor_in(S.SUBMITTED, user=boss)
    with pytest.raises(services.VendorPermissionError):
        services.vendor_approve(vendor=vendor, by=boss)


@pytest.mark.parametrize(
    "service",
    [
        services.vendor_approve,
        services.vendor_reject,
        services.vendor_suspend,
        services.vendor_reinstate,
    ],
)
def test_staff_decisions_need_the_review_permission(service):
    source = {
        services.vendor_approve: S.SUBMITTED,
        services.vendor_reject: S.SUBMITTED,
        services.vendor_suspend: S.APPROVED,
        services.vendor_reinstate: S.SUSPENDED,
    }[service]
    vendor = vendor_in(source)
    extra = (
        {"reason": "Alasan."}
        if service in (services.vendor_reject, services.vendor_suspend)
        else {}
    )
    plain_staff = StaffFactory()
    other_vendor_owner = VendorFactory().user
    for by in (None, UserFactory(), plain_staff, other_vendor_owner):
        with pytest.raises(services.VendorPermissionError):
            service(vendor=vendor, by=by, **extra)
    vendor.refresh_from_db()
    assert vendor.status == source
    assert not VendorStatusChange.objects.exists()


def test_the_review_permission_alone_is_enough_to_decide():
    reviewer = StaffFactory()
    reviewer.user_permissions.add(Permission.objects.get(codename="review_vendor"))
    vendor = vendor_in(S.SUBMITTED)
    services.vendor_approve(vendor=vendor, by=reviewer)
    assert vendor.status == S.APPROVED


def test_an_inactive_staff_member_cannot_decide(staf_dinas):
    staf_dinas.is_active = False
    staf_dinas.save()
    vendor = vendor_in(S.SUBMITTED)
    with pytest.raises(services.VendorPermissionError):
        services.vendor_approve(vendor=vendor, by=staf_dinas)


@pytest.mark.parametrize("reason", ["", "   ", "\n\t"])
def test_rejecting_without_a_reason_is_refused(
    reason, staf_dinas, mailoutbox, django_capture_on_commit_callbacks
):
    vendor = vendor_in(S.SUBMITTED)
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(services.VendorReasonRequired, match="Give a reason"),
    ):
        services.vendor_reject(vendor=vendor, by=staf_dinas, reason=reason)
    vendor.refresh_from_db()
    assert vendor.status == S.SUBMITTED
    assert not VendorStatusChange.objects.exists()
    assert mailoutbox == []


def test_suspending_without_a_reason_is_refused(staf_dinas):
    vendor = vendor_in(S.APPROVED)
    with pytest.raises(services.VendorReasonRequired):
        services.vendor_suspend(vendor=vendor, by=staf_dinas, reason=" ")
    vendor.refresh_from_db()
    assert vendor.status == S.APPROVED


def test_submitting_needs_a_confirmed_email_address():
    vendor = vendor_in(S.DRAFT, user=UserFactory(email_verified_at=None))
    with pytest.raises(services.VendorTransitionError, match="Confirm your email"):
        services.vendor_submit(vendor=vendor, by=vendor.user)
    vendor.refresh_from_db()
    assert vendor.status == S.DRAFT


@pytest.mark.parametrize("service", [services.vendor_submit, services.vendor_resubmit])
def test_only_the_owner_submits(service, staf_dinas):
    vendor = vendor_in(S.DRAFT if service is services.vendor_submit else S.REJECTED)
    for by in (staf_dinas, VendorFactory().user, None):
        with pytest.raises(services.VendorPermissionError):
            service(vendor=vendor, by=by)
    assert not VendorStatusChange.objects.exists()


def test_the_database_refuses_a_rejection_without_a_reason():
    from django.db import IntegrityError, transaction

    vendor = vendor_in(S.SUBMITTED)
    with pytest.raises(IntegrityError), transaction.atomic():
        Vendor.objects.filter(pk=vendor.pk).update(status=S.REJECTED, status_reason="")
    with pytest.raises(IntegrityError), transaction.atomic():
        VendorStatusChange.objects.create(
            vendor=vendor, from_status=S.APPROVED, to_status=S.SUSPENDED, reason=""
        )


def test_the_staf_dinas_group_holds_exactly_the_review_permissions():
    group = Group.objects.get(name="Staf Dinas")
    vendors_permissions = set(
        group.permissions.filter(content_type__app_label="vendors").values_list(
            "codename", flat=True
        )
    )
    assert vendors_permissions == {
        "view_vendor",
        "change_vendor",
        "review_vendor",
        "view_vendorstatuschange",
        "view_vendorprofilechange",
        "view_vendorimage",
        "view_vendorlink",
        # Permits (NIB, P-IRT, halal) are recorded with their dates; never deleted.
        "view_vendorpermit",
        "add_vendorpermit",
        "change_vendorpermit",
    }
    assert not group.permissions.filter(codename__startswith="delete_vendor").exists()
    assert not group.permissions.filter(content_type__app_label__in=["accounts", "auth"]).exists()
