import logging

import pytest
from django.contrib.admin.models import LogEntry

from core.audit import audit, mask_phone
from tests.factories import StaffFactory, SubmittedVendorFactory
from vendors.services import vendor_approve, vendor_reject

pytestmark = pytest.mark.django_db


def test_a_staff_decision_lands_in_the_admin_log_and_the_audit_log(caplog):
    staff = StaffFactory(groups=["Staf Dinas"])
    vendor = SubmittedVendorFactory(business_name="Anyaman Bambu Sukatani")
    with caplog.at_level(logging.INFO, logger="galeri.audit"):
        vendor_reject(vendor=vendor, by=staff, reason="Foto produk belum ada")
    entry = LogEntry.objects.get(object_id=str(vendor.pk))
    assert entry.user == staff
    assert "Foto produk belum ada" in entry.change_message
    line = next(r.getMessage() for r in caplog.records if "vendor_reject" in r.getMessage())
    assert f"user={staff.pk}" in line
    assert f"object={vendor.pk}" in line


def test_audit_lines_never_carry_the_full_phone_number(caplog):
    staff = StaffFactory(groups=["Staf Dinas"])
    vendor = SubmittedVendorFactory(whatsapp="+6281298765432")
    with caplog.at_level(logging.INFO):
        vendor_approve(vendor=vendor, by=staff)
    assert "81298765432" not in caplog.text
    assert mask_phone("+6281298765432") == "6281****432"


@pytest.mark.parametrize(
    "reason",
    [
        "ok\nevent=login_success user=1",
        'ok" admin="1',
        "ok\x1b[2J\x1b[Hevent=forged",
        "ok\x00\x85\u2028event=forged",
    ],
)
def test_a_value_can_neither_forge_a_field_nor_carry_control_characters(caplog, reason):
    with caplog.at_level(logging.INFO, logger="galeri.audit"):
        audit("vendor_reject", reason=reason)
    (line,) = [r.getMessage() for r in caplog.records if r.name == "galeri.audit"]
    assert line.count("event=") == 1
    assert line.count("=") == 3  # event, user, reason
    assert not any(ord(char) < 32 or 127 <= ord(char) < 160 for char in line)
    assert line.isprintable()
