"""Bar 4: axe-core finds no serious or critical violation on the shop front's pages, and the
catalogue's filters work from the keyboard alone."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from core.images import store_image
from products.models import ProductImage
from tests.factories import VendorFactory
from tests.products.pictures import jpeg
from tests.products.storefront import build_shop, many_products
from vendors.models import VendorImage

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PAGES = [
    "/",
    "/en/",
    "/produk/",
    "/produk/?q=keramk",
    "/produk/?kategori=anyaman&pesanan=on&harga_min=abc",
    "/kategori/keramik/",
    "/produk/guci-keramik-plered/",
    "/produk/boneka-menong/",
    "/en/produk/tas-anyaman-bambu/",
    "/umkm/keramik-anjun-jaya/",
    "/galeri/galeri-menong-1/",
    "/galeri/galeri-menong-gunung-parang/",
]


def with_real_pictures(shop):
    """Real pictures through the image pipeline, served by the live server."""
    for product in vars(shop.products).values():
        product.images.all().delete()
        for position, color in enumerate([(176, 96, 48), (120, 80, 40)]):
            image = ProductImage(
                product=product, position=position, alt=f"{product.name}, foto ke-{position + 1}"
            )
            store_image(image, jpeg((900, 700), color=color))
            image.save()
    logo = VendorImage(vendor=shop.vendors.plered, kind=VendorImage.Kind.LOGO, alt="Logo Anjun")
    store_image(logo, jpeg((400, 400)))
    logo.save()


@pytest.fixture
def shop():
    shop = build_shop()
    with_real_pictures(shop)
    many_products(
        20,
        category=shop.categories.guci,
        vendor=VendorFactory(business_name="Gerabah Citeko", slug="gerabah-citeko"),
        outlets=[shop.outlets.galeri1],
    )
    return shop


def serious_violations(page):
    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): "
        + "; ".join(node["target"][0] for node in violation["nodes"][:5])
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def test_no_serious_accessibility_violation_on_desktop(live_server, page, shop):
    found = {}
    for path in PAGES:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        found[path] = serious_violations(page)
    assert found == {path: [] for path in PAGES}


def test_no_serious_accessibility_violation_on_a_phone(live_server, phone_page, shop):
    paths = ["/", "/produk/", "/produk/guci-keramik-plered/", "/umkm/keramik-anjun-jaya/"]
    found = {
        path: (phone_page.goto(live_server.url + path), serious_violations(phone_page))[1]
        for path in paths
    }
    assert found == {path: [] for path in paths}


def test_product_pictures_load_with_their_intrinsic_size(live_server, page, shop):
    page.goto(live_server.url + "/produk/guci-keramik-plered/")
    first = page.locator(".product-images img").first
    first.wait_for()
    page.wait_for_function("document.querySelector('.product-images img').complete")
    assert page.evaluate("document.querySelector('.product-images img').naturalWidth") > 0
    assert first.get_attribute("loading") == "eager"


def tab_to(page, selector, limit=80):
    """Press Tab until the focused element matches ``selector``: reachable by keyboard alone."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} cannot be reached with Tab")


def test_filters_work_with_the_keyboard_alone_on_a_phone(live_server, phone_page, shop, screenshot):
    page = phone_page
    page.goto(live_server.url + "/en/produk/")
    assert not page.locator(".listing-filters details").evaluate("d => d.open")  # folded
    tab_to(page, ".listing-filters summary")
    page.keyboard.press("Enter")
    assert page.locator(".listing-filters details").evaluate("d => d.open")
    tab_to(page, "#listing-q")
    page.keyboard.type("boneka")
    tab_to(page, "#listing-pesanan")
    page.keyboard.press("Space")
    tab_to(page, ".listing-filters button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**pesanan=on**")
    assert "q=boneka" in page.url
    assert "kategori=" not in page.url  # empty filters stay out of the address
    assert page.locator(".product-card .card-title").all_inner_texts() == [
        "Boneka Menong Tanah Liat"
    ]
    screenshot(page, "filtered-phone")
    # Removing a filter is a link, also reachable by keyboard.
    tab_to(page, ".chips a[href*='q=boneka']")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "q=boneka" in url and "pesanan" not in url)


def test_filters_are_open_on_a_wide_screen(live_server, page, shop):
    page.goto(live_server.url + "/produk/")
    page.wait_for_function("document.querySelector('.listing-filters details').open")
