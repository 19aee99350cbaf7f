"""Only published products of approved vendors, not hidden by staff, are public: anything else
is a 404, in both languages, and never listed."""

import pytest
from django.core.cache import cache
from django.test import Client

from products import services
from products.models import Product
from tests.factories import VendorFactory
from tests.products.helpers import published_product

pytestmark = pytest.mark.django_db


def page_status(path):
    cache.clear()  # whatever the page cache holds, ask the view
    return Client().get(path).status_code


@pytest.fixture
def shelf(vendor, staf_dinas):
    """One product in each state that must stay off the site, and one public product."""
    public = published_product(vendor, name="Guci Tampil Publik")
    draft = services.product_create(
        vendor=vendor, by=vendor.user, category=public.category, name="Guci Draf", price=90_000
    )
    archived = published_product(vendor, name="Guci Diarsipkan")
    services.product_archive(product=archived, by=vendor.user)
    hidden = published_product(vendor, name="Guci Disembunyikan")
    services.product_hide(product=hidden, by=staf_dinas, reason="Foto bukan milik UMKM ini.")
    others = {}
    for status in ("suspended", "submitted", "rejected", "draft"):
        other = VendorFactory(status=status, status_reason="Izin usaha kedaluwarsa.")
        product = published_product(VendorFactory(), name=f"Guci Penjual {status}")
        # Published while its vendor was approved; the vendor's status changed since.
        Product.objects.filter(pk=product.pk).update(vendor=other)
        others[status] = product
    return {
        "public": public,
        "draft": draft,
        "archived": archived,
        "hidden": hidden,
        **{f"vendor {status}": product for status, product in others.items()},
    }


NOT_PUBLIC = [
    "draft",
    "archived",
    "hidden",
    "vendor suspended",
    "vendor submitted",
    "vendor rejected",
    "vendor draft",
]


def test_public_holds_only_published_unhidden_products_of_approved_vendors(shelf):
    assert list(Product.objects.public()) == [shelf["public"]]
    assert shelf["public"].is_public
    for state in NOT_PUBLIC:
        shelf[state].refresh_from_db()
        assert not shelf[state].is_public, state


@pytest.mark.parametrize("state", NOT_PUBLIC)
def test_a_product_that_is_not_public_is_a_404_in_both_languages(shelf, state):
    slug = shelf[state].slug
    assert page_status(f"/produk/{slug}/") == 404
    assert page_status(f"/en/produk/{slug}/") == 404


def test_the_public_product_page_answers(shelf):
    slug = shelf["public"].slug
    assert page_status(f"/produk/{slug}/") == 200
    assert page_status(f"/en/produk/{slug}/") == 200


def test_products_that_are_not_public_are_never_listed(shelf, vendor):
    cache.clear()
    catalogue = Client().get("/produk/").content.decode()
    maker = Client().get(vendor.get_absolute_url()).content.decode()
    assert "Guci Tampil Publik" in catalogue
    for state in NOT_PUBLIC:
        assert shelf[state].name not in catalogue, state
        assert shelf[state].name not in maker, state


def test_a_hidden_product_is_public_again_once_staff_restore_it(shelf, staf_dinas):
    hidden = shelf["hidden"]
    services.product_restore(product=hidden, by=staf_dinas)
    assert page_status(f"/produk/{hidden.slug}/") == 200


def test_an_old_address_redirects_to_the_current_one(shelf, staf_dinas):
    product = shelf["public"]
    old = product.slug
    services.product_change_slug(product=product, slug="guci-publik-plered", by=staf_dinas)
    cache.clear()
    response = Client().get(f"/produk/{old}/")
    assert response.status_code == 301
    assert response["Location"].endswith("/produk/guci-publik-plered/")
    hidden = shelf["hidden"]
    hidden_old = hidden.slug
    services.product_change_slug(product=hidden, slug="guci-tersembunyi", by=staf_dinas)
    assert page_status(f"/produk/{hidden_old}/") == 404
