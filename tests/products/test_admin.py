import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation

from gallery.services import stock_receive
from products import services
from products.models import Category, Product, ProductEvent, ProductSlugHistory
from tests.factories import (
    OutletFactory,
    ProductFactory,
    ProductImageFactory,
    StaffFactory,
    VendorFactory,
    kecamatan,
)
from tests.products import pictures
from tests.products.helpers import leaf, published_product

pytestmark = pytest.mark.django_db
CHANGELIST = "admin:products_product_changelist"


def admin_url(name, *args):
    with translation.override("en"):
        return reverse(name, args=args)


def change_form_data(response, **changes):
    """What the admin change form would post back, as rendered, with ``changes`` applied."""
    data = {}
    adminform = response.context["adminform"].form
    for name in adminform.fields:
        value = adminform[name].value()
        if value is None or value is False:
            continue
        data[name] = "on" if value is True else value
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name in formset.management_form.fields:
            data[f"{formset.prefix}-{name}"] = formset.management_form[name].value()
        for form in formset.forms:
            for name in form.fields:
                value = form[name].value()
                if value is not None and value is not False and value != "":
                    data[form.add_prefix(name)] = value
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def dinas_client(client, staf_dinas):
    client.force_login(staf_dinas)
    return client


def test_staf_dinas_may_view_change_and_moderate_products_but_never_delete(staf_dinas):
    assert staf_dinas.has_perms(
        [
            "products.view_product",
            "products.change_product",
            "products.moderate_product",
            "products.view_productimage",
            "products.view_category",
        ]
    )
    for permission in (
        "products.delete_product",
        "products.add_product",
        "products.delete_productimage",
        "products.change_category",
        "products.delete_category",
    ):
        assert not staf_dinas.has_perm(permission), permission


def test_the_product_list_filters_searches_and_shows_thumbnails(
    dinas_client, vendor, django_assert_max_num_queries
):
    wanayasa = VendorFactory(
        business_name="Anyaman Wanayasa Lestari", kecamatan=kecamatan("Wanayasa")
    )
    for n in range(30):
        product = ProductFactory(vendor=vendor, category=leaf(), name=f"Guci Plered {n}")
        ProductImageFactory(product=product)
    ProductFactory(vendor=wanayasa, category=leaf("keranjang-wadah"), name="Bakul Nasi Bambu")
    with django_assert_max_num_queries(16):
        response = dinas_client.get(admin_url(CHANGELIST))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('loading="lazy"') >= 30
    assert "-320.jpg" in html
    for parameter in ("status__exact", "hidden", "category__id__exact", "vendor__id__exact"):
        assert f"?{parameter}=" in html or f"&amp;{parameter}=" in html, parameter
    assert "vendor__kecamatan__id__exact" in html

    found = dinas_client.get(admin_url(CHANGELIST), {"q": "Wanayasa Lestari"})
    assert list(found.context["cl"].result_list) == [Product.objects.get(name="Bakul Nasi Bambu")]
    by_kecamatan = dinas_client.get(
        admin_url(CHANGELIST), {"vendor__kecamatan__id__exact": kecamatan("Wanayasa").pk}
    )
    assert by_kecamatan.context["cl"].result_count == 1


def test_vendor_and_category_are_chosen_by_autocomplete(dinas_client, superuser, vendor):
    product = ProductFactory(vendor=vendor, category=leaf())
    page = dinas_client.get(admin_url("admin:products_product_change", product.pk))
    assert 'data-field-name="category"' in page.content.decode()
    dinas_client.force_login(superuser)
    add = dinas_client.get(admin_url("admin:products_product_add")).content.decode()
    assert 'data-field-name="vendor"' in add and 'data-field-name="category"' in add
    dinas_client.force_login(StaffFactory(groups=["Staf Dinas"]))
    response = dinas_client.get(
        admin_url("admin:autocomplete"),
        {"app_label": "products", "model_name": "product", "field_name": "vendor", "term": "Anjun"},
    )
    assert [r["text"] for r in response.json()["results"]] == ["Keramik Anjun Jaya"]
    response = dinas_client.get(
        admin_url("admin:autocomplete"),
        {
            "app_label": "products",
            "model_name": "product",
            "field_name": "category",
            "term": "Menong",
        },
    )
    assert "Boneka Menong" in [r["text"] for r in response.json()["results"]]


def test_hiding_asks_for_the_reason_then_hides_with_it(dinas_client, vendor, staf_dinas):
    first = published_product(vendor, name="Guci Satu")
    second = published_product(vendor, name="Guci Dua")
    selection = {"action": "hide_products", "_selected_action": [first.pk, second.pk]}
    page = dinas_client.post(admin_url(CHANGELIST), selection)
    assert page.status_code == 200
    assert "products/admin/hide_products.html" in [t.name for t in page.templates]
    assert not Product.objects.hidden().exists()

    no_reason = dinas_client.post(admin_url(CHANGELIST), {**selection, "apply": "1", "reason": " "})
    assert no_reason.status_code == 200
    assert no_reason.context["form"].errors
    assert not Product.objects.hidden().exists()

    done = dinas_client.post(
        admin_url(CHANGELIST), {**selection, "apply": "1", "reason": "Foto tidak sesuai produk."}
    )
    assert done.status_code == 302
    for product in (first, second):
        product.refresh_from_db()
        assert product.is_hidden
        assert (product.hidden_by, product.hidden_reason) == (
            staf_dinas,
            "Foto tidak sesuai produk.",
        )
        assert product.events.filter(action=ProductEvent.Action.HIDDEN, by=staf_dinas).exists()
        # A staff decision: in the admin log too, which the back-office dashboard lists.
        entry = LogEntry.objects.get(object_id=str(product.pk), user=staf_dinas)
        assert entry.change_message == "Foto tidak sesuai produk."
    assert not Product.objects.public().exists()


def test_restoring_brings_hidden_products_back(dinas_client, vendor, staf_dinas):
    product = published_product(vendor)
    services.product_hide(product=product, by=staf_dinas, reason="Perlu dicek ulang.")
    dinas_client.post(
        admin_url(CHANGELIST), {"action": "restore_products", "_selected_action": [product.pk]}
    )
    product.refresh_from_db()
    assert not product.is_hidden
    assert Product.objects.public().filter(pk=product.pk).exists()


def test_staff_without_the_moderation_permission_cannot_hide(client, vendor):
    staff = StaffFactory()
    staff.groups.add(Group.objects.get(name="Staf Galeri"))
    client.force_login(staff)
    product = published_product(vendor)
    response = client.post(
        admin_url(CHANGELIST),
        {"action": "hide_products", "_selected_action": [product.pk], "apply": "1", "reason": "x"},
    )
    assert response.status_code in (200, 302, 403)
    product.refresh_from_db()
    assert not product.is_hidden


def test_archiving_from_the_admin(dinas_client, vendor):
    product = published_product(vendor)
    dinas_client.post(
        admin_url(CHANGELIST), {"action": "archive_products", "_selected_action": [product.pk]}
    )
    product.refresh_from_db()
    assert product.status == Product.Status.ARCHIVED


def test_staff_edit_details_but_not_the_vendor_status_or_hiding(dinas_client, vendor):
    product = published_product(vendor)
    change = admin_url("admin:products_product_change", product.pk)
    page = dinas_client.get(change)
    other = VendorFactory()
    data = change_form_data(
        page, name="Guci Plered Asli", vendor=other.pk, status="draft", hidden_reason="x"
    )
    response = dinas_client.post(change, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    product.refresh_from_db()
    assert product.name == "Guci Plered Asli"
    assert (product.vendor, product.status, product.is_hidden) == (
        vendor,
        Product.Status.PUBLISHED,
        False,
    )
    assert product.events.filter(action=ProductEvent.Action.EDITED, reason="name").exists()


def test_a_slug_changed_in_the_admin_keeps_the_old_one(dinas_client, vendor):
    product = published_product(vendor)
    taken = ProductFactory(vendor=vendor, category=leaf(), slug="sudah-dipakai")
    change = admin_url("admin:products_product_change", product.pk)
    refused = dinas_client.post(change, change_form_data(dinas_client.get(change), slug=taken.slug))
    assert refused.status_code == 200
    assert "slug" in refused.context["adminform"].form.errors
    response = dinas_client.post(
        change, change_form_data(dinas_client.get(change), slug="guci-plered-asli")
    )
    assert response.status_code == 302
    product.refresh_from_db()
    assert product.slug == "guci-plered-asli"
    assert ProductSlugHistory.objects.get(product=product).slug == "guci-keramik-motif-daun"


def test_a_product_added_in_the_admin_is_created_by_the_services(
    admin_client, superuser, vendor, media_root
):
    add = admin_url("admin:products_product_add")
    data = change_form_data(
        admin_client.get(add),
        vendor=vendor.pk,
        category=leaf("gula-aren").pk,
        name="Gula Aren Cetak 500 g",
        price="25000",
        **{"images-0-alt": "Gula aren cetak", "images-0-upload": pictures.jpeg()},
    )
    response = admin_client.post(add, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    product = Product.objects.get(name="Gula Aren Cetak 500 g")
    assert (product.vendor, product.status, product.slug) == (
        vendor,
        Product.Status.DRAFT,
        "gula-aren-cetak-500-g",
    )
    assert product.events.get().by == superuser
    assert sorted(product.images.get().stored_names()) == pictures.stored_files(media_root)


def test_a_photo_added_in_the_admin_goes_through_the_pipeline(admin_client, vendor, media_root):
    product = published_product(vendor, real_picture=True)
    change = admin_url("admin:products_product_change", product.pk)
    data = change_form_data(
        admin_client.get(change),
        **{"images-1-alt": "Guci dari samping", "images-1-upload": pictures.jpeg_with_gps()},
    )
    response = admin_client.post(change, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    added = product.images.get(alt="Guci dari samping")
    assert added.position == 1
    assert set(added.renditions) == {"320", "640", "800"}
    assert sorted(n for i in product.images.all() for n in i.stored_names()) == (
        pictures.stored_files(media_root)
    )


def test_a_bad_photo_in_the_admin_is_a_form_error(admin_client, vendor, media_root):
    product = ProductFactory(vendor=vendor, category=leaf(), status="draft")
    change = admin_url("admin:products_product_change", product.pk)
    data = change_form_data(
        admin_client.get(change),
        **{"images-0-alt": "Guci", "images-0-upload": pictures.html_named_jpg()},
    )
    response = admin_client.post(change, data)
    assert response.status_code == 200
    assert not product.images.exists()
    assert pictures.stored_files(media_root) == []


def test_deleting_a_photo_in_the_admin_removes_its_files(
    admin_client, vendor, media_root, django_capture_on_commit_callbacks
):
    product = published_product(vendor, real_picture=True)
    services.product_image_add(product=product, by=vendor.user, upload=pictures.png(), alt="Atas")
    change = admin_url("admin:products_product_change", product.pk)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            change, change_form_data(admin_client.get(change), **{"images-1-DELETE": "on"})
        )
    assert response.status_code == 302
    [kept] = product.images.all()
    assert sorted(kept.stored_names()) == pictures.stored_files(media_root)


def test_the_last_photo_of_a_published_product_stays(admin_client, vendor):
    product = published_product(vendor)
    change = admin_url("admin:products_product_change", product.pk)
    response = admin_client.post(
        change, change_form_data(admin_client.get(change), **{"images-0-DELETE": "on"})
    )
    assert response.status_code == 200
    assert product.images.exists()


def test_deleting_a_product_in_the_admin_removes_its_files(
    admin_client, vendor, media_root, django_capture_on_commit_callbacks
):
    product = published_product(vendor, real_picture=True)
    assert pictures.stored_files(media_root)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            admin_url("admin:products_product_delete", product.pk), {"post": "yes"}
        )
    assert response.status_code == 302
    assert not Product.objects.filter(pk=product.pk).exists()
    assert pictures.stored_files(media_root) == []


def test_a_product_that_was_stocked_cannot_be_deleted_from_the_admin(admin_client, vendor):
    sold = published_product(vendor, name="Guci Terjual")
    unsold = published_product(vendor, name="Guci Belum Terjual")
    stock_receive(outlet=OutletFactory(), product=sold, quantity=2, by=vendor.user)
    page = admin_client.get(admin_url("admin:products_product_change", sold.pk))
    assert admin_url("admin:products_product_delete", sold.pk) not in page.content.decode()
    assert (
        admin_client.post(
            admin_url("admin:products_product_delete", sold.pk), {"post": "yes"}
        ).status_code
        == 403
    )
    bulk = admin_client.post(
        admin_url(CHANGELIST),
        {"action": "delete_selected", "_selected_action": [sold.pk, unsold.pk], "post": "yes"},
    )
    assert bulk.status_code == 200
    assert Product.objects.filter(pk__in=[sold.pk, unsold.pk]).count() == 2


def test_a_third_category_level_is_refused_in_the_admin(admin_client):
    response = admin_client.post(
        admin_url("admin:products_category_add"),
        {
            "parent": leaf("guci-vas").pk,
            "slug": "guci-mini",
            "name_id": "Guci Mini",
            "name_en": "Mini jars",
            "position": 1,
        },
    )
    assert response.status_code == 200
    assert not Category.objects.filter(slug="guci-mini").exists()


def test_a_category_picture_is_uploaded_in_the_admin(admin_client, media_root):
    category = leaf("kain-tenun")
    response = admin_client.post(
        admin_url("admin:products_category_change", category.pk),
        {
            "parent": category.parent_id,
            "slug": category.slug,
            "name_id": category.name_id,
            "name_en": category.name_en,
            "position": category.position,
            "upload": pictures.jpeg(),
        },
    )
    assert response.status_code == 302
    category.refresh_from_db()
    assert sorted(category.stored_names()) == pictures.stored_files(media_root)


def test_staff_without_the_moderation_permission_cannot_restore(client, vendor, staf_dinas):
    product = published_product(vendor)
    services.product_hide(product=product, by=staf_dinas, reason="Perlu dicek ulang.")
    staff = StaffFactory()
    staff.groups.add(Group.objects.get(name="Staf Galeri"))
    client.force_login(staff)
    response = client.post(
        admin_url(CHANGELIST), {"action": "restore_products", "_selected_action": [product.pk]}
    )
    assert response.status_code in (200, 302, 403)
    product.refresh_from_db()
    assert product.is_hidden
