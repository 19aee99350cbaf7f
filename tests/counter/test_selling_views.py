"""The counter screen through the browser's eyes: finding products, putting the sale together,
taking the payment."""

import re
import uuid

import pytest
from django.urls import reverse

from counter.models import Sale, SalePayment
from gallery.labels import product_address
from gallery.models import StockLevel
from products.models import ProductSlugHistory
from tests.counter.conftest import assign
from tests.factories import ProductFactory, StaffFactory

pytestmark = pytest.mark.django_db


def url(name, outlet, **kwargs):
    return reverse(f"counter:{name}", kwargs={"outlet": outlet.slug, **kwargs})


@pytest.fixture
def at_counter(client, cashier, shift):
    client.force_login(cashier)
    return client


def sale_lines(client, outlet):
    """What the counter screen shows on the sale: {product id: quantity}."""
    html = client.get(url("sell", outlet)).content.decode()
    return {
        int(pk): int(quantity)
        for pk, quantity in re.findall(r'data-product-id="(\d+)" data-quantity="(\d+)"', html)
    }


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def test_the_counter_shows_the_open_shift_and_an_empty_sale(at_counter, outlet, shift):
    response = at_counter.get(url("sell", outlet))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="q"' in html
    assert f'id="shift-status" data-shift-id="{shift.pk}"' in html
    assert "No items yet" in html
    assert 'id="offline-banner"' in html and 'id="outbox-count"' in html


def test_without_an_open_shift_the_counter_says_so(client, cashier, outlet, vase):
    client.force_login(cashier)

    html = client.get(url("sell", outlet)).content.decode()

    assert "No shift is open." in html


def test_a_typed_code_puts_the_product_on_the_sale_at_once(at_counter, outlet, vase):
    code = vase.code.lower()
    typed = f"{code[:2]} {code[2:]}-"

    response = at_counter.post(url("find", outlet), {"q": typed}, follow=True)

    assert sale_lines(at_counter, outlet) == {vase.pk: 1}
    assert any("Added Guci Motif Daun" in message for message in messages_of(response))


def test_scanning_the_labels_qr_code_puts_the_product_on_the_sale(at_counter, outlet, vase):
    address = product_address(vase)
    assert address == f"http://testserver/produk/{vase.slug}/"

    at_counter.post(url("find", outlet), {"q": address})
    at_counter.post(url("find", outlet), {"q": address + "\n"})

    assert sale_lines(at_counter, outlet) == {vase.pk: 2}


def test_an_old_address_of_a_renamed_product_still_finds_it(at_counter, outlet, vase):
    ProductSlugHistory.objects.create(product=vase, slug="guci-lama")

    at_counter.post(url("find", outlet), {"q": "http://testserver/en/produk/guci-lama/"})

    assert sale_lines(at_counter, outlet) == {vase.pk: 1}


def test_a_name_lists_the_matches_with_what_is_available_here(
    at_counter, outlet, other_outlet, vase, simping, receive, potter
):
    elsewhere = receive(ProductFactory(name="Guci Besar", vendor=potter), other_outlet, 3)
    unstocked = ProductFactory(name="Guci Kecil", vendor=potter)

    response = at_counter.post(url("find", outlet), {"q": "guci"}, follow=True)

    html = response.content.decode()
    assert response.context["results"] == [vase]
    assert "Guci Motif Daun" in html and "Gerabah Anjun" in html
    assert "10 available" in html
    assert elsewhere.name not in html and unstocked.name not in html
    assert f'data-add="{vase.pk}"' in html
    assert sale_lines(at_counter, outlet) == {}


def test_reserved_units_are_not_offered_at_the_counter(at_counter, outlet, vase):
    StockLevel.objects.filter(outlet=outlet, product=vase).update(reserved=10)

    response = at_counter.get(url("sell", outlet), {"q": "guci"})

    assert response.context["results"] == []
    at_counter.post(url("add", outlet), {"product": vase.pk, "quantity": 1})
    assert sale_lines(at_counter, outlet) == {}


def test_nothing_found_says_so(at_counter, outlet, vase):
    response = at_counter.post(url("find", outlet), {"q": "kursi rotan"}, follow=True)

    assert any("Nothing for sale here matches" in m for m in messages_of(response))


def test_add_change_and_remove_lines(at_counter, outlet, vase, simping):
    at_counter.post(url("add", outlet), {"product": vase.pk, "quantity": 1})
    at_counter.post(url("add", outlet), {"product": simping.pk, "quantity": 3})
    at_counter.post(url("line-update", outlet, product_id=vase.pk), {"quantity": 2})
    assert sale_lines(at_counter, outlet) == {vase.pk: 2, simping.pk: 3}

    html = at_counter.get(url("sell", outlet)).content.decode()
    assert "Rp375.000" in html  # 2 × 150.000 + 3 × 25.000

    at_counter.post(url("line-remove", outlet, product_id=simping.pk))
    assert sale_lines(at_counter, outlet) == {vase.pk: 2}
    at_counter.post(url("line-update", outlet, product_id=vase.pk), {"quantity": 0})
    assert sale_lines(at_counter, outlet) == {}


def test_more_than_is_available_is_refused_with_a_message(at_counter, outlet, vase):
    at_counter.post(url("add", outlet), {"product": vase.pk, "quantity": 9})

    response = at_counter.post(url("add", outlet), {"product": vase.pk, "quantity": 2}, follow=True)
    assert "Guci Motif Daun: only 10 available at this outlet." in messages_of(response)
    response = at_counter.post(
        url("line-update", outlet, product_id=vase.pk), {"quantity": 11}, follow=True
    )
    assert "Guci Motif Daun: only 10 available at this outlet." in messages_of(response)
    assert sale_lines(at_counter, outlet) == {vase.pk: 9}


def test_bad_input_changes_nothing_and_never_fails(at_counter, outlet, vase):
    at_counter.post(url("add", outlet), {"product": vase.pk})
    for data in [{"product": "x"}, {"product": 10**30}, {"product": -1}, {}]:
        assert at_counter.post(url("add", outlet), data).status_code == 302
    assert at_counter.post(url("line-update", outlet, product_id=vase.pk), {}).status_code == 302
    assert (
        at_counter.post(url("line-update", outlet, product_id=10**20), {"quantity": 1}).status_code
        == 302
    )
    assert at_counter.post(url("find", outlet), {"q": ""}).status_code == 302
    assert at_counter.get(url("sell", outlet), {"q": "/produk/%00/"}).status_code == 200
    assert at_counter.get(url("sell", outlet)).status_code == 200
    assert sale_lines(at_counter, outlet) == {vase.pk: 1}


def test_a_cashier_cannot_give_a_discount(at_counter, outlet, vase):
    at_counter.post(url("add", outlet), {"product": vase.pk, "quantity": 1})

    html = at_counter.get(url("sell", outlet)).content.decode()
    assert 'name="discount"' not in html
    response = at_counter.post(
        url("line-discount", outlet, product_id=vase.pk),
        {"discount": "20.000", "reason": "cacat kecil"},
        follow=True,
    )

    assert "You may not give discounts." in messages_of(response)
    assert response.context["discounts"] == 0
    assert response.context["total"] == 150_000


def test_a_supervisor_gives_a_line_discount_with_a_reason(client, supervisor, shift, outlet, vase):
    client.force_login(supervisor)
    client.post(url("add", outlet), {"product": vase.pk, "quantity": 2})

    refused = client.post(
        url("line-discount", outlet, product_id=vase.pk), {"discount": "20000"}, follow=True
    )
    assert "Say why the discount is given." in messages_of(refused)
    response = client.post(
        url("line-discount", outlet, product_id=vase.pk),
        {"discount": "Rp20.000", "reason": "glasir tergores"},
        follow=True,
    )

    assert response.context["total"] == 280_000
    assert 'name="discount"' in response.content.decode()
    checkout = client.get(url("checkout", outlet))
    key = checkout.context["idempotency_key"]
    client.post(url("checkout", outlet), payment_data(checkout, cash_tendered="300.000"))
    sale = Sale.objects.get(idempotency_key=key)
    line = sale.lines.get()
    assert (line.discount, line.discount_reason, sale.total) == (20_000, "glasir tergores", 280_000)


def payment_data(checkout_response, **fields):
    """The payment form as the page renders it (hidden inputs), with ``fields`` typed in."""
    html = checkout_response.content.decode()
    form = html.split('id="checkout-form"', 1)[1].split("</form>", 1)[0]
    data = {}
    for name, value in re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form):
        data.setdefault(name, []).append(value)
    data.update(fields)
    return data


def test_checkout_in_cash_gives_change_and_a_receipt(at_counter, cashier, outlet, vase, simping):
    at_counter.post(url("add", outlet), {"product": vase.pk, "quantity": 1})
    at_counter.post(url("add", outlet), {"product": simping.pk, "quantity": 2})
    checkout = at_counter.get(url("checkout", outlet))
    html = checkout.content.decode()
    assert 'id="checkout-total" data-total="200000"' in html
    assert 'name="cash_tendered"' in html and 'id="change"' in html and 'id="pay-button"' in html

    response = at_counter.post(
        url("checkout", outlet), payment_data(checkout, cash_tendered="Rp250.000")
    )

    sale = Sale.objects.get()
    assert response.status_code == 302
    assert response["Location"] == sale.get_absolute_url()
    assert (sale.total, sale.change_given, sale.by) == (200_000, 50_000, cashier)
    payment = sale.payments.get()
    assert (payment.method, payment.amount, payment.tendered) == ("cash", 200_000, 250_000)
    assert StockLevel.objects.get(outlet=outlet, product=vase).on_hand == 9
    assert sale_lines(at_counter, outlet) == {}
    receipt = at_counter.get(response["Location"]).content.decode()
    assert "Rp50.000" in receipt


def test_checkout_by_qris_and_cash(at_counter, outlet, vase):
    at_counter.post(url("add", outlet), {"product": vase.pk, "quantity": 2})
    checkout = at_counter.get(url("checkout", outlet), {"metode": "qris"})
    assert checkout.context["form"].initial == {"qris_amount": 300_000}

    unticked = at_counter.post(
        url("checkout", outlet),
        payment_data(checkout, qris_amount="200.000", cash_tendered="100000"),
    )
    assert unticked.status_code == 200
    assert "Tick this once the QRIS payment has arrived." in unticked.content.decode()
    assert not Sale.objects.exists()

    response = at_counter.post(
        url("checkout", outlet),
        payment_data(
            checkout,
            qris_amount="200.000",
            qris_received="on",
            qris_reference="QR-77812",
            cash_tendered="150000",
        ),
    )

    assert response.status_code == 302
    sale = Sale.objects.get()
    payments = {p.method: (p.amount, p.tendered, p.reference) for p in sale.payments.all()}
    assert payments == {"qris": (200_000, None, "QR-77812"), "cash": (100_000, 150_000, "")}
    assert sale.change_given == 50_000


def test_checkout_by_transfer_alone(at_counter, outlet, vase):
    outlet.transfer_details = "BJB 0012345678 a.n. Galeri Menong"
    outlet.save()
    at_counter.post(url("add", outlet), {"product": vase.pk, "quantity": 1})
    checkout = at_counter.get(url("checkout", outlet))
    assert "BJB 0012345678" in checkout.content.decode()

    at_counter.post(
        url("checkout", outlet),
        payment_data(checkout, transfer_amount="150000", buyer_phone="0812-3456-7890"),
    )

    sale = Sale.objects.get()
    assert [p.method for p in sale.payments.all()] == ["transfer"]
    assert sale.buyer_phone == "+6281234567890"


def test_too_little_cash_is_refused_and_nothing_is_recorded(at_counter, outlet, vase):
    at_counter.post(url("add", outlet), {"product": vase.pk, "quantity": 1})
    checkout = at_counter.get(url("checkout", outlet))

    for fields in [
        {},
        {"cash_tendered": "100.000"},
        {"qris_amount": "200000", "qris_received": "on"},
    ]:
        response = at_counter.post(url("checkout", outlet), payment_data(checkout, **fields))
        assert response.status_code == 200

    assert not Sale.objects.exists()
    assert sale_lines(at_counter, outlet) == {vase.pk: 1}


def test_a_double_tap_on_pay_records_one_sale(at_counter, outlet, vase):
    at_counter.post(url("add", outlet), {"product": vase.pk, "quantity": 1})
    checkout = at_counter.get(url("checkout", outlet))
    data = payment_data(checkout, cash_tendered="200000")

    first = at_counter.post(url("checkout", outlet), data)
    at_counter.post(url("add", outlet), {"product": vase.pk, "quantity": 3})  # the next buyer
    second = at_counter.post(url("checkout", outlet), data)

    assert Sale.objects.count() == 1
    assert SalePayment.objects.count() == 1
    assert first["Location"] == second["Location"] == Sale.objects.get().get_absolute_url()
    assert StockLevel.objects.get(outlet=outlet, product=vase).on_hand == 9
    assert sale_lines(at_counter, outlet) == {vase.pk: 3}


def test_a_price_changed_while_paying_shows_the_new_total(at_counter, outlet, vase):
    at_counter.post(url("add", outlet), {"product": vase.pk, "quantity": 1})
    checkout = at_counter.get(url("checkout", outlet))
    vase.price = 175_000
    vase.save()

    response = at_counter.post(
        url("checkout", outlet), payment_data(checkout, cash_tendered="200000")
    )

    assert response.status_code == 200
    assert "Prices changed" in response.content.decode()
    assert response.context["total"] == 175_000
    assert not Sale.objects.exists()


def test_paying_without_an_open_shift_is_refused(client, cashier, outlet, vase):
    client.force_login(cashier)
    client.post(url("add", outlet), {"product": vase.pk, "quantity": 1})
    checkout = client.get(url("checkout", outlet))

    response = client.post(url("checkout", outlet), payment_data(checkout, cash_tendered="150000"))

    assert response.status_code == 200
    assert "No shift is open" in response.content.decode()
    assert not Sale.objects.exists()


def test_a_damaged_payment_form_is_refused_without_failing(at_counter, outlet, vase):
    at_counter.post(url("add", outlet), {"product": vase.pk, "quantity": 1})
    checkout = at_counter.get(url("checkout", outlet))
    base = payment_data(checkout, cash_tendered="150000")
    for damage in [
        {"line_product": ["abc"]},
        {"line_product": [str(10**25)]},
        {"line_quantity": ["1", "2"]},
        {"idempotency_key": "x"},
        {"expected_total": "-5"},
        {"line_discount": ["5000"]},
    ]:
        response = at_counter.post(url("checkout", outlet), {**base, **damage})
        assert response.status_code == 200, damage
    assert not Sale.objects.exists()


def test_an_empty_sale_cannot_be_paid(at_counter, outlet):
    response = at_counter.get(url("checkout", outlet))

    assert response.status_code == 302
    assert response["Location"] == url("sell", outlet)


def test_the_catalogue_for_offline_selling_lists_what_can_be_sold_here(
    at_counter, outlet, shift, vase, simping, potter
):
    ProductFactory(name="Guci Kecil", vendor=potter)

    data = at_counter.get(url("catalogue", outlet)).json()

    assert data["shift"] == shift.pk
    assert [p["name"] for p in data["products"]] == ["Guci Motif Daun", "Simping Kaum Original"]
    assert data["products"][0] == {
        "id": vase.pk,
        "code": vase.code,
        "name": "Guci Motif Daun",
        "vendor": "Gerabah Anjun",
        "price": 150_000,
        "available": 10,
        "slug": vase.slug,
    }


def test_a_cashier_of_another_outlet_is_refused(client, other_outlet, outlet, vase):
    stranger = assign(StaffFactory(email="kasir2@contoh.id", groups=["Staf Galeri"]), other_outlet)
    client.force_login(stranger)

    assert client.get(url("sell", outlet)).status_code == 403
    assert client.post(url("add", outlet), {"product": vase.pk}).status_code == 403
    assert client.get(url("catalogue", outlet)).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, outlet):
    response = client.get(url("sell", outlet))

    assert response.status_code == 302
    assert "/akun/" in response["Location"] or "login" in response["Location"]


def test_the_checkout_key_is_new_each_time_the_form_is_shown(at_counter, outlet, vase):
    at_counter.post(url("add", outlet), {"product": vase.pk, "quantity": 1})

    first = at_counter.get(url("checkout", outlet)).context["idempotency_key"]
    second = at_counter.get(url("checkout", outlet)).context["idempotency_key"]

    assert first != second
    assert uuid.UUID(hex=first).hex == first
