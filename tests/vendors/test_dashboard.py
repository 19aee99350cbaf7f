"""The vendor dashboard: profile edits (logged, status kept) and pictures."""

import pytest
from django.core.files.storage import default_storage
from django.utils import translation

from tests.factories import CategoryFactory, VendorFactory, kecamatan
from vendors import services
from vendors.forms import VendorProfileForm
from vendors.models import Vendor, VendorImage, VendorProfileChange

from .conftest import jpeg_upload, png_upload

pytestmark = pytest.mark.django_db

S = Vendor.Status


def profile_data(vendor, **changes):
    """The profile form's data as a browser would post it, with these changes."""
    if not vendor.categories.exists():
        vendor.categories.set([CategoryFactory(name_id="Keramik & Gerabah")])
    form = VendorProfileForm(instance=vendor)
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[name] = list(value) if isinstance(value, list) else value
    data.update(changes)
    return data


@pytest.fixture
def vendor(client):
    vendor = VendorFactory(
        business_name="Gerabah Anjun Plered",
        nib="1234567890123",
        whatsapp="+6281234567890",
        language="en",
    )
    client.force_login(vendor.user)
    return vendor


def test_an_approved_vendors_edit_is_saved_logged_and_keeps_it_approved(client, vendor):
    response = client.post(
        "/en/dasbor/profil/",
        profile_data(
            vendor, desa="Citeko", story="Gentong air sejak 1985.", whatsapp="0812 9999 0000"
        ),
    )

    assert response.status_code == 302
    vendor.refresh_from_db()
    assert vendor.status == S.APPROVED
    assert (vendor.desa, vendor.whatsapp) == ("Citeko", "+6281299990000")
    change = VendorProfileChange.objects.get()
    assert change.by == vendor.user
    assert not change.is_key_change
    assert change.changes["desa"] == ["Anjun", "Citeko"]
    assert change.changes["whatsapp"] == ["+6281234567890", "+6281299990000"]


def test_a_new_business_name_or_nib_is_a_key_change(client, vendor):
    client.post(
        "/en/dasbor/profil/",
        profile_data(vendor, business_name="Keramik Anjun Baru", nib="9999999999999"),
    )
    change = VendorProfileChange.objects.get()
    assert change.is_key_change
    assert change.changes == {
        "business_name": ["Gerabah Anjun Plered", "Keramik Anjun Baru"],
        "nib": ["1234567890123", "9999999999999"],
    }
    vendor.refresh_from_db()
    assert vendor.status == S.APPROVED
    # The address stays: links shared before the rename keep working.
    assert vendor.slug == VendorFactory._meta.model.objects.get(pk=vendor.pk).slug


def test_saving_without_changes_logs_nothing(client, vendor):
    response = client.post("/en/dasbor/profil/", profile_data(vendor), follow=True)
    assert "Nothing changed." in response.content.decode()
    assert not VendorProfileChange.objects.exists()


def test_categories_and_store_links_are_edited_and_logged(client, vendor):
    ceramics = CategoryFactory(name_id="Keramik")
    food = CategoryFactory(name_id="Kuliner")
    vendor.categories.set([ceramics])
    vendor.links.create(platform="shopee", url="https://shopee.co.id/gerabahanjun")
    client.post(
        "/en/dasbor/profil/",
        profile_data(
            vendor,
            categories=[food.pk],
            link_shopee="",
            link_instagram="@gerabah.anjun",
        ),
    )
    assert list(vendor.categories.all()) == [food]
    assert {(link.platform, link.url) for link in vendor.links.all()} == {
        ("instagram", "https://www.instagram.com/gerabah.anjun/")
    }
    change = VendorProfileChange.objects.get()
    assert change.changes["categories"] == ["Keramik", "Kuliner"]
    assert change.changes["link_shopee"] == ["https://shopee.co.id/gerabahanjun", ""]


def test_a_bad_edit_shows_errors_and_saves_nothing(client, vendor):
    response = client.post("/en/dasbor/profil/", profile_data(vendor, whatsapp="12", nib="12"))
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"whatsapp", "nib"}
    vendor.refresh_from_db()
    assert vendor.whatsapp == "+6281234567890"
    assert not VendorProfileChange.objects.exists()
    # The page's frame still shows the saved name, not the rejected input.
    assert response.context["vendor"].business_name == "Gerabah Anjun Plered"


def test_a_rejected_vendor_fixes_the_profile_then_resubmits(client):
    from tests.factories import VerifiedUserFactory

    vendor = VendorFactory(
        status=S.REJECTED, status_reason="Isi kecamatan yang benar.", user=VerifiedUserFactory()
    )
    client.force_login(vendor.user)
    client.post("/en/dasbor/profil/", profile_data(vendor, kecamatan=kecamatan("Cibatu").pk))
    client.post("/en/dasbor/ajukan/")
    vendor.refresh_from_db()
    assert vendor.kecamatan.name == "Cibatu"
    assert vendor.status == S.SUBMITTED


def test_the_service_refuses_an_edit_by_someone_else(vendor):
    stranger = VendorFactory().user
    with pytest.raises(services.VendorPermissionError):
        services.vendor_update_profile(vendor=vendor, by=stranger, data={"desa": "Lain"})
    vendor.refresh_from_db()
    assert vendor.desa == "Anjun"


def test_the_service_refuses_fields_that_are_not_profile_fields(vendor):
    with pytest.raises(ValueError):
        services.vendor_update_profile(vendor=vendor, by=vendor.user, data={"status": "approved"})


def test_uploading_a_logo_replaces_the_old_one_and_its_files(
    client, vendor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/dasbor/foto/logo/", {"logo": jpeg_upload("lama.jpg")})
    old = vendor.images.get(kind="logo")
    old_names = old.stored_names()
    assert all(default_storage.exists(name) for name in old_names)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/dasbor/foto/logo/", {"logo": png_upload("baru.png")})

    assert response.status_code == 302
    new = vendor.images.get(kind="logo")
    assert new.pk != old.pk
    assert not any(default_storage.exists(name) for name in old_names)
    assert all(default_storage.exists(name) for name in new.stored_names())
    assert VendorProfileChange.objects.filter(changes__has_key="logo").count() == 2


def test_a_bad_logo_is_refused_with_a_clear_error(client, vendor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        "/en/dasbor/foto/logo/",
        {"logo": SimpleUploadedFile("logo.png", b"GIF89a" + b"\0" * 100, content_type="image/png")},
    )
    assert response.status_code == 200
    assert "GIF files are not accepted" in response.context["logo_form"].errors["logo"][0]
    assert not VendorImage.objects.exists()


def test_photos_are_added_up_to_six_and_removed(client, vendor, django_capture_on_commit_callbacks):
    client.post("/en/dasbor/foto/tambah/", {"photos": [jpeg_upload(f"f{n}.jpg") for n in range(4)]})
    assert vendor.images.filter(kind="photo").count() == 4

    too_many = client.post(
        "/en/dasbor/foto/tambah/", {"photos": [jpeg_upload(f"g{n}.jpg") for n in range(3)]}
    )
    assert too_many.status_code == 200
    assert (
        "Choose at most 2 photos; you chose 3." in too_many.context["photos_form"].errors["photos"]
    )
    assert vendor.images.filter(kind="photo").count() == 4

    client.post("/en/dasbor/foto/tambah/", {"photos": [jpeg_upload(f"h{n}.jpg") for n in range(2)]})
    page = client.get("/en/dasbor/foto/")
    assert page.context["photos_form"] is None
    assert vendor.images.filter(kind="photo").count() == 6

    photo = vendor.images.filter(kind="photo").first()
    names = photo.stored_names()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/dasbor/foto/{photo.pk}/hapus/")
    assert vendor.images.filter(kind="photo").count() == 5
    assert not any(default_storage.exists(name) for name in names)
    assert VendorProfileChange.objects.filter(changes__photos=[6, 5]).exists()


def test_the_service_refuses_a_seventh_photo(vendor):
    services.vendor_add_photos(
        vendor=vendor,
        by=vendor.user,
        uploads=[jpeg_upload(f"f{n}.jpg", (40, 30)) for n in range(6)],
    )
    with pytest.raises(services.VendorError, match="at most 6 photos"):
        services.vendor_add_photos(vendor=vendor, by=vendor.user, uploads=[jpeg_upload()])
    assert vendor.images.count() == 6


def test_the_dashboard_menu_links_the_other_apps_pages(client, vendor):
    from django.urls import NoReverseMatch, reverse

    html = client.get("/en/dasbor/").content.decode()
    assert 'id="dashboard-pages"' in html
    for name in ("dashboard-products:product-list", "dashboard-orders:order-lines"):
        try:
            with translation.override("en"):
                url = reverse(name)
        except NoReverseMatch:
            continue
        assert f'href="{url}"' in html
    assert f'href="/en/umkm/{vendor.slug}/"' in html
    assert 'aria-current="page"' in html


def test_the_account_page_links_to_the_dashboard_only_for_vendors(client, vendor):
    assert "/en/dasbor/" in client.get("/en/akun/").content.decode()
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    response = client.get("/en/akun/")
    assert response.status_code == 200
    assert "/en/dasbor/" not in response.content.decode()


def test_a_dashboard_page_with_its_own_heading_gets_no_empty_one(rf, vendor):
    from django.template import engines

    own_heading = engines["django"].from_string(
        '{% extends "vendors/dashboard_base.html" %}'
        "{% block dashboard_content %}<h1>Pesanan</h1>{% endblock %}"
    )
    titled = engines["django"].from_string(
        '{% extends "vendors/dashboard_base.html" %}{% block dashboard_title %}Stok{% endblock %}'
    )
    request = rf.get("/dasbor/")
    request.user = vendor.user
    request.vendor = vendor
    assert own_heading.render({}, request).count("<h1") == 1
    assert "<h1>Stok</h1>" in titled.render({}, request)
