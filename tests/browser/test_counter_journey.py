"""A day at the outlet counter, in Chromium on a phone and at a desk.

The cashier opens a shift, finds three products (by the label's code, by name, and by the QR
code's address as a scanner types it), takes cash and gives the change, shows and prints the
receipt, sells once more; a supervisor voids that second receipt; the cashier takes one item back
against the first and closes the shift with the counted cash. The database is checked after each
step; screenshots are kept under test-results/<test>/.
"""

import re

import pytest
from django.conf import settings
from django.utils import translation

from counter.models import Sale, SaleReturn, Shift
from gallery.models import StockLevel, StockMovement
from tests.browser.conftest import PHONE
from tests.factories import OutletFactory, ProductFactory, StaffFactory, VendorFactory

from .counter_world import counter_staff, log_in, on_shelf

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

VIEWPORTS = {
    "phone": {"viewport": PHONE, "is_mobile": True, "has_touch": True},
    "desktop": {"viewport": {"width": 1280, "height": 800}},
}
# The print dialog would wait for a person; the tests count the calls instead.
NO_PRINT_DIALOG = "window.print = function () { window.__printed = (window.__printed || 0) + 1; };"
# 58 mm paper with its margins, as a thermal printer's preview shows it.
ROLL_WIDTH = 220


@pytest.fixture
def counter():
    outlet = OutletFactory(name="Galeri Menong Veteran", slug="galeri-menong-veteran")
    keeper = StaffFactory(email="gudang@galerimenong.id", groups=["Staf Galeri"])
    potter = VendorFactory(business_name="Gerabah Anjun Lestari", slug="gerabah-anjun-lestari")
    baker = VendorFactory(business_name="Simping Kaum Bu Eti", slug="simping-kaum-bu-eti")
    weaver = VendorFactory(business_name="Anyaman Bambu Bojong", slug="anyaman-bambu-bojong")
    products = {
        "vase": ProductFactory(name="Guci Motif Daun", price=150_000, vendor=potter),
        "simping": ProductFactory(name="Simping Kaum Original", price=25_000, vendor=baker),
        "basket": ProductFactory(
            name="Tas Anyaman Bambu", slug="tas-anyaman-bambu", price=85_000, vendor=weaver
        ),
    }
    for product in products.values():
        on_shelf(product, outlet, 10, keeper)
    return {
        "outlet": outlet,
        "cashier": counter_staff([outlet], email="kasir@galerimenong.id", full_name="Dewi Lestari"),
        "supervisor": counter_staff(
            [outlet],
            email="supervisor@galerimenong.id",
            full_name="Asep Sunandar",
            supervisor=True,
        ),
        **products,
    }


def on_hand(outlet, product):
    return StockLevel.objects.get(outlet=outlet, product=product).on_hand


def find(page, text):
    page.fill("#counter-q", text)
    page.press("#counter-q", "Enter")


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_cashier_sells_prints_voids_takes_a_return_and_closes_the_shift(
    viewport, live_server, browser, screenshot, counter
):
    base = live_server.url
    outlet, vase, simping, basket = (counter[k] for k in ("outlet", "vase", "simping", "basket"))
    counter_url = f"{base}/en/kasir/{outlet.slug}/"
    contexts = []

    def new_page():
        context = browser.new_context(locale="id-ID", **VIEWPORTS[viewport])
        context.set_default_timeout(15_000)
        context.add_init_script(NO_PRINT_DIALOG)
        contexts.append(context)
        return context.new_page()

    try:
        # 1. The cashier logs in; the counter's home goes straight to the only outlet.
        page = new_page()
        log_in(page, base, "kasir@galerimenong.id", "/en/kasir/")
        page.wait_for_url(counter_url)
        assert "No shift is open." in page.inner_text("#shift-status")

        # 2. Opening the shift with the float counted into the drawer.
        page.click("#shift-open-link")
        page.fill("input[name=opening_float]", "200000")
        screenshot(page, "01-shift-open")
        page.locator("form.office-form [type=submit]").click()
        page.wait_for_url(counter_url)
        shift = Shift.objects.get()
        assert (shift.status, shift.opening_float, shift.opened_by) == (
            Shift.Status.OPEN,
            200_000,
            counter["cashier"],
        )
        assert page.locator("#shift-status").get_attribute("data-shift-id") == str(shift.pk)

        # 3. Three products: the code on the shelf label, part of a name, a scanned QR code.
        find(page, vase.code)
        page.locator(f"#qty-{vase.pk}").wait_for()
        find(page, "simping kaum")
        page.click(f"[data-add='{simping.pk}']")
        page.locator(f"#qty-{simping.pk}").wait_for()
        with translation.override(settings.LANGUAGE_CODE):
            scanned = settings.SITE_URL + basket.get_absolute_url()
        assert scanned == "http://testserver/produk/tas-anyaman-bambu/"
        find(page, scanned)
        page.locator(f"#qty-{basket.pk}").wait_for()
        page.fill(f"#qty-{simping.pk}", "3")
        page.click(f"[data-update='{simping.pk}']")
        page.locator("#sale-total[data-total='310000']").wait_for()
        assert page.locator("[data-line]").count() == 3
        assert page.inner_text("#sale-total") == "Rp310.000"
        assert not Sale.objects.exists()
        screenshot(page, "02-sale")

        # 4. Cash with change, and the buyer's WhatsApp for the receipt.
        page.click("#checkout-button")
        page.locator("#checkout-total").wait_for()
        assert page.inner_text("#checkout-total") == "Rp310.000"
        page.fill("input[name=cash_tendered]", "350000")
        assert page.inner_text("#change") == "Rp40.000"
        page.fill("input[name=buyer_phone]", "0812 3456 7890")
        screenshot(page, "03-payment")
        page.click("#pay-button")
        page.wait_for_url(re.compile(r"/struk/GM[\w-]+/$"))
        sale = Sale.objects.get()
        assert page.url == f"{base}/en/kasir/{outlet.slug}/struk/{sale.number}/"
        lines = {line.product_id: line for line in sale.lines.all()}
        assert {pk: (line.quantity, line.line_total) for pk, line in lines.items()} == {
            vase.pk: (1, 150_000),
            simping.pk: (3, 75_000),
            basket.pk: (1, 85_000),
        }
        assert (sale.total, sale.change_given, sale.shift, sale.by) == (
            310_000,
            40_000,
            shift,
            counter["cashier"],
        )
        payment = sale.payments.get()
        assert (payment.method, payment.amount, payment.tendered) == ("cash", 310_000, 350_000)
        assert sale.change_given == payment.tendered - sale.total
        assert [on_hand(outlet, p) for p in (vase, simping, basket)] == [9, 7, 9]

        # 5. The receipt on screen: its lines, their makers, the change, WhatsApp ready.
        receipt = page.inner_text("#receipt")
        for text in (
            "Guci Motif Daun",
            "Gerabah Anjun Lestari",
            "Simping Kaum Original",
            "Simping Kaum Bu Eti",
            "Tas Anyaman Bambu",
            "Anyaman Bambu Bojong",
            sale.number,
        ):
            assert text in receipt
        assert page.inner_text("#receipt-change") == "Rp40.000"
        assert page.get_attribute("#whatsapp-link", "href").startswith(
            "https://wa.me/6281234567890?text="
        )
        screenshot(page, "04-receipt")

        # 6. Printing on the 58 mm roll: the dialog opens by itself; the print CSS hides the
        # tools and keeps the receipt 48 mm wide in a monospace font.
        page.click("#print-58")
        page.wait_for_url(re.compile(r"/cetak/\?kertas=58$"))
        page.wait_for_function("() => window.__printed >= 1")
        assert page.locator(".receipt-line").count() == 3
        size = page.viewport_size
        page.set_viewport_size({"width": ROLL_WIDTH, "height": size["height"]})
        screenshot(page, "05-receipt-58mm")
        assert page.evaluate("document.documentElement.scrollWidth") <= ROLL_WIDTH
        page.emulate_media(media="print")
        printed = page.evaluate(
            """() => ({
                tools: getComputedStyle(document.querySelector('.print-tools')).display,
                width: document.querySelector('#receipt').getBoundingClientRect().width,
                font: getComputedStyle(document.querySelector('#receipt')).fontFamily,
            })"""
        )
        assert printed["tools"] == "none"
        assert 175 <= printed["width"] <= 187  # 48 mm at 96 dpi
        assert "monospace" in printed["font"]
        page.emulate_media(media="screen")
        page.set_viewport_size(size)
        page.click("#print-switch")
        page.wait_for_url(re.compile(r"/cetak/\?kertas=a4$"))
        assert page.locator("body.paper-a4 .receipt-line").count() == 3
        screenshot(page, "06-receipt-a4")

        # 7. A second sale, which the supervisor will void.
        page.click("#print-back")
        page.click("#new-sale")
        page.wait_for_url(counter_url)
        find(page, basket.code.lower())
        page.locator(f"#qty-{basket.pk}").wait_for()
        page.click("#checkout-button")
        page.fill("input[name=cash_tendered]", "100000")
        assert page.inner_text("#change") == "Rp15.000"
        page.click("#pay-button")
        page.wait_for_url(re.compile(r"/struk/GM[\w-]+/$"))
        second = Sale.objects.exclude(pk=sale.pk).get()
        assert (second.total, second.change_given) == (85_000, 15_000)
        assert on_hand(outlet, basket) == 8

        # 8. The supervisor voids it from the receipt list, with a reason.
        boss = new_page()
        log_in(boss, base, "supervisor@galerimenong.id", f"/en/kasir/{outlet.slug}/struk/")
        boss.wait_for_url(f"{counter_url}struk/")
        boss.get_by_role("link", name=re.compile(second.number)).click()
        boss.click("#void-link")
        boss.fill("textarea[name=reason]", "Pembeli batal, salah pilih warna.")
        screenshot(boss, "07-void")
        boss.locator("form.office-form [type=submit]").click()
        boss.locator("#receipt-void").wait_for()
        second.refresh_from_db()
        assert (second.status, second.voided_by, second.void_reason) == (
            Sale.Status.VOIDED,
            counter["supervisor"],
            "Pembeli batal, salah pilih warna.",
        )
        assert on_hand(outlet, basket) == 9
        back = StockMovement.objects.get(reference=second.number, kind="sale_return")
        assert (back.product, back.on_hand_change) == (basket, 1)
        screenshot(boss, "08-voided")

        # 9. The buyer of the first sale brings one simping back; cash refunded.
        page.goto(f"{counter_url}struk/{sale.number}/")
        page.click("#return-link")
        simping_line = lines[simping.pk]
        page.fill(f"input[name=quantity_{simping_line.pk}]", "1")
        page.fill("textarea[name=reason]", "Kemasan penyok, diganti uang.")
        screenshot(page, "09-return")
        page.locator("form.office-form [type=submit]").click()
        page.wait_for_url(f"{counter_url}struk/{sale.number}/")
        sale_return = SaleReturn.objects.get()
        assert (sale_return.sale, sale_return.refund_method, sale_return.refund_amount) == (
            sale,
            "cash",
            25_000,
        )
        assert [(line.sale_line, line.quantity) for line in sale_return.lines.all()] == [
            (simping_line, 1)
        ]
        assert list(
            StockMovement.objects.filter(reference=sale_return.reference).values_list(
                "kind", "product", "on_hand_change"
            )
        ) == [("sale_return", simping.pk, 1)]
        assert on_hand(outlet, simping) == 8

        # 10. Closing: the float, plus the cash kept, less the refund, counted in the drawer.
        expected = 200_000 + 310_000 - 25_000
        page.goto(f"{counter_url}shift/tutup/")
        assert "Rp485.000" in page.inner_text(".office-facts")
        page.fill("input[name=counted_cash]", str(expected))
        screenshot(page, "10-shift-close")
        page.locator("form.office-form [type=submit]").click()
        page.wait_for_url(f"{counter_url}shift/{shift.pk}/")
        shift.refresh_from_db()
        assert (shift.status, shift.expected_cash, shift.counted_cash, shift.closed_by) == (
            Shift.Status.CLOSED,
            expected,
            expected,
            counter["cashier"],
        )
        assert shift.difference == 0
        report = page.inner_text("main")
        assert "Rp485.000" in report and "Rp25.000" in report
        screenshot(page, "11-shift-report")
    finally:
        for context in contexts:
            context.close()
