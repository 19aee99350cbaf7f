"""Outlet staff in the admin: find pickups, move orders along with actions, never delete."""

from datetime import timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import ERROR, SUCCESS
from django.urls import reverse
from django.utils import timezone

from gallery.models import StockLevel
from orders.models import Order
from orders.services import order_cancel, order_mark_ready
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db
CHANGELIST = "admin:orders_order_changelist"


@pytest.fixture
def counter(db):
    """A member of the outlet staff, with nothing but the Staf Galeri group."""
    return StaffFactory(email="kasir@galerimenong.id", groups=["Staf Galeri"])


@pytest.fixture
def admin_client(client, counter):
    client.force_login(counter)
    return client


def act(client, action, orders, **data):
    return client.post(
        reverse(CHANGELIST),
        {"action": action, ACTION_CHECKBOX_NAME: [o.pk for o in orders], **data},
        follow=True,
    )


def messages_of(response, level):
    """The admin speaks Indonesian (no language prefix): read messages by level, not wording."""
    return [str(m) for m in response.context["messages"] if m.level == level]


def test_the_staf_galeri_group_may_see_orders_and_move_them_but_not_edit_or_delete_them():
    group = Group.objects.get(name="Staf Galeri")
    codenames = set(
        group.permissions.filter(content_type__app_label="orders").values_list(
            "codename", flat=True
        )
    )
    assert codenames == {"view_order", "view_orderline", "view_orderstatuschange", "manage_order"}


def test_staff_see_the_orders_list_with_a_whatsapp_link_per_order(
    admin_client, place, product, staff, django_assert_max_num_queries
):
    orders = [place([(product.pk, 1)]) for _i in range(5)]
    for order in orders[:3]:
        order_cancel(order=order, by=staff, reason="Stok habis")
    with django_assert_max_num_queries(11):
        response = admin_client.get(reverse(CHANGELIST))
    html = response.content.decode()
    assert response.status_code == 200
    assert all(order.number in html for order in orders)
    assert html.count("https://wa.me/6281234567890?text=") == 5


def test_todays_pickups_are_ready_orders_and_orders_placed_today(
    admin_client, place, product, staff
):
    today = place([(product.pk, 1)])
    old_ready = place([(product.pk, 1)])
    old_placed = place([(product.pk, 1)])
    Order.objects.filter(pk__in=[old_ready.pk, old_placed.pk]).update(
        placed_at=timezone.now() - timedelta(days=2)
    )
    order_mark_ready(order=old_ready, by=staff)

    response = admin_client.get(reverse(CHANGELIST), {"pickup": "today"})

    numbers = {order.number for order in response.context["cl"].result_list}
    assert numbers == {today.number, old_ready.number}


def test_orders_are_filtered_per_outlet_and_by_status(
    admin_client, place, product, other_outlet, receive
):
    receive(product, other_outlet, 5)
    here = place([(product.pk, 1)])
    there = place([(product.pk, 1)], at=other_outlet)
    response = admin_client.get(reverse(CHANGELIST), {"outlet__id__exact": other_outlet.pk})
    assert [o.number for o in response.context["cl"].result_list] == [there.number]
    response = admin_client.get(reverse(CHANGELIST), {"status__exact": "placed"})
    assert {o.number for o in response.context["cl"].result_list} == {here.number, there.number}


def test_staff_find_an_order_by_the_phone_number_as_the_shopper_says_it(
    admin_client, place, product
):
    order = place([(product.pk, 1)], phone="+6281234567890")
    place([(product.pk, 1)], phone="+6281399998888")
    response = admin_client.get(reverse(CHANGELIST), {"q": "0812-3456-7890"})
    assert [o.number for o in response.context["cl"].result_list] == [order.number]


def test_mark_ready_action(admin_client, place, product, counter):
    orders = [place([(product.pk, 1)]) for _i in range(2)]
    response = act(admin_client, "mark_ready", orders)
    assert len(messages_of(response, SUCCESS)) == 1
    assert messages_of(response, ERROR) == []
    for order in orders:
        order.refresh_from_db()
        assert order.status == Order.Status.READY
        assert order.status_changes.last().by == counter


def test_mark_collected_asks_cash_or_qris_first(admin_client, place, product, outlet, staff):
    order = order_mark_ready(order=place([(product.pk, 2)]), by=staff)

    response = act(admin_client, "mark_collected", [order])
    html = response.content.decode()
    assert 'name="payment_method"' in html and 'value="qris"' in html
    assert order.number in html
    order.refresh_from_db()
    assert order.status == Order.Status.READY

    response = act(admin_client, "mark_collected", [order], apply="1")
    assert response.context["form"].errors["payment_method"]
    order.refresh_from_db()
    assert order.status == Order.Status.READY

    response = act(admin_client, "mark_collected", [order], apply="1", payment_method="qris")
    assert len(messages_of(response, SUCCESS)) == 1
    order.refresh_from_db()
    assert (order.status, order.payment_status, order.payment_method) == (
        "collected",
        "paid",
        "qris",
    )
    level = StockLevel.objects.get(product=product, outlet=outlet)
    assert (level.on_hand, level.reserved) == (8, 0)


def test_cancel_asks_for_a_reason_and_puts_the_goods_back(admin_client, place, product, outlet):
    order = place([(product.pk, 3)])
    response = act(admin_client, "cancel", [order])
    assert 'name="reason"' in response.content.decode()

    response = act(admin_client, "cancel", [order], apply="1", reason="  ")
    assert response.context["form"].errors["reason"]
    order.refresh_from_db()
    assert order.status == Order.Status.PLACED

    act(admin_client, "cancel", [order], apply="1", reason="Pembeli tidak bisa dihubungi")
    order.refresh_from_db()
    assert order.status == Order.Status.CANCELLED
    assert order.status_changes.last().reason == "Pembeli tidak bisa dihubungi"
    assert StockLevel.objects.get(product=product, outlet=outlet).reserved == 0


def test_a_forbidden_move_is_reported_per_order_and_the_others_go_through(
    admin_client, place, product, staff
):
    ready = order_mark_ready(order=place([(product.pk, 1)]), by=staff)
    placed = place([(product.pk, 1)])
    response = act(admin_client, "mark_ready", [ready, placed])
    [error] = messages_of(response, ERROR)
    assert error.startswith(f"{ready.number}: ")
    assert len(messages_of(response, SUCCESS)) == 1
    placed.refresh_from_db()
    assert placed.status == Order.Status.READY


def test_orders_cannot_be_added_edited_or_deleted_in_the_admin(admin_client, place, product):
    order = place([(product.pk, 1)])
    change_url = reverse("admin:orders_order_change", args=[order.pk])
    response = admin_client.get(change_url)
    assert response.status_code == 200
    html = response.content.decode()
    assert order.number in html and "Guci Keramik Plered" in html  # lines inline
    assert 'name="_save"' not in html
    assert admin_client.post(change_url, {"name": "Hacked"}).status_code == 403
    assert admin_client.get(reverse("admin:orders_order_add")).status_code == 403
    assert (
        admin_client.get(reverse("admin:orders_order_delete", args=[order.pk])).status_code == 403
    )
    response = act(admin_client, "delete_selected", [order])
    assert Order.objects.filter(pk=order.pk).exists()


def test_even_a_superuser_cannot_delete_an_order(client, place, product):
    client.force_login(StaffFactory(is_superuser=True))
    order = place([(product.pk, 1)])
    response = client.get(reverse("admin:orders_order_delete", args=[order.pk]))
    assert response.status_code == 403
    assert "delete_selected" not in client.get(reverse(CHANGELIST)).content.decode()


def test_staff_who_may_only_look_get_no_actions(client, place, product):
    viewer = StaffFactory()
    viewer.user_permissions.add(Permission.objects.get(codename="view_order"))
    client.force_login(viewer)
    order = place([(product.pk, 1)])
    response = client.get(reverse(CHANGELIST))
    assert response.status_code == 200
    assert 'value="mark_ready"' not in response.content.decode()
    act(client, "mark_ready", [order])
    order.refresh_from_db()
    assert order.status == Order.Status.PLACED


def test_the_change_page_offers_whatsapp_with_the_cancellation_reason(
    admin_client, place, product, staff
):
    order = order_cancel(order=place([(product.pk, 1)]), by=staff, reason="Stok retak")
    html = admin_client.get(reverse("admin:orders_order_change", args=[order.pk])).content.decode()
    assert "https://wa.me/6281234567890?text=" in html
    assert "Reason%3A+Stok+retak" in html


def test_a_phone_search_keeps_the_list_filters(admin_client, place, product, staff):
    ready = order_mark_ready(order=place([(product.pk, 1)], phone="+6281234567890"), by=staff)
    place([(product.pk, 1)], phone="+6281234567890")  # the same shopper, not ready yet
    response = admin_client.get(
        reverse(CHANGELIST), {"q": "0812-3456-7890", "status__exact": "ready"}
    )
    assert [o.number for o in response.context["cl"].result_list] == [ready.number]
