"""The vendor sees each product's curation, why one failed, and asks for a new check."""

import pytest
from django.urls import reverse
from django.utils import translation

from curation.models import RecheckRequest, State, curation_state
from tests.factories import ProductFactory

from .helpers import check, points_of

pytestmark = pytest.mark.django_db

LIST = "/en/dasbor/produk/"


def recheck_url(product):
    with translation.override("en"):
        return reverse("dashboard-curation:recheck", kwargs={"pk": product.pk})


@pytest.fixture
def vendor_client(client, vendor):
    client.force_login(vendor.user)
    return client


def test_the_vendor_sees_each_products_curation_state(vendor_client, vendor, food, staf_galeri):
    passed = ProductFactory(vendor=vendor, category=food.category, name="Gula Semut")
    check(passed, staf_galeri)
    html = vendor_client.get(LIST).content.decode()
    assert "Checked by the gallery" in html
    assert "Not checked by the gallery yet" in html


def test_a_failed_product_shows_its_failed_points_notes_and_the_form(
    vendor_client, food, staf_galeri
):
    points = points_of(food)
    check(food, staf_galeri, failed={1: "Komposisi tidak ada"}, note="Tambahkan stiker")
    html = vendor_client.get(LIST).content.decode()
    assert "Did not pass the gallery's check" in html
    assert f'{points[1].text_en}: <span class="meta">Komposisi tidak ada</span>' in html
    assert points[0].text_en not in html
    assert "Tambahkan stiker" in html
    assert f'action="{recheck_url(food)}"' in html
    assert "I fixed it: ask for a new check" in html


def test_the_vendor_asks_for_a_new_check_from_the_dashboard(
    vendor_client, vendor, food, staf_galeri
):
    check(food, staf_galeri, failed={0: "Nomor izin salah"})
    response = vendor_client.post(recheck_url(food), {"note": "Label sudah diganti"}, follow=True)
    assert response.redirect_chain[-1][0].endswith("/dasbor/produk/")
    assert "will check" in response.content.decode()
    request = RecheckRequest.objects.get()
    assert (request.by, request.note) == (vendor.user, "Label sudah diganti")
    assert curation_state(food) == State.AWAITING
    html = vendor_client.get(LIST).content.decode()
    assert "Waiting for a new check" in html
    assert "I fixed it: ask for a new check" not in html


def test_asking_when_nothing_failed_or_twice_says_why_and_changes_nothing(
    vendor_client, food, staf_galeri
):
    response = vendor_client.post(recheck_url(food), follow=True)
    assert "only after a failed check" in response.content.decode()
    check(food, staf_galeri, failed={0: "x"})
    vendor_client.post(recheck_url(food))
    response = vendor_client.post(recheck_url(food), follow=True)
    assert "already asked" in response.content.decode()
    assert RecheckRequest.objects.count() == 1


def test_another_vendors_product_is_404_and_a_get_is_405(client, vase, food, staf_galeri):
    check(vase, staf_galeri, failed={0: "Retak"})
    client.force_login(food.vendor.user)
    assert client.post(recheck_url(vase)).status_code == 404
    assert client.get(recheck_url(food)).status_code == 405
    assert not RecheckRequest.objects.exists()


def test_the_list_with_failed_products_costs_one_more_query_whatever_their_number(
    vendor_client, vendor, food, staf_galeri, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        vendor_client.get(LIST)
    products = [food] + [ProductFactory(vendor=vendor, category=food.category) for _n in range(5)]
    for product in products:
        check(product, staf_galeri, failed={0: "x"})
    with django_assert_max_num_queries(len(before) + 1):
        response = vendor_client.get(LIST)
    assert response.content.decode().count("I fixed it: ask for a new check") == 6
