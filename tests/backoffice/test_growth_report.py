"""The UMKM growth report: every figure of the district report and of a vendor's timeline against
totals counted by hand in a small world built here.

The world, January to June 2026 (the tests run on 15 July 2026):
- "Gerabah Anjun" (Plered, Keramik): registered January, approved February; an online order of
  Rp150.000 collected in February, a counter receipt of Rp300.000 in April and Rp150.000 of it
  brought back in May; an NIB obtained in February (and an old permit of December 2025); attended
  a training in March (a later session it signed up for is not over); a product first listed in
  January and one in March.
- "Gula Aren Wanayasa" (Wanayasa, Kuliner): registered February, approved March; an online order
  of Rp100.000 collected in April, a counter receipt of Rp50.000 in May; a P-IRT and a halal
  certificate in May; a training it cancelled.
- "Anyaman Bambu" (Plered, Kuliner): registered March, never approved, nothing sold.
"""

import csv
import datetime
import io

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from backoffice.growth.district import quarter_label
from backoffice.settlements import statement_for
from core.formats import format_month
from core.templatetags.rupiah import format_rupiah as rp
from counter.services import shift_open
from gallery.services import stock_receive
from products.models import ProductEvent
from tests.factories import (
    CategoryFactory,
    ProductFactory,
    StaffFactory,
    UserFactory,
    VendorFactory,
    kecamatan,
)
from training.models import SignUp, TrainingSession
from vendors.models import Vendor, VendorPermit

from .conftest import jakarta, sell, tables
from .counter_world import counter_staff, ring_up, take_back

pytestmark = pytest.mark.django_db

JAN, FEB, MAR, APR, MAY, JUN, JUL = (datetime.date(2026, m, 1) for m in range(1, 8))
TODAY = "2026-07-15 09:00"
URL = "/admin/backoffice/report/growth/"
RANGE = {"from": "2026-01", "to": "2026-06"}


@pytest.fixture(autouse=True)
def july():
    with time_machine.travel(jakarta(TODAY), tick=False):
        yield


def vendor_at(when, **fields):
    with time_machine.travel(jakarta(when), tick=False):
        return VendorFactory(**fields)


def permit(vendor, kind, number, obtained_on):
    return VendorPermit.objects.create(
        vendor=vendor,
        kind=kind,
        number=number,
        obtained_on=datetime.date.fromisoformat(obtained_on),
    )


@pytest.fixture
def world(outlets, cashier, staf_dinas):
    o1, _o2 = outlets
    keramik = CategoryFactory(slug="uji-keramik", name_id="Keramik Uji", name_en="Ceramics")
    kuliner = CategoryFactory(slug="uji-kuliner", name_id="Kuliner Uji", name_en="Food")
    plered, wanayasa = kecamatan("Plered"), kecamatan("Wanayasa")
    anjun = vendor_at(
        "2026-01-10 09:00",
        business_name="Gerabah Anjun",
        slug="gerabah-anjun",
        kecamatan=plered,
        approved_at=jakarta("2026-02-03 10:00"),
    )
    aren = vendor_at(
        "2026-02-05 09:00",
        business_name="Gula Aren Wanayasa",
        slug="gula-aren",
        kecamatan=wanayasa,
        approved_at=jakarta("2026-03-02 10:00"),
    )
    bambu = vendor_at(
        "2026-03-10 09:00",
        business_name="Anyaman Bambu",
        slug="anyaman-bambu",
        kecamatan=plered,
        status=Vendor.Status.SUBMITTED,
    )
    anjun.categories.add(keramik)
    aren.categories.add(kuliner)
    bambu.categories.add(kuliner)

    guci = ProductFactory(
        vendor=anjun, category=keramik, price=150_000, published_at=jakarta("2026-01-15 10:00")
    )
    kendi = ProductFactory(
        vendor=anjun, category=keramik, price=90_000, published_at=jakarta("2026-06-01 10:00")
    )
    # First published in March, published again in June: it counts in March.
    for when in ("2026-03-01 10:00", "2026-06-01 10:00"):
        with time_machine.travel(jakarta(when), tick=False):
            ProductEvent.objects.create(product=kendi, action=ProductEvent.Action.PUBLISHED)
    gula = ProductFactory(vendor=aren, category=kuliner, price=25_000)

    permit(anjun, "nib", "1234567890123", "2026-02-20")
    permit(anjun, "other", "SIUP-2025-01", "2025-12-01")
    permit(aren, "pirt", "P-IRT No. 1234567890123-45", "2026-05-15")
    permit(aren, "halal", "ID32110000123450126", "2026-05-20")

    over = TrainingSession.objects.create(
        title="Foto Produk dengan Ponsel",
        topic="photography",
        starts_at=jakarta("2026-03-14 09:00"),
        ends_at=jakarta("2026-03-14 12:00"),
        place="Aula Dinas",
        quota=20,
    )
    upcoming = TrainingSession.objects.create(
        title="Jualan Live",
        topic="live_selling",
        starts_at=jakarta("2026-08-01 09:00"),
        ends_at=jakarta("2026-08-01 12:00"),
        place="Aula Dinas",
        quota=20,
    )
    SignUp.objects.create(session=over, vendor=anjun)
    SignUp.objects.create(session=upcoming, vendor=anjun)
    SignUp.objects.create(session=over, vendor=aren, cancelled_at=jakarta("2026-03-01 08:00"))

    counter_cashier, _supervisor = counter_staff(o1)
    with time_machine.travel(jakarta("2026-01-20 08:00"), tick=False):
        stock_receive(outlet=o1, product=guci, quantity=2, by=cashier)
        stock_receive(outlet=o1, product=gula, quantity=2, by=cashier)
        shift_open(outlet=o1, by=counter_cashier, opening_float=100_000)
    sell(outlet=o1, items=[(guci, 1)], when="2026-02-10 10:00", by=cashier)
    receipt = ring_up(o1, counter_cashier, [(guci, 2, 0, "")], "2026-04-06 10:00")
    sell(outlet=o1, items=[(gula, 4)], when="2026-04-10 10:00", by=cashier)
    take_back(receipt, guci, 1, "2026-05-04 10:00", counter_cashier)
    ring_up(o1, counter_cashier, [(gula, 2, 0, "")], "2026-05-06 10:00")
    return {
        "anjun": anjun,
        "aren": aren,
        "bambu": bambu,
        "keramik": keramik,
        "kuliner": kuliner,
        "plered": plered,
        "wanayasa": wanayasa,
    }


@pytest.fixture
def staff(client, staf_dinas):
    client.force_login(staf_dinas)
    return client


# (registered, approved, active, permits, online, counter, returns, sales)
ALL_MONTHS = {
    JAN: (1, 0, 0, 0, 0, 0, 0, 0),
    FEB: (1, 1, 1, 1, 150_000, 0, 0, 150_000),
    MAR: (1, 1, 0, 0, 0, 0, 0, 0),
    APR: (0, 0, 2, 0, 100_000, 300_000, 0, 400_000),
    MAY: (0, 0, 1, 2, 0, 50_000, -150_000, -100_000),
    JUN: (0, 0, 0, 0, 0, 0, 0, 0),
}
ALL_TOTAL = (3, 2, 2, 3, 250_000, 350_000, -150_000, 450_000)
PLERED = (2, 1, 1, 1, 150_000, 300_000, -150_000, 300_000)
WANAYASA = (1, 1, 1, 2, 100_000, 50_000, 0, 150_000)
KERAMIK = (1, 1, 1, 1, 150_000, 300_000, -150_000, 300_000)
KULINER = (2, 1, 1, 2, 100_000, 50_000, 0, 150_000)
ZERO = (0,) * 8


def shown(figures):
    """The cells a row shows: counts as they are, Rupiah formatted."""
    return [str(n) for n in figures[:4]] + [rp(n) for n in figures[4:]]


def t(text):
    """A message as the (Indonesian) report shows it."""
    with translation.override("id"):
        return gettext(text)


def q(year, n):
    with translation.override("id"):
        return quarter_label(datetime.date(year, 3 * n - 2, 1))


def month_name(month):
    with translation.override("id"):
        return format_month(month)


def rows_of(html, table_id):
    return tables(html)[table_id]


def footer_of(html, table_id):
    body = html.decode()
    start = body.index(f'id="{table_id}"')
    footer = body[body.index("<tfoot>", start) : body.index("</tfoot>", start)]

    return tables(f'<table id="t"><tbody>{footer.removeprefix("<tfoot>")}</tbody></table>')["t"][0]


def get(client, **query):
    response = client.get(URL, {**RANGE, **query})
    assert response.status_code == 200, response.content[:2000]
    return response.content


def by_label(rows):
    return {row[0]: row[1:] for row in rows}


def test_the_district_report_counts_every_month_by_hand(staff, world):
    html = get(staff)
    assert rows_of(html, "growth-months") == [
        [month_name(month), *shown(figures)] for month, figures in ALL_MONTHS.items()
    ]
    assert footer_of(html, "growth-months") == [t("Total"), *shown(ALL_TOTAL)]


def test_the_kecamatan_and_category_rows_add_up_by_hand(staff, world):
    html = get(staff)
    kecamatan = by_label(rows_of(html, "growth-kecamatan"))
    assert len(kecamatan) == 17
    # Q2 2026 against Q1: Gerabah Anjun sold Rp150.000 in both (no growth), Gula Aren grew.
    assert kecamatan["Plered"] == [*shown(PLERED), "1", "0"]
    assert kecamatan["Wanayasa"] == [*shown(WANAYASA), "1", "1"]
    assert kecamatan["Purwakarta"] == [*shown(ZERO), "0", "0"]
    categories = by_label(rows_of(html, "growth-categories"))
    assert categories["Keramik Uji"] == [*shown(KERAMIK), "1", "0"]
    assert categories["Kuliner Uji"] == [*shown(KULINER), "1", "1"]
    assert categories[t("No category")] == [*shown(ZERO), "0", "0"]


def test_quarter_on_quarter_growth_is_counted_among_vendors_with_sales(staff, world):
    html = get(staff)
    # Q1: only Gerabah Anjun sold (Rp150.000 against nothing in Q4 2025): it grew.
    # Q2: both sold; Gerabah Anjun Rp300.000 − Rp150.000 = Rp150.000, the same as Q1.
    assert rows_of(html, "growth-quarters") == [
        [q(2026, 1), "3", "1", "1"],
        [q(2026, 2), "3", "2", "1"],
    ]
    vendors = by_label(rows_of(html, "growth-vendors"))
    assert vendors == {
        "Gerabah Anjun": [rp(300_000), rp(150_000), rp(150_000), t("No")],
        "Gula Aren Wanayasa": [rp(150_000), rp(150_000), rp(0), t("Yes")],
    }
    assert "Q2 2026: 1 dari 2" in html.decode() or q(2026, 2) in html.decode()


def test_the_kecamatan_filter_counts_only_its_vendors(staff, world):
    html = get(staff, kecamatan=world["plered"].pk)
    rows = rows_of(html, "growth-months")
    assert [row[1:] for row in rows] == [
        shown((1, 0, 0, 0, 0, 0, 0, 0)),
        shown((0, 1, 1, 1, 150_000, 0, 0, 150_000)),
        shown((1, 0, 0, 0, 0, 0, 0, 0)),
        shown((0, 0, 1, 0, 0, 300_000, 0, 300_000)),
        shown((0, 0, 0, 0, 0, 0, -150_000, -150_000)),
        shown(ZERO),
    ]
    assert footer_of(html, "growth-months")[1:] == shown(PLERED)
    assert by_label(rows_of(html, "growth-kecamatan")) == {"Plered": [*shown(PLERED), "1", "0"]}
    assert rows_of(html, "growth-quarters") == [
        [q(2026, 1), "3", "1", "1"],
        [q(2026, 2), "3", "1", "0"],
    ]
    assert "Plered" in html.decode().split('id="report-scope"')[1][:600]


def test_the_category_filter_counts_only_its_vendors(staff, world):
    html = get(staff, category=world["kuliner"].pk)
    assert [row[1:] for row in rows_of(html, "growth-months")] == [
        shown(ZERO),
        shown((1, 0, 0, 0, 0, 0, 0, 0)),
        shown((1, 1, 0, 0, 0, 0, 0, 0)),
        shown((0, 0, 1, 0, 100_000, 0, 0, 100_000)),
        shown((0, 0, 1, 2, 0, 50_000, 0, 50_000)),
        shown(ZERO),
    ]
    assert footer_of(html, "growth-months")[1:] == shown(KULINER)
    assert by_label(rows_of(html, "growth-categories")) == {
        "Kuliner Uji": [*shown(KULINER), "1", "1"]
    }
    assert by_label(rows_of(html, "growth-kecamatan"))["Plered"] == [
        *shown((1, 0, 0, 0, 0, 0, 0, 0)),
        "0",
        "0",
    ]


def test_a_shorter_range_counts_its_months_and_a_quarter_it_ends_inside(staff, world):
    html = get(staff, **{"from": "2026-04", "to": "2026-05"})
    assert rows_of(html, "growth-months") == [
        [month_name(APR), *shown(ALL_MONTHS[APR])],
        [month_name(MAY), *shown(ALL_MONTHS[MAY])],
    ]
    assert footer_of(html, "growth-months")[1:] == shown(
        (0, 0, 2, 2, 100_000, 350_000, -150_000, 300_000)
    )
    # Q2 up to May against the whole of Q1.
    assert rows_of(html, "growth-quarters") == [[q(2026, 2), "2", "2", "1"]]


def test_the_default_range_is_the_last_twelve_months(staff, world):
    response = staff.get(URL)
    assert response.status_code == 200
    rows = rows_of(response.content, "growth-months")
    assert (rows[0][0], rows[-1][0], len(rows)) == (
        month_name(datetime.date(2025, 8, 1)),
        month_name(JUL),
        12,
    )
    # The same figures, and the permit of December 2025 too.
    assert footer_of(response.content, "growth-months")[1:] == shown(
        (3, 2, 2, 4, 250_000, 350_000, -150_000, 450_000)
    )


def read_csv(response):
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    delimiter = ";" if "pemisah" not in response.request["QUERY_STRING"] else ","
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def test_each_csv_has_the_rows_of_its_table(staff, world):
    query = {**RANGE, "category": world["kuliner"].pk}
    html = staff.get(URL, query).content
    months = read_csv(staff.get(URL + "months.csv", query))
    assert months[0][:2] == [t("Month"), t("Registered")]
    as_numbers = [row[1:] for row in months[1:]]
    assert as_numbers[:-1] == [
        [str(n) for n in (0, 0, 0, 0, 0, 0, 0, 0)],
        [str(n) for n in (1, 0, 0, 0, 0, 0, 0, 0)],
        [str(n) for n in (1, 1, 0, 0, 0, 0, 0, 0)],
        [str(n) for n in (0, 0, 1, 0, 100_000, 0, 0, 100_000)],
        [str(n) for n in (0, 0, 1, 2, 0, 50_000, 0, 50_000)],
        [str(n) for n in (0, 0, 0, 0, 0, 0, 0, 0)],
    ]
    assert as_numbers[-1] == [str(n) for n in KULINER]
    table = rows_of(html, "growth-months")
    assert [row[0] for row in months[1:-1]] == [row[0] for row in table]
    assert [shown([int(n) for n in row[1:]]) for row in months[1:-1]] == [row[1:] for row in table]

    for name, table_id in (
        ("kecamatan", "growth-kecamatan"),
        ("categories", "growth-categories"),
        ("quarters", "growth-quarters"),
        ("vendors", "growth-vendors"),
    ):
        rows = read_csv(staff.get(f"{URL}{name}.csv", query))[1:]
        shown_rows = rows_of(html, table_id)
        assert [row[0] for row in rows] == [row[0] for row in shown_rows], name
        assert len(rows) == len(shown_rows)
    comma = read_csv(staff.get(URL + "months.csv", {**query, "pemisah": "koma"}))
    assert comma == months


def test_a_vendors_timeline_agrees_with_its_statements(staff, world):
    anjun = world["anjun"]
    response = staff.get(f"{URL}vendor/{anjun.pk}/")
    assert response.status_code == 200
    html = response.content
    # From the month it registered to this month.
    # (permits, trainings, products, online, counter, returns, sales)
    expected = {
        JAN: (0, 0, 1, 0, 0, 0, 0),
        FEB: (1, 0, 0, 150_000, 0, 0, 150_000),
        MAR: (0, 1, 1, 0, 0, 0, 0),
        APR: (0, 0, 0, 0, 300_000, 0, 300_000),
        MAY: (0, 0, 0, 0, 0, -150_000, -150_000),
        JUN: (0, 0, 0, 0, 0, 0, 0),
        JUL: (0, 0, 0, 0, 0, 0, 0),
    }

    def cells(figures):
        return [str(n) for n in figures[:3]] + [rp(n) for n in figures[3:]]

    assert rows_of(html, "timeline-months") == [
        [month_name(month), *cells(figures)] for month, figures in expected.items()
    ]
    assert footer_of(html, "timeline-months")[1:] == cells(
        (1, 1, 2, 150_000, 300_000, -150_000, 300_000)
    )
    for month in (FEB, APR, MAY):
        assert statement_for(anjun, month).summary.gross == expected[month][-1]
    permits = rows_of(html, "timeline-permits")
    assert [row[2] for row in permits] == ["SIUP-2025-01", "1234567890123"]
    assert [row[1] for row in rows_of(html, "timeline-trainings")] == ["Foto Produk dengan Ponsel"]

    csv_rows = read_csv(staff.get(f"{URL}vendor/{anjun.pk}/timeline.csv"))[1:]
    assert [row[0] for row in csv_rows[:-1]] == [month_name(month) for month in expected]
    assert [[int(n) for n in row[1:]] for row in csv_rows[:-1]] == [
        list(figures) for figures in expected.values()
    ]

    narrowed = staff.get(f"{URL}vendor/{anjun.pk}/", {"from": "2026-04", "to": "2026-05"})
    assert [row[0] for row in rows_of(narrowed.content, "timeline-months")] == [
        month_name(APR),
        month_name(MAY),
    ]


def extra_vendors(outlet, by, count):
    category = CategoryFactory(slug="uji-batik", name_id="Batik Uji", name_en="Batik")
    for n in range(count):
        vendor = vendor_at("2026-02-01 09:00", kecamatan=kecamatan("Bojong"))
        vendor.categories.add(category)
        product = ProductFactory(vendor=vendor, category=category, price=10_000)
        permit(vendor, "nib", f"99999999999{n:02d}", "2026-03-01")
        sell(outlet=outlet, items=[(product, 1)], when=f"2026-0{3 + n % 3}-10 10:00", by=by)


QUERIES = 17
TIMELINE_QUERIES = 9


@pytest.mark.parametrize("vendors", [2, 10])
def test_the_report_reads_a_fixed_number_of_queries(
    client, staf_dinas, outlets, cashier, vendors, django_assert_max_num_queries
):
    extra_vendors(outlets[0], cashier, vendors)
    client.force_login(staf_dinas)
    with django_assert_max_num_queries(QUERIES):
        assert client.get(URL, RANGE).status_code == 200
    vendor = Vendor.objects.first()
    with django_assert_max_num_queries(TIMELINE_QUERIES):
        assert client.get(f"{URL}vendor/{vendor.pk}/").status_code == 200


def test_only_staff_with_the_report_permission_see_it(client, world, staf_galeri):
    urls = [URL, URL + "months.csv", f"{URL}vendor/{world['anjun'].pk}/"]
    for user in (world["anjun"].user, UserFactory(email="pembeli@contoh.id")):
        client.force_login(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 302, url
            assert "/admin/login/" in response["Location"]
    client.force_login(staf_galeri)
    for url in urls:
        assert client.get(url).status_code == 403, url
    figures_only = StaffFactory(email="angka@contoh.id")
    figures_only.user_permissions.add(
        Permission.objects.get(codename="view_figures", content_type__app_label="backoffice")
    )
    client.force_login(figures_only)
    assert client.get(URL).status_code == 200
    # A vendor's own figures also need the permission to see vendors.
    assert client.get(urls[2]).status_code == 403


@pytest.mark.parametrize(
    "query",
    [
        {"from": "2026-13"},
        {"from": "kemarin"},
        {"to": "2030-01"},
        {"from": "2026-06", "to": "2026-01"},
        {"from": "2020-01", "to": "2026-06"},
        {"kecamatan": "abc"},
        {"kecamatan": "99999"},
        {"category": "batik"},
    ],
)
def test_a_bad_filter_value_gives_a_message_not_an_error(staff, world, query):
    response = staff.get(URL, query)
    assert response.status_code == 400
    body = response.content.decode()
    assert 'role="alert"' in body
    assert 'id="growth-months"' not in body
    assert staff.get(URL + "months.csv", query).status_code == 400


def test_the_print_stylesheet_is_linked_and_leaves_out_the_navigation(staff, world):
    from django.contrib.staticfiles import finders

    for url in (URL, f"{URL}vendor/{world['anjun'].pk}/"):
        assert "css/print-report.css" in staff.get(url).content.decode()
    with open(finders.find("css/print-report.css"), encoding="utf-8") as file:
        stylesheet = file.read()
    assert "@media print" in stylesheet
    assert "size: A4" in stylesheet
    assert ".report-filters" in stylesheet


def test_the_report_is_listed_with_the_reports(staff, world):
    body = staff.get("/admin/backoffice/report/").content.decode()
    assert URL in body


def test_permits_are_recorded_with_dates_in_the_vendors_admin(staff, world, staf_dinas):
    anjun = world["anjun"]
    url = reverse("admin:vendors_vendor_change", args=[anjun.pk])
    page = staff.get(url)
    assert page.status_code == 200
    assert "permits-TOTAL_FORMS" in page.content.decode()


def test_the_numbers_on_profiles_become_permits_dated_when_they_were_recorded():
    from importlib import import_module

    from django.apps import apps

    migration = import_module("vendors.migrations.0008_vendor_permits")
    vendor = vendor_at(
        "2025-11-03 20:00",
        nib="1234567890123",
        halal_number="ID3211000012345",
        approved_at=jakarta("2025-12-31 23:30"),
    )
    never_approved = vendor_at("2026-01-05 09:00", pirt_number="P-IRT No. 1234567890123-45")
    migration.permits_from_profiles(apps, None)
    assert sorted(
        VendorPermit.objects.values_list("vendor", "kind", "number", "obtained_on", "note")
    ) == sorted(
        [
            (vendor.pk, "nib", "1234567890123", datetime.date(2025, 12, 31), migration.NOTE),
            (vendor.pk, "halal", "ID3211000012345", datetime.date(2025, 12, 31), migration.NOTE),
            (
                never_approved.pk,
                "pirt",
                "P-IRT No. 1234567890123-45",
                datetime.date(2026, 1, 5),
                migration.NOTE,
            ),
        ]
    )
