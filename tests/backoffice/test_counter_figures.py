"""The staff dashboard counts the counter: figures per channel and in total, computed by hand for
the month of ``counter_world``."""

import datetime

import pytest
from django.utils import dateformat, translation

from backoffice import figures
from backoffice.figures import Filters
from core.templatetags.rupiah import format_rupiah as rp
from tests.factories import StaffFactory

from .conftest import tables
from .counter_world import DEC, FEB, JAN, build

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(outlets, cashier, staf_dinas):
    return build(outlets, cashier, staf_dinas)


@pytest.fixture
def staff(db):
    return StaffFactory(email="kepala@contoh.id", groups=["Staf Dinas", "Staf Galeri"])


def month(value):
    with translation.override("id"):
        return dateformat.format(value, "F Y")


def split(row):
    return (row.orders, row.receipts, row.units, row.online, row.counter, row.returns, row.gross)


def test_totals_count_both_channels_less_returns(world):
    totals = figures.sales_totals(Filters())
    # Online: December 1 guci + 4 simping (250.000), January 1 guci (150.000).
    # Counter: A 2 guci + 3 simping (375.000), B 1 guci − 10.000 + 2 simping (190.000),
    # D 2 simping (50.000); C voided. Returns: 140.000 + 25.000 + 25.000.
    assert split(totals) == (
        2,
        3,
        (1 + 4 + 1) + (2 + 3 + 1 + 2 + 2) - 3,
        150_000 + 100_000 + 150_000,
        375_000 + 190_000 + 50_000,
        -(140_000 + 25_000 + 25_000),
        400_000 + 615_000 - 190_000,
    )
    assert totals.sales == 5


def test_months_split_by_channel(world):
    rows = figures.sales_months(Filters())
    assert [(row.month, *split(row)) for row in rows] == [
        (DEC, 1, 2, 5 + 8, 250_000, 565_000, 0, 815_000),
        (JAN, 1, 1, 1 + 2 - 2, 150_000, 50_000, -165_000, 35_000),
        (FEB, 0, 0, -1, 0, 0, -25_000, -25_000),
    ]


def test_outlets_categories_products_and_vendors_count_both_channels(world):
    f = Filters()
    assert [(r.label, r.sales, r.units, r.gross) for r in figures.sales_outlets(f)] == [
        # Galeri Menong 1: online 250.000, counter 615.000, returns −190.000.
        ("Galeri Menong 1", 1 + 3, 5 + 10 - 3, 675_000),
        ("Galeri Menong 2", 1, 1, 150_000),
    ]
    assert [(r.label, r.sales, r.units, r.gross) for r in figures.sales_categories(f)] == [
        # Guci: online 2 × 150.000, counter 440.000, returned 140.000.
        ("Keramik Uji", 2 + 2, 2 + 3 - 1, 300_000 + 440_000 - 140_000),
        # Simping: online 100.000, counter 7 × 25.000, returned 2 × 25.000.
        ("Kuliner Uji", 1 + 3, 4 + 7 - 2, 100_000 + 175_000 - 50_000),
    ]
    assert [(r.label, r.sales, r.units, r.gross) for r in figures.top_products(f)] == [
        ("Guci Motif Daun (Gerabah Anjun)", 4, 4, 600_000),
        ("Simping Kaum Original (Simping Kaum)", 4, 9, 225_000),
    ]
    assert [(r.label, r.sales, r.units, r.gross) for r in figures.top_vendors(f)] == [
        ("Gerabah Anjun", 4, 4, 600_000),
        ("Simping Kaum", 4, 9, 225_000),
    ]


def test_period_and_outlet_narrow_the_counter_and_its_returns(world, outlets):
    january_at_1 = Filters(
        date_from=datetime.date(2027, 1, 1), date_to=datetime.date(2027, 1, 31), outlet=outlets[0]
    )
    # The January online order was collected at Galeri Menong 2: only receipt D and the returns.
    assert split(figures.sales_totals(january_at_1)) == (0, 1, 2 - 2, 0, 50_000, -165_000, -115_000)
    december_at_2 = Filters(
        date_from=datetime.date(2026, 12, 1), date_to=datetime.date(2026, 12, 31), outlet=outlets[1]
    )
    assert split(figures.sales_totals(december_at_2)) == (0, 0, 0, 0, 0, 0, 0)


def test_dashboard_page_shows_the_channels(client, world, staff, django_assert_max_num_queries):
    client.force_login(staff)
    # Within the pin of tests/backoffice/test_dashboard_scale.py.
    with django_assert_max_num_queries(24):
        response = client.get("/admin/")
    assert response.status_code == 200
    found = tables(response.content)
    assert [row[1:] for row in found["figure-sales-totals"]] == [
        ["5", "13", rp(825_000)],
        ["2", "6", rp(400_000)],
        ["3", "10", rp(615_000)],
        ["–", "-3", rp(-190_000)],
    ]
    assert found["figure-sales-channels"] == [
        [month(DEC), rp(250_000), rp(565_000), rp(0), rp(815_000)],
        [month(JAN), rp(150_000), rp(50_000), rp(-165_000), rp(35_000)],
        [month(FEB), rp(0), rp(0), rp(-25_000), rp(-25_000)],
    ]
    assert found["figure-sales-months"] == [
        [month(DEC), "3", "13", rp(815_000)],
        [month(JAN), "2", "1", rp(35_000)],
        [month(FEB), "0", "-1", rp(-25_000)],
    ]
    html = response.content.decode()
    # The month chart has a column per channel, with a legend.
    assert "Desember 2026 · " in html and rp(565_000) in html
