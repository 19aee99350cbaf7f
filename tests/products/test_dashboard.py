import pytest
from django.urls import reverse
from django.utils import translation

from gallery.services import stock_receive, stock_reserve
from products import services
from products.models import Product, ProductImage
from tests.factories import (
    OutletFactory,
    ProductFactory,
    ProductImageFactory,
    UserFactory,
    VendorFactory,
)
from tests.products import pictures
from tests.products.helpers import leaf, product_fields, published_product

pytestmark = pytest.mark.django_db


def url(name, *args, lang="id"):
    with translation.override(lang):
        return reverse(f"dashboard-products:{name}", args=args)


def form_data(**overrides):
    data = {
        key: ("" if value is None else value) for key, value in product_fields(**overrides).items()
    }
    data["category"] = overrides.get("category", leaf()).pk
    if not data["made_to_order"]:
        data.pop("made_to_order")
    return data


def product_urls(product, image=None):
    image_pk = image.pk if image else 1
    return [
        ("get", url("product-update", product.pk)),
        ("post", url("product-update", product.pk)),
        ("post", url("product-publish", product.pk)),
        ("post", url("product-archive", product.pk)),
        ("get", url("product-images", product.pk)),
        ("post", url("product-images", product.pk)),
        ("post", url("image-alt", product.pk, image_pk)),
        ("post", url("image-move", product.pk, image_pk)),
        ("get", url("image-delete", product.pk, image_pk)),
        ("post", url("image-delete", product.pk, image_pk)),
    ]


def every_url(product):
    return [("get", url("product-list")), ("get", url("product-create")), *product_urls(product)]


# Who may come in -------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(client, draft):
    for method, address in every_url(draft):
        response = getattr(client, method)(address)
        assert response.status_code == 302, address
        assert reverse("accounts:login") in response["Location"]


def test_an_account_without_a_business_is_refused(client, draft):
    client.force_login(UserFactory())
    for method, address in every_url(draft):
        assert getattr(client, method)(address).status_code == 403, address


def test_vendor_a_cannot_reach_vendor_bs_products_by_any_url(vendor_client, other_vendor):
    theirs = published_product(other_vendor)
    image = theirs.images.get()
    for method, address in product_urls(theirs, image):
        response = getattr(vendor_client, method)(
            address, {"alt": "x", "direction": "up", f"image-{image.pk}-alt": "diubah"}
        )
        assert response.status_code == 404, (method, address)
    theirs.refresh_from_db()
    image.refresh_from_db()
    assert theirs.status == Product.Status.PUBLISHED
    assert image.alt == "Guci coklat motif daun"
    assert ProductImage.objects.filter(pk=image.pk).exists()


def test_vendor_a_cannot_touch_bs_picture_through_their_own_product(
    vendor_client, vendor, other_vendor
):
    mine = published_product(vendor)
    theirs = published_product(other_vendor, name="Tas Anyaman")
    image = theirs.images.get()
    for method, address in [
        ("post", url("image-alt", mine.pk, image.pk)),
        ("post", url("image-move", mine.pk, image.pk)),
        ("get", url("image-delete", mine.pk, image.pk)),
        ("post", url("image-delete", mine.pk, image.pk)),
    ]:
        response = getattr(vendor_client, method)(
            address, {f"image-{image.pk}-alt": "diubah", "direction": "down"}
        )
        assert response.status_code == 404, address
    image.refresh_from_db()
    assert image.alt == "Guci coklat motif daun"


def test_the_list_shows_only_the_vendors_own_products(vendor_client, vendor, other_vendor):
    ProductFactory(vendor=vendor, category=leaf(), name="Guci Milik Sendiri")
    ProductFactory(vendor=other_vendor, category=leaf(), name="Tas Milik Orang Lain")
    html = vendor_client.get(url("product-list")).content.decode()
    assert "Guci Milik Sendiri" in html
    assert "Tas Milik Orang Lain" not in html


# Forms never let a vendor set the vendor, status, slug or moderation ----------------------------


def test_creating_ignores_an_injected_vendor_status_slug_and_hiding(
    vendor_client, vendor, other_vendor
):
    data = form_data(name="Kendi Air Tanah Liat", price="Rp35.000")
    data.update(
        {
            "vendor": other_vendor.pk,
            "vendor_id": other_vendor.pk,
            "status": "published",
            "slug": "slug-pilihan-sendiri",
            "hidden_at": "",
            "hidden_reason": "",
            "published_at": "2026-01-01 00:00",
        }
    )
    response = vendor_client.post(url("product-create"), data)
    product = Product.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("product-images", product.pk)
    assert product.vendor == vendor
    assert product.status == Product.Status.DRAFT
    assert product.slug == "kendi-air-tanah-liat"
    assert product.price == 35_000
    assert product.published_at is None


def test_editing_ignores_an_injected_vendor_status_slug_and_unhiding(
    vendor_client, vendor, other_vendor, staf_dinas
):
    product = published_product(vendor)
    services.product_hide(product=product, by=staf_dinas, reason="Foto tidak sesuai.")
    data = form_data(name="Guci Baru")
    data.update(
        {
            "vendor": other_vendor.pk,
            "status": "draft",
            "slug": "guci-baru",
            "hidden_at": "",
            "hidden_reason": "",
            "hidden_by": "",
        }
    )
    response = vendor_client.post(url("product-update", product.pk), data)
    assert response.status_code == 302
    product.refresh_from_db()
    assert product.name == "Guci Baru"
    assert product.vendor == vendor
    assert product.status == Product.Status.PUBLISHED
    assert product.slug == "guci-keramik-motif-daun"
    assert product.is_hidden and product.hidden_reason == "Foto tidak sesuai."


@translation.override("en")
def test_invalid_details_get_field_errors_and_save_nothing(vendor_client):
    response = vendor_client.post(
        url("product-create", lang="en"),
        form_data(price="500", made_to_order="on", lead_time_days="", name=""),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"price", "lead_time_days", "name"}
    assert form.errors["lead_time_days"] == [
        "Say how many days it takes to make: lead time is required."
    ]  # said once
    assert 'id="id_price_error"' in response.content.decode()
    assert not Product.objects.exists()


@translation.override("en")
def test_a_lead_time_over_the_limit_is_a_field_error_not_a_database_error(vendor_client):
    response = vendor_client.post(
        url("product-create", lang="en"), form_data(made_to_order="on", lead_time_days="200")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["lead_time_days"] == [
        "Ensure this value is less than or equal to 180."
    ]
    assert not Product.objects.exists()


@pytest.mark.parametrize(
    ("typed", "price"),
    [
        ("150000", 150_000),
        ("150.000", 150_000),
        ("Rp150.000", 150_000),
        ("Rp 1.250.000", 1_250_000),
    ],
)
def test_prices_are_read_the_way_people_write_them(vendor_client, typed, price):
    vendor_client.post(url("product-create"), form_data(price=typed))
    assert Product.objects.get().price == price


def test_a_category_with_subcategories_is_not_offered(vendor_client):
    html = vendor_client.get(url("product-create")).content.decode()
    guci = leaf("guci-vas")
    keramik = leaf("keramik-gerabah")
    assert f'value="{guci.pk}"' in html
    assert f'value="{keramik.pk}"' not in html
    response = vendor_client.post(url("product-create"), form_data(category=keramik))
    assert "category" in response.context["form"].errors


# Status -------------------------------------------------------------------------------------------


def test_an_approved_vendor_publishes_a_product_with_a_picture(vendor_client, vendor):
    product = services.product_create(vendor=vendor, by=vendor.user, **product_fields())
    response = vendor_client.post(url("product-publish", product.pk), follow=True)
    product.refresh_from_db()
    assert product.status == Product.Status.DRAFT
    assert response.context["messages"]
    services.product_image_add(product=product, by=vendor.user, upload=pictures.jpeg(), alt="Guci")
    vendor_client.post(url("product-publish", product.pk))
    product.refresh_from_db()
    assert product.status == Product.Status.PUBLISHED


def test_an_unapproved_vendor_keeps_drafts_and_cannot_publish(client):
    vendor = VendorFactory(status="submitted")
    client.force_login(vendor.user)
    client.post(url("product-create"), form_data())
    product = Product.objects.get(vendor=vendor)
    services.product_image_add(product=product, by=vendor.user, upload=pictures.jpeg(), alt="Guci")
    page = client.get(url("product-update", product.pk)).content.decode()
    assert url("product-publish", product.pk) not in page
    client.post(url("product-publish", product.pk))
    product.refresh_from_db()
    assert product.status == Product.Status.DRAFT


def test_archiving_from_the_dashboard(vendor_client, vendor):
    product = published_product(vendor)
    assert vendor_client.get(url("product-archive", product.pk)).status_code == 405
    vendor_client.post(url("product-archive", product.pk))
    product.refresh_from_db()
    assert product.status == Product.Status.ARCHIVED


@translation.override("en")
def test_the_vendor_sees_that_staff_hid_a_product_and_why(vendor_client, vendor, staf_dinas):
    product = published_product(vendor)
    services.product_hide(product=product, by=staf_dinas, reason="Foto diambil dari internet.")
    listing = vendor_client.get(url("product-list", lang="en")).content.decode()
    assert "Hidden by staff" in listing and "Foto diambil dari internet." in listing
    page = vendor_client.get(url("product-update", product.pk, lang="en")).content.decode()
    assert "Foto diambil dari internet." in page
    only_hidden = vendor_client.get(url("product-list", lang="en"), {"status": "hidden"})
    assert list(only_hidden.context["products"]) == [product]


# Pictures -----------------------------------------------------------------------------------------


def test_uploading_a_photo_stores_it_with_renditions(vendor_client, vendor, draft, media_root):
    response = vendor_client.post(
        url("product-images", draft.pk),
        {"picture": pictures.jpeg_with_gps(size=(1600, 1200)), "alt": "Kendi coklat di meja"},
    )
    assert response.status_code == 302
    image = draft.images.get()
    assert image.alt == "Kendi coklat di meja"
    assert list(image.renditions) == ["320", "640", "1280"]
    assert sorted(image.stored_names()) == pictures.stored_files(media_root)


@pytest.mark.parametrize("kind", list(pictures.BAD_UPLOADS))
def test_every_bad_upload_gets_a_form_error_and_leaves_no_file(
    vendor_client, draft, media_root, kind
):
    make, code = pictures.BAD_UPLOADS[kind]
    response = vendor_client.post(
        url("product-images", draft.pk, lang="en"), {"picture": make(), "alt": "Foto produk"}
    )
    assert response.status_code == 400
    form = response.context["upload_form"]
    assert [error.code for error in form.errors.as_data()["picture"]] == [code]
    assert 'id="id_picture_error"' in response.content.decode()
    assert not draft.images.exists()
    assert pictures.stored_files(media_root) == []


def test_a_photo_without_a_description_is_added_and_the_product_name_describes_it(
    vendor_client, draft
):
    response = vendor_client.post(
        url("product-images", draft.pk), {"picture": pictures.jpeg(), "alt": "   "}
    )
    assert response.status_code == 302
    image = draft.images.get()
    assert image.alt == ""
    assert image.alt_text == "Kendi Air Draf"


def test_a_ninth_photo_is_refused(vendor_client, draft, media_root):
    for n in range(ProductImage.MAX_PER_PRODUCT):
        ProductImageFactory(product=draft, position=n)
    page = vendor_client.get(url("product-images", draft.pk)).content.decode()
    assert 'enctype="multipart/form-data"' not in page
    response = vendor_client.post(
        url("product-images", draft.pk), {"picture": pictures.jpeg(), "alt": "Satu lagi"}
    )
    assert response.status_code == 400
    assert response.context["upload_form"].non_field_errors()
    assert draft.images.count() == ProductImage.MAX_PER_PRODUCT
    assert pictures.stored_files(media_root) == []


def test_photos_are_reordered_with_buttons(vendor_client, draft):
    first, second, third = (
        ProductImageFactory(product=draft, position=n, alt=f"Kendi dari sisi {side}")
        for n, side in enumerate(("depan", "kiri", "atas"))
    )
    vendor_client.post(url("image-move", draft.pk, third.pk), {"direction": "up"})
    assert list(draft.images.order_by("position")) == [first, third, second]
    response = vendor_client.post(url("image-move", draft.pk, first.pk), {"direction": "down"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#image-{first.pk}")
    assert list(draft.images.order_by("position")) == [third, first, second]
    vendor_client.post(url("image-move", draft.pk, third.pk), {"direction": "up"})
    vendor_client.post(url("image-move", draft.pk, third.pk), {"direction": "sideways"})
    assert list(draft.images.order_by("position")) == [third, first, second]
    page = vendor_client.get(url("product-images", draft.pk)).content.decode()
    assert page.index(third.alt) < page.index(first.alt) < page.index(second.alt)


def test_the_description_of_a_photo_is_edited_and_may_be_emptied(vendor_client, draft):
    image = ProductImageFactory(product=draft)
    vendor_client.post(url("image-alt", draft.pk, image.pk), {f"image-{image.pk}-alt": "Baru"})
    image.refresh_from_db()
    assert image.alt == "Baru"
    too_long = vendor_client.post(
        url("image-alt", draft.pk, image.pk), {f"image-{image.pk}-alt": "x" * 201}
    )
    assert too_long.status_code == 400
    image.refresh_from_db()
    assert image.alt == "Baru"
    response = vendor_client.post(
        url("image-alt", draft.pk, image.pk), {f"image-{image.pk}-alt": "  "}
    )
    assert response.status_code == 302
    image.refresh_from_db()
    assert (image.alt, image.alt_text) == ("", "Kendi Air Draf")


def test_deleting_a_photo_removes_its_files(
    vendor_client, vendor, media_root, django_capture_on_commit_callbacks
):
    product = published_product(vendor, real_picture=True)
    services.product_image_add(
        product=product, by=vendor.user, upload=pictures.png(), alt="Tampak samping"
    )
    first, second = product.images.order_by("position")
    assert vendor_client.get(url("image-delete", product.pk, second.pk)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        vendor_client.post(url("image-delete", product.pk, second.pk))
    assert list(product.images.all()) == [first]
    assert sorted(first.stored_names()) == pictures.stored_files(media_root)
    # The last picture of a published product stays.
    with django_capture_on_commit_callbacks(execute=True):
        vendor_client.post(url("image-delete", product.pk, first.pk))
    assert list(product.images.all()) == [first]


# The list of 200 products ---------------------------------------------------------------------


def make_catalogue(vendor, count):
    products = [
        ProductFactory(vendor=vendor, category=leaf(), status=status)
        for status, _n in zip(
            ["published", "draft", "archived", "published"] * count, range(count), strict=False
        )
    ]
    for product in products:
        ProductImageFactory(product=product, position=0)
        ProductImageFactory(product=product, position=1)
    outlets = [OutletFactory(), OutletFactory()]
    for product in products[:10]:
        for outlet in outlets:
            stock_receive(outlet=outlet, product=product, quantity=5, by=vendor.user)
    return products


def test_the_stock_summary_sums_every_outlet(vendor_client, vendor):
    product = published_product(vendor)
    first, second = OutletFactory(), OutletFactory()
    stock_receive(outlet=first, product=product, quantity=7, by=vendor.user)
    stock_receive(outlet=second, product=product, quantity=4, by=vendor.user)
    stock_reserve(outlet=second, items=[(product, 3)], reference="GM-261128-ABCD")
    row = vendor_client.get(url("product-list")).context["products"][0]
    assert (row.stock_on_hand, row.stock_reserved, row.stock_available) == (11, 3, 8)


QUERY_LIMIT = 8  # one of them the footer's outlets, cached after the first page


def test_the_list_of_200_products_renders_in_a_fixed_number_of_queries(
    vendor_client, vendor, django_assert_max_num_queries
):
    make_catalogue(vendor, 200)
    seen = set()
    for page in (1, 2, 3, 4):
        with django_assert_max_num_queries(QUERY_LIMIT):
            response = vendor_client.get(url("product-list"), {"page": page})
        assert response.status_code == 200
        seen |= {product.pk for product in response.context["products"]}
    assert len(seen) == 200
    with django_assert_max_num_queries(QUERY_LIMIT):
        vendor_client.get(url("product-list"), {"status": "published"})


def test_the_list_costs_the_same_queries_for_2_products_as_for_200(
    vendor_client, vendor, other_vendor, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_catalogue(other_vendor, 2)
    client_b = vendor_client
    client_b.force_login(other_vendor.user)
    client_b.get(url("product-list"))  # the footer's outlets are then cached for both pages
    with CaptureQueriesContext(connection) as few:
        client_b.get(url("product-list"))
    make_catalogue(vendor, 200)
    vendor_client.force_login(vendor.user)
    with django_assert_num_queries(len(few)):
        vendor_client.get(url("product-list"))
