"""Receipts: on screen, printed, sent by WhatsApp, and the outlet's list to reprint from."""

from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from counter.models import Sale
from counter.services import LineInput, sale_void, shift_close, shift_open
from tests.counter.conftest import assign
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def url(name, outlet, **kwargs):
    return reverse(f"counter:{name}", kwargs={"outlet": outlet.slug, **kwargs})


@pytest.fixture
def at_counter(client, cashier, shift):
    client.force_login(cashier)
    return client


@pytest.fixture
def receipt(shift, sell, vase, simping):
    """Two vases and a pack of simping, part QRIS, the rest cash with change."""
    return sell((vase, 2), (simping, 1), qris=200_000, cash=125_000, tendered=150_000)


def test_the_receipt_shows_the_gallery_lines_makers_payments_and_change(
    at_counter, outlet, receipt
):
    response = at_counter.get(receipt.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    assert "Galeri Menong 1" in html and "Jl. Veteran No. 134" in html and "0812-0000-0134" in html
    assert receipt.number in html
    assert "Dewi Lestari" in html
    assert "Guci Motif Daun" in html and "Gerabah Anjun" in html
    assert "Simping Kaum Original" in html and "Simping Kaum" in html
    assert "2 × Rp150.000" in html
    assert "Rp325.000" in html  # the total
    assert "QRIS" in html and "Rp200.000" in html
    assert "Rp125.000" in html and "Rp150.000" in html  # cash due and given
    assert 'id="receipt-change">Rp25.000' in html
    assert 'id="print-58"' in html and 'id="print-a4"' in html and 'id="new-sale"' in html


def test_the_receipt_shows_the_time_in_jakarta(at_counter, receipt):
    html = at_counter.get(receipt.get_absolute_url()).content.decode()

    local = receipt.sold_at.astimezone(ZoneInfo("Asia/Jakarta"))
    assert local.strftime("%-d %B %Y, %H:%M") in html


def test_a_line_discount_shows_on_the_receipt(client, supervisor, shift, sell, outlet, vase):
    sale = sell(
        LineInput(product_id=vase.pk, quantity=1, discount=10_000, discount_reason="retak halus"),
        by=supervisor,
    )
    client.force_login(supervisor)

    html = client.get(sale.get_absolute_url()).content.decode()

    assert "retak halus" in html and "−Rp10.000" in html and "Rp140.000" in html


def test_the_whatsapp_link_goes_to_the_buyer_with_the_receipt_text(at_counter, sell, shift, vase):
    sale = sell((vase, 1), buyer_phone="0812 3456 7890")

    response = at_counter.get(sale.get_absolute_url())

    html = response.content.decode()
    assert 'id="whatsapp-link" href="https://wa.me/6281234567890?text=' in html
    link = urlsplit(response.context["whatsapp_url"])
    assert (link.netloc, link.path) == ("wa.me", "/6281234567890")
    text = parse_qs(link.query)["text"][0]
    assert sale.number in text
    assert "Guci Motif Daun (Gerabah Anjun)" in text
    assert "Total: Rp150.000" in text
    assert "Cash: Rp150.000" in text


def test_a_typed_number_opens_whatsapp_with_the_receipt(at_counter, outlet, receipt):
    response = at_counter.post(
        url("receipt-whatsapp", outlet, number=receipt.number), {"phone": "+62 813-1111-2222"}
    )

    assert response.status_code == 302
    link = urlsplit(response["Location"])
    assert (link.netloc, link.path) == ("wa.me", "/6281311112222")
    assert receipt.number in parse_qs(link.query)["text"][0]
    refused = at_counter.post(
        url("receipt-whatsapp", outlet, number=receipt.number), {"phone": "12"}, follow=True
    )
    assert refused.redirect_chain[-1][0] == receipt.get_absolute_url()


def test_the_print_layouts_render_for_58mm_and_a4(at_counter, outlet, receipt):
    thermal = at_counter.get(url("receipt-print", outlet, number=receipt.number))
    a4 = at_counter.get(url("receipt-print", outlet, number=receipt.number), {"kertas": "a4"})
    odd = at_counter.get(url("receipt-print", outlet, number=receipt.number), {"kertas": "<x>"})

    assert thermal.status_code == a4.status_code == odd.status_code == 200
    assert "counter/receipt-58.css" in thermal.content.decode()
    assert "counter/receipt-a4.css" in a4.content.decode()
    assert "counter/receipt-58.css" in odd.content.decode()
    for response in (thermal, a4):
        html = response.content.decode()
        assert receipt.number in html and "Guci Motif Daun" in html and "Rp325.000" in html


def test_the_58mm_stylesheet_sizes_the_page_to_the_roll():
    from django.contrib.staticfiles import finders

    with open(finders.find("counter/receipt-58.css")) as stylesheet:
        assert "@page { size: 58mm auto; margin: 0; }" in stylesheet.read()


def test_a_voided_receipt_is_marked_void_with_its_reason(client, supervisor, outlet, receipt):
    sale_void(sale=receipt, by=supervisor, reason="salah input")
    client.force_login(supervisor)

    for address in (
        receipt.get_absolute_url(),
        url("receipt-print", outlet, number=receipt.number),
    ):
        html = client.get(address).content.decode()
        assert "VOID" in html and "salah input" in html


def test_another_outlets_receipt_is_not_found(client, outlet, other_outlet, cashier, receipt):
    assign(cashier, other_outlet)
    client.force_login(cashier)

    assert client.get(url("receipt", other_outlet, number=receipt.number)).status_code == 404
    assert client.get(url("receipt-print", other_outlet, number=receipt.number)).status_code == 404
    assert client.get(url("receipt", outlet, number="GM1-000000-0000")).status_code == 404


def test_a_cashier_of_another_outlet_cannot_read_the_receipt(client, other_outlet, receipt):
    stranger = assign(StaffFactory(email="kasir2@contoh.id", groups=["Staf Galeri"]), other_outlet)
    client.force_login(stranger)

    assert client.get(receipt.get_absolute_url()).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, outlet, receipt):
    response = client.get(receipt.get_absolute_url())

    assert response.status_code == 302
    assert "next=" in response["Location"]


def test_the_list_puts_the_open_shifts_receipts_first_then_the_newest(
    at_counter, outlet, cashier, shift, sell, vase, simping
):
    old = sell((vase, 1))
    shift_close(shift=shift, by=cashier, counted_cash=350_000)
    shift_open(outlet=outlet, by=cashier, opening_float=100_000)
    first, second = sell((simping, 1)), sell((simping, 2))
    Sale.objects.filter(pk=old.pk).update(recorded_at=second.recorded_at.replace(year=2030))

    response = at_counter.get(url("receipt-list", outlet))

    assert [sale.number for sale in response.context["sales"]] == [
        second.number,
        first.number,
        old.number,
    ]
    html = response.content.decode()
    assert f'href="{first.get_absolute_url()}"' in html


def test_the_list_searches_by_number_and_pages(at_counter, outlet, shift, sell, simping):
    sales = [sell((simping, 1)) for _ in range(27)]

    page_one = at_counter.get(url("receipt-list", outlet))
    page_two = at_counter.get(url("receipt-list", outlet), {"page": 2})
    found = at_counter.get(url("receipt-list", outlet), {"q": sales[3].number[-4:]})

    assert len(page_one.context["sales"]) == 25
    assert len(page_two.context["sales"]) == 2
    assert [sale.number for sale in found.context["sales"]] == [sales[3].number]
    nothing = at_counter.get(url("receipt-list", outlet), {"q": "zzz"})
    assert "No receipt number holds" in nothing.content.decode()


def test_the_list_takes_a_fixed_number_of_queries(
    at_counter, outlet, shift, sell, simping, vase, django_assert_max_num_queries
):
    for _ in range(10):
        sell((simping, 1), (vase, 1))

    with django_assert_max_num_queries(8):
        response = at_counter.get(url("receipt-list", outlet))

    assert len(response.context["sales"]) == 10


def test_a_past_receipt_can_be_reprinted(at_counter, outlet, cashier, shift, sell, vase):
    sale = sell((vase, 1))
    shift_close(shift=shift, by=cashier, counted_cash=350_000)

    response = at_counter.get(url("receipt-print", outlet, number=sale.number))

    assert response.status_code == 200
    assert sale.number in response.content.decode()
