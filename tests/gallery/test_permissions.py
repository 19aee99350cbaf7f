"""Who may move stock: Staf Galeri can, Staf Dinas cannot, nobody edits stock rows by hand, and
a vendor sees its own stock and movements only."""

import re

import pytest
from django.contrib.auth.models import Group, Permission

from gallery import services
from gallery.models import StockLevel, StockMovement
from tests.factories import ProductFactory, StaffFactory, UserFactory, VendorFactory
from vendors.models import Vendor

pytestmark = pytest.mark.django_db

DELIVERY = "/admin/gallery/stockmovement/delivery/"
GALLERY_PERMISSIONS = {
    "add_outlet",
    "change_outlet",
    "view_outlet",
    "print_shelf_labels",
    "add_openinghours",
    "change_openinghours",
    "delete_openinghours",
    "view_openinghours",
    "add_outletclosure",
    "change_outletclosure",
    "delete_outletclosure",
    "view_outletclosure",
    "add_outletphoto",
    "change_outletphoto",
    "delete_outletphoto",
    "view_outletphoto",
    "view_stocklevel",
    "view_stockmovement",
    "record_stock_movement",
    "view_batch",
}


def intake_post(vendor, outlet, lines, reference="SJ-2026/88"):
    data = {
        "kind": "intake",
        "vendor": vendor.pk,
        "outlet": outlet.pk,
        "reference": reference,
        "reason": "",
        "lines-TOTAL_FORMS": str(len(lines)),
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "60",
    }
    for index, (product, quantity) in enumerate(lines):
        data[f"lines-{index}-product"] = product.pk
        data[f"lines-{index}-quantity"] = quantity
    return data


# Staf Galeri


def test_staf_galeri_holds_the_gallery_permissions_and_none_over_vendors_or_accounts():
    group = Group.objects.get(name="Staf Galeri")
    gallery = set(
        group.permissions.filter(content_type__app_label="gallery").values_list(
            "codename", flat=True
        )
    )
    assert gallery == GALLERY_PERMISSIONS
    # Orders add their own permissions to the group; vendor review and accounts stay out.
    assert not group.permissions.filter(
        content_type__app_label__in=["vendors", "accounts", "auth"]
    ).exists()
    # Stock rows are never added, changed or deleted by hand, not even with a permission.
    assert not group.permissions.filter(
        codename__in=[
            f"{action}_{model}"
            for action in ("add", "change", "delete")
            for model in ("stocklevel", "stockmovement")
        ]
    ).exists()


def test_staf_galeri_records_a_delivery_in_the_admin(client, staf_galeri, outlet, vendor, products):
    guci, kendi, _celengan = products
    client.force_login(staf_galeri)
    response = client.post(DELIVERY, intake_post(vendor, outlet, [(guci, 12), (kendi, 5)]))
    assert response.status_code == 302
    rows = StockMovement.objects.order_by("product_id")
    assert [(m.product, m.kind, m.on_hand_change, m.by, m.reference) for m in rows] == [
        (guci, "intake", 12, staf_galeri, "SJ-2026/88"),
        (kendi, "intake", 5, staf_galeri, "SJ-2026/88"),
    ]


def test_staf_galeri_cannot_approve_vendors(client, staf_galeri):
    waiting = VendorFactory(status=Vendor.Status.SUBMITTED)
    assert staf_galeri.has_perm("gallery.record_stock_movement")
    assert not staf_galeri.has_perm("vendors.review_vendor")
    assert not staf_galeri.has_perm("vendors.change_vendor")
    client.force_login(staf_galeri)
    assert client.get("/admin/vendors/vendor/").status_code == 403
    assert client.get(f"/admin/vendors/vendor/{waiting.pk}/change/").status_code == 403
    response = client.post(
        "/admin/vendors/vendor/",
        {"action": "approve_selected", "_selected_action": [waiting.pk]},
    )
    assert response.status_code == 403
    waiting.refresh_from_db()
    assert waiting.status == Vendor.Status.SUBMITTED


# Staf Dinas


def test_staf_dinas_has_no_stock_permission():
    group = Group.objects.get(name="Staf Dinas")
    assert not group.permissions.filter(content_type__app_label="gallery").exists()


def test_staf_dinas_cannot_move_stock(client, staf_dinas, outlet, vendor, products):
    guci = products[0]
    services.stock_receive(outlet=outlet, product=guci, quantity=3, by=None)
    level = StockLevel.objects.get()
    client.force_login(staf_dinas)
    assert not staf_dinas.has_perm("gallery.record_stock_movement")
    assert client.get(DELIVERY).status_code == 403
    assert client.post(DELIVERY, intake_post(vendor, outlet, [(guci, 50)])).status_code == 403
    assert client.get(f"/admin/gallery/stocklevel/{level.pk}/correct/").status_code == 403
    correction = {"kind": "loss", "quantity": 3, "reason": "hilang"}
    assert (
        client.post(f"/admin/gallery/stocklevel/{level.pk}/correct/", correction).status_code == 403
    )
    assert client.get("/admin/gallery/stocklevel/").status_code == 403
    assert StockMovement.objects.count() == 1
    level.refresh_from_db()
    assert level.on_hand == 3


def test_a_vendor_account_is_sent_to_the_admin_login(client, vendor, outlet, products):
    client.force_login(vendor.user)
    response = client.post(DELIVERY, intake_post(vendor, outlet, [(products[0], 5)]))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert not StockMovement.objects.exists()


# Nobody edits stock rows


@pytest.mark.parametrize("who", ["Staf Galeri", "superuser"])
def test_nobody_adds_changes_or_deletes_stock_rows_in_the_admin(client, who, outlet, products):
    if who == "superuser":
        user = UserFactory(is_staff=True, is_superuser=True)
    else:
        user = StaffFactory(groups=[who])
    movement = services.stock_receive(outlet=outlet, product=products[0], quantity=3, by=None)
    level = StockLevel.objects.get()
    client.force_login(user)
    for model, row in (("stocklevel", level), ("stockmovement", movement)):
        assert client.get(f"/admin/gallery/{model}/").status_code == 200
        assert client.get(f"/admin/gallery/{model}/add/").status_code == 403
        change = client.get(f"/admin/gallery/{model}/{row.pk}/change/")
        assert change.status_code == 200
        assert 'name="_save"' not in change.content.decode()  # read-only view
        assert (
            client.post(f"/admin/gallery/{model}/{row.pk}/change/", {"on_hand": 99}).status_code
            == 403
        )
        assert (
            client.post(f"/admin/gallery/{model}/{row.pk}/delete/", {"post": "yes"}).status_code
            == 403
        )
    level.refresh_from_db()
    assert (level.on_hand, StockMovement.objects.count()) == (3, 1)


# Vendors see their own


@pytest.fixture
def two_vendors_stock(outlet, vendor, products):
    rival = VendorFactory(business_name="Keramik Citeko", slug="keramik-citeko")
    theirs = ProductFactory(vendor=rival, name="Vas Keramik Citeko", slug="vas-keramik-citeko")
    services.stock_receive(
        outlet=outlet, product=products[0], quantity=7, by=None, reference="SJ-A"
    )
    services.stock_reserve(outlet=outlet, items=[(products[0], 2)], reference="GM-260101-AAAAA")
    services.stock_receive(outlet=outlet, product=theirs, quantity=9, by=None, reference="SJ-RIVAL")
    return rival, theirs


def test_a_vendor_sees_where_its_own_goods_are_and_not_anothers(client, vendor, two_vendors_stock):
    _rival, _theirs = two_vendors_stock
    client.force_login(vendor.user)
    response = client.get("/en/dasbor/stok/")
    assert response.status_code == 200
    html = response.content.decode()
    rows = html.split('<tbody class="gallery-product-rows">')[1:]
    guci = next(row for row in rows if "Guci Motif Daun" in row)
    outlet_row = guci.split("</tr>", 1)[0]
    assert "Galeri Menong 1" in outlet_row
    assert re.findall(r'<td class="number"[^>]*>(\d+)</td>', outlet_row) == ["7", "2", "5"]
    assert "Vas Keramik Citeko" not in html
    assert "Keramik Citeko" not in html


def test_a_vendor_sees_the_movements_of_its_own_goods_only(client, vendor, two_vendors_stock):
    _rival, _theirs = two_vendors_stock
    client.force_login(vendor.user)
    html = client.get("/en/dasbor/stok/riwayat/").content.decode()
    assert "SJ-A" in html
    assert "GM-260101-AAAAA" in html
    assert "SJ-RIVAL" not in html
    assert "Vas Keramik Citeko" not in html


def test_a_vendor_asking_for_another_vendors_product_movements_gets_404(
    client, vendor, two_vendors_stock
):
    _rival, theirs = two_vendors_stock
    client.force_login(vendor.user)
    assert client.get("/en/dasbor/stok/riwayat/", {"produk": theirs.pk}).status_code == 404
    assert client.get("/en/dasbor/stok/riwayat/", {"produk": "x"}).status_code == 404


def test_the_stock_dashboard_needs_a_login_and_a_business(client):
    response = client.get("/dasbor/stok/")
    assert response.status_code == 302
    assert "/akun/" in response["Location"]
    client.force_login(UserFactory())
    assert client.get("/dasbor/stok/").status_code == 403
    assert client.get("/dasbor/stok/riwayat/").status_code == 403


def test_staff_without_a_business_gets_no_vendor_stock_either(client, staf_galeri):
    client.force_login(staf_galeri)
    assert client.get("/dasbor/stok/").status_code == 403


def test_the_permission_names_exist():
    assert Permission.objects.filter(
        content_type__app_label="gallery", codename="record_stock_movement"
    ).exists()
