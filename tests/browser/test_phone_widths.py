"""Nothing is wider than the phone: one page of every kind (the shop front, a shopper's pages,
the vendor's dashboard, the counter and the admin pages staff use), each opened as the person who
uses it, at 360×740 and 390×844. Only a box that scrolls sideways by design (a table's
.table-scroll) may hold something wider. A screenshot of each page is kept under
test-results/phone-widths/<viewport>/.

The data is the hardening walk's small site, with real pictures, long names as Purwakarta's UMKM
write them and amounts in the millions, which are what broke the tables.
"""

import pytest
from django.conf import settings
from django.test import Client

from core.images import store_image
from products.models import Product, ProductImage
from tests.browser.conftest import RESULTS
from tests.hardening.world import build_world
from tests.products.pictures import jpeg
from vendors.models import Vendor, VendorImage

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

VIEWPORTS = {
    "360x740": {"width": 360, "height": 740},
    "390x844": {"width": 390, "height": 844},
}
LONG_NAME = "Kendi Gerabah Anjun Plered Motif Daun Singkong Glasir Biru Tua Ukuran Besar"

# Everything wider than the screen, unless a box around it scrolls sideways. The report names
# the first offenders with their right edge.
TOO_WIDE = r"""
(width) => {
  // Inside a box that scrolls sideways, or inside text kept for screen readers only (clipped
  // to a pixel): not what spills over the screen.
  const scrollsSideways = (node) => {
    for (let box = node.parentElement; box && box !== document.body; box = box.parentElement) {
      const style = getComputedStyle(box);
      if (style.overflowX === "auto" || style.overflowX === "scroll") return true;
      if (style.position === "absolute" && style.clip !== "auto") return true;
    }
    return false;
  };
  const wide = [];
  for (const node of document.body.querySelectorAll("*")) {
    const box = node.getBoundingClientRect();
    if (!box.width || !box.height || box.right <= width + 1 || scrollsSideways(node)) continue;
    const where = node.parentElement && node.parentElement.closest("[id]");
    const name = node.id ? `#${node.id}` : where ? ` in #${where.id}` : "";
    wide.push(`${node.tagName.toLowerCase()}${name} (${Math.round(box.right)} px)`);
  }
  // An amount is whole: on one line, and on the screen rather than past the edge of a box that
  // scrolls, except in the admin's own lists of objects, which scroll sideways by design.
  const amounts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let text = walker.nextNode(); text; text = walker.nextNode()) {
    const inAdminList = Boolean(text.parentElement.closest("#changelist .results"));
    for (const match of text.data.matchAll(/Rp\d[\d.]*/g)) {
      const range = document.createRange();
      range.setStart(text, match.index);
      range.setEnd(text, match.index + match[0].length);
      const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
      const right = range.getBoundingClientRect().right;
      if (lines.size > 1) amounts.push(`${match[0]} breaks`);
      else if (right > width + 1 && !inAdminList) amounts.push(`${match[0]} at ${Math.round(right)} px`);
    }
  }
  return {
    amounts: amounts.slice(0, 6),
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    wide: wide.slice(0, 6),
  };
}
"""


def with_real_pictures(world):
    for product in (world.product_a, world.product_b):
        product.images.all().delete()
        image = ProductImage(product=product, position=0, alt=f"{product.name} di atas meja")
        store_image(image, jpeg((900, 700)))
        image.save()
    world.vendor_b.images.all().delete()
    for kind, size in ((VendorImage.Kind.LOGO, (400, 400)), (VendorImage.Kind.PHOTO, (1200, 900))):
        picture = VendorImage(vendor=world.vendor_b, kind=kind, alt="Bengkel gerabah Bu Sari")
        store_image(picture, jpeg(size))
        picture.save()


@pytest.fixture
def world():
    world = build_world()
    with_real_pictures(world)
    Product.objects.filter(pk=world.product_b.pk).update(name=LONG_NAME, price=1_250_000)
    Vendor.objects.filter(pk=world.vendor_b.pk).update(
        business_name="Koperasi Perajin Gerabah Anjun Plered Sejahtera Bersama"
    )
    return world


def session_of(user, **data):
    """A session key for ``user`` (None: a visitor) holding ``data``, as the site would keep it."""
    client = Client()
    if user is not None:
        client.force_login(user)
    session = client.session
    session.update(data)
    session.save()
    return session.session_key


def pages(world):
    """(name, whose session, path) for one page of each kind."""
    b, outlet, shift = world.vendor_b, world.outlet, world.shift
    counter = f"/kasir/{outlet.slug}/"
    order = world.shoppers_order
    return [
        # The shop front, as a visitor.
        ("public-home", "visitor", "/"),
        ("public-catalogue", "visitor", "/produk/"),
        ("public-search", "visitor", "/produk/?q=kendi"),
        ("public-category", "visitor", f"/kategori/{world.category.slug}/"),
        ("public-product", "visitor", f"/produk/{world.product_b.slug}/"),
        ("public-vendor", "visitor", f"/umkm/{b.slug}/"),
        ("public-vendors", "visitor", "/umkm/"),
        ("public-outlet", "visitor", f"/galeri/{outlet.slug}/"),
        ("public-training", "visitor", "/pelatihan/"),
        ("public-training-session", "visitor", f"/pelatihan/{world.session.pk}/"),
        ("public-order-lookup", "visitor", "/pesanan/cek/"),
        # A shopper's cart, checkout and orders.
        ("shopper-cart", "shopper", "/keranjang/"),
        ("shopper-checkout", "shopper", "/pesan/"),
        ("shopper-checkout-review", "shopper", "/pesan/periksa/"),
        ("shopper-order", "shopper", order.get_absolute_url()),
        ("shopper-orders", "shopper", "/pesanan/saya/"),
        ("shopper-account", "shopper", "/akun/"),
        ("public-product-en", "visitor", f"/en/produk/{world.product_b.slug}/"),
        # An affiliate's pages: applying, then links and earnings.
        ("shopper-affiliate-signup", "shopper", "/afiliasi/daftar/"),
        ("affiliate-home", "affiliate", "/afiliasi/"),
        # The vendor's dashboard.
        ("vendor-home", "vendor", "/dasbor/"),
        ("vendor-products", "vendor", "/dasbor/produk/"),
        ("vendor-product-edit", "vendor", f"/dasbor/produk/{world.product_b.pk}/"),
        ("vendor-product-pictures", "vendor", f"/dasbor/produk/{world.product_b.pk}/foto/"),
        ("vendor-stock", "vendor", "/dasbor/stok/"),
        ("vendor-stock-history", "vendor", "/dasbor/stok/riwayat/"),
        ("vendor-orders", "vendor", "/dasbor/pesanan/"),
        ("vendor-statements", "vendor", "/dasbor/tagihan/"),
        ("vendor-statement", "vendor", f"/dasbor/tagihan/{world.statement_month_b}/"),
        ("vendor-profile", "vendor", "/dasbor/profil/"),
        ("vendor-pictures", "vendor", "/dasbor/foto/"),
        # The counter.
        ("counter-sale", "cashier", counter),
        ("counter-receipt", "cashier", f"{counter}struk/{world.receipt.number}/"),
        ("counter-shifts", "cashier", f"{counter}shift/"),
        ("counter-shift-report", "cashier", f"{counter}shift/{shift.pk}/"),
        # The admin pages staff use.
        ("admin-dashboard", "staff", "/admin/"),
        ("admin-vendors", "staff", "/admin/vendors/vendor/"),
        ("admin-vendor", "staff", f"/admin/vendors/vendor/{b.pk}/change/"),
        ("admin-products", "staff", "/admin/products/product/"),
        ("admin-stock", "staff", "/admin/gallery/stocklevel/"),
        ("admin-stock-movements", "staff", "/admin/gallery/stockmovement/"),
        ("admin-orders", "staff", "/admin/orders/order/"),
        ("admin-order", "staff", f"/admin/orders/order/{order.pk}/change/"),
        ("admin-payouts", "staff", "/admin/backoffice/payout/"),
        ("admin-growth", "staff", "/admin/backoffice/report/growth/"),
        ("admin-growth-vendor", "staff", f"/admin/backoffice/report/growth/vendor/{b.pk}/"),
        ("admin-affiliates", "staff", "/admin/affiliates/affiliate/"),
        ("admin-affiliate", "staff", f"/admin/affiliates/affiliate/{world.affiliate.pk}/change/"),
        ("admin-settlements", "staff", "/admin/backoffice/payout/statements/"),
        ("admin-settlement-account", "staff", f"/admin/backoffice/payout/statements/{b.pk}/"),
        (
            "admin-settlement-statement",
            "staff",
            f"/admin/backoffice/payout/statements/{b.pk}/{world.statement_month_b}/",
        ),
    ]


def sessions(world):
    shopper_cart = {
        "cart": {
            "lines": {str(world.product_b.pk): 3, str(world.product_a.pk): 1},
            "outlet": world.outlet.pk,
        },
        "checkout": {
            "name": world.shopper.full_name,
            "phone": "081234567890",
            "email": world.shopper.email,
            "note": "Tolong dibungkus rapi, untuk hadiah pernikahan saudara di Wanayasa.",
        },
    }
    return {
        "visitor": None,
        "shopper": session_of(world.shopper, **shopper_cart),
        "vendor": session_of(world.vendor_b.user),
        "affiliate": session_of(world.affiliate.user),
        "cashier": session_of(world.staf_galeri),
        "staff": session_of(world.superuser),
    }


def phone_context(browser, viewport):
    context = browser.new_context(viewport=viewport, locale="id-ID", is_mobile=True, has_touch=True)
    context.set_default_timeout(15_000)
    context.add_init_script("window.print = function () {};")
    return context


def each_page(page, base, world, failed):
    """Open each of ``pages(world)`` as the person who uses it; yields the name of each page that
    opened where it should, and records the others in ``failed`` as (status, final address)."""
    keys = sessions(world)
    role = "visitor"
    for name, whose, path in pages(world):
        if whose != role:
            page.context.clear_cookies()
            if keys[whose]:
                page.context.add_cookies(
                    [{"name": settings.SESSION_COOKIE_NAME, "value": keys[whose], "url": base}]
                )
            role = whose
        response = page.goto(base + path)
        if (response.status, page.url) != (200, base + path):
            failed[name] = (response.status, page.url)
            continue
        yield name


def test_no_page_is_wider_than_a_phone(live_server, browser, world):
    too_wide, failed = {}, {}
    for viewport_name, viewport in VIEWPORTS.items():
        folder = RESULTS / "phone-widths" / viewport_name
        folder.mkdir(parents=True, exist_ok=True)
        context = phone_context(browser, viewport)
        page = context.new_page()
        for name in each_page(page, live_server.url, world, failed.setdefault(viewport_name, {})):
            page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
            fit = page.evaluate(TOO_WIDE, viewport["width"])
            if fit["scrollWidth"] > viewport["width"] or fit["wide"] or fit["amounts"]:
                too_wide[f"{viewport_name} {name}"] = fit
        context.close()
    assert failed == {name: {} for name in VIEWPORTS}
    assert not too_wide, "\n".join(
        f"{name}: {fit['scrollWidth']} px wide; {', '.join(fit['wide'] + fit['amounts'])}"
        for name, fit in too_wide.items()
    )
