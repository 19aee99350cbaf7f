"""Rate limits (core.limits): every action that sends a message, creates an account or a record, or
tries a password is counted per client address and per target, in the shared cache.

Each endpoint is tried both ways: one address aiming at many targets, and one target aimed at from
many addresses. A refused request did nothing (no row, no mail) and gets the branded 429 page with
Retry-After; normal use never meets a limit. Rates are lowered where the real ones would make a
test slow; the password-spraying test runs on the real defaults.
"""

import logging
import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse

from accounts.models import User
from core.limits import check_rates
from core.models import OutgoingEmail
from gallery.services import stock_receive
from orders.models import Order
from products.models import ProductImage
from tests.factories import (
    CategoryFactory,
    OutletFactory,
    ProductFactory,
    StaffFactory,
    UserFactory,
    VendorFactory,
    kecamatan,
)
from tests.products import pictures
from vendors.models import Vendor

pytestmark = pytest.mark.django_db

PASSWORD = "kata-sandi-uji-2026"  # tests.factories.UserFactory's
NEW_PASSWORD = "gentong-anjun-1978-biru"
HOME = "203.0.113.10"


@pytest.fixture
def rates(settings):
    """Lower some rates for this test: rates(**{"signup.address": "2/h"})."""

    def lower(**changes):
        settings.RATE_LIMITS = {**settings.RATE_LIMITS, **changes}

    return lower


def ip(n):
    return f"198.51.100.{n}"


def sent():
    """Emails sent or queued (sign-up and verification links go through the outbox)."""
    return len(mail.outbox) + OutgoingEmail.objects.count()


def refused(response):
    """The branded 429 page with a usable Retry-After, in the page's language."""
    assert response.status_code == 429, response.status_code
    assert 0 < int(response["Retry-After"]) <= 24 * 60 * 60
    html = response.content.decode()
    assert 'class="site-header"' in html and 'class="site-footer"' in html
    return html


# The answer -------------------------------------------------------------------------------------


def signup_data(email, **changes):
    return {
        "email": email,
        "full_name": "Siti Rahmawati",
        "phone": "0812 3456 7890",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        **changes,
    }


def test_the_refusal_is_the_branded_page_in_indonesian_and_in_english(rates):
    rates(**{"signup.address": "1/h"})
    Client().post("/akun/daftar/", signup_data("satu@contoh.id"), REMOTE_ADDR=HOME)

    indonesian = refused(
        Client().post("/akun/daftar/", signup_data("dua@contoh.id"), REMOTE_ADDR=HOME)
    )
    assert '<html lang="id">' in indonesian
    assert "Terlalu banyak percobaan" in indonesian
    assert re.search(r"\d+\s(menit|jam)", indonesian)

    english = refused(
        Client().post("/en/akun/daftar/", signup_data("tiga@contoh.id"), REMOTE_ADDR=HOME)
    )
    assert '<html lang="en">' in english
    assert "Too many attempts" in english
    assert re.search(r"Please wait \d+.(minutes?|hours?), then try again", english)


def test_looking_at_the_forms_never_counts(rates):
    rates(**{"signup.address": "2/h", "password-reset.address": "2/h"})
    visitor = Client(REMOTE_ADDR=HOME)
    for _i in range(10):
        assert visitor.get("/akun/daftar/").status_code == 200
        assert visitor.get("/akun/kata-sandi/lupa/").status_code == 200
        assert visitor.get("/akun/masuk/").status_code == 200
    visitor.post("/akun/daftar/", signup_data("siti@contoh.id"))
    assert User.objects.filter(email="siti@contoh.id").exists()


def test_behind_the_proxy_the_forwarded_address_is_counted(settings, rates):
    settings.PROXY_COUNT = 1
    rates(**{"signup.address": "2/h"})
    proxy = "10.0.0.2"

    def sign_up(email, forwarded):
        return Client().post(
            "/akun/daftar/",
            signup_data(email),
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR=forwarded,
        )

    sign_up("a@contoh.id", "198.51.100.7")
    sign_up("b@contoh.id", "192.0.2.1, 198.51.100.7")  # a forged left part changes nothing
    refused(sign_up("c@contoh.id", "198.51.100.7"))
    # Every visitor comes through the proxy; only the one forwarded address is refused.
    sign_up("d@contoh.id", "198.51.100.8")
    assert User.objects.filter(email="d@contoh.id").exists()
    assert not User.objects.filter(email="c@contoh.id").exists()


def test_an_ipv6_subscriber_is_counted_by_its_network(rates):
    rates(**{"signup.address": "2/h"})
    for n, email in enumerate(["a@contoh.id", "b@contoh.id"], start=1):
        Client().post("/akun/daftar/", signup_data(email), REMOTE_ADDR=f"2001:db8:1:2::{n}")
    refused(
        Client().post("/akun/daftar/", signup_data("c@contoh.id"), REMOTE_ADDR="2001:db8:1:2:ff::9")
    )
    Client().post("/akun/daftar/", signup_data("d@contoh.id"), REMOTE_ADDR="2001:db8:1:3::1")
    assert User.objects.filter(email="d@contoh.id").exists()


def test_when_the_cache_is_down_actions_go_through_and_it_is_logged(settings, caplog):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens on the discard port
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    caplog.set_level(logging.WARNING, logger="galeri.limits")
    response = Client().post("/en/akun/daftar/", signup_data("siti@contoh.id"), REMOTE_ADDR=HOME)
    assert response.status_code == 302
    assert User.objects.filter(email="siti@contoh.id").exists()
    assert "limit signup.address not counted" in caplog.text


def test_a_mistyped_rate_stops_the_site_at_start(settings):
    check_rates(settings.RATE_LIMITS)
    with pytest.raises(ImproperlyConfigured, match=r"signup\.adress"):
        check_rates({**settings.RATE_LIMITS, "signup.adress": "5/h"})
    with pytest.raises(ImproperlyConfigured, match="count per period"):
        check_rates({**settings.RATE_LIMITS, "signup.address": "five an hour"})
    with pytest.raises(ImproperlyConfigured, match="count per period"):
        check_rates({**settings.RATE_LIMITS, "signup.address": "0/h"})


# Shopper sign-up --------------------------------------------------------------------------------


def test_signup_is_limited_per_address(rates):
    rates(**{"signup.address": "3/h"})
    for n in range(3):
        Client().post("/akun/daftar/", signup_data(f"pembeli{n}@contoh.id"), REMOTE_ADDR=HOME)
    assert User.objects.count() == 3
    before = sent()

    refused(Client().post("/akun/daftar/", signup_data("pembeli9@contoh.id"), REMOTE_ADDR=HOME))
    assert User.objects.count() == 3
    assert sent() == before
    # Another address is not held back.
    Client().post("/akun/daftar/", signup_data("tetangga@contoh.id"), REMOTE_ADDR=ip(1))
    assert User.objects.filter(email="tetangga@contoh.id").exists()


def test_signup_is_limited_per_email_address_from_any_address(rates):
    rates(**{"signup.email": "2/h"})
    for n, typed in enumerate(["siti@contoh.id", " SITI@Contoh.id "], start=1):
        Client().post("/akun/daftar/", signup_data(typed), REMOTE_ADDR=ip(n))
    before = sent()
    users = User.objects.count()

    refused(Client().post("/akun/daftar/", signup_data("Siti@contoh.ID"), REMOTE_ADDR=ip(9)))
    assert User.objects.count() == users
    assert sent() == before


def test_a_shopper_who_mistypes_twice_signs_up():
    shopper = Client(REMOTE_ADDR=HOME)
    shopper.post("/akun/daftar/", signup_data("siti@contoh.id", password2="gentong-anjun"))
    shopper.post("/akun/daftar/", signup_data("siti@contoh"))
    response = shopper.post("/akun/daftar/", signup_data("siti@contoh.id"))
    assert response.status_code == 302
    assert User.objects.filter(email="siti@contoh.id").exists()


# Vendor registration ----------------------------------------------------------------------------


@pytest.fixture
def registration(db):
    ceramics = CategoryFactory(slug="keramik-gerabah", name_id="Keramik", name_en="Ceramics")

    def data(email):
        return {
            "email": email,
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "business_name": "Gerabah Sari Anjun",
            "owner_name": "Sari Wulandari",
            "categories": [ceramics.pk],
            "story": "Kami membuat gentong dan pot tanah liat sejak 1998.",
            "founded_year": "1998",
            "kecamatan": kecamatan("Plered").pk,
            "desa": "Anjun",
            "address": "Jl. Raya Anjun No. 5",
            "whatsapp": "0812-3456-7890",
            "nib": "1234567890123",
        }

    return data


def test_vendor_registration_is_limited_per_address(rates, registration):
    rates(**{"vendor-register.address": "2/h"})
    for n in range(2):
        Client().post("/umkm/daftar/", registration(f"umkm{n}@contoh.id"), REMOTE_ADDR=HOME)
    assert Vendor.objects.count() == 2
    before = sent()

    refused(Client().post("/umkm/daftar/", registration("umkm9@contoh.id"), REMOTE_ADDR=HOME))
    assert Vendor.objects.count() == 2
    assert not User.objects.filter(email="umkm9@contoh.id").exists()
    assert sent() == before


def test_vendor_registration_is_limited_per_email_address_from_any_address(rates, registration):
    rates(**{"vendor-register.email": "2/h"})
    for n in range(2):
        Client().post("/umkm/daftar/", registration("SARI@contoh.id"), REMOTE_ADDR=ip(n))
    before = (User.objects.count(), Vendor.objects.count(), sent())

    refused(Client().post("/umkm/daftar/", registration(" sari@contoh.id"), REMOTE_ADDR=ip(9)))
    assert (User.objects.count(), Vendor.objects.count(), sent()) == before


def test_a_vendor_who_mistypes_twice_registers(registration):
    vendor = Client(REMOTE_ADDR=HOME)
    vendor.post("/umkm/daftar/", {**registration("sari@contoh.id"), "password2": "lain"})
    vendor.post("/umkm/daftar/", {**registration("sari@contoh.id"), "whatsapp": "12"})
    assert vendor.post("/umkm/daftar/", registration("sari@contoh.id")).status_code == 302
    assert Vendor.objects.filter(user__email="sari@contoh.id").exists()


# Password reset ---------------------------------------------------------------------------------


def test_password_reset_is_limited_per_address(rates):
    rates(**{"password-reset.address": "2/h"})
    users = [UserFactory(email=f"pembeli{n}@contoh.id") for n in range(3)]
    for user in users[:2]:
        Client().post("/akun/kata-sandi/lupa/", {"email": user.email}, REMOTE_ADDR=HOME)
    assert sent() == 2

    refused(Client().post("/akun/kata-sandi/lupa/", {"email": users[2].email}, REMOTE_ADDR=HOME))
    assert sent() == 2


def test_password_reset_is_limited_per_email_address_from_any_address(rates):
    rates(**{"password-reset.email": "2/h"})
    UserFactory(email="siti@contoh.id")
    for n, typed in enumerate(["siti@contoh.id", "SITI@contoh.id "]):
        Client().post("/akun/kata-sandi/lupa/", {"email": typed}, REMOTE_ADDR=ip(n))
    assert sent() == 2

    refused(Client().post("/akun/kata-sandi/lupa/", {"email": "Siti@contoh.id"}, REMOTE_ADDR=ip(9)))
    assert sent() == 2


def test_a_shopper_asks_for_a_reset_link_twice():
    UserFactory(email="siti@contoh.id")
    for _i in range(2):
        response = Client().post("/akun/kata-sandi/lupa/", {"email": "siti@contoh.id"})
        assert response.status_code == 302
    assert sent() == 2


# Sending the confirmation link again ------------------------------------------------------------


def logged_in(user, address=HOME):
    client = Client(REMOTE_ADDR=address)
    client.force_login(user)
    return client


def test_sending_the_link_again_is_limited_per_account_from_any_address(rates):
    rates(**{"verification.email": "2/h"})
    user = UserFactory(email="siti@contoh.id", email_verified_at=None)
    for n in range(2):
        logged_in(user, ip(n)).post("/akun/verifikasi/kirim/")
    assert sent() == 2

    refused(logged_in(user, ip(9)).post("/akun/verifikasi/kirim/"))
    assert sent() == 2


def test_sending_the_link_again_is_limited_per_address(rates):
    rates(**{"verification.address": "2/h"})
    users = [UserFactory(email=f"pembeli{n}@contoh.id", email_verified_at=None) for n in range(3)]
    for user in users[:2]:
        logged_in(user).post("/akun/verifikasi/kirim/")
    refused(logged_in(users[2]).post("/akun/verifikasi/kirim/"))
    assert sent() == 2


def test_the_vendors_send_again_button_shares_the_count(rates):
    rates(**{"verification.email": "2/h"})
    vendor = VendorFactory(status=Vendor.Status.DRAFT, user__email_verified_at=None)
    client = logged_in(vendor.user)
    client.post("/akun/verifikasi/kirim/")
    client.post("/dasbor/verifikasi/kirim/")
    before = sent()
    refused(client.post("/dasbor/verifikasi/kirim/"))
    assert sent() == before


# Order lookup -----------------------------------------------------------------------------------


@pytest.fixture
def shop(db):
    outlet = OutletFactory()
    product = ProductFactory(name="Kendi Anjun")
    stock_receive(outlet=outlet, product=product, quantity=50, by=StaffFactory())
    return outlet, product


def lookup(number, phone, address):
    return Client().post(
        "/en/pesanan/cek/", {"number": number, "phone": phone}, REMOTE_ADDR=address
    )


TOO_MANY = "Too many attempts. Please wait a few minutes and try again."


def test_lookup_misses_are_limited_per_order_number_however_it_is_typed(rates, shop):
    rates(**{"lookup.order": "3/h"})
    for n, typed in enumerate(["GM-261128-ZZZZZ", "gm-261128-zzzzz", " GM-261128 -ZZZZZ"]):
        lookup(typed, "0811 1111 1111", ip(n))
    response = lookup("Gm-261128-zzzzz", "0811 1111 1111", ip(9))
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert response.context["form"].non_field_errors() == [TOO_MANY]


def test_lookup_misses_are_limited_per_address(rates, shop):
    rates(**{"lookup.address": "3/h"})
    for n in range(3):
        lookup(f"GM-261128-ZZZZ{n}", "0811 1111 1111", HOME)
    response = lookup("GM-261128-ZZZZ9", "0811 1111 1111", HOME)
    assert response.status_code == 429
    assert response.context["form"].non_field_errors() == [TOO_MANY]
    # The refusal is the site's own page, in the visitor's language.
    indonesian = Client().post(
        "/pesanan/cek/", {"number": "GM-261128-ZZZZ9", "phone": "0811"}, REMOTE_ADDR=HOME
    )
    assert indonesian.status_code == 429
    assert 'class="site-header"' in indonesian.content.decode()
    assert TOO_MANY not in indonesian.content.decode()
    # Another address still looks orders up.
    response = lookup("GM-261128-ZZZZ9", "0811 1111 1111", ip(1))
    assert response.status_code == 200
    assert TOO_MANY not in response.context["form"].non_field_errors()


# Checkout ---------------------------------------------------------------------------------------


def check_out(shop, *, phone, email="", address=HOME):
    """Fill a cart, give the details, open the review; the POST that places the order is left."""
    outlet, product = shop
    client = Client(REMOTE_ADDR=address)
    client.post(reverse("orders:cart-add"), {"product": product.pk, "quantity": 1})
    details = {"name": "Siti", "phone": phone, "email": email, "note": "", "outlet": outlet.pk}
    assert client.post(reverse("orders:checkout"), details).status_code == 302
    html = client.get(reverse("orders:checkout-review")).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    return lambda: client.post(reverse("orders:checkout-place"), {"token": token})


def test_placing_orders_is_limited_per_address(rates, shop):
    rates(**{"checkout.address": "2/h"})
    for n in range(2):
        check_out(shop, phone=f"0812 0000 000{n}")()
    assert Order.objects.count() == 2

    refused(check_out(shop, phone="0812 0000 0009")())
    assert Order.objects.count() == 2


def test_placing_orders_is_limited_per_phone_from_any_address(rates, shop):
    rates(**{"checkout.phone": "2/h"})
    for n, typed in enumerate(["0812-3456-7890", "+62 812 3456 7890"]):
        check_out(shop, phone=typed, address=ip(n))()
    assert Order.objects.count() == 2

    refused(check_out(shop, phone="6281234567890", address=ip(9))())
    assert Order.objects.count() == 2


def test_placing_orders_is_limited_per_email_from_any_address(rates, shop):
    rates(**{"checkout.email": "1/h"})
    check_out(shop, phone="0812 0000 0001", email="siti@contoh.id", address=ip(1))()
    before = sent()
    refused(check_out(shop, phone="0812 0000 0002", email="SITI@contoh.id", address=ip(2))())
    assert Order.objects.count() == 1
    assert sent() == before


def test_a_shopper_places_a_few_orders_in_a_row(shop):
    for _i in range(5):
        response = check_out(shop, phone="0812 3456 7890")()
        assert response.status_code == 302
    assert Order.objects.count() == 5


# Uploads from the vendor dashboard --------------------------------------------------------------


def upload_photo(client, product):
    return client.post(
        reverse("dashboard-products:product-images", args=[product.pk]),
        {"picture": pictures.jpeg(size=(320, 240)), "alt": "Kendi coklat di atas meja kayu"},
    )


def test_uploads_are_limited_per_account_from_any_address(rates):
    rates(**{"upload.account": "3/h"})
    product = ProductFactory()
    for n in range(3):
        assert upload_photo(logged_in(product.vendor.user, ip(n)), product).status_code == 302
    refused(upload_photo(logged_in(product.vendor.user, ip(9)), product))
    # The vendor's own photos and logo count with the product photos.
    refused(
        logged_in(product.vendor.user, ip(8)).post(
            reverse("dashboard-vendors:logo-upload"), {"logo": pictures.jpeg(size=(320, 240))}
        )
    )
    assert ProductImage.objects.filter(product=product).count() == 3


def test_uploads_are_limited_per_address(rates):
    rates(**{"upload.address": "2/h"})
    products = [ProductFactory() for _i in range(3)]
    for product in products[:2]:
        assert upload_photo(logged_in(product.vendor.user), product).status_code == 302
    refused(upload_photo(logged_in(products[2].vendor.user), products[2]))
    assert not ProductImage.objects.filter(product=products[2]).exists()


def test_a_vendor_uploads_ten_pictures_and_a_logo():
    vendor = VendorFactory()
    client = logged_in(vendor.user)
    for product in (ProductFactory(vendor=vendor), ProductFactory(vendor=vendor)):
        for _i in range(5):
            assert upload_photo(client, product).status_code == 302
    response = client.post(
        reverse("dashboard-vendors:logo-upload"), {"logo": pictures.jpeg(size=(320, 240))}
    )
    assert response.status_code == 302
    assert ProductImage.objects.filter(product__vendor=vendor).count() == 10


def wired_views(patterns):
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            yield from wired_views(pattern.url_patterns)
        else:
            yield pattern.name, pattern.callback


def test_every_action_that_sends_creates_or_tries_a_secret_is_limited():
    from accounts import urls as accounts
    from orders import urls as orders
    from products import dashboard_urls as products
    from vendors import dashboard_urls as dashboard
    from vendors import urls as vendors

    wired = {
        name: view
        for module in (accounts, orders, products, dashboard, vendors)
        for name, view in wired_views(module.urlpatterns)
    }
    for name in [
        "login",
        "signup",
        "verify-email-resend",
        "password-reset",
        "checkout-place",
        "product-images",
        "verification-resend",
        "logo-upload",
        "photos-add",
        "vendor-register",
    ]:
        assert getattr(wired[name], "rate_limits", None), name


def test_the_counters_sales_are_never_limited():
    """The counter takes no uploads, and its sales are a cashier's whole day."""
    from counter import urls

    views = list(wired_views(urls.urlpatterns))
    assert len(views) > 10
    assert not any(hasattr(view, "rate_limits") for _name, view in views)


# Logins -----------------------------------------------------------------------------------------


def log_in(email, password, address, path="/akun/masuk/"):
    client = Client(REMOTE_ADDR=address)
    response = client.post(path, {"username": email, "password": password})
    return client, response


def test_one_address_spraying_one_password_over_many_accounts_is_stopped_early():
    """On the real rates: one guess at each of 30 accounts from one address."""
    accounts = [UserFactory(email=f"korban{n}@contoh.id") for n in range(30)]
    answers = [log_in(user.email, "Rahasia123!", HOME)[1].status_code for user in accounts]
    first_refusal = answers.index(429)
    assert first_refusal <= 10
    assert set(answers[first_refusal:]) == {429}
    assert set(answers[:first_refusal]) == {200}

    # The refusal is ours, and even a right password from that address waits.
    _client, response = log_in(accounts[0].email, PASSWORD, HOME)
    refused(response)
    # The shoppers themselves, elsewhere, still log in.
    client, response = log_in(accounts[0].email, PASSWORD, ip(1))
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(accounts[0].pk)


def test_a_shopper_who_mistypes_twice_logs_in():
    UserFactory(email="siti@contoh.id")
    shopper = Client(REMOTE_ADDR=HOME)
    for wrong in ("kata-sandi", "Kata-sandi-uji-2026"):
        response = shopper.post("/akun/masuk/", {"username": "siti@contoh.id", "password": wrong})
        assert response.status_code == 200
    response = shopper.post("/akun/masuk/", {"username": "siti@contoh.id", "password": PASSWORD})
    assert response.status_code == 302


def test_right_passwords_from_one_shared_address_never_count():
    users = [UserFactory(email=f"kantor{n}@contoh.id") for n in range(15)]
    for user in users:
        assert log_in(user.email, PASSWORD, HOME)[1].status_code == 302


def test_guesses_at_one_account_from_many_addresses_are_stopped(rates):
    rates(**{"login.account": "3/h"})
    UserFactory(email="siti@contoh.id")
    for n, typed in enumerate(["siti@contoh.id", "SITI@contoh.id", " Siti@Contoh.id"]):
        assert log_in(typed, "tebakan", ip(n))[1].status_code == 200
    client, response = log_in("siti@contoh.id", PASSWORD, ip(9))
    refused(response)
    assert SESSION_KEY not in client.session


def test_the_admin_login_shares_the_login_counts(rates):
    rates(**{"login.address": "3/h"})
    UserFactory(email="dewi@contoh.id", is_staff=True, is_superuser=True)
    for n in range(2):
        log_in(f"orang{n}@contoh.id", "tebakan", HOME)
    assert log_in("dewi@contoh.id", "tebakan", HOME, "/admin/login/")[1].status_code == 200

    client, response = log_in("dewi@contoh.id", PASSWORD, HOME, "/admin/login/")
    refused(response)
    assert SESSION_KEY not in client.session
    refused(log_in("dewi@contoh.id", PASSWORD, HOME)[1])
    # Staff elsewhere still sign in to the admin.
    assert log_in("dewi@contoh.id", PASSWORD, ip(1), "/admin/login/")[1].status_code == 302
