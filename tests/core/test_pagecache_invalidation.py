"""Every change that alters what a public page shows reaches the cached pages at once.

Each test caches the pages that show the thing changed, for an anonymous visitor and for a
shopper with a cart, makes the change through the service (or the admin form) that staff,
vendors and cashiers use, and reads the pages again.
"""

import datetime
import re
import secrets
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django import forms
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from counter.models import Assignment
from counter.services import LineInput, PaymentInput, sale_record, shift_open
from gallery.services import BatchSpec, stock_receive
from orders.services import order_place
from products.models import Product
from products.services import (
    category_delete,
    category_save,
    product_archive,
    product_delete,
    product_hide,
    product_image_delete,
    product_image_set_alt,
    product_publish,
    product_update,
)
from tests.factories import (
    CategoryFactory,
    OpeningHoursFactory,
    OutletFactory,
    ProductFactory,
    ProductImageFactory,
    StaffFactory,
    UserFactory,
    VendorFactory,
)
from vendors.models import Vendor
from vendors.services import (
    vendor_approve,
    vendor_delete,
    vendor_reinstate,
    vendor_suspend,
    vendor_update_profile,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on", "monday_morning")]

JAKARTA = ZoneInfo("Asia/Jakarta")
MONDAY_MORNING = datetime.datetime(2027, 1, 4, 11, 0, tzinfo=JAKARTA)


@pytest.fixture
def page_cache_on(settings):
    """As in production with Redis: the page cache on, and kept pieces remembered by the worker."""
    settings.PAGE_CACHE_SECONDS = 3600
    settings.CACHE_MEMO_ENTRIES = 500


@pytest.fixture
def monday_morning():
    """Outlets show whether they are open now: the tests run at a fixed time of the week."""
    with time_machine.travel(MONDAY_MORNING, tick=False) as traveller:
        yield traveller


@pytest.fixture
def shop():
    staff = StaffFactory(email="gudang@contoh.id", groups=["Staf Galeri"])
    category = CategoryFactory(slug="guci-vas", name_id="Guci & Vas", name_en="Jars & Vases")
    vendor = VendorFactory(slug="gerabah-anjun", business_name="Gerabah Anjun")
    product = ProductFactory(
        name="Guci Motif Daun", slug="guci-motif-daun", category=category, vendor=vendor
    )
    cover = ProductImageFactory(product=product, position=0, alt="Guci coklat di atas meja")
    ProductImageFactory(product=product, position=1, alt="Guci dari samping")
    other = ProductFactory(name="Vas Anjun", category=category, vendor=vendor, price=95_000)
    outlet = OutletFactory(name="Galeri Menong Veteran", slug="galeri-menong-veteran")
    OpeningHoursFactory(outlet=outlet, weekday=0, opens="09:00", closes="17:00")
    stock_receive(outlet=outlet, product=product, quantity=2, by=staff)
    stock_receive(outlet=outlet, product=other, quantity=5, by=staff)
    return SimpleNamespace(
        staff=staff,
        vendor=vendor,
        product=product,
        cover=cover,
        other=other,
        outlet=outlet,
        page="/produk/guci-motif-daun/",
        listings=["/produk/", "/produk/?q=guci", "/kategori/guci-vas/", "/umkm/gerabah-anjun/"],
    )


@pytest.fixture
def visitors(shop):
    shopper = Client()
    shopper.post(reverse("orders:cart-add"), {"product": shop.other.pk, "quantity": 3})
    shopper.get(reverse("orders:cart"))  # spends the "in your cart" message
    return {"anonymous": Client(), "shopper": shopper}


@pytest.fixture
def reviewer():
    """District staff who decide on vendors."""
    user = UserFactory(email="dinas@contoh.id", is_staff=True)
    user.groups.add(Group.objects.get(name="Staf Dinas"))
    return user


def cache_pages(visitors, urls):
    """Visit each page twice, so that the second visit comes from the cache; return the pages."""
    pages = {}
    for name, visitor in visitors.items():
        for url in urls:
            visitor.get(url)
            response = visitor.get(url)
            assert response["X-Page-Cache"] == "hit", (name, url)
            pages[name, url] = response.content.decode()
    return pages


def read_pages(visitors, urls):
    pages = {}
    for name, visitor in visitors.items():
        for url in urls:
            response = visitor.get(url)
            pages[name, url] = (response.status_code, response.content.decode())
            if name == "shopper" and response.status_code == 200:
                assert '<span class="badge">3</span>' in pages[name, url][1], url
    return pages


def shows_change(visitors, urls, change, *, before, after, django_capture_on_commit_callbacks):
    """Cache ``urls``, check ``before`` on each, make ``change`` and commit, check ``after``."""
    for key, page in cache_pages(visitors, urls).items():
        assert before(page), key
    with django_capture_on_commit_callbacks(execute=True):
        change()
    for key, (status, page) in read_pages(visitors, urls).items():
        assert after(status, page), key


def test_publishing_a_product_shows_it_at_once(shop, visitors, django_capture_on_commit_callbacks):
    draft = ProductFactory(
        name="Kendi Tanah Liat",
        category=shop.product.category,
        vendor=shop.vendor,
        status=Product.Status.DRAFT,
    )
    ProductImageFactory(product=draft)
    shows_change(
        visitors,
        ["/", *shop.listings],
        lambda: product_publish(product=draft, by=shop.vendor.user),
        before=lambda page: "Kendi Tanah Liat" not in page,
        after=lambda status, page: status == 200 and "Kendi Tanah Liat" in page,
        django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
    )


@pytest.mark.parametrize("action", ["hide", "archive"])
def test_hiding_or_archiving_a_product_takes_it_off_every_page_at_once(
    shop, visitors, reviewer, action, django_capture_on_commit_callbacks
):
    def change():
        if action == "hide":
            product_hide(product=shop.product, by=reviewer, reason="Foto tidak sesuai.")
        else:
            product_archive(product=shop.product, by=shop.vendor.user)

    shows_change(
        visitors,
        ["/", *shop.listings, shop.page],
        change,
        before=lambda page: "Guci Motif Daun" in page,
        after=lambda status, page: status == 404 or "Guci Motif Daun" not in page,
        django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
    )
    assert visitors["shopper"].get(shop.page).status_code == 404


def test_a_new_price_shows_at_once(shop, visitors, django_capture_on_commit_callbacks):
    shows_change(
        visitors,
        ["/", *shop.listings, shop.page],
        lambda: product_update(product=shop.product, by=shop.vendor.user, price=175_000),
        before=lambda page: "Rp150.000" in page and "Rp175.000" not in page,
        after=lambda status, page: "Rp175.000" in page and "Rp150.000" not in page,
        django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
    )


def test_a_pictures_new_description_shows_at_once(
    shop, visitors, django_capture_on_commit_callbacks
):
    shows_change(
        visitors,
        [*shop.listings, shop.page],
        lambda: product_image_set_alt(
            image=shop.cover, by=shop.vendor.user, alt="Guci bermotif daun setinggi 40 cm"
        ),
        before=lambda page: 'alt="Guci coklat di atas meja"' in page,
        after=lambda status, page: 'alt="Guci bermotif daun setinggi 40 cm"' in page,
        django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
    )


def test_deleting_the_cover_picture_changes_the_cards_at_once(
    shop, visitors, django_capture_on_commit_callbacks
):
    shows_change(
        visitors,
        ["/", *shop.listings],
        lambda: product_image_delete(image=shop.cover, by=shop.vendor.user),
        before=lambda page: 'alt="Guci coklat di atas meja"' in page,
        after=lambda status, page: (
            'alt="Guci coklat di atas meja"' not in page and 'alt="Guci dari samping"' in page
        ),
        django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
    )


def test_deleting_a_product_takes_its_card_off_at_once(
    shop, visitors, django_capture_on_commit_callbacks
):
    # Never ordered nor stocked: a product that may be deleted rather than archived.
    sample = ProductFactory(name="Kendi Contoh", category=shop.product.category, vendor=shop.vendor)
    shows_change(
        visitors,
        shop.listings,
        lambda: product_delete(product=sample, by=shop.vendor.user),
        before=lambda page: "Kendi Contoh" in page,
        after=lambda status, page: "Kendi Contoh" not in page,
        django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
    )


def test_a_renamed_category_shows_its_new_name_at_once(
    shop, visitors, django_capture_on_commit_callbacks
):
    category = shop.product.category

    def rename():
        category.name_en = "Jars and Vases of Plered"
        category_save(category=category)

    shows_change(
        visitors,
        ["/en/produk/", "/en/kategori/guci-vas/", f"/en{shop.page}"],
        rename,
        before=lambda page: "Jars &amp; Vases" in page,
        after=lambda status, page: "Jars and Vases of Plered" in page,
        django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
    )


def test_a_deleted_category_leaves_the_filters_at_once(
    shop, visitors, django_capture_on_commit_callbacks
):
    empty = CategoryFactory(slug="tas-anyaman", name_id="Tas Anyaman", name_en="Woven Bags")
    shows_change(
        visitors,
        ["/en/produk/"],
        lambda: category_delete(category=empty),
        before=lambda page: "Woven Bags" in page,
        after=lambda status, page: "Woven Bags" not in page,
        django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
    )


def test_approving_a_vendor_shows_it_and_its_products_at_once(
    shop, visitors, reviewer, django_capture_on_commit_callbacks
):
    newcomer = VendorFactory(business_name="Batik Sekar Jagat", status=Vendor.Status.SUBMITTED)
    ProductFactory(name="Kain Batik Sekar Jagat", category=shop.product.category, vendor=newcomer)
    shows_change(
        visitors,
        ["/", "/produk/", "/kategori/guci-vas/", "/umkm/"],
        lambda: vendor_approve(vendor=newcomer, by=reviewer),
        before=lambda page: "Sekar Jagat" not in page,
        after=lambda status, page: "Sekar Jagat" in page,
        django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
    )


def test_suspending_a_vendor_takes_it_and_its_products_off_at_once(
    shop, visitors, reviewer, django_capture_on_commit_callbacks
):
    shows_change(
        visitors,
        ["/", "/produk/", "/kategori/guci-vas/", "/umkm/", "/umkm/gerabah-anjun/"],
        lambda: vendor_suspend(vendor=shop.vendor, by=reviewer, reason="Izin usaha habis."),
        before=lambda page: "Gerabah Anjun" in page,
        after=lambda status, page: status == 404 or "Gerabah Anjun" not in page,
        django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
    )


def test_reinstating_a_vendor_puts_it_back_at_once(
    shop, visitors, reviewer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        vendor_suspend(vendor=shop.vendor, by=reviewer, reason="Izin usaha habis.")
    shows_change(
        visitors,
        ["/", "/produk/", "/kategori/guci-vas/", "/umkm/"],
        lambda: vendor_reinstate(vendor=shop.vendor, by=reviewer),
        before=lambda page: "Gerabah Anjun" not in page,
        after=lambda status, page: "Gerabah Anjun" in page,
        django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
    )


def test_a_vendors_new_business_name_shows_at_once(
    shop, visitors, django_capture_on_commit_callbacks
):
    shows_change(
        visitors,
        ["/umkm/", "/umkm/gerabah-anjun/", shop.page],
        lambda: vendor_update_profile(
            vendor=shop.vendor, by=shop.vendor.user, data={"business_name": "Gerabah Anjun Jaya"}
        ),
        before=lambda page: "Gerabah Anjun" in page and "Gerabah Anjun Jaya" not in page,
        after=lambda status, page: "Gerabah Anjun Jaya" in page,
        django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
    )


def test_deleting_a_vendor_takes_it_and_its_products_off_at_once(
    shop, visitors, django_capture_on_commit_callbacks
):
    # A business that never listed goods may be deleted (by a superuser).
    newcomer = VendorFactory(business_name="Batik Sekar Jagat", slug="batik-sekar-jagat")
    superuser = UserFactory(email="admin@contoh.id", is_staff=True, is_superuser=True)
    shows_change(
        visitors,
        ["/umkm/", "/umkm/batik-sekar-jagat/"],
        lambda: vendor_delete(vendor=newcomer, by=superuser),
        before=lambda page: "Sekar Jagat" in page,
        after=lambda status, page: status == 404 or "Sekar Jagat" not in page,
        django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
    )


# Outlets: kept in the admin.


def change_form_data(response, **changes):
    """What the admin change form would post back, as rendered, with ``changes`` applied."""
    data = {}
    form = response.context["adminform"].form
    for name, field in form.fields.items():
        if isinstance(field, forms.FileField):
            continue  # no new file
        value = form[name].value()
        if value is not None and value is not False:
            data[name] = "on" if value is True else value
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name in formset.management_form.fields:
            data[f"{formset.prefix}-{name}"] = formset.management_form[name].value()
        for subform in formset.forms:
            for name in subform.fields:
                value = subform[name].value()
                if value is not None and value is not False and value != "":
                    data[subform.add_prefix(name)] = value
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def edit_outlet(outlet, **changes):
    """Save the outlet's admin form as a superuser, with ``changes``."""
    admin = Client()
    admin.force_login(StaffFactory(email="admin@contoh.id", is_superuser=True))
    url = reverse("admin:gallery_outlet_change", args=[outlet.pk])
    data = change_form_data(admin.get(url), **changes)  # None: the field is left out
    response = admin.post(url, data)
    assert response.status_code == 302, response.content.decode()[-3000:]


def test_new_opening_hours_show_at_once(shop, visitors, django_capture_on_commit_callbacks):
    shows_change(
        visitors,
        ["/"],
        lambda: edit_outlet(
            shop.outlet,
            **{"opening_hours-0-opens": "10:00", "opening_hours-0-closes": "16:00"},
        ),
        before=lambda page: "09.00–17.00" in page,
        after=lambda status, page: "10.00–16.00" in page and "09.00–17.00" not in page,
        django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
    )


def test_a_closure_for_today_shows_at_once(shop, visitors, django_capture_on_commit_callbacks):
    shows_change(
        visitors,
        ["/"],
        lambda: edit_outlet(
            shop.outlet,
            **{"closures-0-date": "2027-01-04", "closures-0-reason": "Stock opname tahunan"},
        ),
        before=lambda page: "Stock opname tahunan" not in page,
        after=lambda status, page: "Stock opname tahunan" in page,
        django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
    )


def test_a_deactivated_outlet_leaves_every_page_at_once(
    shop, visitors, django_capture_on_commit_callbacks
):
    closing = OutletFactory(name="Galeri Menong Bungursari", slug="galeri-menong-bungursari")
    shows_change(
        visitors,
        ["/", "/produk/", shop.page],
        lambda: edit_outlet(closing, is_active=None),
        before=lambda page: "Galeri Menong Bungursari" in page,
        after=lambda status, page: "Galeri Menong Bungursari" not in page,
        django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
    )


def delete_outlets_in_the_admin(*outlets):
    """Delete ``outlets`` as a superuser: one from its own page, several with the list's action."""
    admin = Client()
    admin.force_login(StaffFactory(email="hapus@contoh.id", is_superuser=True))
    if len(outlets) == 1:
        url = reverse("admin:gallery_outlet_delete", args=[outlets[0].pk])
        response = admin.post(url, {"post": "yes"})
    else:
        response = admin.post(
            reverse("admin:gallery_outlet_changelist"),
            {
                "action": "delete_selected",
                "post": "yes",
                "_selected_action": [outlet.pk for outlet in outlets],
            },
        )
    assert response.status_code == 302, response.content.decode()[-2000:]


@pytest.mark.parametrize("how_many", [1, 2])
def test_an_outlet_deleted_in_the_admin_leaves_every_page_at_once(
    how_many, shop, visitors, django_capture_on_commit_callbacks
):
    planned = [
        OutletFactory(name=f"Galeri Menong Rencana {n}", slug=f"galeri-menong-rencana-{n}")
        for n in range(how_many)
    ]
    shows_change(
        visitors,
        ["/", "/produk/", shop.page],
        lambda: delete_outlets_in_the_admin(*planned),
        before=lambda page: "Galeri Menong Rencana 0" in page,
        after=lambda status, page: "Galeri Menong Rencana" not in page,
        django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
    )


# Stock.


def card_of(page, name):
    """The product card of ``name`` in a listing, or ""."""
    found = re.search(rf'<h3 class="card-title"[^>]*>{re.escape(name)}</h3>', page)
    return "" if found is None else page[found.start() : page.find("</li>", found.start())]


STOCK_PAGES = ["/en/produk/", "/en/kategori/guci-vas/"]


def test_selling_out_online_shows_out_of_stock_at_once(
    shop, visitors, django_capture_on_commit_callbacks
):
    urls = [*STOCK_PAGES, f"/en{shop.page}"]
    shows_change(
        visitors,
        urls,
        lambda: order_place(
            cart_lines=[(shop.product.pk, 2)],
            customer=None,
            name="Siti Aminah",
            phone="081234567890",
            outlet=shop.outlet,
            idempotency_key=secrets.token_urlsafe(16),
        ),
        before=lambda page: (
            "Available at Galeri Menong Veteran: 2" in page
            or "In stock" in card_of(page, "Guci Motif Daun")
        ),
        after=lambda status, page: (
            "Out of stock at Galeri Menong Veteran" in page
            or "Out of stock" in card_of(page, "Guci Motif Daun")
        ),
        django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
    )


def test_a_sale_that_leaves_some_on_the_shelf_updates_the_products_own_page_at_once(
    shop, visitors, django_capture_on_commit_callbacks
):
    shows_change(
        visitors,
        [f"/en/produk/{shop.other.slug}/"],
        lambda: order_place(
            cart_lines=[(shop.other.pk, 1)],
            customer=None,
            name="Siti Aminah",
            phone="081234567890",
            outlet=shop.outlet,
            idempotency_key=secrets.token_urlsafe(16),
        ),
        # The shopper's own cart holds 3 of the 5: the page counts what is free for anyone.
        before=lambda page: "Available at Galeri Menong Veteran: 5" in page,
        after=lambda status, page: "Available at Galeri Menong Veteran: 4" in page,
        django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
    )


def test_a_counter_sale_that_sells_out_shows_at_once(
    shop, visitors, django_capture_on_commit_callbacks
):
    cashier = StaffFactory(email="kasir@contoh.id", groups=["Staf Galeri"])
    Assignment.objects.create(user=cashier, outlet=shop.outlet)
    shift_open(outlet=shop.outlet, by=cashier, opening_float=0)
    urls = [*STOCK_PAGES, f"/en{shop.page}"]
    shows_change(
        visitors,
        urls,
        lambda: sale_record(
            outlet=shop.outlet,
            by=cashier,
            lines=[LineInput(product_id=shop.product.pk, quantity=2)],
            payments=[PaymentInput(method="cash", amount=300_000, tendered=300_000)],
            idempotency_key=secrets.token_urlsafe(16),
        ),
        before=lambda page: (
            "Available at Galeri Menong Veteran: 2" in page
            or "In stock" in card_of(page, "Guci Motif Daun")
        ),
        after=lambda status, page: (
            "Out of stock at Galeri Menong Veteran" in page
            or "Out of stock" in card_of(page, "Guci Motif Daun")
        ),
        django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
    )


def test_a_batch_that_expires_at_midnight_leaves_the_pages_at_once(shop, visitors, monday_morning):
    food = CategoryFactory(slug="camilan", name_id="Camilan", name_en="Snacks", is_food=True)
    snack = ProductFactory(
        name="Simping Kaum",
        slug="simping-kaum",
        category=food,
        vendor=shop.vendor,
        price=20_000,
        shelf_life_days=60,
    )
    stock_receive(
        outlet=shop.outlet,
        product=snack,
        quantity=10,
        by=shop.staff,
        batch=BatchSpec(code="SK-2701", expires_on=datetime.date(2027, 1, 5)),
    )
    urls = ["/en/produk/", "/en/kategori/camilan/", "/en/produk/simping-kaum/"]
    monday_morning.move_to(datetime.datetime(2027, 1, 4, 23, 59, tzinfo=JAKARTA))
    for page in cache_pages(visitors, urls).values():
        assert "Available at Galeri Menong Veteran: 10" in page or (
            "In stock" in card_of(page, "Simping Kaum")
        )
    monday_morning.move_to(datetime.datetime(2027, 1, 5, 0, 0, tzinfo=JAKARTA))
    for status, page in read_pages(visitors, urls).values():
        assert status == 200
        assert "Available at Galeri Menong Veteran" not in page
        assert "In stock" not in card_of(page, "Simping Kaum")
