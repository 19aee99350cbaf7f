"""Dates, times, months, weights and phone numbers are written one way per language, on the pages
people read; the Indonesian admin has no English left in its columns, filters and forms."""

import re
import secrets
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from core.formats import format_phone, format_weight
from counter.models import Assignment
from counter.services import LineInput, PaymentInput, sale_record, shift_open
from gallery.services import stock_receive
from orders.services import order_collect, order_mark_ready, order_place
from tests.core.test_translations import entries
from tests.factories import OutletFactory, ProductFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db
JAKARTA = ZoneInfo("Asia/Jakarta")
MOMENT = datetime(2026, 12, 6, 8, 21, tzinfo=JAKARTA)
SHOPPER_PHONE = "+6281234567890"
OUTLET_WHATSAPP = "+6281200000134"
PROJECT_APPS = {
    "accounts",
    "core",
    "vendors",
    "products",
    "gallery",
    "orders",
    "backoffice",
    "training",
    "counter",
    "curation",
}


def page(client, url_name, language, *args, **kwargs):
    with translation.override(language):
        url = reverse(url_name, args=args, kwargs=kwargs or None)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def visible(html):
    """The text of a page, without its markup, so that links and attributes do not count."""
    return " ".join(
        re.sub(r"<[^>]+>", " ", re.sub(r"(?s)<(script|style).*?</\1>", "", html)).split()
    )


@pytest.fixture
def staff(db):
    return StaffFactory(email="staf@contoh.id", full_name="Dewi Lestari", groups=["Staf Galeri"])


@pytest.fixture
def outlet(db):
    return OutletFactory(name="Galeri Menong 1", slug="galeri-menong-1", whatsapp=OUTLET_WHATSAPP)


@pytest.fixture
def product(outlet, staff):
    product = ProductFactory(name="Guci Keramik Plered", price=150_000, weight_grams=1800)
    stock_receive(outlet=outlet, product=product, quantity=10, by=staff)
    return product


@pytest.fixture
def shopper(db):
    return UserFactory(email="siti@contoh.id", full_name="Siti Nurhaliza")


@pytest.fixture
def order(product, outlet, shopper):
    with time_machine.travel(MOMENT, tick=False):
        return order_place(
            cart_lines=[(product.pk, 2)],
            customer=shopper,
            name="Siti Nurhaliza",
            phone=SHOPPER_PHONE,
            outlet=outlet,
            idempotency_key=secrets.token_urlsafe(16),
        )


@pytest.fixture
def superuser(db):
    return UserFactory(email="admin@contoh.id", is_staff=True, is_superuser=True)


def test_the_format_functions_write_each_kind_of_value_one_way_per_language():
    with translation.override("id"):
        assert format_weight(1800) == "1.800 g"
        assert format_phone(SHOPPER_PHONE) == "0812-3456-7890"
    with translation.override("en"):
        assert format_weight(1800) == "1,800 g"
        assert format_phone(SHOPPER_PHONE) == "0812-3456-7890"
    assert format_phone("+628123456789") == "0812-345-6789"
    assert format_phone("(0264) 201234") == "(0264) 201234"
    assert format_weight(None) == format_phone("") == ""


def test_a_product_page_writes_the_weight_with_the_languages_thousands_separator(client, product):
    indonesian = visible(page(client, "products:product-detail", "id", slug=product.slug))
    english = visible(page(client, "products:product-detail", "en", slug=product.slug))

    assert "1.800 g" in indonesian and "1800 g" not in indonesian and "1,800" not in indonesian
    assert "1,800 g" in english and "1800 g" not in english and "1.800" not in english


def test_an_order_page_writes_its_date_and_time_one_way_per_language(client, order, shopper):
    client.force_login(shopper)

    indonesian = visible(page(client, "orders:order-detail", "id", number=order.number))
    english = visible(page(client, "orders:order-detail", "en", number=order.number))

    assert "6 Desember 2026, 08.21" in indonesian
    assert not re.search(r"(?<![\d:])\d{1,2}:\d\d(?![\d:])|(?<!\d)8\.21|Des |/2026", indonesian)
    assert "6 December 2026, 08:21" in english
    assert not re.search(r"(?<![\d.])\d{1,2}\.\d\d(?![\d.])|(?<!\d)8:21|Dec |/2026", english)


def test_the_vendor_dashboard_writes_months_in_full(client, order, product, staff):
    with time_machine.travel(MOMENT, tick=False):
        order_collect(
            order=order_mark_ready(order=order, by=staff), by=staff, payment_method="cash"
        )
    client.force_login(product.vendor.user)

    indonesian = visible(page(client, "dashboard-orders:order-lines", "id"))
    english = visible(page(client, "dashboard-orders:order-lines", "en"))

    assert "Desember 2026" in indonesian and "12/2026" not in indonesian
    assert "December 2026" in english and "12/2026" not in english


def test_a_counter_receipt_writes_the_time_and_the_outlets_number_one_way(
    client, outlet, product, staff
):
    Assignment.objects.create(user=staff, outlet=outlet)
    with time_machine.travel(MOMENT, tick=False):
        shift_open(outlet=outlet, by=staff, opening_float=100_000)
        sale = sale_record(
            outlet=outlet,
            by=staff,
            lines=[LineInput(product_id=product.pk, quantity=1)],
            payments=[PaymentInput(method="cash", amount=150_000, tendered=150_000)],
            idempotency_key=secrets.token_urlsafe(16),
        )
    client.force_login(staff)

    indonesian = page(client, "counter:receipt", "id", outlet=outlet.slug, number=sale.number)
    english = page(client, "counter:receipt", "en", outlet=outlet.slug, number=sale.number)

    assert "6 Desember 2026, 08.21" in visible(indonesian)
    assert "08:21" not in visible(indonesian) and "06/12/2026" not in visible(indonesian)
    assert "6 December 2026, 08:21" in visible(english) and "08.21" not in visible(english)
    for html in (indonesian, english):
        assert "0812-0000-0134" in visible(html) and OUTLET_WHATSAPP not in visible(html)


def test_the_admin_writes_the_shoppers_phone_locally_and_links_to_the_international_number(
    client, order, superuser
):
    client.force_login(superuser)

    html = client.get(reverse("admin:orders_order_change", args=[order.pk])).content.decode()

    assert "0812-3456-7890" in visible(html) and SHOPPER_PHONE not in visible(html)
    assert "https://wa.me/6281234567890" in html


class AdminTexts(HTMLParser):
    """The texts staff read as labels on an admin page: column headers, filter titles, action
    names, field labels and the headings of fieldsets and inlines (not the data shown)."""

    def __init__(self):
        super().__init__()
        self.texts, self.open = [], []
        self.in_thead = self.in_actions = False

    def _is_label(self, tag):
        return (
            tag in {"label", "h2"}
            or (tag == "th" and self.in_thead)
            or (tag == "option" and self.in_actions)
        )

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "details" and attrs.get("data-filter-title"):
            self.texts.append(attrs["data-filter-title"])
        self.in_thead = self.in_thead or tag == "thead"
        self.in_actions = self.in_actions or (tag == "select" and attrs.get("name") == "action")
        if self._is_label(tag):
            self.open.append([tag, ""])

    def handle_endtag(self, tag):
        if tag == "thead":
            self.in_thead = False
        if tag == "select":
            self.in_actions = False
        if self.open and self.open[-1][0] == tag:
            text = " ".join(self.open.pop()[1].split()).rstrip(":").strip()
            if text:
                self.texts.append(text)

    def handle_data(self, data):
        if self.open:
            self.open[-1][1] += data


def admin_texts(client, url, language, settings):
    # The admin has no language prefix: it speaks the default language.
    settings.LANGUAGE_CODE = language
    response = client.get(url)
    assert response.status_code == 200, url
    parser = AdminTexts()
    parser.feed(response.content.decode())
    return parser.texts


def same_in_both_languages():
    """The msgids whose Indonesian is the English word itself ("status", "email", "batch")."""
    po = Path(settings.BASE_DIR) / "locale" / "id" / "LC_MESSAGES" / "django.po"
    return {msgid.lower() for msgid, msgstrs, _ in entries(po) if msgstrs[0] == msgid}


@pytest.fixture
def admin_world(order, product, staff, superuser, client):
    """One object of each model staff use most, by its admin name."""
    client.force_login(superuser)
    return {
        "gallery_stocklevel": product.stock_levels.get(),
        "gallery_stockmovement": product.movements.first(),
        "products_product": product,
        "vendors_vendor": product.vendor,
        "orders_order": order,
    }


def test_the_indonesian_admin_pages_staff_use_have_no_english_label_left(
    client, admin_world, settings
):
    allowed = same_in_both_languages() | {"whatsapp", "qris", "nib", "sku", "umkm", "---------"}
    english_left = []
    for model, obj in admin_world.items():
        for url in (
            reverse(f"admin:{model}_changelist"),
            reverse(f"admin:{model}_change", args=[obj.pk]),
        ):
            english = admin_texts(client, url, "en", settings)
            indonesian = admin_texts(client, url, "id", settings)
            assert len(indonesian) == len(english), url
            english_left += [
                (url, text)
                for text, other in zip(indonesian, english, strict=True)
                if text == other
                and text.lower() not in allowed
                and text != str(obj)  # the heading of its change page
                and re.search("[a-z]", text)
            ]
            page_text = " ".join(indonesian)
            for word in ("PRODUCT", "OUTLET", "By product", "Berdasarkan product", "By outlet"):
                assert word not in page_text, (url, word)

    assert not english_left, "\n".join(map(str, english_left))


def test_every_admin_list_speaks_indonesian(client, admin_world, settings):
    from django.contrib import admin

    allowed = same_in_both_languages() | {"whatsapp", "qris", "nib", "sku", "umkm", "---------"}
    english_left = []
    for model in admin.site._registry:
        if model._meta.app_label not in PROJECT_APPS:
            continue  # other packages bring their own catalogues
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        english = admin_texts(client, url, "en", settings)
        indonesian = admin_texts(client, url, "id", settings)
        english_left += [
            (url, text)
            for text, other in zip(indonesian, english, strict=True)
            if text == other and text.lower() not in allowed and re.search("[a-z]", text)
        ]

    assert not english_left, "\n".join(map(str, english_left))
