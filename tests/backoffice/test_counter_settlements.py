"""Statements and the vendor's sales count the counter: a month with online sales, counter sales,
a void and a later return gives the totals computed by hand (see ``counter_world``)."""

from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from backoffice.channels import Channel
from backoffice.settlements import commission_of, settlement_overview, statement_for
from gallery.models import StockMovement

from .conftest import jakarta, tables
from .counter_world import DEC, FEB, JAN, build

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(outlets, cashier, staf_dinas):
    world = build(outlets, cashier, staf_dinas)
    # The pages read the account up to this month: March 2027.
    with time_machine.travel(jakarta("2027-03-10 09:00")):
        yield world


def lines_of(statement):
    return [
        (line.channel, line.product_name, line.unit_price, line.units, line.discount, line.gross)
        for line in statement.lines
    ]


def test_december_counts_online_and_standing_receipts_not_the_void(world):
    anjun = statement_for(world["anjun"], DEC)
    assert lines_of(anjun) == [
        (Channel.ONLINE, "Guci Motif Daun", 150_000, 1, 0, 150_000),
        # Receipt A: 2 × 150.000; receipt B: 1 × 150.000 less the supervisor's 10.000 discount.
        (Channel.COUNTER, "Guci Motif Daun", 150_000, 3, 10_000, 440_000),
    ]
    s = anjun.summary
    assert (s.orders, s.receipts, s.sales) == (1, 2, 3)
    assert s.units == 1 + 2 + 1
    assert (s.online, s.counter, s.returns) == (150_000, 440_000, 0)
    assert s.gross == 150_000 + 150_000 * 2 + 150_000 - 10_000  # 590.000
    assert s.percent == Decimal("20")
    assert s.commission == 118_000  # 20% of 590.000
    assert s.net == 590_000 - 118_000  # 472.000
    assert (s.opening, s.paid, s.closing) == (0, 0, 472_000)
    assert anjun.matches_ledger

    simping = statement_for(world["simping_kaum"], DEC)
    # Receipt C (5 simping) was voided: it counts nowhere.
    assert lines_of(simping) == [
        (Channel.ONLINE, "Simping Kaum Original", 25_000, 4, 0, 100_000),
        (Channel.COUNTER, "Simping Kaum Original", 25_000, 3 + 2, 0, 125_000),
    ]
    s = simping.summary
    assert (s.sales, s.units) == (1 + 2, 4 + 5)
    assert s.gross == 25_000 * 4 + 25_000 * 3 + 25_000 * 2  # 225.000
    assert s.commission == 28_125  # 12.5% of 225.000
    assert (s.net, s.closing) == (196_875, 196_875)
    assert simping.matches_ledger


def test_a_return_next_month_reverses_the_sale_in_that_month(world):
    anjun = statement_for(world["anjun"], JAN)
    assert lines_of(anjun) == [
        (Channel.ONLINE, "Guci Motif Daun", 150_000, 1, 0, 150_000),
        # The discounted vase of receipt B comes back: the refund is what was paid, 140.000, and
        # the discount it carried is reversed with it.
        (Channel.RETURN, "Guci Motif Daun", 150_000, -1, -10_000, -140_000),
    ]
    s = anjun.summary
    assert (s.orders, s.receipts, s.units) == (1, 0, 0)
    assert (s.online, s.counter, s.returns) == (150_000, 0, -140_000)
    assert s.gross == 150_000 - 140_000  # 10.000
    assert s.commission == 2_000  # 20% of 10.000
    assert s.net == 8_000
    assert s.opening == 472_000  # December's closing balance
    assert s.paid == 472_000  # the payout of 5 January
    assert s.closing == 472_000 + 8_000 - 472_000  # 8.000
    assert [payout.amount for payout in anjun.payouts] == [472_000]
    assert anjun.matches_ledger

    simping = statement_for(world["simping_kaum"], JAN)
    assert lines_of(simping) == [
        (Channel.COUNTER, "Simping Kaum Original", 25_000, 2, 0, 50_000),
        # One simping of receipt A's three (75.000): a third, 25.000.
        (Channel.RETURN, "Simping Kaum Original", 25_000, -1, 0, -25_000),
    ]
    s = simping.summary
    assert s.gross == 50_000 - 25_000
    assert s.commission == 3_125  # 12.5% of 25.000
    assert s.net == 21_875
    assert s.closing == 196_875 + 21_875  # 218.750
    assert simping.matches_ledger


def test_a_month_of_returns_only_gives_the_commission_back(world):
    simping = statement_for(world["simping_kaum"], FEB)
    assert lines_of(simping) == [
        # The second simping of receipt A: two left for 50.000, one of them is 25.000.
        (Channel.RETURN, "Simping Kaum Original", 25_000, -1, 0, -25_000),
    ]
    s = simping.summary
    assert (s.sales, s.units, s.gross) == (0, -1, -25_000)
    assert s.commission == -3_125  # the gallery gives back 12.5% of 25.000
    assert s.net == -25_000 + 3_125  # −21.875
    assert s.closing == 218_750 - 21_875  # 196.875
    assert not s.rate_missing
    assert simping.matches_ledger
    anjun = statement_for(world["anjun"], FEB).summary
    assert (anjun.gross, anjun.opening, anjun.closing) == (0, 8_000, 8_000)
    # Half a Rupiah rounds away from zero both ways.
    assert commission_of(-1, Decimal("50")) == -1


def test_overview_agrees_with_each_statement_in_every_month(world):
    for month in (DEC, JAN, FEB):
        rows = {row.vendor_name: row.summary for row in settlement_overview(month)}
        assert rows["Gerabah Anjun"] == statement_for(world["anjun"], month).summary
        assert rows["Simping Kaum"] == statement_for(world["simping_kaum"], month).summary


def test_the_ledger_check_notices_a_counter_row_that_disagrees(world):
    receipt_a = world["receipts"][0]
    move = StockMovement.objects.get(
        kind=StockMovement.Kind.COUNTER_SALE, reference=receipt_a.number, product=world["guci"]
    )
    StockMovement.objects.filter(pk=move.pk).update(on_hand_change=-3)
    statement = statement_for(world["anjun"], DEC)
    assert statement.ledger.units == statement.summary.units + 1
    assert not statement.matches_ledger


def test_the_ledger_check_notices_a_return_without_its_ledger_row(world):
    return_b = world["returns"][0]
    StockMovement.objects.filter(
        kind=StockMovement.Kind.SALE_RETURN, reference=return_b.reference
    ).update(reference="DIUBAH")
    assert not statement_for(world["anjun"], JAN).matches_ledger


# The pages


def test_vendor_statement_page_shows_each_channel(client, world):
    client.force_login(world["anjun"].user)
    with translation.override("en"):
        response = client.get(reverse("dashboard-backoffice:statement-detail", args=["2027-01"]))
    assert response.status_code == 200
    found = tables(response.content)
    assert found["statement-lines"] == [
        ["Guci Motif Daun", "Online", "Rp150.000", "1", "Rp0", "Rp150.000"],
        ["Guci Motif Daun", "Return", "Rp150.000", "-1", "-Rp10.000", "-Rp140.000"],
    ]
    assert [row[1] for row in found["statement-summary"]] == [
        "Rp472.000",  # brought forward
        "Rp10.000",  # gross
        "−Rp2.000",  # commission
        "Rp8.000",  # net
        "−Rp472.000",  # paid
        "Rp8.000",  # carried forward
    ]
    assert b"Simping" not in response.content


def test_a_negative_commission_shows_as_given_back(client, world):
    client.force_login(world["simping_kaum"].user)
    with translation.override("en"):
        response = client.get(reverse("dashboard-backoffice:statement-detail", args=["2027-02"]))
    summary = [row[1] for row in tables(response.content)["statement-summary"]]
    assert summary == ["Rp218.750", "-Rp25.000", "+Rp3.125", "-Rp21.875", "Rp0", "Rp196.875"]


def test_vendor_sales_page_shows_online_counter_and_returns_per_month(client, world):
    client.force_login(world["anjun"].user)
    with translation.override("en"):
        response = client.get(reverse("dashboard-orders:order-lines"))
    assert response.status_code == 200
    # Month, online orders, online, counter receipts, counter, returns, units, gross.
    assert tables(response.content)["vendor-sales-months"] == [
        ["January 2027", "1", "Rp150.000", "0", "Rp0", "-Rp140.000", "0", "Rp10.000"],
        ["December 2026", "1", "Rp150.000", "2", "Rp440.000", "Rp0", "4", "Rp590.000"],
    ]
    assert b"Simping" not in response.content


def test_the_other_vendor_sees_only_its_own_sales(client, world):
    client.force_login(world["simping_kaum"].user)
    with translation.override("en"):
        response = client.get(reverse("dashboard-orders:order-lines"))
    assert tables(response.content)["vendor-sales-months"] == [
        ["February 2027", "0", "Rp0", "0", "Rp0", "-Rp25.000", "-1", "-Rp25.000"],
        ["January 2027", "0", "Rp0", "1", "Rp50.000", "-Rp25.000", "1", "Rp25.000"],
        ["December 2026", "1", "Rp100.000", "2", "Rp125.000", "Rp0", "9", "Rp225.000"],
    ]
    assert b"Guci" not in response.content


def test_staff_statement_in_the_admin_agrees_with_the_ledger(client, world, staf_dinas):
    client.force_login(staf_dinas)
    for month in ("2026-12", "2027-01", "2027-02"):
        url = reverse("admin:backoffice_payout_statement", args=[world["simping_kaum"].pk, month])
        response = client.get(url)
        assert response.status_code == 200
        assert b"statement-ledger-mismatch" not in response.content
    overview = client.get(reverse("admin:backoffice_payout_overview") + "?month=2027-01")
    rows = {row[0]: row for row in tables(overview.content)["settlement-overview"]}
    assert rows["Gerabah Anjun"][-1] == "Rp8.000"
    assert rows["Simping Kaum"][-1] == "Rp218.750"


def test_statement_pages_keep_their_query_counts_with_the_counter(
    client, world, staf_dinas, django_assert_max_num_queries
):
    client.force_login(world["anjun"].user)
    with django_assert_max_num_queries(9):
        assert client.get("/dasbor/tagihan/").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get("/dasbor/tagihan/2027-01/").status_code == 200
    client.force_login(staf_dinas)
    with django_assert_max_num_queries(9):
        overview = client.get(reverse("admin:backoffice_payout_overview") + "?month=2027-01")
    assert overview.status_code == 200
