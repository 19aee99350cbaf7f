"""The whole journey across the apps, in Chromium at a desktop and at a phone viewport.

An UMKM registers (with its logo) and confirms its email; the district staff approve it in the
admin; the owner lists a product with a photo and publishes it; the outlet's staff record the
delivery; a shopper searches, finds it, orders it and gets the confirmation; staff mark it ready,
then collected; the owner sees the sale. Everyone logs in through the real login page.
Screenshots of every step are kept under test-results/<test>/.
"""

import io
import re
from urllib.parse import urlsplit

import pytest
from PIL import Image

from gallery.models import StockLevel
from orders.models import Order
from products.models import Category, Product
from tests.browser.conftest import DESKTOP, PHONE
from tests.factories import OutletFactory, StaffFactory
from vendors.models import Vendor

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

STAFF_PASSWORD = "kata-sandi-uji-2026"
OWNER_PASSWORD = "gentong-anjun-1978"
VIEWPORTS = {
    "desktop": {"viewport": DESKTOP},
    "phone": {"viewport": PHONE, "is_mobile": True, "has_touch": True},
}


def picture(name, colour, size=(900, 700)):
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return {"name": name, "mimeType": "image/png", "buffer": buffer.getvalue()}


def log_in(page, base, email, password, next_path):
    page.goto(f"{base}/en/akun/masuk/?next={next_path}")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", password)
    page.locator("form:has(input[name=password]) [type=submit]").click()
    page.wait_for_url(f"{base}{next_path}")


def run_admin_action(page, base, order, action):
    page.goto(f"{base}/admin/orders/order/?q={order.number}")
    page.check(f"input[name=_selected_action][value='{order.pk}']")
    page.select_option("select[name=action]", action)
    page.click("button[name=index]")
    page.wait_for_load_state()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_an_umkm_registers_lists_a_product_and_sees_it_sold_and_collected(
    viewport, request, live_server, browser, screenshot, mailoutbox
):
    base = live_server.url
    outlet = OutletFactory(name="Galeri Menong Veteran", whatsapp="+6281200000134")
    StaffFactory(
        email="dewi.dinas@purwakartakab.go.id", full_name="Dewi Lestari", groups=["Staf Dinas"]
    )
    StaffFactory(email="kasir@galerimenong.id", full_name="Asep Sunandar", groups=["Staf Galeri"])
    jars = Category.objects.get(slug="guci-vas")
    contexts = []

    def new_page():
        context = browser.new_context(locale="id-ID", **VIEWPORTS[viewport])
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    def step(page, name):
        """Keep a screenshot; the site's own pages and the outlet staff's delivery form fit the
        screen's width (the rest of the admin is for a desk)."""
        screenshot(page, name)
        if "/admin/" not in page.url or "/delivery/" in page.url:
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= page.viewport_size["width"], f"{name}: {width} px wide"

    owner = request.getfixturevalue("page" if viewport == "desktop" else "phone_page")
    try:
        # 1. The owner registers the business, logo included, on one page.
        owner.goto(f"{base}/en/umkm/daftar/")
        owner.fill("input[name=email]", "sari.gerabah@contoh.id")
        owner.fill("input[name=password1]", OWNER_PASSWORD)
        owner.fill("input[name=password2]", OWNER_PASSWORD)
        owner.fill("input[name=business_name]", "Gerabah Sari Anjun")
        owner.fill("input[name=owner_name]", "Sari Wulandari")
        owner.check(f"input[name=categories][value='{jars.parent_id}']")
        owner.fill("textarea[name=story]", "Gentong dan guci tanah liat Plered, dibakar sendiri.")
        owner.fill("input[name=founded_year]", "1998")
        owner.select_option("select[name=kecamatan]", label="Plered")
        owner.fill("input[name=desa]", "Anjun")
        owner.fill("input[name=address]", "Jl. Raya Anjun No. 5")
        owner.fill("input[name=whatsapp]", "0812-3456-7890")
        owner.set_input_files("input[name=logo]", picture("logo.png", (154, 52, 18), (300, 300)))
        step(owner, "01-registration")
        owner.get_by_role("button", name="Send my registration").click()
        # The form logs nobody in (a taken address must look the same): it says to confirm.
        owner.wait_for_url(re.compile(r"/en/akun/masuk/\?next=/en/dasbor/"))
        assert "open it to confirm your address" in owner.inner_text("main")
        vendor = Vendor.objects.get(business_name="Gerabah Sari Anjun")
        assert vendor.images.filter(kind="logo").count() == 1

        # 2. The link in the email confirms the address and submits the registration; the
        # owner logs in with the new password.
        link = re.search(r"https?://\S+/umkm/verifikasi/\S+/", mailoutbox[0].body).group(0)
        owner.goto(base + urlsplit(link).path)
        owner.wait_for_url(re.compile(r"/en/akun/masuk/\?next=/en/dasbor/"))
        log_in(owner, base, "sari.gerabah@contoh.id", OWNER_PASSWORD, "/en/dasbor/")
        assert "Waiting for review" in owner.inner_text(".status-banner")
        step(owner, "02-email-confirmed")

        # 3. The district staff approve it in the admin.
        dinas = new_page()
        log_in(
            dinas, base, "dewi.dinas@purwakartakab.go.id", STAFF_PASSWORD, "/admin/vendors/vendor/"
        )
        dinas.goto(f"{base}/admin/vendors/vendor/?status__exact=submitted")
        dinas.check(f"input[name=_selected_action][value='{vendor.pk}']")
        dinas.select_option("select[name=action]", "approve_selected")
        dinas.click("button[name=index]")
        dinas.wait_for_load_state()
        assert dinas.locator("ul.messagelist li.success").count() == 1
        step(dinas, "03-staff-approve")
        vendor.refresh_from_db()
        assert vendor.status == Vendor.Status.APPROVED

        # 4. The owner lists a product with a photo and publishes it.
        owner.goto(f"{base}/en/dasbor/produk/baru/")
        owner.fill("input[name=name]", "Guci Keramik Motif Daun")
        owner.select_option("select[name=category]", value=str(jars.pk))
        owner.fill(
            "textarea[name=description]",
            "Guci tanah liat setinggi 40 cm, dibentuk di putaran dan dibakar di tungku kayu.",
        )
        owner.fill("input[name=materials]", "tanah liat Plered")
        owner.fill("input[name=price]", "185.000")
        step(owner, "04-product-form")
        owner.locator("form.product-form [type=submit]").click()
        owner.wait_for_url(re.compile(r"/en/dasbor/produk/\d+/foto/$"))
        product = Product.objects.get(vendor=vendor)
        owner.set_input_files("input[name=picture]", picture("guci.png", (176, 96, 48)))
        owner.fill("input[name=alt]", "Guci coklat setinggi 40 cm dengan motif daun")
        owner.locator("form.upload-form [type=submit]").click()
        owner.wait_for_load_state()
        assert product.images.count() == 1
        owner.goto(f"{base}/en/dasbor/produk/{product.pk}/")
        owner.get_by_role("button", name="Publish").click()
        owner.wait_for_load_state()
        product.refresh_from_db()
        assert product.status == Product.Status.PUBLISHED
        assert "Published" in owner.inner_text(".product-state")
        step(owner, "05-product-published")

        # 5. The outlet's staff check the product against its checklist, then record the
        # delivery in the admin.
        kasir = new_page()
        curation = f"/admin/products/product/{product.pk}/check/"
        log_in(kasir, base, "kasir@galerimenong.id", STAFF_PASSWORD, curation)
        for answer in kasir.locator("input[type=radio][value=pass]").all():
            answer.check()
        step(kasir, "05b-staff-curation-check")
        kasir.click("input[type=submit].default")
        kasir.wait_for_url(re.compile(rf"/admin/products/product/{product.pk}/change/"))
        delivery = "/admin/gallery/stockmovement/delivery/"
        kasir.goto(base + delivery)
        kasir.check("input[name=kind][value=intake]")
        kasir.select_option("select[name=vendor]", value=str(vendor.pk))
        kasir.select_option("select[name=outlet]", value=str(outlet.pk))
        kasir.click("input[type=submit].default")
        kasir.fill("input[name=reference]", "SJ-ANJUN-001")
        kasir.select_option("select[name=lines-0-product]", value=str(product.pk))
        kasir.fill("input[name=lines-0-quantity]", "6")
        step(kasir, "06-staff-delivery")
        kasir.click("input[type=submit].default")
        kasir.wait_for_url(re.compile(r"/admin/gallery/stockmovement/\?"))
        level = StockLevel.objects.get(outlet=outlet, product=product)
        assert (level.on_hand, level.reserved) == (6, 0)

        # 6. A shopper searches, finds it, adds two to the cart and orders them (Indonesian).
        shopper = new_page()
        shopper.goto(f"{base}/")
        shopper.fill("#site-search", "guci motif daun")
        shopper.press("#site-search", "Enter")
        shopper.wait_for_url(re.compile(r"/produk/\?q=guci"))
        step(shopper, "07-search")
        shopper.locator(f"a[href='/produk/{product.slug}/']").first.click()
        shopper.wait_for_url(f"{base}/produk/{product.slug}/")
        shopper.fill("form.add-to-cart input[name=quantity]", "2")
        step(shopper, "08-product")
        shopper.click("form.add-to-cart [type=submit]")
        shopper.wait_for_url(f"{base}/keranjang/")
        assert "Rp370.000" in shopper.inner_text(".cart-total")
        step(shopper, "09-cart")
        shopper.click("a.button[href='/pesan/']")
        shopper.fill("input[name=name]", "Rahmawati Kusuma")
        shopper.fill("input[name=phone]", "0813 2222 3333")
        shopper.fill("input[name=email]", "rahma@contoh.id")
        shopper.locator("form[action='/pesan/'] [type=submit]").click()
        shopper.wait_for_url(f"{base}/pesan/periksa/")
        step(shopper, "10-review")
        shopper.click("form.place-order [type=submit]")
        shopper.wait_for_url(re.compile(r"/pesanan/GM-\d{6}-[2-9A-HJ-NP-Z]{5}/$"))
        order = Order.objects.get()
        assert shopper.inner_text(".order-number") == order.number
        assert (order.total, order.phone, order.outlet) == (370_000, "+6281322223333", outlet)
        level.refresh_from_db()
        assert (level.on_hand, level.reserved) == (6, 2)
        step(shopper, "11-confirmation")

        # 7. Staff mark it ready, then collected and paid in cash.
        run_admin_action(kasir, base, order, "mark_ready")
        order.refresh_from_db()
        assert order.status == Order.Status.READY
        run_admin_action(kasir, base, order, "mark_collected")
        kasir.check("input[name=payment_method][value=cash]")
        step(kasir, "12-staff-collect")
        kasir.click("input[type=submit].default")
        kasir.wait_for_url(re.compile(r"/admin/orders/order/"))
        order.refresh_from_db()
        assert (order.status, order.payment_status, order.payment_method) == (
            "collected",
            "paid",
            "cash",
        )
        level.refresh_from_db()
        assert (level.on_hand, level.reserved) == (4, 0)
        shopper.reload()
        step(shopper, "13-order-collected")

        # 8. The owner sees the sale, and nothing of the shopper.
        owner.goto(f"{base}/en/dasbor/pesanan/")
        lines = owner.inner_text("table.vendor-order-lines")
        assert order.number in lines and "Collected" in lines and "Rp370.000" in lines
        assert "Rp370.000" in owner.inner_text("table.sales-by-month")
        assert "Rahmawati" not in owner.inner_text("body")
        step(owner, "14-vendor-sale")
    finally:
        for context in contexts:
            context.close()
