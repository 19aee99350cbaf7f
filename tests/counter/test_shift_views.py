"""The cash drawer through the pages: open with a float, close with the count, the report, and a
supervisor's approval of a difference above the limit."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from counter.models import Shift
from counter.services import sale_return_record, shift_close, shift_open
from counter.services.returns import ReturnInput

pytestmark = pytest.mark.django_db


def url(outlet, name, **kwargs):
    return reverse(f"counter:{name}", kwargs={"outlet": outlet.slug, **kwargs})


@pytest.fixture
def as_cashier(client, cashier):
    client.force_login(cashier)
    return client


@pytest.fixture
def as_supervisor(client, supervisor):
    client.force_login(supervisor)
    return client


def test_a_cashier_opens_a_shift_with_the_float(as_cashier, outlet, cashier):
    assert as_cashier.get(url(outlet, "shift-open")).status_code == 200
    response = as_cashier.post(url(outlet, "shift-open"), {"opening_float": "150000"})
    assert response.status_code == 302
    assert response["Location"] == url(outlet, "sell")
    shift = Shift.objects.get()
    assert (shift.opening_float, shift.opened_by, shift.status) == (150_000, cashier, "open")


def test_the_open_page_says_a_shift_is_already_open_and_links_to_it(as_cashier, outlet, shift):
    response = as_cashier.get(url(outlet, "shift-open"))
    assert "A shift is already open" in response.content.decode()
    assert shift.get_absolute_url() in response.content.decode()
    response = as_cashier.post(url(outlet, "shift-open"), {"opening_float": "1000"})
    assert response.status_code == 200
    assert Shift.objects.count() == 1


def test_a_float_that_is_no_amount_is_refused(as_cashier, outlet):
    response = as_cashier.post(url(outlet, "shift-open"), {"opening_float": "-5"})
    assert response.status_code == 200
    assert not Shift.objects.exists()


def test_closing_with_the_exact_cash_closes_the_shift(as_cashier, outlet, shift, sell, vase):
    sell((vase, 1))
    page = as_cashier.get(url(outlet, "shift-close"))
    assert "Rp350.000" in page.content.decode()  # 200.000 float + 150.000 cash sales
    response = as_cashier.post(url(outlet, "shift-close"), {"counted_cash": "350000"})
    assert response.status_code == 302
    assert response["Location"] == shift.get_absolute_url()
    shift.refresh_from_db()
    assert (shift.status, shift.expected_cash, shift.counted_cash) == ("closed", 350_000, 350_000)


def test_a_difference_without_a_reason_is_refused(as_cashier, outlet, shift):
    response = as_cashier.post(url(outlet, "shift-close"), {"counted_cash": "195000"})
    assert response.status_code == 200
    assert "say why" in response.content.decode()
    shift.refresh_from_db()
    assert shift.is_open


def test_a_difference_within_the_limit_closes_with_its_reason(as_cashier, outlet, shift):
    response = as_cashier.post(
        url(outlet, "shift-close"), {"counted_cash": "195000", "reason": "Kembalian kurang"}
    )
    assert response.status_code == 302
    shift.refresh_from_db()
    assert (shift.status, shift.difference, shift.difference_reason) == (
        "closed",
        -5_000,
        "Kembalian kurang",
    )


def test_a_difference_above_the_limit_awaits_a_supervisor(
    client, as_cashier, outlet, shift, supervisor, settings
):
    settings.COUNTER_CASH_DIFFERENCE_LIMIT = 10_000
    response = as_cashier.post(
        url(outlet, "shift-close"),
        {"counted_cash": "150000", "reason": "Uang dipakai beli plastik"},
        follow=True,
    )
    assert "awaits a supervisor" in response.content.decode()
    shift.refresh_from_db()
    assert shift.status == Shift.Status.AWAITING_APPROVAL
    assert "Approve the difference" not in response.content.decode()

    # The cashier has no permission to approve.
    refused = as_cashier.post(url(outlet, "shift-approve", pk=shift.pk), {"note": "oke"})
    assert refused.status_code == 403

    client.force_login(supervisor)
    page = client.get(shift.get_absolute_url())
    assert "Approve the difference" in page.content.decode()
    no_note = client.post(url(outlet, "shift-approve", pk=shift.pk), {"note": ""})
    assert no_note.status_code == 200
    shift.refresh_from_db()
    assert shift.status == Shift.Status.AWAITING_APPROVAL

    approved = client.post(
        url(outlet, "shift-approve", pk=shift.pk), {"note": "Struk plastik dilampirkan"}
    )
    assert approved.status_code == 302
    shift.refresh_from_db()
    assert (shift.status, shift.approved_by, shift.approval_note) == (
        "closed",
        supervisor,
        "Struk plastik dilampirkan",
    )


def test_a_supervisor_cannot_approve_their_own_shift(as_supervisor, outlet, supervisor, settings):
    settings.COUNTER_CASH_DIFFERENCE_LIMIT = 10_000
    shift = shift_open(outlet=outlet, by=supervisor, opening_float=100_000)
    shift_close(shift=shift, by=supervisor, counted_cash=50_000, reason="Hilang")
    page = as_supervisor.get(shift.get_absolute_url())
    assert "Approve the difference" not in page.content.decode()
    response = as_supervisor.post(
        url(outlet, "shift-approve", pk=shift.pk), {"note": "Saya setujui"}, follow=True
    )
    assert "Another supervisor must approve" in response.content.decode()
    shift.refresh_from_db()
    assert shift.status == Shift.Status.AWAITING_APPROVAL


def test_approving_takes_a_post_only(as_supervisor, outlet, shift):
    assert as_supervisor.get(url(outlet, "shift-approve", pk=shift.pk)).status_code == 405


def test_past_shifts_are_listed_newest_first_in_a_fixed_number_of_queries(
    as_cashier, outlet, cashier, supervisor
):
    def close_and_reopen(count):
        for _ in range(count):
            shift = shift_open(outlet=outlet, by=cashier, opening_float=100_000)
            shift_close(shift=shift, by=supervisor, counted_cash=100_000)

    close_and_reopen(2)
    with CaptureQueriesContext(connection) as few:
        response = as_cashier.get(url(outlet, "shift-list"))
    assert response.status_code == 200
    close_and_reopen(5)
    with CaptureQueriesContext(connection) as many:
        response = as_cashier.get(url(outlet, "shift-list"))
    assert len(many) == len(few)
    shifts = list(response.context["shifts"])
    assert len(shifts) == 7
    assert shifts == sorted(shifts, key=lambda shift: shift.opened_at, reverse=True)
    assert "Rp100.000" in response.content.decode()


def test_the_report_shows_what_the_services_compute(
    as_cashier, outlet, shift, sell, vase, simping, cashier, supervisor
):
    sale = sell((vase, 1), (simping, 2))  # 200.000 in cash
    sell((simping, 1), qris=25_000)
    sale_return_record(
        sale=sale,
        by=supervisor,
        lines=[ReturnInput(sale_line_id=sale.lines.get(product=simping).pk, quantity=1)],
        reason="Kemasan sobek",
        refund_method="cash",
        idempotency_key="r1",
    )
    shift_close(shift=shift, by=cashier, counted_cash=375_000)
    response = as_cashier.get(shift.get_absolute_url())
    html = response.content.decode()
    report = response.context["report"]
    assert (report.cash_sales, report.cash_refunds, report.expected_cash) == (
        200_000,
        25_000,
        375_000,
    )
    assert report.receipts == 2
    for figure in ["Rp200.000", "Rp25.000", "Rp375.000", "Gerabah Anjun", "Simping Kaum", "QRIS"]:
        assert figure in html
    assert "Kuliner" in html or "Food" in html
