"""An affiliate signs up, staff approve, the affiliate shares a product; a shopper follows the
link and orders; outlet staff mark it ready and collected in the admin; the affiliate sees the
earning. Every step on a phone, at 390×844.
"""

import re

import pytest

from affiliates.models import Affiliate, AffiliateEarning, AffiliateReferral
from gallery.services import stock_receive
from orders.models import Order
from tests.factories import OutletFactory, ProductFactory, StaffFactory, UserFactory

from .conftest import PHONE

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "kata-sandi-uji-2026"


@pytest.fixture
def world():
    staff = StaffFactory(email="dewi.dinas@purwakartakab.go.id", groups=["Staf Dinas"])
    StaffFactory(email="kasir@galerimenong.id", groups=["Staf Galeri"])
    outlet = OutletFactory(name="Galeri Menong Veteran")
    product = ProductFactory(name="Guci Keramik Plered Motif Daun", price=185_000)
    stock_receive(outlet=outlet, product=product, quantity=6, by=staff)
    budi = UserFactory(email="budi@contoh.id", full_name="Budi Santoso")
    return {"staff": staff, "outlet": outlet, "product": product, "budi": budi}


def phone_context(browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="id-ID")
    context.set_default_timeout(15_000)
    return context, context.new_page()


def log_in(page, url, email):
    page.goto(url)
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form:has(input[name=password]) [type=submit]").click()


def fits_the_phone(page):
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_an_affiliate_shares_a_product_and_earns_when_the_order_is_collected(
    live_server, browser, screenshot, world
):
    base, product = live_server.url, world["product"]

    # Budi signs up from his shopper account.
    affiliate_context, page = phone_context(browser)
    log_in(page, f"{base}/akun/masuk/?next=/afiliasi/daftar/", "budi@contoh.id")
    page.wait_for_url(f"{base}/afiliasi/daftar/")
    page.fill("input[name=whatsapp]", "0812 7777 6666")
    page.fill("input[name=bank_name]", "Bank BJB")
    page.fill("input[name=account_number]", "0012345678")
    page.fill("input[name=account_holder]", "Budi Santoso")
    page.check("input[name=consent]")
    assert fits_the_phone(page)
    screenshot(page, "1-signup")
    page.locator("form.affiliate-share [type=submit]").click()
    page.wait_for_url(f"{base}/afiliasi/")
    assert page.locator(".status-pending").count() == 1
    affiliate = Affiliate.objects.get(user=world["budi"])

    # District staff approve him on his admin page.
    staff_context, staff_page = phone_context(browser)
    log_in(
        staff_page,
        f"{base}/admin/login/?next=/admin/affiliates/affiliate/{affiliate.pk}/change/",
        "dewi.dinas@purwakartakab.go.id",
    )
    staff_page.wait_for_url(re.compile(r"/admin/affiliates/affiliate/\d+/change/$"))
    staff_page.click("button[name=decision-approve]")
    staff_page.wait_for_load_state()
    screenshot(staff_page, "2-staff-approved")
    staff_context.close()
    affiliate.refresh_from_db()
    assert affiliate.status == "approved" and affiliate.code

    # Budi makes a link to the product from its address.
    page.goto(f"{base}/afiliasi/")
    page.fill("input[name=alamat]", f"{base}/produk/{product.slug}/")
    page.locator("form.affiliate-share [type=submit]").click()
    link = page.input_value("#share-link")
    assert f"/a/{affiliate.code}/?ke=/produk/{product.slug}/" in link
    assert fits_the_phone(page)
    screenshot(page, "3-share-link")

    # A shopper on another phone follows it, lands on the clean product page and orders.
    shopper_context, shopper = phone_context(browser)
    shopper.goto(base + link[link.index("/a/") :])
    shopper.wait_for_url(f"{base}/produk/{product.slug}/")
    shopper.click("form.add-to-cart button[type=submit]")
    shopper.wait_for_url(f"{base}/keranjang/")
    shopper.goto(f"{base}/pesan/")
    shopper.fill("input[name=name]", "Rahmawati Kusuma")
    shopper.fill("input[name=phone]", "0813 9999 0000")
    shopper.locator("form[action='/pesan/'] [type=submit]").click()
    shopper.wait_for_url(f"{base}/pesan/periksa/")
    shopper.locator("form.place-order [type=submit]").click()
    shopper.wait_for_url(re.compile(r"/pesanan/GM-"))
    screenshot(shopper, "4-shopper-order")
    shopper_context.close()
    order = Order.objects.get()
    assert AffiliateReferral.objects.get(order=order).affiliate == affiliate

    # The outlet packs it and hands it over: ready, then collected and paid in cash.
    outlet_context, outlet_page = phone_context(browser)
    log_in(outlet_page, f"{base}/admin/login/?next=/admin/orders/order/", "kasir@galerimenong.id")
    outlet_page.wait_for_url(f"{base}/admin/orders/order/")
    for action in ("mark_ready", "mark_collected"):
        outlet_page.goto(f"{base}/admin/orders/order/?q={order.number}")
        outlet_page.check(f"input[name=_selected_action][value='{order.pk}']")
        outlet_page.select_option("select[name=action]", action)
        outlet_page.click("button[name=index]")
        outlet_page.wait_for_load_state()
    outlet_page.check("input[name=payment_method][value=cash]")
    outlet_page.click("input[type=submit].default")
    outlet_page.wait_for_url(re.compile(r"/admin/orders/order/"))
    outlet_context.close()
    order.refresh_from_db()
    assert order.status == Order.Status.COLLECTED
    assert AffiliateEarning.objects.get().amount == 3_700  # 2 % of Rp185.000

    page.goto(f"{base}/afiliasi/")
    assert page.inner_text(".affiliate-balance") == "Rp3.700"
    orders = page.inner_text("table.affiliate-orders")
    assert order.number in orders and "Rp3.700" in orders and "Rahmawati" not in orders
    assert fits_the_phone(page)
    screenshot(page, "5-affiliate-earning")
    affiliate_context.close()
