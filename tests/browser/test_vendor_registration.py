"""Bar 5 of the vendors issue: an UMKM owner registers and confirms the email address, a member of
the district staff approves the business in the admin, and its public page shows. In Chromium,
against the live server (which runs in this process, so the sent emails are in mail.outbox)."""

import io
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from PIL import Image

from tests.factories import CategoryFactory, StaffFactory
from vendors.models import Vendor, VendorStatusChange

# Committed data for the live server's thread; the migrations' data (kecamatan, groups) is
# restored for it.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

STAFF_PASSWORD = "kata-sandi-uji-2026"
OWNER_PASSWORD = "gentong-anjun-1978"


def logo_png():
    buffer = io.BytesIO()
    Image.new("RGB", (300, 300), (154, 52, 18)).save(buffer, "PNG")
    return {"name": "logo.png", "mimeType": "image/png", "buffer": buffer.getvalue()}


def test_an_umkm_registers_confirms_is_approved_and_gets_a_public_page(
    live_server, browser, page, screenshot, mailoutbox
):
    base = live_server.url
    CategoryFactory(slug="uji-gerabah", name_id="Gerabah Uji", name_en="Test Earthenware")
    StaffFactory(
        email="dewi.dinas@purwakartakab.go.id", full_name="Dewi Lestari", groups=["Staf Dinas"]
    )

    # The owner finds the registration in the footer and fills in the one page.
    page.goto(f"{base}/en/umkm/")
    page.locator(".site-footer").get_by_role("link", name="Register as an UMKM").click()
    page.wait_for_url(f"{base}/en/umkm/daftar/")
    page.fill("input[name=email]", "sari.gerabah@contoh.id")
    page.fill("input[name=password1]", OWNER_PASSWORD)
    page.fill("input[name=password2]", OWNER_PASSWORD)
    page.fill("input[name=business_name]", "Gerabah Sari Anjun")
    page.fill("input[name=owner_name]", "Sari Wulandari")
    page.get_by_label("Test Earthenware").check()
    page.fill(
        "textarea[name=story]", "Gentong dan pot tanah liat Plered, dibakar di tungku sendiri."
    )
    page.fill("input[name=founded_year]", "1998")
    page.select_option("select[name=kecamatan]", label="Plered")
    page.fill("input[name=desa]", "Anjun")
    page.fill("input[name=address]", "Jl. Raya Anjun No. 5")
    page.fill("input[name=whatsapp]", "0812-3456-7890")
    page.check("input[name=show_whatsapp]")
    page.fill("input[name=link_instagram]", "@gerabahsari")
    page.set_input_files("input[name=logo]", logo_png())
    screenshot(page, "1-registration")
    page.get_by_role("button", name="Send my registration").click()

    # Nobody is logged in by the form (a taken address must look the same): the page asks to
    # confirm the address with the emailed link, then to log in.
    page.wait_for_url(re.compile(r"/en/akun/masuk/\?next=/en/dasbor/"))
    assert "open it to confirm your address" in page.inner_text("main")
    screenshot(page, "2-confirm-email")
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/umkm/verifikasi/\S+/", mail.outbox[0].body).group(0)
    page.goto(base + urlsplit(link).path)
    page.wait_for_url(re.compile(r"/en/akun/masuk/\?next=/en/dasbor/"))
    page.fill("input[name=username]", "sari.gerabah@contoh.id")
    page.fill("input[name=password]", OWNER_PASSWORD)
    page.locator("form:has(input[name=password]) [type=submit]").click()
    page.wait_for_url(f"{base}/en/dasbor/")
    assert "Waiting for review" in page.inner_text(".status-banner")
    vendor = Vendor.objects.get(business_name="Gerabah Sari Anjun")
    assert vendor.status == Vendor.Status.SUBMITTED
    assert vendor.whatsapp == "+6281234567890"
    screenshot(page, "3-waiting")

    # Not public yet.
    assert page.goto(f"{base}/en/umkm/{vendor.slug}/").status == 404

    # A member of the district staff approves it with the admin action.
    staff_context = browser.new_context(locale="id-ID")
    staff_page = staff_context.new_page()
    staff_page.goto(f"{base}/admin/login/?next=/admin/vendors/vendor/")
    staff_page.fill("input[name=username]", "dewi.dinas@purwakartakab.go.id")
    staff_page.fill("input[name=password]", STAFF_PASSWORD)
    staff_page.click("input[type=submit]")
    staff_page.wait_for_url(f"{base}/admin/vendors/vendor/")
    staff_page.goto(f"{base}/admin/vendors/vendor/?status__exact=submitted")
    staff_page.check(f"input[name=_selected_action][value='{vendor.pk}']")
    staff_page.select_option("select[name=action]", "approve_selected")
    staff_page.click("button[name=index]")
    staff_page.wait_for_load_state()
    assert staff_page.locator("ul.messagelist li.success").count() == 1
    screenshot(staff_page, "4-staff-approved")
    staff_context.close()

    vendor.refresh_from_db()
    assert vendor.status == Vendor.Status.APPROVED
    assert [(c.from_status, c.to_status) for c in VendorStatusChange.objects.order_by("at")] == [
        ("draft", "submitted"),
        ("submitted", "approved"),
    ]
    assert [m.subject for m in mail.outbox][-1] == "Your business is approved on Galeri Menong"

    # The public page shows, to anyone.
    visitor = browser.new_context(locale="id-ID")
    public = visitor.new_page()
    response = public.goto(f"{base}/en/umkm/{vendor.slug}/")
    assert response.status == 200
    assert public.inner_text("h1") == "Gerabah Sari Anjun"
    assert "Kecamatan Plered" in public.inner_text(".vendor-place")
    assert public.locator(".vendor-head img").evaluate("img => img.naturalWidth") > 0
    whatsapp = public.get_by_role("link", name="Chat on WhatsApp").get_attribute("href")
    assert whatsapp.startswith("https://wa.me/6281234567890?text=")
    assert public.get_by_role("link", name="Instagram").get_attribute("href") == (
        "https://www.instagram.com/gerabahsari/"
    )
    screenshot(public, "5-public-page")
    public.goto(f"{base}/en/umkm/")
    assert "Gerabah Sari Anjun" in public.inner_text(".vendor-grid")
    visitor.close()
