"""On a phone (390×844) the shop's frame leaves the first screen to the products: a short header
that stays while the page scrolls, the first product card within the first screen of the home
page, the catalogue, a search and a filtered list, and the filters as a sheet over the results.
"""

import pytest
from django.utils import translation

from tests.browser.conftest import PHONE, RESULTS, record_position
from tests.factories import VendorFactory
from tests.products.storefront import build_shop, many_products

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SCREEN = PHONE["height"]
SCREENS = RESULTS / "first-screen"


@pytest.fixture
def shop():
    shop = build_shop()
    many_products(
        20,
        category=shop.categories.guci,
        vendor=VendorFactory(business_name="Gerabah Citeko", slug="gerabah-citeko"),
        outlets=[shop.outlets.galeri1],
    )
    return shop


def first_card_top(page, name):
    top = page.locator(".product-card").first.bounding_box()["y"]
    record_position(f"first card, {name}", top)
    return top


def viewport_screenshot(page, name):
    """The screen as the shopper sees it (the ``screenshot`` fixture keeps the whole page)."""
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"{name}.png"))


def test_the_header_is_short_and_stays_while_the_catalogue_scrolls(
    live_server, phone_page, shop, screenshot
):
    page = phone_page
    page.goto(live_server.url + "/produk/")
    header = page.locator(".site-header").bounding_box()
    record_position("header height", header["height"])
    assert header["height"] <= 112
    assert first_card_top(page, "catalogue") < SCREEN
    screenshot(page, "catalogue-phone")
    page.evaluate("window.scrollTo(0, 2000)")
    assert page.evaluate("window.scrollY") >= 1500
    assert page.locator(".site-header").bounding_box()["y"] == 0  # still at the top, in view
    assert page.locator(".header-cart").is_visible()
    assert page.locator("#site-search").is_visible()
    viewport_screenshot(page, "catalogue-scrolled-phone")


def test_the_first_result_of_a_search_is_on_the_first_screen(
    live_server, phone_page, shop, screenshot
):
    page = phone_page
    page.goto(live_server.url + "/")
    page.fill("#site-search", "piring keramik")
    page.press("#site-search", "Enter")
    page.wait_for_url("**q=piring**")
    assert not page.locator(".listing-filters details").evaluate("d => d.open")
    assert first_card_top(page, "search") < SCREEN
    screenshot(page, "search-phone")


def test_a_filtered_list_starts_with_its_results_and_its_filters_open_as_a_sheet(
    live_server, phone_page, shop, screenshot
):
    page = phone_page
    page.goto(live_server.url + "/produk/?kategori=keramik&tersedia=on")
    summary = page.locator(".listing-filters summary")
    assert summary.inner_text().startswith("Filter (2)")
    assert not page.locator(".listing-filters details").evaluate("d => d.open")
    assert first_card_top(page, "filtered catalogue") < SCREEN
    screenshot(page, "filtered-phone")

    summary.click()
    sheet = page.locator(".listing-filters details").bounding_box()
    assert (sheet["x"], sheet["y"]) == (0, 0)
    assert (sheet["width"], sheet["height"]) == (PHONE["width"], PHONE["height"])
    show = page.locator(".listing-filters button[type=submit]")
    assert show.is_visible() and show.bounding_box()["y"] + show.bounding_box()["height"] <= SCREEN
    viewport_screenshot(page, "filter-sheet-phone")
    summary.click()  # the summary, which reads "Close" too, folds the sheet again
    assert not page.locator(".listing-filters details").evaluate("d => d.open")


def test_the_first_new_arrival_is_on_the_home_pages_first_screen(
    live_server, phone_page, shop, screenshot
):
    page = phone_page
    page.goto(live_server.url + "/")
    assert page.locator(".site-header").bounding_box()["height"] <= 112
    assert first_card_top(page, "home") < SCREEN
    screenshot(page, "home-phone")

    page.click(".site-menu summary")
    with translation.override("id"):
        track_order = translation.gettext("Track order")
    assert page.get_by_role("link", name=track_order).first.is_visible()
    assert page.locator("#language-select").is_visible()
    viewport_screenshot(page, "menu-phone")
