"""The counter in the admin: staff read shifts, receipts, returns and counts; nothing is changed or
deleted there; a supervisor approves a cash difference and assigns staff to outlets."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from counter.models import Assignment, Shift
from counter.services import (
    sale_return_record,
    shift_close,
    stockcount_start,
)
from counter.services.returns import ReturnInput
from tests.counter.conftest import assign
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

MODELS = ["shift", "sale", "salereturn", "stockcount", "assignment"]


@pytest.fixture
def records(outlet, shift, sell, vase, cashier, supervisor, settings):
    """A closed shift with a difference awaiting approval, a sale, a return, a count."""
    settings.COUNTER_CASH_DIFFERENCE_LIMIT = 10_000
    sale = sell((vase, 2))
    sale_return = sale_return_record(
        sale=sale,
        by=cashier,
        lines=[ReturnInput(sale_line_id=sale.lines.get().pk, quantity=1, back_to_stock=False)],
        reason="Pecah",
        refund_method="cash",
        idempotency_key="admin-retur",
    )
    shift_close(shift=shift, by=cashier, counted_cash=300_000, reason="Uang kurang")
    count = stockcount_start(outlet=outlet, by=cashier)
    return {
        "shift": shift,
        "sale": sale,
        "salereturn": sale_return,
        "stockcount": count,
        "assignment": Assignment.objects.get(user=cashier),
    }


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser(
        email="admin@contoh.id", password="rahasia-sekali-123", full_name="Admin Dinas"
    )


def admin_url(model, action="changelist", pk=None):
    base = f"/admin/counter/{model}/"
    if action == "changelist":
        return base
    if action == "add":
        return base + "add/"
    return f"{base}{pk}/{action}/"


@pytest.mark.parametrize("model", MODELS)
def test_admin_pages_load_for_a_superuser(client, superuser, records, model):
    client.force_login(superuser)
    assert client.get(admin_url(model)).status_code == 200
    assert client.get(admin_url(model, "change", records[model].pk)).status_code == 200


@pytest.mark.parametrize("model", MODELS)
def test_gallery_staff_read_the_counter_records(client, cashier, records, model):
    client.force_login(cashier)  # "Staf Galeri": view permissions only
    assert client.get(admin_url(model)).status_code == 200
    page = client.get(admin_url(model, "change", records[model].pk))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()


@pytest.mark.parametrize("model", ["shift", "sale", "salereturn", "stockcount"])
def test_nothing_is_added_changed_or_deleted_in_the_admin(client, superuser, records, model):
    client.force_login(superuser)
    pk = records[model].pk
    assert client.get(admin_url(model, "add")).status_code == 403
    assert client.get(admin_url(model, "delete", pk)).status_code == 403
    assert client.post(admin_url(model, "delete", pk), {"post": "yes"}).status_code == 403
    assert 'name="_save"' not in client.get(admin_url(model, "change", pk)).content.decode()
    listing = client.get(admin_url(model)).content.decode()
    assert "delete_selected" not in listing
    assert type(records[model]).objects.filter(pk=pk).exists()


def test_the_shift_page_shows_its_report_figures(client, superuser, records):
    client.force_login(superuser)
    html = client.get(admin_url("shift", "change", records["shift"].pk)).content.decode()
    # 200.000 float + 300.000 cash sales − 150.000 refunded; 300.000 counted.
    for figure in ["Rp200.000", "Rp300.000", "Rp350.000", "-Rp50.000", "Gerabah Anjun"]:
        assert figure in html


def test_a_supervisor_approves_a_difference_from_the_list(client, supervisor, records):
    shift = records["shift"]
    client.force_login(supervisor)
    assert "approve_difference" in client.get(admin_url("shift")).content.decode()
    data = {"action": "approve_difference", ACTION_CHECKBOX_NAME: [shift.pk]}
    asked = client.post(admin_url("shift"), data)
    assert asked.status_code == 200
    assert 'name="note"' in asked.content.decode()
    done = client.post(admin_url("shift"), {**data, "apply": "1", "note": "Sudah dicek bersama"})
    assert done.status_code == 302
    shift.refresh_from_db()
    assert (shift.status, shift.approved_by, shift.approval_note) == (
        "closed",
        supervisor,
        "Sudah dicek bersama",
    )


def test_a_cashier_has_no_approve_action(client, cashier, records):
    client.force_login(cashier)
    shift = records["shift"]
    assert "approve_difference" not in client.get(admin_url("shift")).content.decode()
    client.post(
        admin_url("shift"),
        {
            "action": "approve_difference",
            ACTION_CHECKBOX_NAME: [shift.pk],
            "apply": "1",
            "note": "x",
        },
    )
    shift.refresh_from_db()
    assert shift.status == Shift.Status.AWAITING_APPROVAL


def test_a_supervisor_assigns_only_staff_and_removes_an_assignment(
    client, supervisor, outlet, other_outlet
):
    newcomer = StaffFactory(email="baru@contoh.id", full_name="Rina Baru", groups=["Staf Galeri"])
    shopper = UserFactory(email="pembeli@contoh.id", full_name="Pembeli Biasa")
    client.force_login(supervisor)
    form = client.get(admin_url("assignment", "add")).content.decode()
    assert "Rina Baru" in form and "Pembeli Biasa" not in form

    refused = client.post(admin_url("assignment", "add"), {"outlet": outlet.pk, "user": shopper.pk})
    assert refused.status_code == 200
    response = client.post(
        admin_url("assignment", "add"), {"outlet": other_outlet.pk, "user": newcomer.pk}
    )
    assert response.status_code == 302
    assignment = Assignment.objects.get(user=newcomer)
    assert assignment.outlet == other_outlet

    deleted = client.post(admin_url("assignment", "delete", assignment.pk), {"post": "yes"})
    assert deleted.status_code == 302
    assert not Assignment.objects.filter(user=newcomer).exists()


def test_gallery_staff_cannot_assign(client, cashier, outlet):
    client.force_login(cashier)
    assert client.get(admin_url("assignment", "add")).status_code == 403


def test_the_outlet_page_lists_its_counter_staff_and_payment_details(
    client, superuser, outlet, cashier
):
    assign(StaffFactory(email="kasir2@contoh.id", full_name="Yusuf Kasir"), outlet)
    UserFactory(email="pembeli@contoh.id", full_name="Pembeli Biasa")
    client.force_login(superuser)
    html = client.get(f"/admin/gallery/outlet/{outlet.pk}/change/").content.decode()
    assert 'name="qris_image"' in html
    assert 'name="transfer_details"' in html
    assert "counter_assignments-TOTAL_FORMS" in html
    assert "Dewi Lestari" in html and "Yusuf Kasir" in html
    assert "Pembeli Biasa" not in html


def test_gallery_staff_read_the_outlets_counter_staff_without_the_form(
    client, outlet, cashier, supervisor, superuser
):
    keeper = StaffFactory(email="petugas@contoh.id", groups=["Staf Galeri"])
    keeper.user_permissions.add(*Permission.objects.filter(codename__in=["view_outlet"]))
    client.force_login(keeper)
    html = client.get(f"/admin/gallery/outlet/{outlet.pk}/change/").content.decode()
    assert "Dewi Lestari" in html and "Asep Sunandar" in html
    assert "counter_assignments-TOTAL_FORMS" not in html
    client.force_login(superuser)
    assert client.get("/admin/gallery/outlet/add/").status_code == 200
