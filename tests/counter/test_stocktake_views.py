"""Stock opname through the pages: a sheet, counts typed on the phone, the differences, and a
supervisor applying them to the ledger."""

import pytest
from django.urls import reverse

from counter.models import StockCount
from counter.services import stockcount_record, stockcount_start
from counter.views import stocktake
from gallery.models import StockLevel, StockMovement
from tests.counter.conftest import assign
from tests.factories import StaffFactory, VendorFactory

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


@pytest.fixture
def count(outlet, cashier, vase, simping):
    return stockcount_start(outlet=outlet, by=cashier)


def test_a_count_starts_filtered_by_vendor(as_cashier, outlet, vase, simping, potter):
    VendorFactory(business_name="Anyaman Bambu Sukatani")  # no goods here: not offered
    page = as_cashier.get(url(outlet, "stockcount-start"))
    html = page.content.decode()
    assert "Gerabah Anjun" in html and "Simping Kaum" in html
    assert "Anyaman Bambu Sukatani" not in html

    response = as_cashier.post(url(outlet, "stockcount-start"), {"vendor": potter.pk})
    count = StockCount.objects.get()
    assert response.status_code == 302
    assert response["Location"] == count.get_absolute_url()
    assert list(count.lines.values_list("product_id", "on_hand_at_start")) == [(vase.pk, 10)]
    assert count.vendor == potter

    listed = as_cashier.get(url(outlet, "stockcount-list")).content.decode()
    assert count.reference in listed


def test_counts_are_recorded_and_progress_shown(as_cashier, outlet, count, vase, simping):
    lines = {line.product_id: line for line in count.lines.all()}
    page = as_cashier.get(count.get_absolute_url())
    html = page.content.decode()
    assert "0 of 2 products counted" in html
    assert vase.code in html and "Gerabah Anjun" in html

    response = as_cashier.post(
        count.get_absolute_url() + "?page=1",
        {f"line_{lines[vase.pk].pk}": "8", f"line_{lines[simping.pk].pk}": ""},
    )
    assert response.status_code == 302
    lines[vase.pk].refresh_from_db()
    assert lines[vase.pk].counted == 8
    assert lines[simping.pk].counted is None
    assert "1 of 2 products counted" in as_cashier.get(count.get_absolute_url()).content.decode()


def test_a_wrong_count_keeps_what_was_typed_and_saves_nothing(as_cashier, count, vase, simping):
    lines = {line.product_id: line for line in count.lines.all()}
    response = as_cashier.post(
        count.get_absolute_url(),
        {f"line_{lines[vase.pk].pk}": "7", f"line_{lines[simping.pk].pk}": "-3"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="7"' in html and 'value="-3"' in html
    assert not count.lines.filter(counted__isnull=False).exists()


def test_the_sheet_is_counted_in_pages(as_cashier, count, vase, simping, monkeypatch):
    monkeypatch.setattr(stocktake, "LINES_PER_PAGE", 1)
    first = count.lines.order_by("pk").first()
    response = as_cashier.post(
        count.get_absolute_url() + "?page=1", {f"line_{first.pk}": "5", "next": "1"}
    )
    assert response["Location"] == count.get_absolute_url() + "?page=2"
    second_page = as_cashier.get(response["Location"]).content.decode()
    assert first.product.name not in second_page
    first.refresh_from_db()
    assert first.counted == 5


def test_the_printable_sheet_lists_the_products(as_cashier, outlet, count, vase):
    html = as_cashier.get(url(outlet, "stockcount-sheet", pk=count.pk)).content.decode()
    assert "Guci Motif Daun" in html and vase.code in html and "count-box" in html


def test_the_differences_show_before_anything_changes(as_cashier, outlet, count, cashier, vase):
    line = count.lines.get(product=vase)
    stockcount_record(count=count, by=cashier, counted={line.pk: 8})
    response = as_cashier.get(url(outlet, "stockcount-apply", pk=count.pk))
    assert response.context["differences"] == [(line, 10, -2)]
    html = response.content.decode()
    assert "Guci Motif Daun" in html and "-2" in html
    assert "1 product is not counted" in html
    assert "Apply the count" not in html  # a cashier does not apply
    assert StockLevel.objects.get(outlet=outlet, product=vase).on_hand == 10


def test_a_cashier_cannot_apply(as_cashier, outlet, count, cashier, vase):
    line = count.lines.get(product=vase)
    stockcount_record(count=count, by=cashier, counted={line.pk: 8})
    response = as_cashier.post(url(outlet, "stockcount-apply", pk=count.pk))
    assert response.status_code == 403
    count.refresh_from_db()
    assert count.status == "counting"


def test_a_supervisor_applies_the_count_to_the_ledger(
    as_supervisor, outlet, count, cashier, supervisor, vase, simping
):
    lines = {line.product_id: line for line in count.lines.all()}
    stockcount_record(
        count=count, by=cashier, counted={lines[vase.pk].pk: 8, lines[simping.pk].pk: 41}
    )
    assert "Apply the count" in (
        as_supervisor.get(url(outlet, "stockcount-apply", pk=count.pk)).content.decode()
    )
    response = as_supervisor.post(url(outlet, "stockcount-apply", pk=count.pk))
    assert response.status_code == 302
    count.refresh_from_db()
    assert (count.status, count.finished_by) == ("applied", supervisor)
    moves = StockMovement.objects.filter(kind="adjustment", reference=count.reference)
    assert set(moves.values_list("product_id", "on_hand_change", "reason")) == {
        (vase.pk, -2, "stock opname"),
        (simping.pk, 1, "stock opname"),
    }
    assert StockLevel.objects.get(outlet=outlet, product=vase).on_hand == 8
    again = as_supervisor.post(url(outlet, "stockcount-apply", pk=count.pk))
    assert "This stock count is finished." in again.content.decode()


def test_applying_with_nothing_counted_says_so(as_supervisor, outlet, count):
    response = as_supervisor.post(url(outlet, "stockcount-apply", pk=count.pk))
    assert "Nothing has been counted yet." in response.content.decode()


def test_a_count_is_cancelled(as_cashier, outlet, count, cashier):
    assert as_cashier.get(url(outlet, "stockcount-cancel", pk=count.pk)).status_code == 405
    response = as_cashier.post(
        url(outlet, "stockcount-cancel", pk=count.pk), {"note": "Salah pilih"}
    )
    assert response["Location"] == url(outlet, "stockcount-list")
    count.refresh_from_db()
    assert (count.status, count.finished_by, count.note) == ("cancelled", cashier, "Salah pilih")
    # A finished count shows its lines and takes no more counts.
    line = count.lines.first()
    as_cashier.post(count.get_absolute_url(), {f"line_{line.pk}": "3"})
    line.refresh_from_db()
    assert line.counted is None


def test_another_outlets_staff_cannot_see_the_count(client, other_outlet, count):
    stranger = assign(StaffFactory(email="lain@contoh.id", groups=["Staf Galeri"]), other_outlet)
    client.force_login(stranger)
    assert client.get(count.get_absolute_url()).status_code == 403
    assert client.get(url(other_outlet, "stockcount-detail", pk=count.pk)).status_code == 404
