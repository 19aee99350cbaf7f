"""Product pictures from upload to page: stored with renditions, shown with srcset, size and alt
text, and their files deleted with them."""

import re
from html.parser import HTMLParser

import pytest
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.test import Client

from products import services
from products.models import ProductImage
from tests.products import pictures
from tests.products.helpers import product_fields

pytestmark = pytest.mark.django_db


class Pictures(HTMLParser):
    """The <img> and <source> tags inside the product page's gallery."""

    def __init__(self):
        super().__init__()
        self.inside = 0
        self.images, self.sources = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "product-images" in (attrs.get("class") or ""):
            self.inside += 1
        elif self.inside and tag == "img":
            self.images.append(attrs)
        elif self.inside and tag == "source":
            self.sources.append(attrs)


def url_to_name(url):
    return url.split(default_storage.base_url, 1)[1]


@pytest.fixture
def product_with_pictures(vendor):
    product = services.product_create(vendor=vendor, by=vendor.user, **product_fields())
    for alt, upload in [
        ("Guci dari depan", pictures.jpeg_with_gps(size=(2000, 1500))),
        ("Guci dari samping", pictures.png(size=(1200, 1600))),
        ("Motif daun dari dekat", pictures.webp(size=(900, 900))),
    ]:
        services.product_image_add(product=product, by=vendor.user, upload=upload, alt=alt)
    return services.product_publish(product=product, by=vendor.user)


def test_every_stored_picture_has_webp_and_jpeg_renditions(product_with_pictures, media_root):
    for image in product_with_pictures.images.all():
        widths = [int(w) for w in image.renditions]
        assert widths == sorted({min(w, image.width) for w in (320, 640, 1280)})
        for formats in image.renditions.values():
            assert set(formats) == {"webp", "jpeg"}
            assert all(default_storage.exists(name) for name in formats.values())
    names = [n for i in product_with_pictures.images.all() for n in i.stored_names()]
    assert sorted(names) == pictures.stored_files(media_root)


def test_the_product_page_shows_pictures_with_srcset_size_alt_and_lazy_loading(
    product_with_pictures,
):
    cache.clear()
    response = Client().get(product_with_pictures.get_absolute_url())
    assert response.status_code == 200
    parser = Pictures()
    parser.feed(response.content.decode())
    alts = [image.alt for image in product_with_pictures.images.all()]
    assert [img["alt"] for img in parser.images] == alts
    for img in parser.images:
        assert int(img["width"]) > 0 and int(img["height"]) > 0
        assert img.get("srcset")
    assert parser.images[0]["loading"] == "eager"
    assert all(img["loading"] == "lazy" for img in parser.images[1:])
    assert len(parser.sources) == len(parser.images)
    for source in parser.sources:
        assert source["type"] == "image/webp"
        for candidate in source["srcset"].split(", "):
            address, width = candidate.rsplit(" ", 1)
            assert re.fullmatch(r"\d+w", width)
            assert default_storage.exists(url_to_name(address))


def test_deleting_a_product_deletes_every_file_of_its_pictures(
    product_with_pictures, vendor, media_root, django_capture_on_commit_callbacks
):
    services.product_archive(product=product_with_pictures, by=vendor.user)
    with django_capture_on_commit_callbacks(execute=True):
        services.product_delete(product=product_with_pictures, by=vendor.user)
    assert not ProductImage.objects.exists()
    assert pictures.stored_files(media_root) == []


def test_deleting_a_picture_deletes_its_files_only_after_the_commit(
    product_with_pictures, vendor, media_root, django_capture_on_commit_callbacks
):
    image = product_with_pictures.images.last()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.product_image_delete(image=image, by=vendor.user)
    assert all(default_storage.exists(name) for name in image.stored_names())
    for callback in callbacks:
        callback()
    assert not any(default_storage.exists(name) for name in image.stored_names())
    assert list(product_with_pictures.images.values_list("position", flat=True)) == [0, 1]


def test_a_failed_save_leaves_no_file_behind(vendor, media_root, monkeypatch):
    product = services.product_create(vendor=vendor, by=vendor.user, **product_fields())

    def broken_save(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(ProductImage, "save", broken_save)
    with pytest.raises(RuntimeError):
        services.product_image_add(
            product=product, by=vendor.user, upload=pictures.jpeg(), alt="Guci"
        )
    assert pictures.stored_files(media_root) == []
