"""A product page on a phone (390×844): the price and the add-to-cart button on the first screen,
the pictures a strip that swipes sideways, and a buy bar that stays at the bottom and adds to
the cart. Screenshots under test-results/<test name>/."""

import pytest

from gallery.services import stock_receive
from products import services
from tests.browser.conftest import PHONE, record_position
from tests.factories import OutletFactory, StaffFactory, VendorFactory
from tests.products import pictures
from tests.products.helpers import product_fields

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

NAME = "Kendi Gerabah Anjun Plered Motif Daun Singkong Glasir Biru"


@pytest.fixture
def product(media_root):
    vendor = VendorFactory(business_name="Keramik Anjun Jaya")
    product = services.product_create(
        vendor=vendor, by=vendor.user, **product_fields(name=NAME, price=1_250_000)
    )
    for alt, upload in [
        ("Kendi dari depan", pictures.jpeg(size=(1600, 1200))),
        ("Kendi dari samping", pictures.jpeg(size=(1200, 1600))),
        ("Motif daun dari dekat", pictures.jpeg(size=(900, 900))),
    ]:
        services.product_image_add(product=product, by=vendor.user, upload=upload, alt=alt)
    product = services.product_publish(product=product, by=vendor.user)
    staff = StaffFactory()
    for i, quantity in enumerate((4, 0, 2)):
        outlet = OutletFactory(name=f"Galeri Menong Outlet {i + 1}", position=i)
        if quantity:
            stock_receive(outlet=outlet, product=product, quantity=quantity, by=staff)
    return product


def test_a_phone_shows_price_and_button_first_and_the_buy_bar_adds_to_the_cart(
    live_server, phone_page, screenshot, product
):
    page = phone_page
    page.goto(live_server.url + product.get_absolute_url())
    price = page.locator(".product-summary .product-price")
    button = page.locator("#add-to-cart button[type=submit]")
    price_bottom = price.bounding_box()["y"] + price.bounding_box()["height"]
    button_bottom = button.bounding_box()["y"] + button.bounding_box()["height"]
    record_position("product page, price bottom", price_bottom)
    record_position("product page, add-to-cart button bottom", button_bottom)
    assert price_bottom < PHONE["height"]
    assert button_bottom < PHONE["height"]
    screenshot(page, "first-screen")

    strip = page.locator(".product-images")
    assert strip.evaluate("(box) => box.scrollWidth > box.clientWidth")
    assert strip.evaluate("(box) => getComputedStyle(box).scrollSnapType").startswith("x")
    assert page.locator(".product-image-count").first.inner_text().endswith("1/3")
    strip.evaluate("(box) => box.scrollTo({left: box.clientWidth, behavior: 'instant'})")
    assert strip.evaluate("(box) => box.scrollLeft") > 0
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    bar = page.locator(".buy-bar")
    bar_button = bar.locator("button")
    page.wait_for_function(
        "() => { const b = document.querySelector('.buy-bar').getBoundingClientRect();"
        " return b.top >= 0 && b.bottom <= window.innerHeight + 1; }"
    )
    box = bar.bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"] + 1
    # The page ends with room for the bar: the footer's last line is not under it.
    footer_end = page.evaluate(
        "document.querySelector('.site-footer').getBoundingClientRect().bottom"
    )
    assert footer_end <= box["y"] + 1
    assert "Rp1.250.000" in bar.inner_text()
    screenshot(page, "bottom-with-buy-bar")

    bar_button.click()
    page.wait_for_url("**/keranjang/")
    assert NAME in page.locator(".cart-lines").inner_text()
    assert page.locator(".cart-line img").count() == 1
    screenshot(page, "cart")
