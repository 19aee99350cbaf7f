"""Staff and food batches in the admin: the delivery form names each food line's batch, returns
and losses may choose a batch, and expired batches are written off or returned to the vendor."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import clear_url_caches

from gallery import services
from gallery.models import Batch, StockLevel, StockMovement
from tests.factories import StaffFactory, VendorFactory

from .batch_world import TODAY, craft, curated, days, food, frozen, stock_batch

pytestmark = pytest.mark.django_db

DELIVERY = "/admin/gallery/stockmovement/delivery/"
BATCHES = "/admin/gallery/batch/"


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
def staff_client(client, staf_galeri):
    client.force_login(staf_galeri)
    return client


@pytest.fixture
def keripik(vendor, staf_galeri):
    product = food(vendor, "Keripik Singkong Pedas", "keripik-singkong", shelf_life_days=90)
    curated(product, staf_galeri)
    return product


@pytest.fixture
def gula(vendor, staf_galeri):
    product = food(vendor, "Gula Aren Cetak", "gula-aren-cetak", category="gula-aren")
    curated(product, staf_galeri)
    return product


@pytest.fixture
def batik(vendor, staf_galeri):
    product = craft(vendor, "Kain Batik Purwakarta", "kain-batik-purwakarta")
    curated(product, staf_galeri)
    return product


def delivery(kind, vendor, outlet, lines, reference="SJ-204"):
    """The posted form: each line a dict of its fields (product, quantity, batch_code, ...)."""
    data = {
        "kind": kind,
        "vendor": vendor.pk,
        "outlet": outlet.pk,
        "reference": reference,
        "reason": "",
        "lines-TOTAL_FORMS": str(len(lines)),
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "60",
    }
    for index, line in enumerate(lines):
        for name, value in line.items():
            data[f"lines-{index}-{name}"] = getattr(value, "pk", value)
    return data


def line_errors(html):
    return re.findall(r'<ul class="errorlist[^"]*"[^>]*><li>(.*?)</li>', html)


def test_the_intake_form_asks_food_lines_for_their_batch(
    staff_client, outlet, vendor, keripik, batik
):
    html = staff_client.get(
        DELIVERY, {"kind": "intake", "vendor": vendor.pk, "outlet": outlet.pk}
    ).content.decode()
    assert 'name="lines-0-batch_code"' in html
    assert '<input type="date" name="lines-0-produced_on"' in html
    assert '<input type="date" name="lines-0-expires_on"' in html
    # The script counts the default expiry from these; the server does the same without it.
    assert f'value="{keripik.pk}" data-food="1" data-shelf-life="90"' in html
    assert f'<option value="{batik.pk}">' in html
    assert "js/admin-batch-expiry.js" in html


def test_a_vendor_without_food_keeps_the_plain_delivery_form(staff_client, outlet):
    weaver = VendorFactory(business_name="Tenun Wanayasa", slug="tenun-wanayasa")
    craft(weaver, "Selendang Tenun", "selendang-tenun")
    html = staff_client.get(
        DELIVERY, {"kind": "intake", "vendor": weaver.pk, "outlet": outlet.pk}
    ).content.decode()
    assert 'name="lines-0-product"' in html
    assert "batch_code" not in html
    assert "admin-batch-expiry.js" not in html


def test_an_intake_records_the_food_batch_and_the_craft_without_one(
    staff_client, outlet, vendor, keripik, batik
):
    response = staff_client.post(
        DELIVERY,
        delivery(
            "intake",
            vendor,
            outlet,
            [
                {
                    "product": keripik,
                    "quantity": 24,
                    "batch_code": " KSP-2611 ",
                    "produced_on": "2026-11-28",
                    "expires_on": "2027-02-20",
                },
                {"product": batik, "quantity": 3},
            ],
        ),
    )
    assert response.status_code == 302
    batch = Batch.objects.get(product=keripik, outlet=outlet)
    assert (batch.code, batch.produced_on.isoformat(), batch.expires_on.isoformat()) == (
        "KSP-2611",
        "2026-11-28",
        "2027-02-20",
    )
    assert (batch.on_hand, batch.reserved) == (24, 0)
    rows = {m.product_id: m for m in StockMovement.objects.filter(reference="SJ-204")}
    assert rows[keripik.pk].batch == batch
    assert rows[batik.pk].batch is None
    assert StockLevel.objects.get(outlet=outlet, product=keripik).on_hand == 24


def test_an_empty_expiry_date_is_counted_from_production_and_shelf_life(
    staff_client, outlet, vendor, keripik
):
    response = staff_client.post(
        DELIVERY,
        delivery(
            "intake",
            vendor,
            outlet,
            [
                {
                    "product": keripik,
                    "quantity": 10,
                    "batch_code": "KSP-2612",
                    "produced_on": "2026-12-01",
                    "expires_on": "",
                }
            ],
        ),
    )
    assert response.status_code == 302
    # 1 December and 90 days of shelf life.
    assert Batch.objects.get(product=keripik).expires_on.isoformat() == "2027-03-01"


def test_a_typed_expiry_date_wins_over_the_shelf_life(staff_client, outlet, vendor, keripik):
    staff_client.post(
        DELIVERY,
        delivery(
            "intake",
            vendor,
            outlet,
            [
                {
                    "product": keripik,
                    "quantity": 10,
                    "batch_code": "KSP-2612",
                    "produced_on": "2026-12-01",
                    "expires_on": "2027-01-15",
                }
            ],
        ),
    )
    assert Batch.objects.get(product=keripik).expires_on.isoformat() == "2027-01-15"


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        (
            {"batch_code": "", "expires_on": "2027-02-01"},
            "Give the batch code printed on the pack.",
        ),
        (
            {"batch_code": "KSP-1", "expires_on": TODAY.isoformat()},
            "This batch expired on 10 December 2026: expired food is not taken in.",
        ),
        (
            {"batch_code": "KSP-1", "produced_on": "2026-08-01"},
            "This batch expired on 30 October 2026: expired food is not taken in.",
        ),
        (
            {"batch_code": "KSP-1"},
            "Give the expiry date printed on the pack, or the production date to count it "
            "from the shelf life (90 days).",
        ),
        (
            {"batch_code": "KSP-1", "produced_on": "2027-02-01", "expires_on": "2027-03-01"},
            "The production date cannot be in the future.",
        ),
        (
            {"batch_code": "KSP-1", "produced_on": "2026-12-05", "expires_on": "2026-12-05"},
            "The expiry date comes after the production date.",
        ),
    ],
)
def test_a_food_line_with_a_wrong_batch_is_refused_on_its_line_and_nothing_is_saved(
    staff_client, outlet, vendor, keripik, batik, fields, error
):
    response = staff_client.post(
        DELIVERY,
        delivery(
            "intake",
            vendor,
            outlet,
            [{"product": batik, "quantity": 2}, {"product": keripik, "quantity": 5, **fields}],
        ),
    )
    assert response.status_code == 200
    assert line_errors(response.content.decode()) == [error]
    assert not StockMovement.objects.exists()
    assert not Batch.objects.exists()


def test_food_without_a_shelf_life_needs_its_expiry_date(staff_client, outlet, vendor, gula):
    response = staff_client.post(
        DELIVERY,
        delivery(
            "intake",
            vendor,
            outlet,
            [{"product": gula, "quantity": 5, "batch_code": "GA-7", "produced_on": "2026-12-01"}],
        ),
    )
    assert line_errors(response.content.decode()) == ["Give the expiry date printed on the pack."]
    assert not StockMovement.objects.exists()


def test_a_craft_line_takes_no_batch(staff_client, outlet, vendor, keripik, batik):
    response = staff_client.post(
        DELIVERY,
        delivery("intake", vendor, outlet, [{"product": batik, "quantity": 2, "batch_code": "X"}]),
    )
    assert line_errors(response.content.decode()) == [
        "Kain Batik Purwakarta is not food: leave its batch empty."
    ]
    assert not StockMovement.objects.exists()


def test_one_delivery_takes_one_batch_of_a_product(staff_client, outlet, vendor, keripik):
    first = {"product": keripik, "quantity": 5, "batch_code": "A", "expires_on": "2027-01-10"}
    second = {"product": keripik, "quantity": 5, "batch_code": "B", "expires_on": "2027-02-10"}
    response = staff_client.post(DELIVERY, delivery("intake", vendor, outlet, [first, second]))
    assert line_errors(response.content.decode()) == [
        "One batch per product in a delivery: record another batch of this product as a "
        "second delivery with the same note."
    ]
    assert not Batch.objects.exists()


def test_a_return_takes_the_batch_staff_chose_or_the_earliest_expiry(
    staff_client, outlet, vendor, keripik, batik
):
    early = stock_batch(outlet, keripik, 6, "KSP-A", days(20))
    late = stock_batch(outlet, keripik, 6, "KSP-B", days(80))
    services.stock_receive(outlet=outlet, product=batik, quantity=4, by=None)
    html = staff_client.get(
        DELIVERY, {"kind": "return", "vendor": vendor.pk, "outlet": outlet.pk}
    ).content.decode()
    assert "Earliest expiry first" in html
    assert "Keripik Singkong Pedas: KSP-B, expires 28 February 2027, 6 free" in html

    response = staff_client.post(
        DELIVERY,
        delivery(
            "return",
            vendor,
            outlet,
            [{"product": keripik, "quantity": 2, "batch": late}, {"product": batik, "quantity": 1}],
            reference="RT-1",
        ),
    )
    assert response.status_code == 302
    assert list(
        StockMovement.objects.filter(reference="RT-1", product=keripik).values_list(
            "batch__code", "on_hand_change"
        )
    ) == [("KSP-B", -2)]

    staff_client.post(
        DELIVERY,
        delivery("return", vendor, outlet, [{"product": keripik, "quantity": 8}], reference="RT-2"),
    )
    early.refresh_from_db()
    late.refresh_from_db()
    assert (early.on_hand, late.on_hand) == (0, 2)


def test_a_return_line_may_not_name_another_products_batch(
    staff_client, outlet, vendor, keripik, gula
):
    stock_batch(outlet, keripik, 6, "KSP-A", days(20))
    sugar = stock_batch(outlet, gula, 6, "GA-1", days(200))
    response = staff_client.post(
        DELIVERY,
        delivery("return", vendor, outlet, [{"product": keripik, "quantity": 1, "batch": sugar}]),
    )
    assert line_errors(response.content.decode()) == ["This batch is of another product."]
    assert not StockMovement.objects.filter(kind="return").exists()


def test_a_loss_of_food_names_the_batch_it_came_from(staff_client, outlet, vendor, keripik):
    stock_batch(outlet, keripik, 6, "KSP-A", days(20))
    late = stock_batch(outlet, keripik, 6, "KSP-B", days(80))
    level = StockLevel.objects.get(outlet=outlet, product=keripik)
    url = f"/admin/gallery/stocklevel/{level.pk}/correct/"
    html = staff_client.get(url).content.decode()
    assert 'id="level-batches"' in html and "KSP-B" in html

    response = staff_client.post(
        url, {"kind": "loss", "quantity": 2, "reason": "Kemasan sobek", "batch": late.pk}
    )
    assert response.status_code == 302
    loss = StockMovement.objects.get(kind="loss")
    assert (loss.batch, loss.on_hand_change, loss.reason) == (late, -2, "Kemasan sobek")

    response = staff_client.post(
        url, {"kind": "loss", "quantity": 5, "reason": "Kemasan sobek", "batch": late.pk}
    )
    assert "Only 4 units of this batch are free to leave the shelf." in response.content.decode()


def test_a_count_correction_names_no_batch(staff_client, outlet, vendor, keripik):
    batch = stock_batch(outlet, keripik, 6, "KSP-A", days(20))
    level = StockLevel.objects.get(outlet=outlet, product=keripik)
    response = staff_client.post(
        f"/admin/gallery/stocklevel/{level.pk}/correct/",
        {"kind": "adjustment", "counted": 5, "reason": "Stok opname", "batch": batch.pk},
    )
    assert "A count correction names no batch" in response.content.decode()
    assert not StockMovement.objects.filter(kind="adjustment").exists()


@pytest.fixture
def shelf(outlet, vendor, keripik, gula):
    """An expired batch with 2 of its 5 units reserved (ordered before it expired), a batch
    near expiry with 1 of 4 reserved, and one far from expiry."""
    expired = stock_batch(outlet, keripik, 5, "KSP-OLD", days(1))
    near = stock_batch(outlet, gula, 4, "GA-NEAR", days(12))
    services.stock_reserve(outlet=outlet, items=[(keripik, 2), (gula, 1)], reference="GM-9")
    fresh = stock_batch(outlet, keripik, 7, "KSP-NEW", days(120))
    return {"expired": expired, "near": near, "fresh": fresh}


def run_action(client, action, batches):
    return client.post(
        BATCHES,
        {"action": action, "_selected_action": [batch.pk for batch in batches], "index": "0"},
        follow=True,
    )


def test_writing_off_an_expired_batch_takes_its_free_units_as_a_loss(
    staff_client, shelf, outlet, keripik
):
    with frozen(days(1)):
        response = run_action(staff_client, "write_off_expired", [shelf["expired"], shelf["fresh"]])
    html = response.content.decode()
    assert "KSP-OLD of Keripik Singkong Pedas: 3 units written off." in html
    assert (
        "KSP-NEW of Keripik Singkong Pedas has not expired: record a loss for it instead." in html
    )
    loss = StockMovement.objects.get(kind="loss")
    assert (loss.batch, loss.on_hand_change, loss.reason) == (shelf["expired"], -3, "kedaluwarsa")
    expired = Batch.objects.get(pk=shelf["expired"].pk)
    assert (expired.on_hand, expired.reserved) == (2, 2)  # the order's units stay
    fresh = Batch.objects.get(pk=shelf["fresh"].pk)
    assert fresh.on_hand == 7
    level = StockLevel.objects.get(outlet=outlet, product=keripik)
    assert (level.on_hand, level.reserved) == (9, 2)

    with frozen(days(1)):
        again = run_action(staff_client, "write_off_expired", [shelf["expired"]]).content.decode()
    assert "KSP-OLD of Keripik Singkong Pedas has no free units" in again
    assert StockMovement.objects.filter(kind="loss").count() == 1


def test_returning_batches_to_the_vendor_leaves_reserved_units(staff_client, shelf, gula):
    with frozen(days(1)):
        response = run_action(staff_client, "return_to_vendor", [shelf["expired"], shelf["near"]])
    html = response.content.decode()
    assert "KSP-OLD of Keripik Singkong Pedas: 3 units returned to the vendor." in html
    assert "GA-NEAR of Gula Aren Cetak: 3 units returned to the vendor." in html
    rows = StockMovement.objects.filter(kind="return").order_by("batch__code")
    assert [(m.batch.code, m.on_hand_change, m.reason) for m in rows] == [
        ("GA-NEAR", -3, "hampir kedaluwarsa"),
        ("KSP-OLD", -3, "kedaluwarsa"),
    ]
    near = Batch.objects.get(pk=shelf["near"].pk)
    assert (near.on_hand, near.reserved) == (1, 1)


def test_the_batch_list_shows_each_batch_with_its_state(staff_client, shelf):
    with frozen(days(1)):
        html = staff_client.get(BATCHES).content.decode()
        expired_only = staff_client.get(BATCHES, {"state": "expired"}).content.decode()
        searched = staff_client.get(BATCHES, {"q": "GA-NEAR"}).content.decode()
    assert html.index("KSP-OLD") < html.index("GA-NEAR") < html.index("KSP-NEW")
    assert '<span class="gallery-batch-expired">Expired</span>' in html
    assert "Near expiry" in html and "Live" in html
    assert "KSP-OLD" in expired_only and "GA-NEAR" not in expired_only
    assert "GA-NEAR" in searched and "KSP-OLD" not in searched
    assert 'value="write_off_expired"' in html and 'value="return_to_vendor"' in html


def test_the_batch_list_pins_its_queries(
    staff_client, outlet, vendor, keripik, django_assert_max_num_queries
):
    for n in range(3):
        stock_batch(outlet, keripik, 2, f"K-{n}", days(5 + n))
    with django_assert_max_num_queries(14) as few:
        assert staff_client.get(BATCHES).status_code == 200
    for n in range(3, 40):
        stock_batch(outlet, keripik, 2, f"K-{n}", days(5 + n))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert staff_client.get(BATCHES).status_code == 200


def test_batches_are_read_only_and_the_actions_need_the_record_permission(client, shelf):
    viewer = StaffFactory(email="pengamat@contoh.id")
    viewer.user_permissions.add(Permission.objects.get(codename="view_batch"))
    client.force_login(viewer)
    html = client.get(BATCHES).content.decode()
    assert "KSP-OLD" in html
    assert "write_off_expired" not in html
    with frozen(days(1)):
        run_action(client, "write_off_expired", [shelf["expired"]])
    assert not StockMovement.objects.filter(kind="loss").exists()
    assert client.get(BATCHES + "add/").status_code == 403
    change = client.get(f"{BATCHES}{shelf['expired'].pk}/change/")
    assert change.status_code == 200
    assert 'type="submit"' not in change.content.decode().split('id="content-main"')[1]


def test_the_staff_group_sees_batches(client, staf_galeri, shelf):
    assert staf_galeri.has_perm("gallery.view_batch")
    client.force_login(staf_galeri)
    assert client.get(BATCHES).status_code == 200
