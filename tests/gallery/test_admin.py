"""Staff work in the admin: one form per delivery, losses and counts, low stock, outlets."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import clear_url_caches
from PIL import Image

from gallery import services
from gallery.models import OpeningHours, Outlet, OutletPhoto, StockLevel, StockMovement
from products.models import Product
from tests.factories import OutletFactory, ProductFactory, VendorFactory

pytestmark = pytest.mark.django_db

DELIVERY = "/admin/gallery/stockmovement/delivery/"


@pytest.fixture(autouse=True)
def english(settings):
    """The admin speaks the default language; these tests read it in English."""
    settings.LANGUAGE_CODE = "en"
    # The URL resolver keeps its reverse tables per language, built with the default language's
    # (missing) prefix: drop them, so no later test reverses "/produk/" in English.
    clear_url_caches()
    yield
    clear_url_caches()


@pytest.fixture
def staff_client(client, staf_galeri):
    client.force_login(staf_galeri)
    return client


def delivery(kind, vendor, outlet, lines, reference="SJ-117", extra=0):
    data = {
        "kind": kind,
        "vendor": vendor.pk,
        "outlet": outlet.pk,
        "reference": reference,
        "reason": "",
        "lines-TOTAL_FORMS": str(len(lines) + extra),
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "60",
    }
    for index, (product, quantity) in enumerate(lines):
        data[f"lines-{index}-product"] = getattr(product, "pk", product)
        data[f"lines-{index}-quantity"] = quantity
    for index in range(len(lines), len(lines) + extra):
        data[f"lines-{index}-product"] = ""
        data[f"lines-{index}-quantity"] = ""
    return data


def options(html, name):
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
    return re.findall(r'<option value="(\d+)"', select)


def test_step_one_asks_for_direction_vendor_and_outlet(staff_client, outlet):
    OutletFactory(name="Galeri Menong Wanayasa", slug="wanayasa", is_planned=True)
    response = staff_client.get(DELIVERY, {"outlet": outlet.pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'method="get"' in html
    assert f'<option value="{outlet.pk}" selected>' in html
    assert "Wanayasa" not in html  # a planned outlet takes no deliveries
    assert "errorlist" not in html  # a preselected outlet is not an error


def test_step_two_offers_only_the_vendors_products(staff_client, outlet, vendor, products):
    other = ProductFactory(name="Batik Tulis Kawung", slug="batik-tulis-kawung")
    archived = ProductFactory(vendor=vendor, status=Product.Status.ARCHIVED)
    response = staff_client.get(
        DELIVERY, {"kind": "intake", "vendor": vendor.pk, "outlet": outlet.pk}
    )
    html = response.content.decode()
    assert response.status_code == 200
    offered = set(options(html, "lines-0-product"))
    assert offered == {str(product.pk) for product in products}
    assert str(other.pk) not in offered
    assert str(archived.pk) not in offered
    assert html.count('name="lines-') >= 8 * 2


def test_another_vendors_product_smuggled_into_a_delivery_is_refused(
    staff_client, outlet, vendor, products
):
    other = ProductFactory(name="Batik Tulis Kawung", slug="batik-tulis-kawung")
    response = staff_client.post(
        DELIVERY, delivery("intake", vendor, outlet, [(products[0], 2), (other, 5)])
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not StockMovement.objects.exists()


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ([], "Add at least one product"),
        ([("guci", 2), ("guci", 3)], "already on another line"),
        ([("guci", "")], "How many?"),
        ([("guci", 0)], "greater than or equal to 1"),
        ([("guci", "banyak")], "Enter a whole number"),
    ],
    ids=["no lines", "a product twice", "no quantity", "zero", "not a number"],
)
def test_a_delivery_with_bad_lines_shows_errors_and_saves_nothing(
    staff_client, outlet, vendor, products, lines, message
):
    by_name = {"guci": products[0]}
    lines = [(by_name[name], quantity) for name, quantity in lines]
    response = staff_client.post(
        DELIVERY,
        delivery("intake", vendor, outlet, lines, extra=2),
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not StockMovement.objects.exists()


def test_a_delivery_needs_its_delivery_note(staff_client, outlet, vendor, products):
    response = staff_client.post(
        DELIVERY,
        delivery("intake", vendor, outlet, [(products[0], 2)], reference=""),
    )
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert not StockMovement.objects.exists()


def test_a_recorded_intake_reports_and_offers_its_labels(staff_client, outlet, vendor, products):
    guci, kendi, _celengan = products
    response = staff_client.post(
        DELIVERY,
        delivery("intake", vendor, outlet, [(guci, 10), (kendi, 4)], extra=3),
        follow=True,
    )
    html = response.content.decode()
    assert "Intake recorded at Galeri Menong 1: 14 units of 2 product(s)." in html
    assert f"/admin/gallery/outlet/{outlet.pk}/labels/?product=" in html
    assert StockLevel.objects.at(outlet).availability() == {guci.pk: 10, kendi.pk: 4}


def test_intake_for_a_vendor_not_approved_is_refused_at_step_one(staff_client, outlet):
    suspended = VendorFactory(status="suspended", status_reason="Izin kedaluwarsa")
    response = staff_client.get(
        DELIVERY,
        {"kind": "intake", "vendor": suspended.pk, "outlet": outlet.pk},
    )
    assert "Only an approved vendor" in response.content.decode()
    assert 'method="get"' in response.content.decode()


def test_a_return_larger_than_what_is_available_is_refused_on_its_line(
    staff_client, outlet, vendor, products
):
    guci, kendi, _celengan = products
    services.stock_receive(outlet=outlet, product=guci, quantity=5, by=None)
    services.stock_receive(outlet=outlet, product=kendi, quantity=2, by=None)
    services.stock_reserve(outlet=outlet, items=[(guci, 3)], reference="GM-260101-BBBBB")
    response = staff_client.post(
        DELIVERY,
        delivery("return", vendor, outlet, [(guci, 3), (kendi, 2)]),
    )
    html = response.content.decode()
    assert "Only 2 available here" in html
    assert StockMovement.objects.filter(kind="return").count() == 0
    response = staff_client.post(
        DELIVERY,
        delivery("return", vendor, outlet, [(guci, 2), (kendi, 2)]),
        follow=True,
    )
    assert "Return recorded at Galeri Menong 1: 4 units" in response.content.decode()
    assert StockLevel.objects.at(outlet).availability() == {guci.pk: 0, kendi.pk: 0}


def test_a_return_offers_only_products_on_the_shelf_there(staff_client, outlet, vendor, products):
    services.stock_receive(outlet=outlet, product=products[1], quantity=2, by=None)
    html = staff_client.get(
        DELIVERY, {"kind": "return", "vendor": vendor.pk, "outlet": outlet.pk}
    ).content.decode()
    assert options(html, "lines-0-product") == [str(products[1].pk)]


def test_a_loss_and_a_count_correction_are_recorded_with_their_reasons(
    staff_client, staf_galeri, outlet, products
):
    guci = products[0]
    services.stock_receive(outlet=outlet, product=guci, quantity=10, by=None)
    services.stock_reserve(outlet=outlet, items=[(guci, 4)], reference="GM-260101-CCCCC")
    level = StockLevel.objects.get()
    url = f"/admin/gallery/stocklevel/{level.pk}/correct/"

    response = staff_client.post(url, {"kind": "loss", "quantity": 7, "reason": "jatuh"})
    assert "Only 6 units can leave the shelf" in response.content.decode()

    staff_client.post(url, {"kind": "loss", "quantity": 2, "reason": "Retak saat dipajang"})
    staff_client.post(url, {"kind": "adjustment", "counted": 9, "reason": "Hitung ulang rak"})
    movements = StockMovement.objects.exclude(kind__in=["intake", "reservation"]).order_by("pk")
    assert [(m.kind, m.on_hand_change, m.reason, m.by) for m in movements] == [
        ("loss", -2, "Retak saat dipajang", staf_galeri),
        ("adjustment", 1, "Hitung ulang rak", staf_galeri),
    ]
    level.refresh_from_db()
    assert (level.on_hand, level.reserved) == (9, 4)

    response = staff_client.post(url, {"kind": "adjustment", "counted": 3, "reason": "x"})
    assert "Only 5 units can leave the shelf" in response.content.decode()


def test_the_low_stock_list_shows_levels_at_or_below_the_outlets_threshold(
    staff_client, outlet, vendor, products
):
    guci, kendi, celengan = products
    services.delivery_receive(
        vendor=vendor,
        outlet=outlet,
        lines=[(guci, 3), (kendi, 4), (celengan, 20)],
        by=None,
        reference="SJ-1",
    )
    html = staff_client.get("/admin/gallery/stocklevel/", {"stock": "low"}).content.decode()
    assert "Guci Motif Daun" in html
    assert "Kendi Tanah Liat" not in html
    assert "Celengan Ayam" not in html
    Outlet.objects.filter(pk=outlet.pk).update(low_stock_threshold=5)
    html = staff_client.get("/admin/gallery/stocklevel/", {"stock": "low"}).content.decode()
    assert "Kendi Tanah Liat" in html


def test_the_ledger_filters_by_outlet_vendor_product_kind_and_date(
    staff_client, outlet, vendor, products
):
    services.stock_receive(outlet=outlet, product=products[0], quantity=3, by=None)
    services.stock_receive(outlet=OutletFactory(), product=products[1], quantity=1, by=None)
    services.stock_receive(outlet=outlet, product=ProductFactory(), quantity=1, by=None)
    html = staff_client.get("/admin/gallery/stockmovement/").content.decode()
    for parameter in ("kind__exact", "outlet__id__exact", "product__vendor__id__exact"):
        assert parameter in html
    assert "product__id__exact" in html
    assert "at__gte" in html
    response = staff_client.get(
        "/admin/gallery/stockmovement/",
        {"product__vendor__id__exact": vendor.pk, "kind__exact": "intake"},
    )
    assert response.status_code == 200
    assert "Guci Motif Daun" in response.content.decode()


def test_the_stock_list_pins_its_queries(
    staff_client, outlet, vendor, django_assert_max_num_queries
):
    for index in range(12):
        product = ProductFactory(vendor=vendor)
        services.stock_receive(outlet=outlet, product=product, quantity=index + 1, by=None)
    with django_assert_max_num_queries(12):
        assert staff_client.get("/admin/gallery/stocklevel/").status_code == 200
    with django_assert_max_num_queries(12):
        assert staff_client.get("/admin/gallery/stockmovement/").status_code == 200


def jpeg_upload(name="etalase.jpg"):
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), (154, 52, 18)).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def outlet_form(outlet, **overrides):
    data = {
        "name": outlet.name,
        "slug": outlet.slug,
        "description": "",
        "is_active": "on",
        "position": 0,
        "address": outlet.address,
        "kecamatan": outlet.kecamatan_id,
        "latitude": "-6.541200",
        "longitude": "107.451100",
        "phone": "",
        "whatsapp": "+6281200000134",
        "low_stock_threshold": 3,
    }
    for prefix, total in (("opening_hours", 1), ("closures", 0), ("photos", 1)):
        data |= {
            f"{prefix}-TOTAL_FORMS": total,
            f"{prefix}-INITIAL_FORMS": 0,
            f"{prefix}-MIN_NUM_FORMS": 0,
            f"{prefix}-MAX_NUM_FORMS": 1000,
        }
    data |= {
        "opening_hours-0-weekday": 0,
        "opening_hours-0-opens": "08:00",
        "opening_hours-0-closes": "17:00",
    }
    data |= {"photos-0-alt": "", "photos-0-position": 0}
    return data | overrides


def test_staff_keep_an_outlets_hours_and_photos_in_the_admin(staff_client, outlet):
    data = outlet_form(
        outlet, **{"photos-0-image": jpeg_upload(), "photos-0-alt": "Etalase keramik Plered"}
    )
    response = staff_client.post(f"/admin/gallery/outlet/{outlet.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert OpeningHours.objects.get(outlet=outlet).closes.hour == 17
    photo = OutletPhoto.objects.get(outlet=outlet)
    assert photo.alt == "Etalase keramik Plered"
    assert photo.width == 800
    assert set(photo.renditions) == {"320", "640", "800"}


def test_hours_that_close_before_they_open_are_a_field_error_not_a_crash(staff_client, outlet):
    data = outlet_form(outlet, **{"opening_hours-0-closes": "07:00"})
    response = staff_client.post(f"/admin/gallery/outlet/{outlet.pk}/change/", data)
    assert response.status_code == 200
    assert "The closing time must be after the opening time." in response.content.decode()
    assert not OpeningHours.objects.filter(outlet=outlet).exists()


def test_a_whatsapp_number_in_local_form_is_refused_with_a_clear_error(staff_client, outlet):
    data = outlet_form(outlet, whatsapp="0812-0000-0134")
    response = staff_client.post(f"/admin/gallery/outlet/{outlet.pk}/change/", data)
    assert response.status_code == 200
    assert "international form" in response.content.decode()


def test_a_photo_that_is_not_a_picture_is_refused(staff_client, outlet):
    fake = SimpleUploadedFile("foto.jpg", b"<html>bukan gambar</html>", content_type="image/jpeg")
    data = outlet_form(outlet, **{"photos-0-image": fake, "photos-0-alt": "Etalase"})
    response = staff_client.post(f"/admin/gallery/outlet/{outlet.pk}/change/", data)
    assert response.status_code == 200
    assert not OutletPhoto.objects.exists()


def test_an_outlet_with_goods_on_its_shelves_cannot_be_marked_as_planned(
    staff_client, outlet, products
):
    services.stock_receive(outlet=outlet, product=products[0], quantity=2, by=None)
    response = staff_client.post(
        f"/admin/gallery/outlet/{outlet.pk}/change/", outlet_form(outlet, is_planned="on")
    )
    assert response.status_code == 200
    assert "return them to their vendors before marking it as planned" in (
        response.content.decode()
    )
    outlet.refresh_from_db()
    assert not outlet.is_planned


def test_an_outlet_with_orders_waiting_cannot_be_closed(staff_client, outlet, products):
    services.stock_receive(outlet=outlet, product=products[0], quantity=2, by=None)
    services.stock_reserve(outlet=outlet, items=[(products[0], 1)], reference="GM-260101-EEEEE")
    data = outlet_form(outlet)
    del data["is_active"]
    response = staff_client.post(f"/admin/gallery/outlet/{outlet.pk}/change/", data)
    assert response.status_code == 200
    assert "Orders wait for pickup here" in response.content.decode()
    outlet.refresh_from_db()
    assert outlet.is_active


def two_friday_spans(outlet, first, second):
    data = outlet_form(outlet, **{"opening_hours-TOTAL_FORMS": 2})
    for index, (opens, closes) in enumerate((first, second)):
        data |= {
            f"opening_hours-{index}-weekday": 4,
            f"opening_hours-{index}-opens": opens,
            f"opening_hours-{index}-closes": closes,
        }
    return data


def test_a_day_may_have_a_break_for_friday_prayers(staff_client, outlet):
    data = two_friday_spans(outlet, ("13:00", "17:00"), ("08:00", "11:30"))
    response = staff_client.post(f"/admin/gallery/outlet/{outlet.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    spans = OpeningHours.objects.filter(outlet=outlet).values_list("opens", "closes")
    assert [(o.strftime("%H.%M"), c.strftime("%H.%M")) for o, c in spans] == [
        ("08.00", "11.30"),
        ("13.00", "17.00"),
    ]


@pytest.mark.parametrize(
    ("first", "second", "message"),
    [
        (
            ("08:00", "12:00"),
            ("11:00", "17:00"),
            "These hours overlap the ones from 08:00 to 12:00",
        ),
        (("08:00", "17:00"), ("08:00", "11:00"), "duplicate data for weekday and opens"),
    ],
    ids=["overlapping", "same opening"],
)
def test_spans_of_one_day_that_overlap_are_refused_and_nothing_is_saved(
    staff_client, outlet, first, second, message
):
    data = two_friday_spans(outlet, first, second)
    response = staff_client.post(f"/admin/gallery/outlet/{outlet.pk}/change/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not OpeningHours.objects.filter(outlet=outlet).exists()
