"""Bar 5: a shopper finds, orders and confirms; staff mark it ready and collected; the vendor sees
the sale. One story, in Chromium, against the live server."""

import re

import pytest

from gallery.services import stock_receive
from orders.models import Order
from tests.factories import OutletFactory, ProductFactory, StaffFactory, UserFactory, VendorFactory

# Committed data for the live server's thread; the migrations' data (kecamatan, groups) is
# restored for it.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "kata-sandi-uji-2026"


@pytest.fixture
def gallery():
    staff = StaffFactory(email="kasir@galerimenong.id", groups=["Staf Galeri"])
    outlet = OutletFactory(name="Galeri Menong Veteran", whatsapp="+6281200000134")
    vendor = VendorFactory(
        business_name="Gerabah Anjun Lestari",
        user=UserFactory(email="anjun@contoh.id", full_name="Ibu Enok"),
    )
    product = ProductFactory(vendor=vendor, name="Guci Keramik Plered Motif Daun", price=185_000)
    stock_receive(outlet=outlet, product=product, quantity=6, by=staff)
    return {"staff": staff, "outlet": outlet, "vendor": vendor, "product": product}


def log_in(page, url, email):
    page.goto(url)
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form:has(input[name=password]) [type=submit]").click()


def run_admin_action(page, base, order, action):
    page.goto(f"{base}/admin/orders/order/?q={order.number}")
    page.check(f"input[name=_selected_action][value='{order.pk}']")
    page.select_option("select[name=action]", action)
    page.click("button[name=index]")


def test_a_shopper_orders_for_pickup_and_staff_hand_it_over(
    live_server, browser, page, screenshot, gallery
):
    base = live_server.url

    # The shopper searches from the header, opens the product and adds two to the cart.
    page.goto(f"{base}/en/")
    page.fill("#site-search", "Guci Keramik")
    page.press("#site-search", "Enter")
    page.wait_for_url(re.compile(r"/en/produk/\?q=Guci"))
    page.get_by_role("link", name="Guci Keramik Plered Motif Daun").first.click()
    page.wait_for_url(f"{base}/en/produk/{gallery['product'].slug}/")
    page.fill("form.add-to-cart input[name=quantity]", "2")
    screenshot(page, "1-product")
    page.click("form.add-to-cart button[type=submit]")

    page.wait_for_url(f"{base}/en/keranjang/")
    assert page.locator(".cart-line").count() == 1
    assert "Available at Galeri Menong Veteran (6 left)." in page.inner_text(".cart-line")
    assert "Rp370.000" in page.inner_text(".cart-total")
    assert page.inner_text(".site-header .badge") == "2"
    screenshot(page, "2-cart")

    # Checkout: details, then the review.
    page.get_by_role("link", name="Continue to checkout").click()
    page.fill("input[name=name]", "Rahmawati Kusuma")
    page.fill("input[name=phone]", "0812 3456 7890")
    page.fill("input[name=email]", "rahma@contoh.id")
    page.fill("textarea[name=note]", "Saya ambil Sabtu pagi.")
    page.get_by_role("button", name="Review the order").click()
    page.wait_for_url(f"{base}/en/pesan/periksa/")
    assert "Rp370.000" in page.inner_text("table.order-lines")
    assert "0812-3456-7890" in page.inner_text(".order-facts")
    screenshot(page, "3-review")
    page.get_by_role("button", name="Place the order").click()

    # The confirmation.
    page.wait_for_url(re.compile(r"/en/pesanan/GM-\d{6}-[2-9A-HJ-NP-Z]{5}/$"))
    order = Order.objects.get()
    assert page.inner_text(".order-number") == order.number
    assert f"Thank you! Your order {order.number} is placed." in page.inner_text(".messages")
    whatsapp = page.get_by_role("link", name="Ask the outlet on WhatsApp").get_attribute("href")
    assert whatsapp.startswith("https://wa.me/6281200000134?text=") and order.number in whatsapp
    assert page.locator(".site-header .badge").count() == 0
    screenshot(page, "4-confirmation")

    # Outlet staff: ready, then collected and paid with QRIS.
    staff_context = browser.new_context(locale="id-ID")
    staff_page = staff_context.new_page()
    log_in(staff_page, f"{base}/admin/login/?next=/admin/orders/order/", "kasir@galerimenong.id")
    staff_page.wait_for_url(f"{base}/admin/orders/order/")
    run_admin_action(staff_page, base, order, "mark_ready")
    staff_page.wait_for_load_state()
    order.refresh_from_db()
    assert order.status == Order.Status.READY
    run_admin_action(staff_page, base, order, "mark_collected")
    staff_page.check("input[name=payment_method][value=qris]")
    screenshot(staff_page, "5-staff-collect")
    staff_page.click("input[type=submit].default")
    staff_page.wait_for_url(re.compile(r"/admin/orders/order/"))
    order.refresh_from_db()
    assert (order.status, order.payment_status, order.payment_method) == (
        "collected",
        "paid",
        "qris",
    )
    screenshot(staff_page, "6-staff-list")
    staff_context.close()

    # The shopper's page follows the order.
    page.reload()
    assert "Paid (QRIS)" in page.inner_text(".order-facts")

    # The vendor sees the sale in the dashboard, and nothing of the shopper.
    vendor_context = browser.new_context(locale="id-ID")
    vendor_page = vendor_context.new_page()
    log_in(vendor_page, f"{base}/en/akun/masuk/", "anjun@contoh.id")
    vendor_page.wait_for_load_state()
    vendor_page.goto(f"{base}/en/dasbor/pesanan/")
    lines = vendor_page.inner_text("table.vendor-order-lines")
    assert order.number in lines and "Collected" in lines and "Rp370.000" in lines
    sales = vendor_page.inner_text("table.sales-by-month")
    assert "Rp370.000" in sales
    body = vendor_page.inner_text("body")
    assert "Rahmawati" not in body and "3456" not in body and "rahma@contoh.id" not in body
    screenshot(vendor_page, "7-vendor-dashboard")
    vendor_context.close()
