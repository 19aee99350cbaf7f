"""The counter without a connection, in Chromium at phone size.

The connection drops during a cash sale: the sale waits on the phone, and once the connection is
back it is recorded exactly once, however often it is sent. A sale whose goods went to an online
order meanwhile is still recorded (the buyer has them), flagged for staff with the units the
ledger could not take.
"""

import json
import re

import pytest
from playwright.sync_api import expect

from counter.models import Sale
from counter.services import shift_open
from gallery.models import StockLevel
from orders.services import order_place
from tests.factories import OutletFactory, ProductFactory, StaffFactory, VendorFactory

from .counter_world import counter_staff, log_in, on_shelf

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def counter():
    outlet = OutletFactory(name="Galeri Menong Veteran", slug="galeri-menong-veteran")
    keeper = StaffFactory(email="gudang@galerimenong.id", groups=["Staf Galeri"])
    cashier = counter_staff([outlet], email="kasir@galerimenong.id", full_name="Dewi Lestari")
    potter = VendorFactory(business_name="Gerabah Anjun Lestari")
    return {
        "outlet": outlet,
        "cashier": cashier,
        "shift": shift_open(outlet=outlet, by=cashier, opening_float=200_000),
        "vase": on_shelf(
            ProductFactory(name="Guci Motif Daun", price=150_000, vendor=potter), outlet, 5, keeper
        ),
        "jar": on_shelf(
            ProductFactory(name="Kendi Gerabah Plered", price=60_000, vendor=potter),
            outlet,
            2,
            keeper,
        ),
    }


@pytest.fixture
def counter_page(live_server, phone_page, counter):
    """The cashier at the counter, its catalogue kept on the phone for when the network drops."""
    outlet = counter["outlet"]
    url = f"{live_server.url}/en/kasir/{outlet.slug}/"
    log_in(phone_page, live_server.url, "kasir@galerimenong.id", f"/en/kasir/{outlet.slug}/")
    phone_page.wait_for_url(url)
    phone_page.wait_for_function(
        f"() => localStorage.getItem('counter:{outlet.slug}:catalogue') !== null"
    )
    return phone_page


def outbox(page, outlet):
    return json.loads(page.evaluate(f"() => localStorage.getItem('counter:{outlet.slug}:outbox')"))


def outbox_count(page, n):
    """The banner's count (the banner hides itself once nothing waits)."""
    expect(page.locator("#outbox-count")).to_have_text(str(n), timeout=15_000)


def find(page, text):
    page.fill("#counter-q", text)
    page.press("#counter-q", "Enter")


def test_a_cash_sale_taken_while_the_connection_is_down_is_recorded_once_it_returns(
    counter_page, screenshot, counter
):
    page, outlet, vase = counter_page, counter["outlet"], counter["vase"]
    box = f"counter:{outlet.slug}:outbox"
    find(page, vase.code)
    page.locator(f"#qty-{vase.pk}").wait_for()
    page.fill(f"#qty-{vase.pk}", "2")
    page.click(f"[data-update='{vase.pk}']")
    page.locator("#sale-total[data-total='300000']").wait_for()
    page.click("#checkout-button")
    key = page.get_attribute("input[name=idempotency_key]", "value")
    page.fill("input[name=cash_tendered]", "300000")

    # The connection drops as the cashier records the payment: the sale is kept on the phone.
    page.context.set_offline(True)
    page.click("#pay-button")
    page.locator("#offline-sale").wait_for()
    assert page.input_value("#offline-cash") == "300000"
    assert page.inner_text("[data-offline-total]") == "Rp300.000"
    page.click("[data-offline-pay-button]")
    outbox_count(page, 1)
    assert page.locator("#offline-banner").is_visible()
    assert "Sale kept on this device" in page.inner_text("[data-offline-feedback]")
    kept = outbox(page, outlet)
    assert [(sale["idempotency_key"], sale["expected_total"]) for sale in kept] == [(key, 300_000)]
    assert not Sale.objects.exists()
    screenshot(page, "1-kept-offline")

    # The connection returns: the outbox is sent by itself and empties.
    page.context.set_offline(False)
    outbox_count(page, 0)
    sale = Sale.objects.get(idempotency_key=key)
    assert (sale.total, sale.change_given, sale.sent_offline, sale.needs_attention) == (
        300_000,
        0,
        True,
        False,
    )
    assert [(line.product, line.quantity) for line in sale.lines.all()] == [(vase, 2)]
    assert sale.shift == counter["shift"]
    assert StockLevel.objects.get(outlet=outlet, product=vase).on_hand == 3
    screenshot(page, "2-sent")

    # Sending again (the answer lost, a reload, "Send now") finds the sale already recorded.
    keep_again = f"() => localStorage.setItem('{box}', {json.dumps(json.dumps(kept))})"
    sent = f"() => JSON.parse(localStorage.getItem('{box}')).length === 0"
    page.evaluate(keep_again)
    page.reload()
    page.wait_for_function(sent)
    assert Sale.objects.count() == 1
    page.evaluate(keep_again)
    page.locator("#offline-banner [data-sync-now]").click()
    page.wait_for_function(sent)
    outbox_count(page, 0)
    assert Sale.objects.count() == 1
    assert Sale.objects.filter(idempotency_key=key).count() == 1
    assert StockLevel.objects.get(outlet=outlet, product=vase).on_hand == 3


def test_an_offline_sale_whose_stock_went_meanwhile_is_kept_and_flagged_for_staff(
    counter_page, live_server, screenshot, counter
):
    page, outlet, jar = counter_page, counter["outlet"], counter["jar"]

    # Offline, the cashier sells the last two jars from the kept catalogue.
    page.context.set_offline(True)
    find(page, jar.code)
    page.locator("#offline-sale").wait_for()
    page.fill("#offline-q", jar.code)
    page.press("#offline-q", "Enter")
    page.locator("[data-offline-total]", has_text="Rp120.000").wait_for()
    page.fill("#offline-cash", "150000")
    assert page.inner_text("#offline-change") == "Rp30.000"
    page.click("[data-offline-pay-button]")
    outbox_count(page, 1)
    assert not Sale.objects.exists()

    # Meanwhile a shopper orders both online: the ledger reserves them.
    order = order_place(
        cart_lines=[(jar, 2)],
        customer=None,
        name="Rahmawati Kusuma",
        phone="0812 3456 7890",
        outlet=outlet,
        idempotency_key="pesanan-daring-kendi",
    )
    level = StockLevel.objects.get(outlet=outlet, product=jar)
    assert (level.on_hand, level.reserved) == (2, 2)

    # Back online: the sale is recorded anyway, flagged with the units not taken from stock.
    page.context.set_offline(False)
    outbox_count(page, 0)
    sale = Sale.objects.get()
    line = sale.lines.get()
    assert (sale.total, sale.change_given, sale.sent_offline) == (120_000, 30_000, True)
    assert sale.needs_attention and sale.resolved_at is None
    assert (line.product, line.quantity, line.unposted_quantity) == (jar, 2, 2)
    level.refresh_from_db()
    assert (level.on_hand, level.reserved) == (2, 2), "the order's reservation is untouched"
    assert order.lines.get().quantity == 2

    # The counter tells staff, and the page of sales to check lists it.
    page.goto(f"{live_server.url}/en/kasir/{outlet.slug}/")
    notice = page.locator("#attention-notice")
    assert "1 sale kept offline needs attention." in notice.inner_text()
    screenshot(page, "1-attention-notice")
    notice.get_by_role("link").click()
    page.wait_for_url(re.compile(r"/perlu-dicek/$"))
    flagged = page.inner_text("main")
    assert sale.number in flagged and "2 units not taken from stock" in flagged
    screenshot(page, "2-attention-list")
