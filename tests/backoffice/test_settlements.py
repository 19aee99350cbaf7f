"""Bar 5: statements equal the ledger's sales per vendor and month, across months, rates and
payouts; a vendor opens only its own statements."""

import datetime
from collections import defaultdict
from decimal import Decimal

import pytest
import time_machine
from django.contrib.admin.models import ADDITION, LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from backoffice import services
from backoffice.models import CommissionRate, Payout
from backoffice.months import month_of, month_start, next_month
from backoffice.settlements import commission_of, settlement_overview, statement_for
from gallery.models import StockMovement
from products.models import Product
from tests.factories import ProductFactory, UserFactory, VendorFactory, kecamatan

from .conftest import cancel, jakarta, sell, tables

pytestmark = pytest.mark.django_db

JAN, FEB, MAR = datetime.date(2026, 1, 1), datetime.date(2026, 2, 1), datetime.date(2026, 3, 1)

# The price of each product at each moment of the story (the ledger has no prices).
PRICES = {
    "guci": {JAN: 150_000, FEB: 150_000, MAR: 160_000},
    "kendi": {JAN: 33_333, FEB: 33_333, MAR: 33_333},
    "tas": {JAN: 85_000, FEB: 85_000, MAR: 85_000},
}


def set_rate(percent, month, by, vendor=None):
    with time_machine.travel(jakarta(f"{month:%Y-%m}-01 08:00"), tick=False):
        return services.commission_rate_set(
            vendor=vendor, percent=Decimal(percent), effective_from=month, by=by
        )


def pay(vendor, amount, day, by, note=""):
    with time_machine.travel(jakarta(f"{day} 10:00"), tick=False):
        return services.payout_record(
            vendor=vendor,
            amount=amount,
            paid_on=datetime.date.fromisoformat(day),
            reference=f"TRF-{vendor.pk}-{day}",
            note=note,
            by=by,
        )


@pytest.fixture
def story(outlets, cashier, staf_dinas):
    """Three months of a gallery: two vendors, a price rise, three rates, payouts, a correction."""
    o1, o2 = outlets
    with time_machine.travel(jakarta("2026-01-05 09:00"), tick=False):
        anjun = VendorFactory(business_name="Gerabah Anjun", slug="gerabah-anjun")
        cirama = VendorFactory(
            business_name="Anyaman Cirama", slug="anyaman-cirama", kecamatan=kecamatan("Wanayasa")
        )
        guci = ProductFactory(vendor=anjun, name="Guci Motif Daun", slug="guci", price=150_000)
        kendi = ProductFactory(vendor=anjun, name="Kendi Tanah Liat", slug="kendi", price=33_333)
        tas = ProductFactory(vendor=cirama, name="Tas Anyaman Bambu", slug="tas", price=85_000)
    set_rate("20", JAN, staf_dinas)
    set_rate("17.5", FEB, staf_dinas, vendor=anjun)
    set_rate("25", MAR, staf_dinas)

    sell(outlet=o1, items=[(guci, 2), (tas, 1)], when="2026-01-10 11:00", by=cashier)
    # 23:30 in Jakarta is still January, though it is 16:30 UTC.
    sell(outlet=o2, items=[(kendi, 3)], when="2026-01-31 23:30", by=cashier)
    # 00:30 in Jakarta on 1 February is 31 January in UTC: it counts in February.
    sell(outlet=o1, items=[(guci, 1)], when="2026-02-01 00:30", by=cashier)
    sell(outlet=o2, items=[(tas, 2), (kendi, 1)], when="2026-02-15 14:00", by=cashier)
    Product.objects.filter(pk=guci.pk).update(price=160_000)
    sell(outlet=o1, items=[(guci, 2), (tas, 1)], when="2026-03-10 10:00", by=cashier)
    waiting = sell(outlet=o2, items=[(tas, 1)], when="2026-03-12 10:00", by=cashier, collect=False)
    cancelled = sell(
        outlet=o1, items=[(guci, 1)], when="2026-03-13 10:00", by=cashier, collect=False
    )
    cancel(cancelled, when="2026-03-14 10:00", by=cashier)

    pay(anjun, 329_999, "2026-02-05", staf_dinas)
    pay(anjun, -10_000, "2026-03-03", staf_dinas, note="Kelebihan transfer Februari dikembalikan")
    pay(cirama, 100_000, "2026-03-20", staf_dinas)
    return {
        "anjun": anjun,
        "cirama": cirama,
        "products": {"guci": guci, "kendi": kendi, "tas": tas},
        "waiting": waiting,
    }


def ledger_sales(vendor, month, products):
    """The month's sales read from the stock ledger alone: SALE rows dated in the Jakarta month."""
    names = {product.pk: name for name, product in products.items()}
    units, gross = defaultdict(int), 0
    moves = StockMovement.objects.filter(
        kind=StockMovement.Kind.SALE,
        product__vendor=vendor,
        at__gte=month_start(month),
        at__lt=month_start(next_month(month)),
    )
    for move in moves:
        sold = -move.on_hand_change
        units[move.product_id] += sold
        gross += sold * PRICES[names[move.product_id]][month]
    return dict(units), gross


# By hand (see the story): gross, percent, commission (half up, per month), net, paid, closing.
EXPECTED = {
    "anjun": {
        JAN: (399_999, "20", 80_000, 319_999, 0, 319_999),
        FEB: (183_333, "17.5", 32_083, 151_250, 329_999, 141_250),
        MAR: (320_000, "17.5", 56_000, 264_000, -10_000, 415_250),
    },
    "cirama": {
        JAN: (85_000, "20", 17_000, 68_000, 0, 68_000),
        FEB: (170_000, "20", 34_000, 136_000, 0, 204_000),
        MAR: (85_000, "25", 21_250, 63_750, 100_000, 167_750),
    },
}


@pytest.mark.parametrize("who", ["anjun", "cirama"])
@pytest.mark.parametrize("month", [JAN, FEB, MAR])
def test_statement_equals_the_ledgers_sales_for_that_vendor_and_month(story, who, month):
    vendor = story[who]
    statement = statement_for(vendor, month)
    units, gross = ledger_sales(vendor, month, story["products"])

    assert statement.summary.gross == gross
    assert statement.units_by_product == units
    assert sum(line.gross for line in statement.lines) == gross
    assert statement.summary.units == sum(units.values())
    assert statement.matches_ledger


@pytest.mark.parametrize("who", ["anjun", "cirama"])
@pytest.mark.parametrize("month", [JAN, FEB, MAR])
def test_statement_applies_the_rate_in_force_payouts_and_carries_the_balance(story, who, month):
    gross, percent, commission, net, paid, closing = EXPECTED[who][month]
    summary = statement_for(story[who], month).summary

    assert (summary.gross, summary.percent, summary.commission) == (
        gross,
        Decimal(percent),
        commission,
    )
    assert (summary.net, summary.paid, summary.closing) == (net, paid, closing)
    assert summary.net == summary.gross - summary.commission
    assert summary.closing == summary.opening + summary.net - summary.paid


@pytest.mark.parametrize("who", ["anjun", "cirama"])
def test_each_months_closing_balance_is_the_next_months_opening(story, who):
    summaries = [statement_for(story[who], month).summary for month in (JAN, FEB, MAR)]
    assert summaries[0].opening == 0
    assert summaries[1].opening == summaries[0].closing
    assert summaries[2].opening == summaries[1].closing


def test_statement_lines_show_units_per_product_at_the_price_paid(story):
    march = statement_for(story["anjun"], MAR)
    assert [
        (line.product_name, line.unit_price, line.units, line.gross) for line in march.lines
    ] == [("Guci Motif Daun", 160_000, 2, 320_000)]
    february = statement_for(story["cirama"], FEB)
    assert [(line.product_name, line.units, line.gross) for line in february.lines] == [
        ("Tas Anyaman Bambu", 2, 170_000)
    ]


def test_orders_not_collected_are_not_sales(story):
    # The waiting (ready) order and the cancelled one are in March: only the collected order counts.
    assert statement_for(story["cirama"], MAR).summary.units == 1
    assert statement_for(story["anjun"], MAR).summary.units == 2


def test_payouts_of_the_month_are_listed_with_the_correction(story):
    payouts = statement_for(story["anjun"], MAR).payouts
    assert [(p.amount, p.note) for p in payouts] == [
        (-10_000, "Kelebihan transfer Februari dikembalikan")
    ]


def test_a_new_rate_never_changes_past_statements(story, staf_dinas):
    before = {m: statement_for(story["anjun"], m).summary for m in (JAN, FEB, MAR)}
    april = datetime.date(2026, 4, 1)
    set_rate("30", april, staf_dinas)
    set_rate("10", april, staf_dinas, vendor=story["anjun"])
    with time_machine.travel(jakarta("2026-04-02 09:00"), tick=False):
        with pytest.raises(ValidationError):
            services.commission_rate_set(
                percent=Decimal("5"), effective_from=MAR, by=staf_dinas, vendor=story["cirama"]
            )
        locked = CommissionRate.objects.get(vendor=None, effective_from=MAR)
        with pytest.raises(ValidationError):
            services.commission_rate_change(rate=locked, percent=Decimal("1"), by=staf_dinas)

    after = {m: statement_for(story["anjun"], m).summary for m in (JAN, FEB, MAR)}
    assert after == before


def test_commission_rounds_half_up_to_whole_rupiah_once_per_month():
    assert commission_of(12_345, Decimal("10")) == 1_235  # 1234.5: half up, not to even
    assert commission_of(1, Decimal("50")) == 1  # 0.5
    assert commission_of(3, Decimal("50")) == 2  # 1.5
    assert commission_of(183_333, Decimal("17.5")) == 32_083  # 32083.275
    assert commission_of(399_999, Decimal("20")) == 80_000  # 79999.8
    assert commission_of(0, Decimal("20")) == 0
    # Per month, not per line: 3 lines of Rp33.333 at 17.5% are 17.499,825 → 17.500;
    # rounding each line (5.833,275 → 5.833) would give 17.499.
    assert commission_of(3 * 33_333, Decimal("17.5")) == 17_500


def test_a_month_without_a_rate_shows_zero_commission_and_says_so(outlets, cashier):
    with time_machine.travel(jakarta("2026-05-01 09:00"), tick=False):
        vendor = VendorFactory(business_name="Gula Aren Wanayasa", slug="gula-aren")
        product = ProductFactory(vendor=vendor, slug="gula-aren-1kg", price=40_000)
    sell(outlet=outlets[0], items=[(product, 2)], when="2026-05-03 10:00", by=cashier)
    summary = statement_for(vendor, datetime.date(2026, 5, 1)).summary
    assert (summary.gross, summary.commission, summary.net) == (80_000, 0, 80_000)
    assert summary.rate_missing


def test_the_statement_notices_a_ledger_that_disagrees(story):
    sale = StockMovement.objects.filter(
        kind=StockMovement.Kind.SALE, product=story["products"]["tas"]
    ).first()
    StockMovement.objects.filter(pk=sale.pk).update(on_hand_change=-5, reserved_change=-5)
    statement = statement_for(story["cirama"], month_of(sale.at))
    assert statement.ledger.units == statement.summary.units + 4
    assert not statement.matches_ledger


def test_settlement_overview_agrees_with_each_vendors_statement(story):
    rows = {row.vendor_name: row.summary for row in settlement_overview(MAR)}
    assert set(rows) == {"Gerabah Anjun", "Anyaman Cirama"}
    for who, name in (("anjun", "Gerabah Anjun"), ("cirama", "Anyaman Cirama")):
        assert rows[name] == statement_for(story[who], MAR).summary


def test_payouts_are_whole_rupiah_never_zero_and_a_correction_needs_a_note(story, staf_dinas):
    vendor = story["anjun"]
    today = datetime.date.today()
    for amount, note in ((0, ""), (-5_000, ""), (1.5, "")):
        with pytest.raises(ValidationError):
            services.payout_record(
                vendor=vendor, amount=amount, paid_on=today, reference="X", note=note, by=staf_dinas
            )
    with pytest.raises(ValidationError):
        services.payout_record(
            vendor=vendor,
            amount=1_000,
            paid_on=today + datetime.timedelta(days=2),
            reference="X",
            by=staf_dinas,
        )


# The vendor's pages


def test_vendor_opens_and_prints_its_own_statement(client, story):
    client.force_login(story["anjun"].user)
    with translation.override("en"):
        response = client.get(reverse("dashboard-backoffice:statement-detail", args=["2026-02"]))
    assert response.status_code == 200
    found = tables(response.content)
    assert found["statement-lines"] == [
        ["Guci Motif Daun", "Online", "Rp150.000", "1", "Rp0", "Rp150.000"],
        ["Kendi Tanah Liat", "Online", "Rp33.333", "1", "Rp0", "Rp33.333"],
    ]
    assert [row[1] for row in found["statement-summary"]] == [
        "Rp319.999",
        "Rp183.333",
        "−Rp32.083",
        "Rp151.250",
        "−Rp329.999",
        "Rp141.250",
    ]
    assert b"data-print" in response.content


def test_vendor_statement_list_links_every_month_of_its_account(client, story):
    client.force_login(story["cirama"].user)
    with translation.override("en"):
        response = client.get(reverse("dashboard-backoffice:statement-list"))
    assert response.status_code == 200
    months = [row[0] for row in tables(response.content)["statement-months"]]
    assert months[-3:] == ["March 2026", "February 2026", "January 2026"]
    assert b"/en/dasbor/tagihan/2026-01/" in response.content


def test_a_vendor_sees_only_its_own_figures_in_a_month(client, story):
    client.force_login(story["cirama"].user)
    response = client.get("/en/dasbor/tagihan/2026-01/")
    assert response.status_code == 200
    assert b"Tas Anyaman Bambu" in response.content
    assert b"Guci Motif Daun" not in response.content
    assert b"Kendi" not in response.content


def test_a_month_outside_the_vendors_own_account_is_404(client, story):
    newcomer = VendorFactory(business_name="Batik Purwakarta", slug="batik-purwakarta")
    client.force_login(newcomer.user)
    # January 2026 is a month of the other vendors' accounts, not of this one's.
    assert client.get("/en/dasbor/tagihan/2026-01/").status_code == 404
    assert client.get("/en/dasbor/tagihan/2099-01/").status_code == 404
    assert client.get("/en/dasbor/tagihan/2026-13/").status_code == 404


def test_statements_need_a_vendor_account(client, story):
    assert client.get("/en/dasbor/tagihan/").status_code == 302
    client.force_login(UserFactory(email="pembeli@contoh.id"))
    assert client.get("/en/dasbor/tagihan/").status_code == 403
    assert client.get("/en/dasbor/tagihan/2026-01/").status_code == 403


# Staff in the admin


def test_staff_see_a_vendors_statement_in_the_admin(client, story, staf_dinas):
    client.force_login(staf_dinas)
    url = reverse("admin:backoffice_payout_statement", args=[story["anjun"].pk, "2026-03"])
    response = client.get(url)
    assert response.status_code == 200
    assert tables(response.content)["statement-summary"][-1][1] == "Rp415.250"
    assert b"statement-ledger-mismatch" not in response.content
    overview = client.get(reverse("admin:backoffice_payout_overview") + "?month=2026-03")
    rows = {row[0]: row for row in tables(overview.content)["settlement-overview"]}
    assert rows["Gerabah Anjun"][-1] == "Rp415.250"
    assert rows["Anyaman Cirama"][-1] == "Rp167.750"
    payouts = client.get(reverse("admin:backoffice_payout_changelist"))
    assert reverse("admin:backoffice_payout_overview").encode() in payouts.content


def test_staff_without_the_payout_permission_cannot_see_statements(client, story, staf_galeri):
    client.force_login(staf_galeri)
    url = reverse("admin:backoffice_payout_statement", args=[story["anjun"].pk, "2026-03"])
    assert client.get(url).status_code == 403
    assert client.get(reverse("admin:backoffice_payout_overview")).status_code == 403


def test_staff_record_a_payout_in_the_admin_and_it_is_logged(client, story, staf_dinas):
    client.force_login(staf_dinas)
    vendor = story["cirama"]
    response = client.post(
        reverse("admin:backoffice_payout_add"),
        {
            "vendor": vendor.pk,
            "amount": "167750",
            "paid_on": "2026-04-02",
            "reference": "BJB-778812",
            "note": "",
        },
    )
    assert response.status_code == 302
    payout = Payout.objects.get(reference="BJB-778812")
    assert (payout.vendor, payout.amount, payout.by) == (vendor, 167_750, staf_dinas)
    entry = LogEntry.objects.get(object_id=str(payout.pk), content_type__model="payout")
    assert (entry.user, entry.action_flag) == (staf_dinas, ADDITION)
    assert statement_for(vendor, datetime.date(2026, 4, 1)).summary.closing == 0


def test_a_correction_without_a_note_is_refused_in_the_admin(client, story, staf_dinas):
    client.force_login(staf_dinas)
    response = client.post(
        reverse("admin:backoffice_payout_add"),
        {"vendor": story["anjun"].pk, "amount": "-5000", "paid_on": "2026-04-02", "reference": "K"},
    )
    assert response.status_code == 200
    assert "note" in response.context["adminform"].form.errors
    assert not Payout.objects.filter(reference="K").exists()


def test_payouts_are_never_changed_or_deleted(client, story, staf_dinas):
    client.force_login(staf_dinas)
    payout = Payout.objects.filter(vendor=story["cirama"]).first()
    delete = client.post(
        reverse("admin:backoffice_payout_delete", args=[payout.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403
    change = client.post(
        reverse("admin:backoffice_payout_change", args=[payout.pk]),
        {"vendor": payout.vendor_id, "amount": "1", "paid_on": "2026-03-20", "reference": "X"},
    )
    assert change.status_code == 403
    payout.refresh_from_db()
    assert payout.amount == 100_000


def test_a_rate_of_a_month_that_is_over_cannot_be_edited_in_the_admin(client, story, staf_dinas):
    client.force_login(staf_dinas)
    rate = CommissionRate.objects.get(vendor=None, effective_from=JAN)
    response = client.post(
        reverse("admin:backoffice_commissionrate_change", args=[rate.pk]),
        {"percent": "1", "note": ""},
    )
    assert response.status_code == 403
    rate.refresh_from_db()
    assert rate.percent == Decimal("20")


def test_statement_pages_read_a_bounded_number_of_queries_whatever_the_months(
    client, story, staf_dinas, django_assert_max_num_queries
):
    client.force_login(story["anjun"].user)
    with django_assert_max_num_queries(9):
        assert client.get("/dasbor/tagihan/").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get("/dasbor/tagihan/2026-02/").status_code == 200
    client.force_login(staf_dinas)
    with django_assert_max_num_queries(9):
        overview = client.get(reverse("admin:backoffice_payout_overview") + "?month=2026-03")
    assert overview.status_code == 200
