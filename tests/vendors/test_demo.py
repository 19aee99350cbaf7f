import io

import pytest

from core import demo as core_demo
from vendors import demo
from vendors.models import Vendor, VendorImage, VendorStatusChange

pytestmark = pytest.mark.django_db

S = Vendor.Status


def test_the_demo_vendors_cover_every_state_and_seeding_twice_changes_nothing():
    out = io.StringIO()
    core_demo.seed(out)
    demo.seed(out)
    counts = {status: Vendor.objects.filter(status=status).count() for status in S.values}
    history = VendorStatusChange.objects.count()
    pictures = VendorImage.objects.count()

    demo.seed(out)

    assert Vendor.objects.count() == 25
    assert all(counts[status] >= 2 for status in S.values), counts
    assert {status: Vendor.objects.filter(status=status).count() for status in S.values} == counts
    assert VendorStatusChange.objects.count() == history
    assert VendorImage.objects.count() == pictures
    assert Vendor.objects.values("kecamatan").distinct().count() >= 12


def test_the_demo_vendor_account_is_an_approved_potter_and_every_decision_has_history():
    out = io.StringIO()
    core_demo.seed(out)
    demo.seed(out)
    vendor = Vendor.objects.get(user__email=core_demo.VENDOR_EMAIL)
    assert vendor.business_name == "Gerabah Anjun Plered"
    assert vendor.status == S.APPROVED
    assert vendor.user.check_password(core_demo.DEMO_PASSWORD)
    assert vendor.user.email_verified
    assert vendor.logo is not None and vendor.logo.renditions
    steps = [(c.from_status, c.to_status) for c in vendor.status_changes.order_by("at")]
    assert steps == [(S.DRAFT, S.SUBMITTED), (S.SUBMITTED, S.APPROVED)]

    # Every decision is in the history, with its reason.
    for vendor in Vendor.objects.exclude(status=S.DRAFT):
        last = vendor.status_changes.order_by("-at", "-pk").first()
        assert last.to_status == vendor.status
        if vendor.status in (S.REJECTED, S.SUSPENDED):
            assert last.reason == vendor.status_reason != ""
    reinstated = VendorStatusChange.objects.filter(from_status=S.SUSPENDED, to_status=S.APPROVED)
    assert reinstated.exists()
