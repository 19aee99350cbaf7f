"""Food at the counter: the batch expiring first goes out, unless staff pick the batch of the
pack the buyer took."""

import datetime

import pytest
from django.urls import reverse

from counter.models import Sale
from counter.services import CounterError, LineInput
from gallery.models import Batch, StockMovement, today_in_jakarta
from gallery.services import BatchSpec, stock_receive
from tests.factories import CategoryFactory, ProductFactory

from .test_selling_views import payment_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def palm_sugar(outlet, keeper, baker):
    food = CategoryFactory(slug="uji-gula", name_id="Gula Uji", name_en="Sugar", is_food=True)
    product = ProductFactory(name="Gula Aren Cetak", price=25_000, vendor=baker, category=food)
    today = today_in_jakarta()
    for code, days, quantity in (("GA-SOON", 10, 3), ("GA-LATER", 60, 4)):
        stock_receive(
            outlet=outlet,
            product=product,
            quantity=quantity,
            by=keeper,
            batch=BatchSpec(code=code, expires_on=today + datetime.timedelta(days=days)),
        )
    return product


def batch_of(row):
    return row.batch.code


def test_the_batch_expiring_first_goes_out_first(shift, sell, palm_sugar):
    sale = sell((palm_sugar, 4))
    rows = StockMovement.objects.filter(reference=sale.number).order_by("batch__expires_on")
    assert [(batch_of(r), r.on_hand_change) for r in rows] == [("GA-SOON", -3), ("GA-LATER", -1)]


def test_staff_may_sell_from_the_batch_of_the_pack_the_buyer_took(shift, sell, palm_sugar):
    later = Batch.objects.get(code="GA-LATER")
    sale = sell(LineInput(palm_sugar.pk, 2, batch_id=later.pk))
    (row,) = StockMovement.objects.filter(reference=sale.number)
    assert (batch_of(row), row.on_hand_change) == ("GA-LATER", -2)
    assert Batch.objects.get(code="GA-SOON").on_hand == 3


def test_a_chosen_batch_short_of_units_or_from_elsewhere_is_refused(
    shift, sell, palm_sugar, other_outlet, receive, vase
):
    soon = Batch.objects.get(code="GA-SOON")
    with pytest.raises(CounterError, match="Not enough stock"):
        sell(LineInput(palm_sugar.pk, 4, batch_id=soon.pk))
    with pytest.raises(CounterError, match="not on this outlet's shelf"):
        sell(LineInput(vase.pk, 1, batch_id=soon.pk))
    assert not Sale.objects.exists()


def test_the_counter_screen_offers_the_live_batches_and_keeps_the_choice(
    client, cashier, shift, outlet, palm_sugar
):
    client.force_login(cashier)
    counter = reverse("counter:sell", kwargs={"outlet": outlet.slug})
    client.post(reverse("counter:add", kwargs={"outlet": outlet.slug}), {"product": palm_sugar.pk})
    html = client.get(counter).content.decode()
    later = Batch.objects.get(code="GA-LATER")
    assert f'<option value="{later.pk}">GA-LATER' in html
    update = reverse(
        "counter:line-update", kwargs={"outlet": outlet.slug, "product_id": palm_sugar.pk}
    )
    client.post(update, {"quantity": 2, "batch": later.pk})
    checkout = client.get(reverse("counter:checkout", kwargs={"outlet": outlet.slug}))
    response = client.post(
        reverse("counter:checkout", kwargs={"outlet": outlet.slug}),
        payment_data(checkout, cash_tendered="50000"),
    )
    assert response.status_code == 302
    (row,) = StockMovement.objects.filter(reference=Sale.objects.get().number)
    assert (batch_of(row), row.on_hand_change) == ("GA-LATER", -2)


def test_a_batch_of_another_product_cannot_be_chosen_on_the_screen(
    client, cashier, shift, outlet, palm_sugar, vase
):
    client.force_login(cashier)
    client.post(reverse("counter:add", kwargs={"outlet": outlet.slug}), {"product": vase.pk})
    update = reverse("counter:line-update", kwargs={"outlet": outlet.slug, "product_id": vase.pk})
    response = client.post(
        update, {"quantity": 1, "batch": Batch.objects.get(code="GA-LATER").pk}, follow=True
    )
    assert "not on this outlet" in response.content.decode() or "tidak ada di rak" in (
        response.content.decode()
    )
