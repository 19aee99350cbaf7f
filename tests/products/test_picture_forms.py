"""Picture forms that keep what was chosen: a refused form keeps its pictures (a signed token
naming a cleaned copy in the storage), says which must be chosen again, and shows its errors in a
summary at the top; a picture's description is optional."""

import datetime
import io
import re

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import translation
from PIL import Image

from core import uploads
from tests.factories import (
    CategoryFactory,
    ProductImageFactory,
    UserFactory,
    VendorImageFactory,
    kecamatan,
)
from tests.products import pictures
from vendors.models import Vendor, VendorImage

pytestmark = pytest.mark.django_db


def url(name, *args, app="dashboard-products"):
    with translation.override("id"):
        return reverse(f"{app}:{name}", args=args)


def kept_tokens(html, field):
    return re.findall(rf'name="{field}-kept" value="([^"]+)" checked', html)


def held_files(media_root):
    return [name for name in pictures.stored_files(media_root) if name.startswith("held-uploads/")]


def test_a_refused_photo_form_keeps_the_photo_and_says_so_at_the_top(
    vendor_client, draft, media_root
):
    response = vendor_client.post(
        url("product-images", draft.pk),
        {"picture": pictures.jpeg(name="guci-depan.jpg"), "alt": "x" * 201},
    )
    assert response.status_code == 400
    html = response.content.decode()
    # The summary comes before the form's fields, links to the field, and the form's action
    # brings the browser back to it.
    summary = html.index('class="error-summary"')
    assert summary < html.index('name="picture"')
    assert 'href="#id_alt"' in html
    assert 'action="#upload-errors"' in html and 'id="upload-errors"' in html
    assert "guci-depan.jpg" in html[summary : html.index('name="picture"')]
    [token] = kept_tokens(html, "picture")
    assert len(held_files(media_root)) == 1
    assert not draft.images.exists()

    # Sent again without choosing the file: the kept photo is taken, then removed from the side.
    again = vendor_client.post(
        url("product-images", draft.pk), {"picture-kept": token, "alt": "Guci dari depan"}
    )
    assert again.status_code == 302
    image = draft.images.get()
    assert image.alt == "Guci dari depan"
    assert image.width == 800
    assert held_files(media_root) == []


def test_a_kept_photo_holds_no_camera_metadata(vendor_client, draft, media_root):
    response = vendor_client.post(
        url("product-images", draft.pk),
        {"picture": pictures.jpeg_with_gps(), "alt": "x" * 201},
    )
    [name] = held_files(media_root)
    with default_storage.open(name) as file, Image.open(io.BytesIO(file.read())) as image:
        assert not image.getexif()
        assert "exif" not in image.info
    assert kept_tokens(response.content.decode(), "picture")


def test_a_new_choice_replaces_a_kept_photo(vendor_client, draft):
    first = vendor_client.post(
        url("product-images", draft.pk), {"picture": pictures.jpeg(), "alt": "x" * 201}
    )
    [token] = kept_tokens(first.content.decode(), "picture")
    vendor_client.post(
        url("product-images", draft.pk),
        {"picture-kept": token, "picture": pictures.png(size=(300, 200)), "alt": ""},
    )
    assert draft.images.get().width == 300


def test_an_unticked_kept_photo_is_not_used(vendor_client, draft):
    vendor_client.post(
        url("product-images", draft.pk), {"picture": pictures.jpeg(), "alt": "x" * 201}
    )
    response = vendor_client.post(url("product-images", draft.pk), {"alt": "Guci"})
    assert response.status_code == 400
    assert "picture" in response.context["upload_form"].errors
    assert not draft.images.exists()


def test_a_token_of_someone_else_or_tampered_with_takes_nothing(
    client, vendor_client, draft, other_vendor
):
    first = vendor_client.post(
        url("product-images", draft.pk), {"picture": pictures.jpeg(), "alt": "x" * 201}
    )
    [token] = kept_tokens(first.content.decode(), "picture")
    other_draft = type(draft).objects.create(
        vendor=other_vendor,
        category=draft.category,
        name="Tas Anyaman",
        slug="tas-anyaman",
        price=50_000,
        weight_grams=300,
    )
    client.force_login(other_vendor.user)
    stolen = client.post(url("product-images", other_draft.pk), {"picture-kept": token})
    assert stolen.status_code == 400
    assert "picture" in stolen.context["upload_form"].errors
    assert not other_draft.images.exists()

    client.force_login(draft.vendor.user)
    tampered = client.post(url("product-images", draft.pk), {"picture-kept": token[:-2] + "xx"})
    assert tampered.status_code == 400
    assert not draft.images.exists()


def test_a_kept_photo_expires_and_is_cleared_from_the_storage(vendor_client, draft, media_root):
    first = vendor_client.post(
        url("product-images", draft.pk), {"picture": pictures.jpeg(), "alt": "x" * 201}
    )
    [token] = kept_tokens(first.content.decode(), "picture")
    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=8)
    with time_machine.travel(later):
        response = vendor_client.post(url("product-images", draft.pk), {"picture-kept": token})
        assert response.status_code == 400
        assert not draft.images.exists()
        assert uploads.held_uploads_clear() == 1
    assert held_files(media_root) == []


def test_the_clearing_keeps_what_is_still_fresh(vendor_client, draft, media_root):
    vendor_client.post(
        url("product-images", draft.pk), {"picture": pictures.jpeg(), "alt": "x" * 201}
    )
    assert uploads.held_uploads_clear() == 0
    assert len(held_files(media_root)) == 1


def test_a_refused_file_is_named_to_choose_again_and_nothing_is_kept(
    vendor_client, draft, media_root
):
    response = vendor_client.post(
        url("product-images", draft.pk), {"picture": pictures.html_named_jpg(), "alt": ""}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="refused-uploads"' in html
    assert not kept_tokens(html, "picture")
    assert held_files(media_root) == []


# A description is optional: the product's (or the business's) name stands in.


def test_a_photo_without_a_caption_is_accepted_and_described_by_the_product_name(
    vendor_client, draft
):
    response = vendor_client.post(url("product-images", draft.pk), {"picture": pictures.jpeg()})
    assert response.status_code == 302
    image = draft.images.get()
    assert image.alt == ""
    page = vendor_client.get(url("product-images", draft.pk)).content.decode()
    assert 'alt="Kendi Air Draf"' in page
    assert 'placeholder="Kendi Air Draf"' in page


def test_the_rendered_alt_follows_the_products_new_name(draft):
    image = ProductImageFactory(product=draft, alt="")
    draft.name = "Kendi Air Motif Daun"
    draft.save()
    image.refresh_from_db()
    assert image.alt_text == "Kendi Air Motif Daun"
    assert ProductImageFactory(product=draft, alt="Dari atas").alt_text == "Dari atas"


def test_a_vendor_picture_without_a_description_is_described_by_the_business_name(vendor):
    photo = VendorImageFactory(vendor=vendor, alt="")
    assert photo.alt_text == "Keramik Anjun Jaya"
    assert str(photo) == "Keramik Anjun Jaya"


# The vendor's logo and photos, and registration.


@pytest.fixture
def pictures_client(client, vendor):
    client.force_login(vendor.user)
    return client


def test_good_photos_are_kept_when_one_of_them_is_refused(pictures_client, vendor, media_root):
    response = pictures_client.post(
        url("photos-add", app="dashboard-vendors"),
        {
            "photos": [
                pictures.jpeg(name="depan.jpg"),
                pictures.html_named_jpg(),
                pictures.png(name="samping.png"),
            ]
        },
    )
    html = response.content.decode()
    assert 'action="/dasbor/foto/tambah/#photos-errors"' in html
    tokens = kept_tokens(html, "photos")
    assert len(tokens) == 2
    summary = html[html.index('id="photos-errors"') :]
    assert "depan.jpg" in summary and "samping.png" in summary
    refused = re.search(r'class="refused-uploads"[^>]*>([^<]+)<', html).group(1)
    assert pictures.html_named_jpg().name in refused
    assert not vendor.images.exists()

    again = pictures_client.post(
        url("photos-add", app="dashboard-vendors"),
        {"photos-kept": tokens, "photos": [pictures.webp(name="atas.webp")]},
    )
    assert again.status_code == 302
    assert vendor.images.filter(kind=VendorImage.Kind.PHOTO).count() == 3
    assert held_files(media_root) == []


def test_a_refused_logo_form_shows_its_summary_at_the_top(pictures_client):
    response = pictures_client.post(url("logo-upload", app="dashboard-vendors"), {})
    html = response.content.decode()
    assert 'id="logo-errors"' in html
    assert html.index('id="logo-errors"') < html.index('name="logo"')
    assert 'href="#id_logo"' in html


@pytest.fixture
def registration(db):
    craft = CategoryFactory(slug="keramik", name_id="Keramik", name_en="Ceramics")
    return {
        "email": "baru@contoh.id",
        "password1": "gerabah-plered-2026",
        "password2": "gerabah-plered-2026",
        "business_name": "Gerabah Baru",
        "owner_name": "Siti Aminah",
        "categories": [craft.pk],
        "kecamatan": kecamatan().pk,
        "desa": "Anjun",
        "address": "Jl. Raya Plered 1",
        "whatsapp": "0812 3456 7890",
    }


def test_registration_with_an_error_keeps_the_logo_and_photos(client, registration, media_root):
    response = client.post(
        "/umkm/daftar/",
        {
            **registration,
            "password2": "tidak-sama-2026",
            "logo": pictures.png(name="logo.png"),
            "photos": [pictures.jpeg(name="bengkel.jpg"), pictures.jpeg(name="guci.jpg")],
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index('id="form-errors"') < html.index('name="email"')
    assert 'href="#id_password2"' in html
    [logo] = kept_tokens(html, "logo")
    photos = kept_tokens(html, "photos")
    assert len(photos) == 2
    assert not Vendor.objects.exists()

    done = client.post("/umkm/daftar/", {**registration, "logo-kept": logo, "photos-kept": photos})
    assert done.status_code == 302
    vendor = Vendor.objects.get()
    assert vendor.images.filter(kind=VendorImage.Kind.LOGO).count() == 1
    assert vendor.images.filter(kind=VendorImage.Kind.PHOTO).count() == 2
    assert held_files(media_root) == []


def test_a_visitors_kept_pictures_are_theirs_alone(client, registration):
    first = client.post(
        "/umkm/daftar/",
        {**registration, "password2": "tidak-sama-2026", "logo": pictures.png(name="logo.png")},
    )
    [logo] = kept_tokens(first.content.decode(), "logo")
    someone = UserFactory()
    client.force_login(someone)
    response = client.post("/umkm/daftar/", {**registration, "logo-kept": logo})
    assert response.status_code == 302
    assert not Vendor.objects.get(user=someone).images.exists()
