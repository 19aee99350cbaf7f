"""Commission: earned only when the order is collected, reversed on a return, never on a
cancelled or expired order, nothing on the affiliate's own business's goods, and never out of
the vendor's share."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from affiliates import account
from affiliates.models import AffiliateCategoryRate, AffiliateEarning, AffiliateReferral
from affiliates.services import affiliate_payout_record, earning_reverse, referral_record
from affiliates.services.links import Visit
from backoffice.settlements import statement_for, vendor_account
from gallery.services import stock_receive
from orders.services import order_cancel, order_collect, order_expire, order_mark_ready
from tests.factories import CategoryFactory, ProductFactory, VendorFactory

from .conftest import collect, jakarta, place

pytestmark = pytest.mark.django_db


def referred(affiliate, order):
    visit = Visit(0, affiliate.code, order.placed_at - datetime.timedelta(hours=1))
    return referral_record(order=order, visit=visit)


def test_commission_is_earned_only_when_the_order_is_collected(affiliate, product, outlet, cashier):
    order = place(outlet, [(product, 2)])
    referred(affiliate, order)
    order_mark_ready(order=order, by=cashier)
    assert not AffiliateEarning.objects.exists()

    order_collect(order=order, by=cashier, payment_method="qris")

    earning = AffiliateEarning.objects.get()
    assert (earning.affiliate, earning.base, earning.rate, earning.amount) == (
        affiliate,
        300_000,
        Decimal("2.00"),
        6_000,
    )


def test_cancelled_and_expired_orders_never_earn(affiliate, product, outlet, cashier):
    cancelled = place(outlet, [(product, 1)])
    referred(affiliate, cancelled)
    order_cancel(order=cancelled, by=cashier, reason="Tidak jadi")
    with time_machine.travel(jakarta("2026-03-01 10:00"), tick=False):
        expired = place(outlet, [(product, 1)])
        referred(affiliate, expired)
    with time_machine.travel(jakarta("2026-03-10 10:00"), tick=False):
        order_expire(order=expired)

    assert AffiliateReferral.objects.count() == 2
    assert not AffiliateEarning.objects.exists()


def test_a_return_reverses_the_earning_once(affiliate, product, outlet, cashier, staf_dinas):
    order = place(outlet, [(product, 1)])
    referred(affiliate, order)
    collect(order, cashier)
    earning = AffiliateEarning.objects.get()

    with pytest.raises(Exception, match="reason"):
        earning_reverse(earning=earning, by=staf_dinas, reason=" ")
    earning_reverse(earning=earning, by=staf_dinas, reason="Guci retak, dikembalikan")
    with pytest.raises(Exception, match="already reversed"):
        earning_reverse(earning=earning, by=staf_dinas, reason="lagi")

    earning.refresh_from_db()
    assert (earning.status, earning.reversed_by, earning.reason) == (
        "reversed",
        staf_dinas,
        "Guci retak, dikembalikan",
    )
    assert account.balance(affiliate).owed == 0


def test_the_affiliates_own_business_goods_earn_nothing_and_category_rates_apply(
    make_affiliate, outlet, cashier
):
    vendor = VendorFactory(business_name="Anyaman Cirama")
    affiliate = make_affiliate(vendor.user.email, user=vendor.user)
    own = ProductFactory(vendor=vendor, price=100_000)
    batik = CategoryFactory(slug="batik", name_id="Batik", name_en="Batik")
    tulis = CategoryFactory(slug="batik-tulis", name_id="Batik Tulis", name_en="Hand-drawn batik")
    tulis.parent = batik
    tulis.save()
    AffiliateCategoryRate.objects.create(category=batik, percent=Decimal("5"))
    cloth = ProductFactory(category=tulis, price=333_333)
    vase = ProductFactory(price=50_000)
    for item in (own, cloth, vase):
        stock_receive(outlet=outlet, product=item, quantity=5, by=cashier)

    only_own = place(outlet, [(own, 2)])
    mixed = place(outlet, [(own, 1), (cloth, 1), (vase, 1)])
    for order in (only_own, mixed):
        referred(affiliate, order)
        collect(order, cashier)

    earning = AffiliateEarning.objects.get()
    # 5 % of 333.333 (the parent category's rate) + 2 % of 50.000, rounded half up.
    assert earning.order == mixed
    assert (earning.base, earning.amount) == (383_333, 17_667)


def test_the_vendors_statement_is_the_same_with_or_without_an_affiliate(
    affiliate, product, outlet, cashier
):
    with time_machine.travel(jakarta("2026-03-10 10:00"), tick=False):
        order = place(outlet, [(product, 3)])
        referred(affiliate, order)
        collect(order, cashier)
    vendor, month = product.vendor, datetime.date(2026, 3, 1)
    with time_machine.travel(jakarta("2026-04-02 10:00"), tick=False):
        with_affiliate = (statement_for(vendor, month), vendor_account(vendor))
        assert AffiliateEarning.objects.get().amount == 9_000
        AffiliateEarning.objects.all().delete()
        AffiliateReferral.objects.all().delete()
        without = (statement_for(vendor, month), vendor_account(vendor))

    assert with_affiliate == without
    assert with_affiliate[0].summary.gross == 450_000


def test_a_months_totals_match_the_page_and_the_services(
    client, make_affiliate, product, outlet, cashier, staf_dinas
):
    affiliate = make_affiliate("budi@contoh.id")
    other = make_affiliate("sari@contoh.id")
    orders = []
    with time_machine.travel(jakarta("2026-02-20 10:00"), tick=False):
        feb = place(outlet, [(product, 1)])  # 150.000 → 3.000, in February
        referred(affiliate, feb)
        collect(feb, cashier)
    with time_machine.travel(jakarta("2026-03-05 10:00"), tick=False):
        for quantity in (2, 4):  # 6.000 and 12.000
            orders.append(place(outlet, [(product, quantity)]))
            referred(affiliate, orders[-1])
            collect(orders[-1], cashier)
        theirs = place(outlet, [(product, 5)])
        referred(other, theirs)
        collect(theirs, cashier)
    with time_machine.travel(jakarta("2026-03-20 10:00"), tick=False):
        # February's order comes back in March: reversed in March.
        earning_reverse(earning=feb.affiliate_earning, by=staf_dinas, reason="Dikembalikan")
        affiliate_payout_record(
            affiliate=affiliate,
            amount=10_000,
            paid_on=datetime.date(2026, 3, 20),
            reference="TRF-1",
            by=staf_dinas,
        )
        months = account.months(affiliate)
        balance = account.balance(affiliate)
        client.force_login(affiliate.user)
        page = client.get(reverse("affiliates:home"))

    assert [(m.month, m.earned, m.reversed, m.paid) for m in months] == [
        (datetime.date(2026, 3, 1), 18_000, 3_000, 10_000),
        (datetime.date(2026, 2, 1), 3_000, 0, 0),
    ]
    assert (balance.earned, balance.reversed, balance.paid, balance.owed) == (
        21_000,
        3_000,
        10_000,
        8_000,
    )
    html = page.content.decode()
    assert '<p class="affiliate-balance">Rp8.000</p>' in html
    assert "Rp18.000" in html and "Rp21.000" in html and "Rp10.000" in html
    assert theirs.number not in html and "Rp15.000" not in html  # another affiliate's order
    assert "Rahmawati" not in html and "0813" not in html  # nothing of the shoppers
    for order in (feb, *orders):
        assert order.number in html
