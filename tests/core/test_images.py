import io
from pathlib import Path

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.utils import translation
from PIL import Image

from core.images import (
    MAX_STORED_SIDE,
    ImageField,
    delete_image_files,
    open_image,
    remove_image,
    replace_image,
    store_image,
)
from products.models import Category, ProductImage
from tests.products import pictures


class PictureForm(forms.Form):
    picture = ImageField()


def submit(upload):
    form = PictureForm(data={}, files={"picture": upload})
    form.is_valid()
    return form


def read_back(name):
    with default_storage.open(name) as stored:
        data = stored.read()
    image = Image.open(io.BytesIO(data))
    image.load()
    return data, image


@pytest.mark.parametrize("kind", list(pictures.BAD_UPLOADS))
def test_every_bad_upload_gets_a_clear_form_error(kind):
    make, code = pictures.BAD_UPLOADS[kind]
    with translation.override("en"):
        form = submit(make())
        assert not form.is_valid()
        [error] = form.errors.as_data()["picture"]
        assert error.code == code
        message = form.errors["picture"][0]
    assert len(message) > 30
    assert "JPEG" in message or "picture" in message or "photo" in message


@pytest.mark.parametrize("kind", list(pictures.BAD_UPLOADS))
def test_every_bad_upload_stores_nothing(kind, media_root):
    make, code = pictures.BAD_UPLOADS[kind]
    with pytest.raises(ValidationError) as raised:
        store_image(ProductImage(), make())
    assert raised.value.code == code
    assert pictures.stored_files(media_root) == []


@translation.override("en")
def test_error_messages_name_the_limits():
    too_big = submit(pictures.twelve_megabytes()).errors["picture"][0]
    assert "12.0" in too_big and "10.0" in too_big
    too_large = submit(pictures.ten_thousand_square_png()).errors["picture"][0]
    assert "10000 × 10000" in too_large and "40" in too_large


@pytest.mark.parametrize(
    "upload",
    [
        pictures.jpeg(),
        pictures.png(),
        pictures.webp(),
        pictures.upload(pictures.picture_bytes("PNG"), "foto.gif", "image/gif"),
        pictures.upload(pictures.picture_bytes("JPEG"), "tanpa-nama", "text/plain"),
        pictures.jpeg(mode="CMYK", color=(0, 60, 90, 10)),
        pictures.png(mode="L", color=120),
        pictures.png(mode="RGBA", color=(10, 120, 200, 128)),
    ],
    ids=["jpeg", "png", "webp", "png-named-gif", "jpeg-without-name", "cmyk", "grey", "rgba"],
)
def test_jpeg_png_and_webp_are_accepted_judged_by_content(upload):
    form = submit(upload)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["picture"].tell() == 0


def test_a_phone_camera_mpo_jpeg_is_accepted_as_its_first_picture():
    first, preview = pictures.picture((800, 600)), pictures.picture((160, 120))
    buffer = io.BytesIO()
    first.save(buffer, "MPO", save_all=True, append_images=[preview])
    assert Image.open(io.BytesIO(buffer.getvalue())).format == "MPO"
    image = ProductImage()
    store_image(image, pictures.upload(buffer.getvalue()))
    assert (image.width, image.height) == (800, 600)


def test_the_field_offers_only_pictures_to_the_file_chooser():
    html = str(PictureForm()["picture"])
    assert 'accept="image/jpeg,image/png,image/webp"' in html


def test_a_jpeg_carrying_gps_exif_is_stored_with_no_metadata_at_all(media_root):
    upload = pictures.jpeg_with_gps()
    with Image.open(upload) as sent:
        assert sent.getexif().get_ifd(0x8825)  # the upload does carry GPS
        assert "xmp" in sent.info and "icc_profile" in sent.info
    upload.seek(0)
    image = ProductImage()
    store_image(image, upload)

    names = image.stored_names()
    assert len(names) == 1 + 2 * len(image.renditions)
    assert sorted(names) == pictures.stored_files(media_root)
    for name in names:
        data, stored = read_back(name)
        assert stored.format in ("JPEG", "WEBP")
        assert len(stored.getexif()) == 0
        assert not stored.getexif().get_ifd(0x8825)
        for key in ("exif", "xmp", "XML:com.adobe.xmp", "icc_profile", "comment"):
            assert key not in stored.info, (name, key)
        for marker in (
            b"Exif\x00\x00",
            b"http://ns.adobe.com",
            b"Plered",
            b"Kamera",
            b"ICC_PROFILE",
        ):
            assert marker not in data, (name, marker)


def test_exif_orientation_is_applied_before_the_metadata_goes():
    # Orientation 6: the camera was turned; the pixels are stored landscape, shown portrait.
    image = ProductImage()
    store_image(image, pictures.jpeg_with_gps(size=(800, 400), orientation=6))
    assert (image.width, image.height) == (400, 800)
    _data, stored = read_back(image.file.name)
    assert stored.size == (400, 800)
    # The black mark drawn top-left of the sensor image ends up top-right once upright.
    assert stored.getpixel((390, 10))[0] < 40
    assert stored.getpixel((10, 10))[0] > 120


def test_transparency_is_flattened_on_white():
    upload = pictures.png(size=(400, 300), mode="RGBA", color=(0, 0, 0, 0))
    image = ProductImage()
    store_image(image, upload)
    _data, stored = read_back(image.file.name)
    assert stored.mode == "RGB"
    assert min(stored.getpixel((300, 200))) > 245


def test_every_stored_image_has_webp_and_jpeg_renditions_at_320_640_and_1280():
    image = ProductImage()
    store_image(image, pictures.jpeg(size=(2000, 1500)))
    assert (image.width, image.height) == (2000, 1500)
    assert list(image.renditions) == ["320", "640", "1280"]
    for width, formats in image.renditions.items():
        assert set(formats) == {"webp", "jpeg"}
        for fmt, name in formats.items():
            _data, stored = read_back(name)
            assert stored.format == {"webp": "WEBP", "jpeg": "JPEG"}[fmt]
            assert stored.size == (int(width), image.rendition_height(int(width)))
    assert image.srcset().count("w, ") == 2
    assert image.srcset().endswith(" 1280w")
    assert image.rendition_url(600).endswith("-640.webp")
    assert image.rendition_url(600, "jpeg").endswith("-640.jpg")


def test_a_small_picture_is_never_enlarged():
    image = ProductImage()
    store_image(image, pictures.jpeg(size=(800, 600)))
    assert list(image.renditions) == ["320", "640", "800"]
    _data, stored = read_back(image.renditions["800"]["webp"])
    assert stored.size == (800, 600)

    tiny = ProductImage()
    store_image(tiny, pictures.png(size=(200, 100)))
    assert list(tiny.renditions) == ["200"]
    assert tiny.rendition_url(1280).endswith("-200.webp")


def test_a_huge_photo_is_kept_at_most_2560_pixels_on_its_longest_side():
    image = ProductImage()
    store_image(image, pictures.jpeg(size=(1500, 5000)))
    assert max(image.width, image.height) == MAX_STORED_SIDE
    _data, stored = read_back(image.file.name)
    assert stored.size == (image.width, image.height)


def test_files_get_generated_names_under_the_models_folder_never_the_uploaded_name():
    image = ProductImage()
    store_image(image, pictures.jpeg(name="../../etc/rahasia ibu.jpg"))
    for name in image.stored_names():
        assert name.startswith("images/products/productimage/")
        assert "rahasia" not in name and ".." not in name
    other = ProductImage()
    store_image(other, pictures.jpeg(name="../../etc/rahasia ibu.jpg"))
    assert not set(image.stored_names()) & set(other.stored_names())


def test_a_storage_failure_midway_leaves_no_file_behind(media_root, monkeypatch):
    real_save = default_storage.save
    calls = []

    def failing_save(name, content, **kwargs):
        calls.append(name)
        if len(calls) == 4:
            raise OSError("disk full")
        return real_save(name, content, **kwargs)

    monkeypatch.setattr(default_storage, "save", failing_save)
    image = ProductImage()
    with pytest.raises(OSError, match="disk full"):
        store_image(image, pictures.jpeg(size=(1600, 1200)))
    assert len(calls) == 4
    assert pictures.stored_files(media_root) == []
    assert not image.file


def test_delete_image_files_removes_every_stored_name(media_root):
    image = ProductImage()
    store_image(image, pictures.jpeg(size=(1600, 1200)))
    assert len(pictures.stored_files(media_root)) == 7
    delete_image_files(image)
    assert pictures.stored_files(media_root) == []


def test_open_image_rewinds_the_file_whatever_happens():
    upload = pictures.jpeg()
    upload.read(10)
    open_image(upload).close()
    assert upload.tell() == 0
    bad = pictures.svg()
    with pytest.raises(ValidationError):
        open_image(bad)
    assert bad.tell() == 0


@pytest.mark.django_db
def test_replacing_a_picture_deletes_the_old_files_once_committed(
    media_root, django_capture_on_commit_callbacks
):
    category = Category.objects.create(slug="uji-gambar", name_id="Uji", name_en="Test")
    with django_capture_on_commit_callbacks(execute=True):
        replace_image(category, pictures.jpeg())
    first = category.stored_names()
    assert sorted(first) == pictures.stored_files(media_root)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        replace_image(category, pictures.png())
    # Until the commit, both sets exist: a rollback would still find the old files.
    assert len(pictures.stored_files(media_root)) == 2 * len(first)
    for callback in callbacks:
        callback()
    category.refresh_from_db()
    assert sorted(category.stored_names()) == pictures.stored_files(media_root)
    assert not set(first) & set(category.stored_names())

    with django_capture_on_commit_callbacks(execute=True):
        remove_image(category)
    category.refresh_from_db()
    assert not category.file and category.renditions == {}
    assert pictures.stored_files(media_root) == []


def test_media_root_is_empty_before_each_test(media_root):
    assert not Path(media_root).exists() or pictures.stored_files(media_root) == []
