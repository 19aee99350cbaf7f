"""Shelf labels: the QR code the page serves opens the product's page."""

import base64
import io
import re
from html import unescape

import pytest
import zxingcpp
from PIL import Image

from gallery import services
from products.models import Product
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

QR_IMAGE = re.compile(r'<img class="shelf-label-qr" src="data:image/png;base64,([^"]+)"')


def labels_url(outlet):
    return f"/admin/gallery/outlet/{outlet.pk}/labels/"


def decoded_qr_codes(html):
    """Read every QR code the page serves, as a phone camera would."""
    texts = []
    for encoded in QR_IMAGE.findall(html):
        image = Image.open(io.BytesIO(base64.b64decode(unescape(encoded))))
        results = zxingcpp.read_barcodes(image)
        assert len(results) == 1, "each label carries one readable QR code"
        assert results[0].format == zxingcpp.BarcodeFormat.QRCode
        texts.append(results[0].text)
    return texts


def test_a_printed_label_carries_a_qr_code_that_opens_the_products_page(
    client, staf_galeri, outlet, products, vendor
):
    guci = products[0]
    services.stock_receive(outlet=outlet, product=guci, quantity=4, by=staf_galeri)
    client.force_login(staf_galeri)

    response = client.get(labels_url(outlet))

    assert response.status_code == 200
    html = response.content.decode()
    assert decoded_qr_codes(html) == ["http://testserver/produk/guci-motif-daun/"]
    label = html.split('<li class="shelf-label">', 1)[1].split("</li>", 1)[0]
    assert "Guci Motif Daun" in label
    assert "Rp150.000" in label
    assert "Gerabah Anjun Sejahtera" in label
    # The second sheet reads the drawn codes from the cache: the same codes.
    again = client.get(labels_url(outlet)).content.decode()
    assert decoded_qr_codes(again) == ["http://testserver/produk/guci-motif-daun/"]


def test_the_qr_code_opens_the_indonesian_page_whatever_the_staff_language(
    client, staf_galeri, outlet, products, settings
):
    settings.SITE_URL = "https://galerimenong.purwakartakab.go.id"
    services.stock_receive(outlet=outlet, product=products[1], quantity=1, by=staf_galeri)
    client.force_login(staf_galeri)
    html = client.get(labels_url(outlet), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert decoded_qr_codes(html) == [
        "https://galerimenong.purwakartakab.go.id/produk/kendi-tanah-liat/"
    ]
    assert client.get("/produk/kendi-tanah-liat/").status_code == 200


def test_labels_cover_public_products_on_the_shelf_and_no_others(
    client, staf_galeri, outlet, products
):
    guci, kendi, celengan = products
    elsewhere = ProductFactory(name="Boboko Bambu", slug="boboko-bambu")
    for product in (guci, kendi, celengan):
        services.stock_receive(outlet=outlet, product=product, quantity=2, by=staf_galeri)
    services.stock_return_to_vendor(outlet=outlet, product=kendi, quantity=2, by=staf_galeri)
    Product.objects.filter(pk=celengan.pk).update(status=Product.Status.DRAFT)
    services.stock_receive(
        outlet=outlet.__class__.objects.create(
            name="Galeri Menong 2",
            slug="galeri-menong-2",
            address="Situ Buleud",
            kecamatan=outlet.kecamatan,
        ),
        product=elsewhere,
        quantity=3,
        by=staf_galeri,
    )
    client.force_login(staf_galeri)
    html = client.get(labels_url(outlet)).content.decode()
    assert decoded_qr_codes(html) == ["http://testserver/produk/guci-motif-daun/"]


def test_labels_can_be_printed_for_chosen_products_only(client, staf_galeri, outlet, products):
    for product in products:
        services.stock_receive(outlet=outlet, product=product, quantity=2, by=staf_galeri)
    client.force_login(staf_galeri)
    html = client.get(
        labels_url(outlet), {"product": [products[2].pk, products[0].pk]}
    ).content.decode()
    assert sorted(decoded_qr_codes(html)) == [
        "http://testserver/produk/celengan-ayam/",
        "http://testserver/produk/guci-motif-daun/",
    ]


def test_the_label_sheet_has_no_inline_styles_and_loads_nothing_from_elsewhere(
    client, staf_galeri, outlet, products
):
    services.stock_receive(outlet=outlet, product=products[0], quantity=2, by=staf_galeri)
    client.force_login(staf_galeri)
    html = client.get(labels_url(outlet)).content.decode()
    assert "style=" not in html
    assert "<script>" not in html
    assert not re.search(r'src="(https?:)?//', html)
    assert not re.search(r'rel="stylesheet" href="(https?:)?//', html)


def test_staff_without_the_permission_cannot_print_labels(client, staf_dinas, outlet):
    client.force_login(staf_dinas)
    assert client.get(labels_url(outlet)).status_code == 403
