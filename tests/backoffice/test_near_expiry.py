"""Bar 2's lists: the staff dashboard and the outlet's stock page list expired food still on the
shelf and food near expiry, soonest first, against expectations built by hand with time frozen
in Jakarta."""

import pytest
from django.urls import clear_url_caches

from gallery.expiry import BatchState, batches_to_check, state_of
from gallery.services import stock_record_loss, stock_reserve
from tests.factories import StaffFactory, VendorFactory
from tests.gallery.batch_world import TODAY, days, food, frozen, stock_batch

from .conftest import tables

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"
    clear_url_caches()
    yield
    clear_url_caches()


@pytest.fixture(autouse=True)
def today():
    with frozen():
        yield TODAY


@pytest.fixture
def shelf(outlets):
    """At two outlets: batches expiring tomorrow, in 30 and 31 days, one expired yesterday, one
    expiring today, and an expired batch with nothing left on the shelf."""
    first, second = outlets
    vendor = VendorFactory(business_name="Dapur Bu Eni", slug="dapur-bu-eni")
    keripik = food(vendor, "Keripik Singkong", "keripik-singkong", 90)
    simping = food(vendor, "Simping Kaum", "simping-kaum", 60)
    gula = food(vendor, "Gula Aren", "gula-aren-batok", 365, category="gula-aren")
    stock_batch(first, keripik, 4, "K-TOMORROW", days(1))
    stock_batch(second, simping, 6, "S-30", days(30))
    stock_batch(first, gula, 9, "G-31", days(31))
    stock_batch(second, keripik, 2, "K-YESTERDAY", days(-1))
    stock_batch(first, simping, 3, "S-TODAY", days(0))
    gone = stock_batch(first, gula, 1, "G-GONE", days(-3))
    with frozen(days(-4)):
        stock_record_loss(
            outlet=first, product=gula, quantity=1, by=None, reason="pecah", batch=gone
        )
    return {"outlets": outlets, "keripik": keripik, "simping": simping, "gula": gula}


def test_the_list_holds_expired_and_near_expiry_batches_soonest_first(shelf):
    found = [(b.code, b.outlet.name, b.on_hand) for b in batches_to_check()]
    assert found == [
        ("K-YESTERDAY", "Galeri Menong 2", 2),
        ("S-TODAY", "Galeri Menong 1", 3),
        ("K-TOMORROW", "Galeri Menong 1", 4),
        ("S-30", "Galeri Menong 2", 6),
    ]
    first = shelf["outlets"][0]
    assert [b.code for b in batches_to_check(outlet=first)] == ["S-TODAY", "K-TOMORROW"]


def test_a_batch_expires_at_midnight_jakarta_time(shelf):
    tomorrow = shelf["keripik"].batches.get(code="K-TOMORROW")
    with frozen(TODAY, 23, 59):
        assert state_of(tomorrow) == BatchState.NEAR_EXPIRY
    with frozen(days(1), 0, 0):
        assert state_of(tomorrow) == BatchState.EXPIRED
    # 31 days ahead is not near yet; the next day it is.
    g31 = shelf["gula"].batches.get(code="G-31")
    assert state_of(g31) == BatchState.LIVE
    with frozen(days(1), 0, 0):
        assert "G-31" in [b.code for b in batches_to_check()]


def dashboard_rows(client, user):
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 200
    return tables(response.content.decode())


def test_the_staff_dashboard_lists_them_by_expiry_date(client, shelf, staf_galeri):
    found = dashboard_rows(client, staf_galeri)
    assert found["work-near-expiry"] == [
        [
            "Galeri Menong 2",
            "Keripik Singkong",
            "Dapur Bu Eni",
            "K-YESTERDAY",
            "9 December 2026 expired",
            "2",
        ],
        [
            "Galeri Menong 1",
            "Simping Kaum",
            "Dapur Bu Eni",
            "S-TODAY",
            "10 December 2026 expired",
            "3",
        ],
        [
            "Galeri Menong 1",
            "Keripik Singkong",
            "Dapur Bu Eni",
            "K-TOMORROW",
            "11 December 2026",
            "4",
        ],
        ["Galeri Menong 2", "Simping Kaum", "Dapur Bu Eni", "S-30", "9 January 2027", "6"],
    ]


def test_reserved_units_still_count_as_on_the_shelf(client, shelf, staf_galeri):
    first = shelf["outlets"][0]
    stock_reserve(outlet=first, items=[(shelf["keripik"], 3)], reference="GM-1")
    rows = dashboard_rows(client, staf_galeri)["work-near-expiry"]
    assert rows[2][3:] == ["K-TOMORROW", "11 December 2026", "4"]


def test_the_dashboard_list_needs_the_batch_view_permission(client, shelf):
    nobody = StaffFactory(email="magang@contoh.id")
    assert "work-near-expiry" not in dashboard_rows(client, nobody)


def test_an_empty_list_says_so(client, staf_galeri, outlets):
    found = dashboard_rows(client, staf_galeri)
    assert found["work-near-expiry"] == [["No food batch is expired or near expiry."]]


def test_the_outlets_stock_page_lists_its_own_batches(client, shelf, staf_galeri):
    first, second = shelf["outlets"]
    client.force_login(staf_galeri)
    html = client.get("/admin/gallery/stocklevel/", {"outlet__id__exact": first.pk}).content
    assert tables(html)["outlet-near-expiry"] == [
        ["Simping Kaum", "Dapur Bu Eni", "S-TODAY", "10 December 2026 expired", "3", "0"],
        ["Keripik Singkong", "Dapur Bu Eni", "K-TOMORROW", "11 December 2026", "4", "0"],
    ]
    other = tables(
        client.get("/admin/gallery/stocklevel/", {"outlet__id__exact": second.pk}).content
    )
    assert [row[2] for row in other["outlet-near-expiry"]] == ["K-YESTERDAY", "S-30"]
    # Without an outlet the stock list is every outlet's: the dashboard has the whole list.
    unfiltered = tables(client.get("/admin/gallery/stocklevel/").content)
    assert "outlet-near-expiry" not in unfiltered


def test_the_lists_pin_their_queries(client, shelf, staf_galeri, django_assert_max_num_queries):
    first = shelf["outlets"][0]
    for n in range(25):
        stock_batch(first, shelf["keripik"], 1, f"K-{n:02d}", days(2 + n % 20))
    client.force_login(staf_galeri)
    stock_page = {"outlet__id__exact": first.pk}
    with django_assert_max_num_queries(30) as dashboard_few:
        client.get("/admin/")
    with django_assert_max_num_queries(16) as page_few:
        client.get("/admin/gallery/stocklevel/", stock_page)
    for n in range(25, 80):
        stock_batch(first, shelf["keripik"], 1, f"K-{n:02d}", days(2 + n % 20))
    with django_assert_max_num_queries(len(dashboard_few.captured_queries)):
        client.get("/admin/")
    with django_assert_max_num_queries(len(page_few.captured_queries)):
        client.get("/admin/gallery/stocklevel/", stock_page)
