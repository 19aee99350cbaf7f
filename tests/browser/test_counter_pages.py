"""Every page of the counter fits a phone: at 390×844, in Indonesian, nothing is wider than the
screen except inside a box that scrolls sideways by design. A screenshot of each page is kept
under test-results/<test>/.

The outlet has a day behind it: a shift closed with a difference awaiting approval, an open
shift with receipts, a sale kept offline and flagged, a stock count under way; the supervisor
works at two outlets. Long names of products and makers, as Purwakarta's UMKM write them.
"""

import secrets

import pytest

from counter.services import (
    LineInput,
    PaymentInput,
    sale_record,
    shift_close,
    shift_open,
    stockcount_record,
    stockcount_start,
)
from orders.services import order_place
from tests.browser.conftest import PHONE
from tests.factories import OutletFactory, ProductFactory, StaffFactory, VendorFactory

from .counter_world import counter_staff, log_in, on_shelf, overflow

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

NO_PRINT_DIALOG = "window.print = function () {};"


def cash_sale(outlet, by, items, **extra):
    total = sum(product.price * quantity for product, quantity in items)
    return sale_record(
        outlet=outlet,
        by=by,
        lines=[LineInput(product_id=product.pk, quantity=quantity) for product, quantity in items],
        payments=[PaymentInput(method="cash", amount=total, tendered=total + 50_000)],
        idempotency_key=secrets.token_urlsafe(16),
        **extra,
    )


@pytest.fixture
def day():
    outlet = OutletFactory(name="Galeri Menong Veteran", slug="galeri-menong-veteran")
    other = OutletFactory(name="Galeri Menong Sadang", slug="galeri-menong-sadang")
    keeper = StaffFactory(email="gudang@galerimenong.id", groups=["Staf Galeri"])
    cashier = counter_staff([outlet], email="kasir@galerimenong.id", full_name="Dewi Lestari")
    supervisor = counter_staff(
        [outlet, other],
        email="supervisor@galerimenong.id",
        full_name="Asep Sunandar Sunarya",
        supervisor=True,
    )
    potter = VendorFactory(business_name="Koperasi Perajin Gerabah Anjun Plered Sejahtera")
    weaver = VendorFactory(business_name="Kelompok Anyaman Bambu Bojong Lestari Mandiri")
    vase = on_shelf(
        ProductFactory(
            name="Guci Keramik Plered Motif Daun Singkong Glasir Biru Tua Besar",
            price=1_250_000,
            vendor=potter,
        ),
        outlet,
        12,
        keeper,
    )
    basket = on_shelf(
        ProductFactory(
            name="Tas Anyaman Bambu Tali Kulit Sintetis Warna Alami", price=185_000, vendor=weaver
        ),
        outlet,
        8,
        keeper,
    )
    simping = on_shelf(
        ProductFactory(
            name="Simping Kaum Original Rasa Gula Aren Kemasan Besar", price=35_000, vendor=weaver
        ),
        outlet,
        40,
        keeper,
    )
    jar = on_shelf(
        ProductFactory(name="Kendi Gerabah Plered", price=60_000, vendor=potter), outlet, 1, keeper
    )

    # Yesterday's shift, closed Rp20.000 short: it waits for a supervisor's approval.
    earlier = shift_open(outlet=outlet, by=cashier, opening_float=300_000)
    cash_sale(outlet, cashier, [(basket, 1)])
    earlier = shift_close(
        shift=earlier, by=cashier, counted_cash=465_000, reason="Uang kembalian salah hitung."
    )

    # Today's shift: a receipt of three lines, and a sale kept offline whose jar went online.
    shift_open(outlet=outlet, by=cashier, opening_float=200_000)
    receipt = cash_sale(
        outlet, cashier, [(vase, 2), (basket, 3), (simping, 10)], buyer_phone="0812 3456 7890"
    )
    order_place(
        cart_lines=[(jar, 1)],
        customer=None,
        name="Rahmawati Kusuma",
        phone="0812 9876 5432",
        outlet=outlet,
        idempotency_key="pesanan-daring-kendi",
    )
    flagged = cash_sale(outlet, cashier, [(jar, 1)], offline=True)
    assert flagged.needs_attention

    count = stockcount_start(outlet=outlet, by=supervisor)
    lines = list(count.lines.order_by("pk"))
    stockcount_record(
        count=count, by=supervisor, counted={lines[0].pk: lines[0].on_hand_at_start - 1}
    )
    return {
        "outlet": outlet,
        "other": other,
        "vase": vase,
        "earlier": earlier,
        "receipt": receipt,
        "flagged": flagged,
        "count": count,
    }


def test_every_counter_page_fits_a_phone_screen(live_server, phone_page, screenshot, day):
    base, page = live_server.url, phone_page
    page.context.add_init_script(NO_PRINT_DIALOG)
    outlet, other, receipt, count = (day[k] for k in ("outlet", "other", "receipt", "count"))
    earlier, flagged = day["earlier"], day["flagged"]
    counter = f"/kasir/{outlet.slug}/"
    log_in(page, base, "supervisor@galerimenong.id", "/kasir/")
    page.wait_for_url(f"{base}/kasir/")

    # The sale on the counter screen, put together through its own forms.
    page.goto(f"{base}{counter}")
    page.fill("#counter-q", day["vase"].code)
    page.press("#counter-q", "Enter")
    page.locator(f"#qty-{day['vase'].pk}").wait_for()

    # Each page with what shows it is the page meant (not a message or an empty state).
    pages = [
        ("01-home", "/kasir/", "main a[href$='/galeri-menong-sadang/']"),
        ("02-sell-search", f"{counter}?q=anyaman", "#search-results [data-add]"),
        ("03-checkout", f"{counter}bayar/", "#checkout-form input[name=cash_tendered]"),
        ("04-receipt", f"{counter}struk/{receipt.number}/", "#receipt #receipt-change"),
        ("05-receipt-list", f"{counter}struk/", "#receipt-list .receipt-tag-attention"),
        ("06-print-58", f"{counter}struk/{receipt.number}/cetak/?kertas=58", "body.paper-58"),
        ("07-print-a4", f"{counter}struk/{receipt.number}/cetak/?kertas=a4", "body.paper-a4"),
        ("08-shift-open", f"/kasir/{other.slug}/shift/buka/", "input[name=opening_float]"),
        ("09-shift-open-already", f"{counter}shift/buka/", "a[href$='/shift/tutup/']"),
        ("10-shift-close", f"{counter}shift/tutup/", "input[name=counted_cash]"),
        ("11-shift-list", f"{counter}shift/", f"a[href$='/shift/{earlier.pk}/']"),
        ("12-shift-detail", f"{counter}shift/{earlier.pk}/", "textarea[name=note]"),
        ("13-attention", f"{counter}perlu-dicek/", f"a[href$='/struk/{flagged.number}/']"),
        ("14-void", f"{counter}struk/{receipt.number}/batal/", "textarea[name=reason]"),
        ("15-return", f"{counter}struk/{receipt.number}/retur/", ".return-line input"),
        ("16-stockcount-list", f"{counter}opname/", f"a[href$='/opname/{count.pk}/']"),
        ("17-stockcount-start", f"{counter}opname/baru/", "select[name=vendor]"),
        ("18-stockcount-detail", f"{counter}opname/{count.pk}/", ".count-line input"),
        ("19-stockcount-sheet", f"{counter}opname/{count.pk}/lembar/", ".office-table td"),
        ("20-stockcount-apply", f"{counter}opname/{count.pk}/terapkan/", ".is-negative"),
    ]
    too_wide = {}
    for name, path, shows in pages:
        response = page.goto(f"{base}{path}")
        assert (response.status, page.url) == (200, f"{base}{path}"), name
        assert page.locator(shows).count() >= 1, f"{name}: nothing matches {shows}"
        screenshot(page, name)
        fit = overflow(page)
        if fit["scrollWidth"] > PHONE["width"] or fit["wide"]:
            too_wide[name] = fit
    assert not too_wide
