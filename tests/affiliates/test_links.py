"""Share links: a click is recorded, remembered in a signed cookie, and the visitor lands on the
clean page of this site, never elsewhere."""

import pytest
from django.test import override_settings

from affiliates.models import AffiliateClick
from affiliates.services.links import COOKIE_NAME

from .conftest import follow

pytestmark = pytest.mark.django_db


def test_a_share_link_records_a_click_sets_the_cookie_and_goes_to_the_clean_page(
    client, affiliate, product
):
    response = follow(client, affiliate.code, ke=f"/produk/{product.slug}/")

    assert response.status_code == 302
    assert response["Location"] == f"/produk/{product.slug}/"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    cookie = response.cookies[COOKIE_NAME]
    assert cookie["httponly"] and cookie["max-age"] == 7 * 24 * 3600
    assert affiliate.code in cookie.value  # signed, not hidden
    click = AffiliateClick.objects.get()
    assert (click.affiliate, click.counted, click.target) == (
        affiliate,
        True,
        f"/produk/{product.slug}/",
    )
    assert "10.0.0.1" not in click.address_hash


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example",
        "//evil.example/produk/",
        "/\\evil.example",
        "javascript:alert(1)",
        "http:/evil.example",
        "",
    ],
)
def test_a_link_to_another_site_lands_on_the_home_page(client, affiliate, target):
    response = follow(client, affiliate.code, ke=target)

    assert response["Location"] == "/"


def test_an_unknown_or_unapproved_code_just_redirects(client, make_affiliate):
    pending = make_affiliate("tunggu@contoh.id", approve=False)

    for code in ["ZZZZZZZ", "x", pending.code or "ABCDEFG"]:
        response = follow(client, code, ke="/produk/")
        assert response["Location"] == "/produk/"
        assert COOKIE_NAME not in response.cookies
    assert not AffiliateClick.objects.exists()


@override_settings(AFFILIATE_CLICKS_PER_ADDRESS_PER_DAY=3)
def test_clicks_past_the_daily_limit_of_an_address_are_kept_but_not_counted(
    client, affiliate, make_affiliate
):
    other = make_affiliate("sari@contoh.id")
    for _ in range(3):
        assert COOKIE_NAME in follow(client, affiliate.code).cookies

    over = follow(client, other.code)
    elsewhere = follow(client, other.code, address="10.0.0.2")

    assert over["Location"] == "/" and COOKIE_NAME not in over.cookies
    assert COOKIE_NAME in elsewhere.cookies
    assert AffiliateClick.objects.filter(counted=True).count() == 4
    assert AffiliateClick.objects.get(counted=False).affiliate == other
