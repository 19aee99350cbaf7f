"""Hypothesis against every public page's GET parameters and every public form: never a 500.

Arbitrary text, unicode, NUL bytes, huge and negative numbers, repeated and unknown parameters,
very long values, broken percent-encoding. A page answers below 500 without traceback text; a
form either does what it is for or changes nothing at all.

Every other page (accounts, the vendor dashboard, the counter, the admin, its CSV exports), as
every role that may open it, with odd values in each parameter it reads:
tests/hardening/test_odd_parameters.py.
"""

import io
import os
import secrets
from urllib.parse import quote, urlencode, urlsplit

import pytest
from django import forms
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from PIL import Image

from accounts.models import User
from core.models import Kecamatan
from gallery.models import StockLevel, StockMovement
from gallery.services import stock_receive
from orders.models import Order, OrderLine
from products.models import Product
from tests.factories import (
    CategoryFactory,
    OutletFactory,
    ProductFactory,
    StaffFactory,
    UserFactory,
    VendorFactory,
)
from training.models import TrainingSession
from vendors.models import Vendor, VendorImage

pytestmark = pytest.mark.django_db

PASSWORD = "kata-sandi-uji-2026"

# FUZZ_EXAMPLES=1000 for a deeper hunt than the suite's.
FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Values: what people type, what machines send, what attackers try.
SPECIAL = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "a\x00b",
        "%",
        "%00",
        "../../etc/passwd",
        "' OR 1=1 --",
        "<script>alert(1)</script>",
        "Rp150.000",
        "150.000",
        "1e309",
        "NaN",
        "-0",
        "0x1F",
        "０１２",
        "٣٤",
        "𝟘𝟙",
        "🏺 guci",
        "\u202egnp.exe",
        "true",
        "on",
        "[]",
        "null",
        "guci",
        "keramik plered",
        "gula aren",
        "bmbu",
    ]
)
NUMBERS = st.one_of(
    st.integers(min_value=-(10**6), max_value=10**6),
    st.integers(min_value=2**31 - 2, max_value=2**64 + 2),
    st.integers(min_value=10**30, max_value=10**400),
    st.integers(max_value=-(2**63)),
    st.floats(allow_nan=True, allow_infinity=True),
).map(str)
LONG = st.builds(
    lambda chunk, times: chunk * times, st.text(min_size=1, max_size=4), st.integers(300, 3000)
)
VALUE = st.one_of(st.text(max_size=30), NUMBERS, SPECIAL, LONG)
RAW_TAILS = st.sampled_from(["", "&", "&%", "&%ZZ", "&%ff%fe", "&=", "&&&=&", "&q", "&page=%C0%AF"])

PARAMETERS = [
    "q",
    "kategori",
    "kecamatan",
    "galeri",
    "harga_min",
    "harga_maks",
    "tersedia",
    "pesanan",
    "urut",
    "page",
    "category",
    "outlet",
    "number",
    "next",
    "p",
    "language",
]


def png(size=(64, 48)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (154, 52, 18)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def site(db, settings):
    """A small gallery with one of everything a public page shows."""
    settings.PAGE_CACHE_SECONDS = 300  # as in production: the page cache's keys are fuzzed too
    top = CategoryFactory(slug="uji-keramik", name_id="Keramik Uji", name_en="Test Ceramics")
    child = CategoryFactory(slug="uji-guci", name_id="Guci Uji", name_en="Test Jars", parent=top)
    vendor = VendorFactory(slug="gerabah-uji", user=UserFactory(email="umkm@contoh.id"))
    product = ProductFactory(vendor=vendor, category=child, slug="guci-uji", price=185_000)
    made_to_order = ProductFactory(
        vendor=vendor, category=child, made_to_order=True, lead_time_days=7
    )
    outlet = OutletFactory(slug="galeri-uji")
    staff = StaffFactory(email="staf@contoh.id")
    stock_receive(outlet=outlet, product=product, quantity=5, by=staff)
    starts = timezone.now() + timezone.timedelta(days=7)
    training = TrainingSession.objects.create(
        title="Foto Produk dengan Ponsel",
        topic=TrainingSession.Topic.ECOMMERCE,
        description="Cahaya, latar dan sudut untuk foto katalog.",
        starts_at=starts,
        ends_at=starts + timezone.timedelta(hours=2),
        place="Aula Dinas Koperasi dan UKM, Purwakarta",
        quota=20,
        is_published=True,
    )
    return {
        "top": top,
        "child": child,
        "vendor": vendor,
        "product": product,
        "made_to_order": made_to_order,
        "outlet": outlet,
        "training": training,
        "user": UserFactory(email="siti@contoh.id", phone="0812 3456 7890"),
    }


def public_paths(site):
    return {
        "home": "/",
        "catalogue": "/produk/",
        "product": f"/produk/{site['product'].slug}/",
        "category": f"/kategori/{site['top'].slug}/",
        "subcategory": f"/kategori/{site['child'].slug}/",
        "vendor-directory": "/umkm/",
        "vendor": f"/umkm/{site['vendor'].slug}/",
        "vendor-register": "/umkm/daftar/",
        "outlets": "/galeri/",
        "outlet": f"/galeri/{site['outlet'].slug}/",
        "training": "/pelatihan/",
        "training-session": f"/pelatihan/{site['training'].pk}/",
        "order-lookup": "/pesanan/cek/",
        "cart": "/keranjang/",
        "login": "/akun/masuk/",
        "signup": "/akun/daftar/",
        "password-reset": "/akun/kata-sandi/lupa/",
    }


UNPREFIXED = {"sitemap": "/sitemap.xml", "robots": "/robots.txt", "health": "/healthz"}


def valid_values(site):
    """Values each parameter would take on a real page, mixed in with the arbitrary ones."""
    return st.sampled_from(
        [
            site["top"].slug,
            site["child"].slug,
            site["outlet"].slug,
            site["vendor"].kecamatan.code,
            site["vendor"].kecamatan.name,
            "relevan",
            "terbaru",
            "termurah",
            "termahal",
            "1",
            "2",
            "on",
            "50.000",
            "Rp200.000",
            "id",
            "en",
            "/en/produk/",
            "https://contoh.id/",
        ]
    )


def query_strings(site):
    pairs = st.lists(
        st.tuples(
            st.one_of(st.sampled_from(PARAMETERS), st.text(max_size=8)),
            st.one_of(VALUE, valid_values(site)),
        ),
        max_size=8,
    )
    return st.builds(lambda p, tail: urlencode(p) + tail, pairs, RAW_TAILS)


def assert_answered(response):
    """Below 500, and no traceback or debug page leaked into the body."""
    body = b"".join(response) if response.streaming else response.content
    event(f"status {response.status_code}")
    assert response.status_code < 500, (response.status_code, body[:500])
    assert b"Traceback" not in body
    assert b"DEBUG = True" not in body


PAGES = [
    "home",
    "catalogue",
    "product",
    "category",
    "subcategory",
    "vendor-directory",
    "vendor",
    "vendor-register",
    "outlets",
    "outlet",
    "training",
    "training-session",
    "order-lookup",
    "cart",
    "login",
    "signup",
    "password-reset",
]


@pytest.mark.parametrize("page", PAGES)
def test_any_get_parameters_on_a_public_page_never_give_a_server_error(site, page):
    path = public_paths(site)[page]

    @FUZZ
    @given(query=query_strings(site), language=st.sampled_from(["", "/en"]))
    def check(query, language):
        assert_answered(Client().get(f"{language}{path}?{query}"))

    check()


@pytest.mark.parametrize("page", sorted(UNPREFIXED))
def test_any_get_parameters_on_the_sitemap_robots_and_health_check_never_give_a_server_error(
    site, page
):
    @FUZZ
    @given(query=query_strings(site))
    def check(query):
        assert_answered(Client().get(f"{UNPREFIXED[page]}?{query}"))

    check()


PATHS_WITH_PARTS = [
    "/produk/{}/",
    "/kategori/{}/",
    "/umkm/{}/",
    "/galeri/{}/",
    "/pelatihan/{}/",
    "/pesanan/{}/",
    "/akun/verifikasi/{}/",
    "/umkm/verifikasi/{}/",
    "/akun/kata-sandi/atur/{}/{}/",
    "/media/{}",
    "/media/images/{}/{}",
]


@pytest.mark.parametrize("pattern", PATHS_WITH_PARTS)
def test_any_slug_number_or_token_in_a_public_address_never_gives_a_server_error(site, pattern):
    part = st.one_of(VALUE, NUMBERS, st.just(site["product"].slug), st.just("GM-261128-7Q4KX"))
    part = part.filter(bool).map(lambda text: quote(text, safe=""))

    @FUZZ
    @given(parts=st.tuples(part, part), language=st.sampled_from(["", "/en"]))
    @example(parts=("%00", "%00"), language="")
    @example(parts=("a" * 300, "b" * 300), language="")
    def check(parts, language):
        assert_answered(Client().get(language + pattern.format(*parts)))

    check()


HEADER = st.one_of(st.text(max_size=60), SPECIAL, LONG).map(
    lambda text: text.encode("utf-8", "surrogatepass").decode("latin-1")
)


@pytest.mark.parametrize("proxies", [0, 1])
def test_any_headers_and_cookies_never_give_a_server_error(site, settings, proxies):
    """Languages, cookies and forwarded addresses as a browser, a bot or an attacker sends
    them; behind a proxy (PROXY_COUNT=1) too, where a failed login records the address."""
    settings.PROXY_COUNT = proxies
    paths = ["/", "/produk/?q=guci", f"/produk/{site['product'].slug}/", "/keranjang/"]

    @FUZZ
    @given(
        path=st.sampled_from(paths),
        language=st.one_of(HEADER, st.sampled_from(["id", "en-US,en;q=0.9", "*", "zz;q=2"])),
        forwarded=st.one_of(HEADER, st.sampled_from(["203.0.113.9", "1.2.3.4, ::1", "::ffff:1"])),
        cookies=st.dictionaries(
            st.sampled_from(["sessionid", "csrftoken", "django_language", "messages", "x"]),
            st.one_of(HEADER, st.sampled_from(["en", "id", "zz", ""])),
            max_size=3,
        ),
    )
    @example(path="/", language="", forwarded="0", cookies={})
    @rolled_back
    def check(path, language, forwarded, cookies):
        client = Client(HTTP_ACCEPT_LANGUAGE=language, HTTP_X_FORWARDED_FOR=forwarded)
        for name, value in cookies.items():
            client.cookies[name] = value
        assert_answered(client.get(path))
        login = {"username": "siti@contoh.id", "password": "salah"}
        assert_answered(client.post("/akun/masuk/", login))

    check()


def test_a_session_cookie_holding_a_nul_byte_is_ignored(site):
    # Printable on the wire: the octal escape in a quoted cookie value becomes the NUL byte.
    client = Client(HTTP_COOKIE='sessionid="abcdefghij\\000klmnop"')
    response = client.get("/keranjang/")
    # No such session: the visitor simply gets an empty cart.
    assert response.status_code == 200


# Forms. Every example runs in a transaction that is rolled back, so examples do not meet.


def snapshot():
    """What a public form could change in the database."""
    levels = list(StockLevel.objects.order_by("pk").values_list("on_hand", "reserved"))
    return {
        "users": User.objects.count(),
        "vendors": Vendor.objects.count(),
        "vendor_images": VendorImage.objects.count(),
        "products": Product.objects.count(),
        "orders": Order.objects.count(),
        "order_lines": OrderLine.objects.count(),
        "movements": StockMovement.objects.count(),
        "levels": levels,
    }


def form_data(fields, valid=(), extra=True):
    """A dict of some of ``fields`` with arbitrary values (lists too: repeated fields), maybe
    with unknown fields; ``valid`` adds plausible values to the mix."""
    value = st.one_of(VALUE, st.sampled_from(list(valid) or [""]))
    value = st.one_of(value, st.lists(value, min_size=2, max_size=3))
    data = st.fixed_dictionaries({}, optional=dict.fromkeys(fields, value))
    if extra:
        data = st.builds(
            lambda known, unknown: {**unknown, **known},
            data,
            st.dictionaries(st.text(min_size=1, max_size=10), VALUE, max_size=2),
        )
    return data


def rolled_back(check):
    def run(*args, **kwargs):
        with transaction.atomic():
            check(*args, **kwargs)
            transaction.set_rollback(True)

    return run


def test_the_login_form_with_any_values_never_fails_and_changes_nothing(site):
    @FUZZ
    @given(data=form_data(["username", "password", "next"], ["siti@contoh.id", PASSWORD, "/"]))
    @rolled_back
    def check(data):
        before = snapshot()
        response = Client().post("/akun/masuk/", data)
        assert_answered(response)
        assert snapshot() == before

    check()


def test_the_signup_form_with_any_values_never_fails_and_saves_only_a_valid_account(site):
    valid = ["baru@contoh.id", "Siti Rahmawati", "0812 3456 7890", "gentong-anjun-1978"]

    @FUZZ
    @given(data=form_data(["email", "full_name", "phone", "password1", "password2"], valid))
    @rolled_back
    def check(data):
        before = snapshot()
        response = Client().post("/en/akun/daftar/", data)
        assert_answered(response)
        if response.status_code == 302:
            assert snapshot()["users"] == before["users"] + 1
        else:
            assert snapshot() == before

    check()


def test_the_password_reset_form_with_any_values_never_fails_and_changes_nothing(site):
    @FUZZ
    @given(data=form_data(["email"], ["siti@contoh.id", "SITI@contoh.id"]))
    @rolled_back
    def check(data):
        before = snapshot()
        sent = len(mail.outbox)
        response = Client().post("/akun/kata-sandi/lupa/", data)
        assert_answered(response)
        assert snapshot() == before
        # Mail goes only to the account that exists, never to an address typed in.
        assert all(m.to == ["siti@contoh.id"] for m in mail.outbox[sent:])

    check()


def uploads():
    """An upload: a real small PNG, or arbitrary bytes under an arbitrary name."""
    name = st.one_of(
        st.sampled_from(["logo.png", "foto.jpg", "x.webp", "a.svg", ".png", "noext"]),
        st.text(min_size=1, max_size=20).filter(lambda s: "\x00" not in s and "/" not in s),
    )
    content = st.one_of(st.just(png()), st.binary(max_size=200), st.just(b"GIF89a" + b"\x00" * 20))
    return st.builds(lambda n, c: SimpleUploadedFile(n, c), name, content)


def test_the_vendor_registration_with_any_values_and_files_never_fails(site):
    fields = [
        "email",
        "password1",
        "password2",
        "business_name",
        "owner_name",
        "categories",
        "story",
        "founded_year",
        "kecamatan",
        "desa",
        "address",
        "whatsapp",
        "show_whatsapp",
        "nib",
        "link_instagram",
        "link_website",
    ]
    valid = [
        "sari@contoh.id",
        "gentong-anjun-1978",
        "Gerabah Sari",
        str(site["top"].pk),
        str(Kecamatan.objects.get(name="Plered").pk),
        "1998",
        "0812-3456-7890",
        "@gerabahsari",
    ]

    @FUZZ
    @given(
        data=form_data(fields, valid),
        files=st.fixed_dictionaries({}, optional={"logo": uploads(), "photos": uploads()}),
    )
    @rolled_back
    def check(data, files):
        before = snapshot()
        response = Client().post("/en/umkm/daftar/", {**data, **files})
        assert_answered(response)
        if response.status_code == 302:
            assert snapshot()["vendors"] == before["vendors"] + 1
        else:
            assert snapshot() == before

    check()


def cart_of(client):
    return dict((client.session.get("cart") or {}).get("lines") or {})


def posted(data, name):
    """The value a form reads for ``name``: the last one, when the field was sent several times."""
    value = data.get(name)
    return value[-1] if isinstance(value, list) else value


def as_id(value):
    """A primary key as the database lookup reads it (" 7", "+7" and "٧" are all 7)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def is_quantity(value):
    try:
        return 1 <= forms.IntegerField().clean(value) <= 99
    except forms.ValidationError:
        return False


def test_adding_to_the_cart_with_any_values_never_fails_and_adds_only_a_valid_line(site):
    product = site["product"]
    valid = [str(product.pk), str(site["made_to_order"].pk), "1", "2", "99", "100", "0"]

    @FUZZ
    @given(data=form_data(["product", "quantity", "price"], valid))
    @rolled_back
    def check(data):
        client = Client()
        before = snapshot()
        response = client.post("/keranjang/tambah/", data)
        assert_answered(response)
        assert response.status_code == 302
        assert snapshot() == before
        lines = cart_of(client)
        if lines:
            # Only a public product, in a quantity that is a whole number from 1 to 99.
            (product_id, quantity), *others = lines.items()
            assert not others
            assert int(product_id) in {product.pk, site["made_to_order"].pk}
            assert as_id(posted(data, "product")) == int(product_id)
            assert is_quantity(posted(data, "quantity"))
            assert quantity == forms.IntegerField().clean(posted(data, "quantity"))

    check()


@pytest.fixture
def shopper_with_a_cart(site):
    def make():
        client = Client()
        response = client.post("/keranjang/tambah/", {"product": site["product"].pk, "quantity": 2})
        assert response.status_code == 302 and cart_of(client)
        return client

    return make


def test_changing_or_removing_a_cart_line_with_any_values_never_fails(site, shopper_with_a_cart):
    product = site["product"]

    @FUZZ
    @given(
        product_id=st.one_of(st.just(product.pk), st.integers(0, 2**70)),
        action=st.sampled_from(["ubah", "hapus"]),
        data=form_data(["quantity"], ["1", "3", "99", "100", "0", "-1"]),
    )
    @rolled_back
    def check(product_id, action, data):
        client = shopper_with_a_cart()
        response = client.post(f"/keranjang/{product_id}/{action}/", data)
        assert_answered(response)
        lines = cart_of(client)
        if action == "hapus":
            assert lines == ({} if product_id == product.pk else {str(product.pk): 2})
        elif product_id == product.pk and is_quantity(posted(data, "quantity")):
            assert lines == {str(product.pk): forms.IntegerField().clean(posted(data, "quantity"))}
        else:
            assert lines == {str(product.pk): 2}
        # Whatever was posted, the cart page still shows.
        assert_answered(client.get("/keranjang/"))

    check()


def test_the_checkout_details_with_any_values_never_fail_and_place_nothing(
    site, shopper_with_a_cart
):
    valid = ["Siti Rahmawati", "0812 3456 7890", "+6281234567890", "siti@contoh.id"]
    valid.append(str(site["outlet"].pk))

    @FUZZ
    @given(data=form_data(["name", "phone", "email", "outlet", "note"], valid))
    @rolled_back
    def check(data):
        client = shopper_with_a_cart()
        before = snapshot()
        response = client.post("/pesan/", data)
        assert_answered(response)
        assert snapshot() == before
        if response.status_code == 302:
            assert response["Location"].endswith("/pesan/periksa/")
            assert_answered(client.get("/pesan/periksa/"))

    check()


def test_placing_an_order_with_any_token_never_fails_and_places_nothing(site, shopper_with_a_cart):
    contact = {
        "name": "Siti Rahmawati",
        "phone": "0812 3456 7890",
        "outlet": site["outlet"].pk,
    }

    @FUZZ
    @given(data=form_data(["token"], [secrets.token_urlsafe(32)]))
    @rolled_back
    def check(data):
        client = shopper_with_a_cart()
        assert client.post("/pesan/", contact).status_code == 302
        before = snapshot()
        response = client.post("/pesan/buat/", data)
        assert_answered(response)
        assert snapshot() == before

    check()


def test_the_order_lookup_with_any_values_never_fails_and_opens_nothing(site):
    @FUZZ
    @given(data=form_data(["number", "phone"], ["GM-261128-7Q4KX", "0812 3456 7890"]))
    @rolled_back
    def check(data):
        client = Client()
        before = snapshot()
        response = client.post("/pesanan/cek/", data)
        assert_answered(response)
        assert response.status_code == 200  # no such order: the form again
        assert snapshot() == before
        assert not client.session.get("orders_granted")

    check()


def test_cancelling_an_unknown_order_with_any_values_never_fails(site):
    @FUZZ
    @given(
        number=st.one_of(st.just("GM-261128-7Q4KX"), st.text(min_size=1, max_size=30)),
        data=form_data(["reason"]),
    )
    @rolled_back
    def check(number, data):
        before = snapshot()
        path = f"/pesanan/{quote(number, safe='')}/batal/"
        response = Client().post(path, data)
        assert_answered(response)
        assert snapshot() == before

    check()


def test_the_language_switch_with_any_values_never_fails(site):
    @FUZZ
    @given(data=form_data(["language", "next"], ["id", "en", "/produk/", "//contoh.id/", "x"]))
    @rolled_back
    def check(data):
        response = Client().post("/i18n/setlang/", data)
        assert_answered(response)
        if response.status_code == 302:
            # Never away from the site, whatever ``next`` says.
            location = urlsplit(response["Location"])
            assert location.scheme in ("", "http") and location.netloc in ("", "testserver")

    check()
