"""Uploads through the real forms: hostile file names, too many files in one request.

The requests are built by hand, as a browser or a script would send them: Django's test client
would strip the folders from a file name itself and hide what the server does with them.
"""

import re
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from products.models import ProductImage
from tests.factories import ProductFactory, VendorFactory
from tests.products import pictures
from vendors.models import VendorImage

pytestmark = pytest.mark.django_db

# Stored names are generated: images/<app>/<model>/<2 hex>/<32 hex>[-<width>].<jpg|webp>
GENERATED = re.compile(r"^images/[a-z]+/[a-z]+/[0-9a-f]{2}/[0-9a-f]{32}(-[0-9]+)?\.(jpg|webp)$")
HOSTILE_NAMES = [
    "../../etc/passwd.jpg",
    "..\\..\\windows\\win.ini.jpg",
    "a/b/c.jpg",
    "/etc/cron.d/x.jpg",
    ("kendi-" * 60) + ".jpg",  # 364 characters
    "\u202egpj.exe",  # shows as "exe.jpg" in a right-to-left aware viewer
    "foto.jpg\x00.html",
    "<script>alert(1)</script>.jpg",
]


def multipart(fields, files):
    """A multipart/form-data body with ``files`` as (field, file name, bytes, content type)."""
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    for field, filename, data, content_type in files:
        head = (
            f"--{boundary}\r\n"
            f'Content-Disposition: form-data; name="{field}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n"
        )
        parts.append(head.encode("utf-8", "surrogateescape") + data + b"\r\n")
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def post_multipart(client, url, fields, files):
    body, content_type = multipart(fields, files)
    return client.post(url, data=body, content_type=content_type)


def stored(media_root):
    root = Path(media_root)
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def jpeg_bytes(size=(800, 600)):
    return pictures.picture_bytes("JPEG", size)


@pytest.fixture
def vendor_client():
    vendor = VendorFactory()
    client = Client()
    client.force_login(vendor.user)
    client.vendor = vendor
    return client


def assert_every_file_is_generated_and_inside(media_root):
    names = stored(media_root)
    assert names
    root = Path(media_root).resolve()
    for name in names:
        assert GENERATED.match(name), name
        assert (root / name).resolve().is_relative_to(root)
    return names


@pytest.mark.parametrize("filename", HOSTILE_NAMES)
def test_a_product_picture_with_a_hostile_name_is_stored_under_a_generated_name(
    vendor_client, media_root, filename
):
    product = ProductFactory(vendor=vendor_client.vendor)
    url = reverse("dashboard-products:product-images", kwargs={"pk": product.pk})
    response = post_multipart(
        vendor_client,
        url,
        {"alt": "Bakul bambu di atas meja"},
        [("picture", filename, jpeg_bytes(), "image/jpeg")],
    )
    assert response.status_code == 302, response.content.decode()[:500]
    image = ProductImage.objects.get()
    names = assert_every_file_is_generated_and_inside(media_root)
    assert set(names) == set(image.stored_names())
    # Nothing was written outside the media folder either.
    assert not (Path(media_root).parent / "etc").exists()


@pytest.mark.parametrize("filename", HOSTILE_NAMES[:6])
def test_a_vendor_logo_and_photos_with_hostile_names_are_stored_under_generated_names(
    vendor_client, media_root, filename
):
    response = post_multipart(
        vendor_client,
        reverse("dashboard-vendors:logo-upload"),
        {},
        [("logo", filename, jpeg_bytes((400, 300)), "image/jpeg")],
    )
    assert response.status_code == 302
    response = post_multipart(
        vendor_client,
        reverse("dashboard-vendors:photos-add"),
        {},
        [("photos", filename, jpeg_bytes(), "image/jpeg")] * 2,
    )
    assert response.status_code == 302
    assert VendorImage.objects.count() == 3
    assert_every_file_is_generated_and_inside(media_root)


def test_stored_pictures_are_served_with_their_type_and_nosniff(vendor_client, media_root):
    product = ProductFactory(vendor=vendor_client.vendor)
    post_multipart(
        vendor_client,
        reverse("dashboard-products:product-images", kwargs={"pk": product.pk}),
        {"alt": "Bakul bambu di atas meja"},
        [("picture", "\u202egpj.exe", jpeg_bytes(), "application/x-msdownload")],
    )
    image = ProductImage.objects.get()
    types = {".jpg": "image/jpeg", ".webp": "image/webp"}
    anonymous = Client()
    for name in image.stored_names():
        response = anonymous.get(settings.MEDIA_URL + name)
        assert response.status_code == 200, name
        assert response["Content-Type"] == types[Path(name).suffix]
        assert response["X-Content-Type-Options"] == "nosniff"
        body = b"".join(response.streaming_content)
        assert body.startswith(b"\xff\xd8") if name.endswith(".jpg") else body[8:12] == b"WEBP"


def test_an_html_page_named_like_a_picture_is_refused_and_nothing_is_stored(
    vendor_client, media_root
):
    product = ProductFactory(vendor=vendor_client.vendor)
    response = post_multipart(
        vendor_client,
        reverse("dashboard-products:product-images", kwargs={"pk": product.pk}),
        {"alt": "Bakul"},
        [("picture", "foto.jpg", b"<html><script>alert(1)</script></html>", "image/jpeg")],
    )
    assert response.status_code == 400
    assert not ProductImage.objects.exists()
    assert stored(media_root) == []


def too_many(field):
    count = settings.DATA_UPLOAD_MAX_NUMBER_FILES + 1
    return [(field, f"foto{n}.jpg", jpeg_bytes((64, 48)), "image/jpeg") for n in range(count)]


@pytest.mark.parametrize(
    "url_name, field",
    [
        ("dashboard-vendors:photos-add", "photos"),
        ("dashboard-vendors:logo-upload", "logo"),
        ("dashboard-products:product-images", "picture"),
    ],
)
def test_more_files_than_allowed_in_one_request_get_a_clear_400_and_nothing_is_stored(
    vendor_client, media_root, url_name, field
):
    product = ProductFactory(vendor=vendor_client.vendor)
    kwargs = {"pk": product.pk} if url_name.startswith("dashboard-products") else {}
    with translation.override("en"):
        url = reverse(url_name, kwargs=kwargs)
    response = post_multipart(vendor_client, url, {"alt": "Foto"}, too_many(field))
    assert response.status_code == 400
    html = response.content.decode()
    assert f"at most {settings.DATA_UPLOAD_MAX_NUMBER_FILES} files" in html
    assert stored(media_root) == []
    assert not ProductImage.objects.exists() and not VendorImage.objects.exists()


def test_the_csrf_check_does_not_turn_too_many_files_into_a_500(vendor_client, media_root):
    """In production the CSRF check reads the form first: the limit must hold there too."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(vendor_client.vendor.user)
    client.get(reverse("dashboard-vendors:pictures"))
    token = client.cookies["csrftoken"].value
    response = post_multipart(
        client,
        reverse("dashboard-vendors:photos-add"),
        {"csrfmiddlewaretoken": token},
        too_many("photos"),
    )
    assert response.status_code == 400
    assert stored(media_root) == []


def test_seven_photos_within_the_request_limit_get_a_field_error_not_a_400(
    vendor_client, media_root
):
    files = [("photos", f"foto{n}.jpg", jpeg_bytes((64, 48)), "image/jpeg") for n in range(7)]
    with translation.override("en"):
        response = post_multipart(vendor_client, reverse("dashboard-vendors:photos-add"), {}, files)
    assert response.status_code == 200
    assert "Choose at most 6 photos; you chose 7." in response.content.decode()
    # None becomes a photo of the vendor; the cleaned copies wait, held for the next try.
    assert all(name.startswith("held-uploads/") for name in stored(media_root))
