"""The public outlet pages: where, when, how to get there, and what is on the shelves."""

import re
from datetime import time

import pytest
from django.test import Client

from gallery import services
from gallery.models import OpeningHours, Outlet, OutletPhoto
from products.models import Product
from tests.factories import OutletFactory, ProductFactory, VendorFactory, curated
from tests.gallery.test_admin import outlet_form
from vendors.models import Vendor

pytestmark = pytest.mark.django_db


def with_hours(outlet):
    for weekday in range(7):
        OpeningHours.objects.create(outlet=outlet, weekday=weekday, opens=time(8), closes=time(17))
    return outlet


def test_the_outlets_page_links_to_maps_and_whatsapp_without_loading_a_map(client, outlet):
    Outlet.objects.filter(pk=outlet.pk).update(latitude="-6.541200", longitude="107.451100")
    with_hours(outlet)
    html = client.get("/en/galeri/").content.decode()
    assert "Jl. Veteran No. 134, Ciseureuh" in html
    assert (
        'href="https://www.google.com/maps/search/?api=1&amp;query=-6.541200%2C107.451100"' in html
    )
    assert 'href="geo:-6.541200,107.451100?q=-6.541200,107.451100(Galeri%20Menong%201)"' in html
    assert 'href="https://wa.me/6281200000134"' in html
    assert "<iframe" not in html
    assert not re.search(r'src="(https?:)?//', html)
    assert "style=" not in html


def test_an_outlet_without_coordinates_is_found_in_maps_by_its_address(client, outlet):
    html = client.get("/en/galeri/").content.decode()
    assert "query=Galeri+Menong+1%2C+Jl.+Veteran+No.+134%2C+Ciseureuh%2C+Purwakarta" in html


def test_planned_outlets_are_shown_as_coming_soon_and_inactive_ones_not_at_all(client, outlet):
    OutletFactory(name="Galeri Menong Wanayasa", slug="galeri-menong-wanayasa", is_planned=True)
    OutletFactory(name="Galeri Lama Cibatu", slug="galeri-lama-cibatu", is_active=False)
    html = client.get("/en/galeri/").content.decode()
    open_part, planned_part = html.split('id="coming-soon"')
    assert "Galeri Menong 1" in open_part
    assert "Galeri Menong Wanayasa" in planned_part
    assert "Galeri Menong Wanayasa" not in open_part
    assert "Galeri Lama Cibatu" not in html
    assert client.get("/en/galeri/galeri-lama-cibatu/").status_code == 404
    planned = client.get("/en/galeri/galeri-menong-wanayasa/").content.decode()
    assert "Coming soon" in planned
    assert 'id="outlet-products"' not in planned


def test_the_outlets_page_costs_the_same_queries_for_two_outlets_or_six(
    client, django_assert_max_num_queries
):
    for _ in range(2):
        with_hours(OutletFactory())
    with django_assert_max_num_queries(4) as few:
        client.get("/galeri/")
    for _ in range(4):
        with_hours(OutletFactory())
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/galeri/").status_code == 200


def test_the_outlet_page_lists_public_products_available_there_only(
    client, outlet, vendor, products
):
    guci, kendi, celengan = products
    hidden = ProductFactory(vendor=vendor, name="Pot Bunga Gerabah", slug="pot-bunga-gerabah")
    suspended = VendorFactory(status=Vendor.Status.SUSPENDED, status_reason="Izin kedaluwarsa")
    of_suspended = ProductFactory(vendor=suspended, name="Cobek Batu", slug="cobek-batu")
    elsewhere = OutletFactory()
    for product in (guci, kendi, celengan, hidden, of_suspended):
        services.stock_receive(outlet=outlet, product=product, quantity=2, by=None)
    services.stock_receive(
        outlet=elsewhere, product=ProductFactory(name="Gula Aren Cetak"), quantity=5, by=None
    )
    services.stock_reserve(outlet=outlet, items=[(kendi, 2)], reference="GM-260101-DDDDD")
    services.stock_return_to_vendor(outlet=outlet, product=celengan, quantity=2, by=None)
    Product.objects.filter(pk=hidden.pk).update(
        hidden_reason="Foto buram", hidden_at="2026-11-01T00:00Z"
    )

    html = client.get("/en/galeri/galeri-menong-1/").content.decode()
    shelf = html.split('id="outlet-products"', 1)[1]
    assert "Guci Motif Daun" in shelf
    assert "Kendi Tanah Liat" not in shelf  # every unit reserved
    assert "Celengan Ayam" not in shelf  # returned
    assert "Pot Bunga Gerabah" not in shelf  # hidden by staff
    assert "Cobek Batu" not in shelf  # vendor suspended
    assert "Gula Aren Cetak" not in shelf  # at another outlet
    assert "1 product available at this outlet." in shelf


def test_the_outlet_page_paginates_its_products_and_pins_its_queries(
    client, outlet, vendor, django_assert_max_num_queries
):
    with_hours(outlet)
    made = curated(*(ProductFactory(vendor=vendor, name=f"Kendi Hias {n:02d}") for n in range(30)))
    services.delivery_receive(
        vendor=vendor, outlet=outlet, lines=[(p, 1) for p in made], by=None, reference="SJ-30"
    )
    with django_assert_max_num_queries(8):
        first = client.get("/en/galeri/galeri-menong-1/").content.decode()
    with django_assert_max_num_queries(8):
        second = client.get("/en/galeri/galeri-menong-1/", {"page": 2}).content.decode()
    assert first.count('class="card product-card"') == 24
    assert second.count('class="card product-card"') == 6
    assert "Kendi Hias 00" in first and "Kendi Hias 29" in second
    assert 'rel="next"' in first


def test_the_outlet_page_offers_whatsapp_with_a_greeting(client, outlet):
    html = client.get("/en/galeri/galeri-menong-1/").content.decode()
    assert (
        'href="https://wa.me/6281200000134?text=Hello%20Galeri%20Menong%201%2C%20I%20have%20a%20question%3A"'
        in html
    )


def test_the_outlet_page_shows_its_photos(client, outlet):
    OutletPhoto.objects.create(
        outlet=outlet,
        alt="Rak keramik Plered di Galeri Menong 1",
        file="images/gallery/outletphoto/ab/ab12.jpg",
        width=1280,
        height=960,
        renditions={
            "640": {"webp": "images/x-640.webp", "jpeg": "images/x-640.jpg"},
            "1280": {"webp": "images/x-1280.webp", "jpeg": "images/x-1280.jpg"},
        },
    )
    OutletPhoto.objects.create(outlet=outlet, alt="Belum diunggah")
    html = client.get("/en/galeri/galeri-menong-1/").content.decode()
    assert 'alt="Rak keramik Plered di Galeri Menong 1"' in html
    assert "/media/images/x-640.jpg" in html
    assert "/media/images/x-1280.webp 1280w" in html
    assert "Belum diunggah" not in html


def test_an_outlet_edit_in_the_admin_reaches_the_footer_of_every_page(
    client, outlet, staf_galeri, django_capture_on_commit_callbacks
):
    OutletFactory(name="Galeri Menong Rencana", slug="rencana", is_planned=True)
    footer = client.get("/en/").content.decode().split('class="site-footer"')[1]
    assert 'href="/en/galeri/galeri-menong-1/">Galeri Menong 1</a>' in footer
    assert "Rencana" not in footer  # planned outlets are not open for business yet

    data = outlet_form(outlet, name="Galeri Menong Veteran", address="Jl. Veteran No. 134")
    staff_client = Client()
    staff_client.force_login(staf_galeri)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(f"/admin/gallery/outlet/{outlet.pk}/change/", data)
    assert response.status_code == 302
    footer = client.get("/en/").content.decode().split('class="site-footer"')[1]
    assert "Galeri Menong Veteran</a> — Jl. Veteran No. 134" in footer
