"""Registration, email verification, and bar 3: bad input gets a clear field error, never a 500."""

import re

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.utils import translation
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from accounts.models import User
from accounts.services import VERIFICATION_SALT
from tests.factories import CategoryFactory, VendorFactory, VerifiedUserFactory, kecamatan
from vendors import services
from vendors.models import Vendor, VendorImage, VendorStatusChange
from vendors.views import VendorRegisterView

from .conftest import jpeg_upload, png_upload

pytestmark = pytest.mark.django_db

URL = "/en/umkm/daftar/"
PASSWORD = "tanah-liat-plered-2026"


@pytest.fixture
def ceramics(db):
    return CategoryFactory(slug="keramik-gerabah", name_id="Keramik & Gerabah", name_en="Ceramics")


@pytest.fixture
def data(ceramics):
    return {
        "email": "sari.gerabah@contoh.id",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "business_name": "Gerabah Sari Anjun",
        "owner_name": "Sari Wulandari",
        "categories": [ceramics.pk],
        "story": "Kami membuat gentong dan pot tanah liat sejak 1998.",
        "founded_year": "1998",
        "kecamatan": kecamatan("Plered").pk,
        "desa": "Anjun",
        "address": "Jl. Raya Anjun No. 5",
        "whatsapp": "0812-3456-7890",
        "show_whatsapp": "on",
        "nib": "1234567890123",
        "pirt_number": "",
        "halal_number": "",
        "link_instagram": "@gerabahsari",
        "link_tokopedia": "tokopedia.com/gerabahsari",
    }


def verification_link(message):
    return re.search(r"http://testserver(/\S*/umkm/verifikasi/\S+/)", message.body).group(1)


def test_the_registration_page_renders_in_both_languages(client, ceramics):
    english = client.get(URL)
    assert english.status_code == 200
    assert "Register as an UMKM" in english.content.decode()
    assert client.get("/umkm/daftar/").status_code == 200


def test_the_registration_form_never_asks_for_a_nik(client, ceramics):
    html = client.get(URL).content.decode().lower()
    assert 'name="nik"' not in html
    assert not any("nik" in field.name for field in Vendor._meta.get_fields())


def test_registering_creates_an_unconfirmed_account_and_a_draft_business(
    client, data, ceramics, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, data)

    assert response.status_code == 302
    assert response["Location"] == "/en/akun/masuk/?next=/en/dasbor/"
    vendor = Vendor.objects.get()
    user = vendor.user
    assert user.email == "sari.gerabah@contoh.id"
    assert user.check_password(PASSWORD)
    assert user.full_name == "Sari Wulandari"
    assert not user.email_verified
    assert vendor.status == Vendor.Status.DRAFT
    assert vendor.whatsapp == "+6281234567890"
    assert vendor.slug == "gerabah-sari-anjun"
    assert vendor.language == "en"
    assert list(vendor.categories.all()) == [ceramics]
    assert {(link.platform, link.url) for link in vendor.links.all()} == {
        ("instagram", "https://www.instagram.com/gerabahsari/"),
        ("tokopedia", "https://tokopedia.com/gerabahsari"),
    }
    assert not VendorStatusChange.objects.exists()
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["sari.gerabah@contoh.id"]
    assert "/en/umkm/verifikasi/" in mailoutbox[0].body
    # Nobody is logged in by the form (a taken address must look the same); the owner logs in
    # and sees that the address still needs confirming.
    assert "_auth_user_id" not in client.session
    client.force_login(user)
    dashboard = client.get("/en/dasbor/")
    assert "Confirm your email address" in dashboard.content.decode()


def test_registering_in_indonesian_keeps_indonesian_for_the_emails(
    client, data, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/umkm/daftar/", data)
    assert Vendor.objects.get().language == "id"
    assert "http://testserver/umkm/verifikasi/" in mailoutbox[0].body


def test_following_the_link_confirms_the_address_and_submits_the_registration(
    client, data, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, data)
    link = verification_link(mailoutbox[0])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(link)

    assert response.status_code == 302
    assert response["Location"] == "/en/akun/masuk/?next=/en/dasbor/"
    vendor = Vendor.objects.get()
    assert vendor.user.email_verified
    assert vendor.status == Vendor.Status.SUBMITTED
    assert vendor.submitted_at is not None
    change = VendorStatusChange.objects.get()
    assert (change.from_status, change.to_status, change.by) == ("draft", "submitted", vendor.user)
    assert len(mailoutbox) == 2
    assert mailoutbox[1].subject == "We received your registration"
    client.force_login(vendor.user)
    assert "Waiting for review" in client.get("/en/dasbor/").content.decode()

    # Opening the link again changes nothing.
    with django_capture_on_commit_callbacks(execute=True):
        again = client.get(link)
    assert again.status_code == 302
    assert VendorStatusChange.objects.count() == 1
    assert len(mailoutbox) == 2


def test_the_link_works_in_another_browser_and_asks_to_log_in(
    client, data, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, data)
    response = Client().get(verification_link(mailoutbox[0]))
    assert response.status_code == 302
    assert response["Location"] == "/en/akun/masuk/?next=/en/dasbor/"
    assert Vendor.objects.get().status == Vendor.Status.SUBMITTED


@pytest.mark.parametrize("token", ["not-a-token", "abc:def:ghi"])
def test_a_broken_link_says_so(client, token):
    response = client.get(f"/en/umkm/verifikasi/{token}/")
    assert response.status_code == 400
    assert "This link is not valid." in response.content.decode()


def test_an_expired_link_says_so(client):
    vendor = VendorFactory(status=Vendor.Status.DRAFT)
    token = signing.dumps(
        {"user": vendor.user.pk, "email": vendor.user.email.lower()}, salt=VERIFICATION_SALT
    )
    with time_machine.travel("2099-01-01"):
        response = client.get(f"/en/umkm/verifikasi/{token}/")
    assert response.status_code == 400
    assert "expired" in response.content.decode()
    vendor.refresh_from_db()
    assert vendor.status == Vendor.Status.DRAFT


def test_the_dashboard_resends_the_link(client, mailoutbox, django_capture_on_commit_callbacks):
    vendor = VendorFactory(status=Vendor.Status.DRAFT)
    client.force_login(vendor.user)
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post("/en/dasbor/verifikasi/kirim/")
        client.post("/en/dasbor/verifikasi/kirim/")
    assert first.status_code == 302
    # Pressing the button twice within a minute sends one email.
    assert len(mailoutbox) == 1
    # In the vendor's language (Indonesian), whatever the page's.
    assert "http://testserver/umkm/verifikasi/" in mailoutbox[0].body


def test_a_logged_in_account_registers_its_business_without_a_new_account(
    client, data, mailoutbox, django_capture_on_commit_callbacks
):
    shopper = VerifiedUserFactory(email="sari@contoh.id")
    client.force_login(shopper)
    page = client.get(URL).content.decode()
    assert 'name="password1"' not in page
    for name in ("email", "password1", "password2"):
        data.pop(name)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, data)

    assert response.status_code == 302
    vendor = Vendor.objects.get()
    assert vendor.user == shopper
    # The address is already confirmed: the registration goes to staff at once.
    assert vendor.status == Vendor.Status.SUBMITTED
    assert User.objects.count() == 1
    assert [m.subject for m in mailoutbox] == ["We received your registration"]


def test_an_account_with_a_business_goes_to_its_dashboard(client):
    vendor = VendorFactory()
    client.force_login(vendor.user)
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == "/en/dasbor/"


def test_the_logo_and_photos_go_through_the_image_pipeline(client, data):
    data["logo"] = jpeg_upload("logo.jpg", (600, 600))
    data["photos"] = [png_upload("bengkel.png"), jpeg_upload("gentong.jpg")]
    response = client.post(URL, data)
    assert response.status_code == 302
    vendor = Vendor.objects.get()
    logo = vendor.images.get(kind="logo")
    assert logo.width == 600 and "320" in logo.renditions
    photos = list(vendor.images.filter(kind="photo"))
    assert [p.position for p in photos] == [1, 2]
    assert all(p.renditions for p in photos)
    assert all(p.alt for p in photos)


def test_a_business_name_already_taken_gets_its_own_address(client, data):
    VendorFactory(business_name="Gerabah Sari Anjun", slug="gerabah-sari-anjun")
    client.post(URL, data)
    assert Vendor.objects.get(user__email="sari.gerabah@contoh.id").slug == "gerabah-sari-anjun-2"


def test_a_business_named_like_a_page_does_not_take_its_address(client, data):
    data["business_name"] = "Daftar"
    client.post(URL, data)
    assert Vendor.objects.get().slug == "daftar-2"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("081234567890", "+6281234567890"),
        ("0812-3456-7890", "+6281234567890"),
        ("0812 3456 7890", "+6281234567890"),
        ("6281234567890", "+6281234567890"),
        ("+62 812-3456-7890", "+6281234567890"),
        ("+62 (812) 3456 789", "+628123456789"),
        ("0857.1234.5678", "+6285712345678"),
    ],
)
def test_whatsapp_numbers_are_stored_in_e164(client, data, typed, stored):
    data["whatsapp"] = typed
    assert client.post(URL, data).status_code == 302
    assert Vendor.objects.get().whatsapp == stored


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("P-IRT No. 1234567890123-45", "P-IRT No. 1234567890123-45"),
        ("1234567890123-45", "P-IRT No. 1234567890123-45"),
        ("pirt 123456789012345", "P-IRT No. 1234567890123-45"),
        ("SPP-IRT No: 2063214010169-24", "P-IRT No. 2063214010169-24"),
    ],
)
def test_pirt_numbers_are_stored_in_one_form(client, data, typed, stored):
    data["pirt_number"] = typed
    assert client.post(URL, data).status_code == 302
    assert Vendor.objects.get().pirt_number == stored


def test_licence_numbers_are_normalised(client, data):
    data.update(nib="1234 5678 90123", halal_number="id 3211 0000 1234 50321")
    assert client.post(URL, data).status_code == 302
    vendor = Vendor.objects.get()
    assert (vendor.nib, vendor.halal_number) == ("1234567890123", "ID32110000123450321")


def too_big_logo():
    return SimpleUploadedFile(
        "logo.jpg", b"\xff\xd8\xff\xe0" + b"\0" * (11 * 1024 * 1024), content_type="image/jpeg"
    )


def html_logo():
    return SimpleUploadedFile(
        "logo.jpg", b"<html><script>alert(1)</script></html>", content_type="image/jpeg"
    )


BAD_INPUT = [
    ("whatsapp", "12345", "Enter an Indonesian mobile number"),
    ("whatsapp", "0812", "Enter an Indonesian mobile number"),
    ("whatsapp", "+1 555 123 4567", "Enter an Indonesian mobile number"),
    ("whatsapp", "021 8765432", "Enter an Indonesian mobile number"),
    ("whatsapp", "0812-3456-7890-12345", "Enter an Indonesian mobile number"),
    ("whatsapp", "08l2 3456 7890", "Enter an Indonesian mobile number"),
    ("whatsapp", "", "This field is required."),
    ("nib", "123456789012", "An NIB has exactly 13 digits; this one has 12."),
    ("nib", "12345678901234", "An NIB has exactly 13 digits; this one has 14."),
    ("nib", "12345ABC90123", "An NIB has only digits"),
    ("nib", "١٢٣٤٥٦٧٨٩٠١٢٣", "An NIB has only digits"),
    ("pirt_number", "P-IRT 12345", "Enter the P-IRT number as on the certificate"),
    ("halal_number", "MUI 0123456789", "starts with ID"),
    ("founded_year", "1850", "greater than or equal to 1900"),
    ("founded_year", "2999", "less than or equal to"),
    ("email", "bukan-email", "Enter a valid email address."),
    ("password2", "lain-sekali-2026", "didn’t match"),
    ("password1", "12345678", "too common"),
    ("kecamatan", "999999", "Select a valid choice."),
    ("link_tokopedia", "https://shopee.co.id/gerabahsari", "This address is not on Tokopedia"),
    ("link_instagram", "javascript:alert(1)", "Enter a valid URL."),
    ("business_name", "!!!", "Enter the name of your business."),
    ("logo", "html", "not a picture"),
    ("logo", "too_big", "a picture may be at most 10"),
    ("photos", "seven", "Choose at most 6 photos; you chose 7."),
]


@pytest.mark.parametrize(
    ("field", "value", "message"), BAD_INPUT, ids=[f"{f}-{v}" for f, v, _m in BAD_INPUT]
)
def test_bad_input_gets_a_clear_field_error_and_nothing_is_saved(
    client, data, field, value, message, mailoutbox, django_capture_on_commit_callbacks
):
    if field == "password1":
        data["password2"] = value
    if value == "html":
        value = html_logo()
    elif value == "too_big":
        value = too_big_logo()
    elif value == "seven":
        value = [jpeg_upload(f"foto{n}.jpg", (50, 50)) for n in range(7)]
    data[field] = value
    error_field = "password2" if field in ("password1", "password2") else field

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, data)

    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[error_field])
    html = response.content.decode()
    assert f'id="id_{error_field}_error"' in html
    assert User.objects.count() == 0
    assert Vendor.objects.count() == 0
    assert VendorImage.objects.count() == 0
    assert mailoutbox == []


@pytest.mark.parametrize("email", ["Sari.Gerabah@contoh.id", "SARI.GERABAH@CONTOH.ID"])
def test_a_taken_address_in_any_case_is_answered_like_a_free_one_and_its_owner_is_told(
    data, email, mailoutbox, django_capture_on_commit_callbacks
):
    owner = VerifiedUserFactory(email="sari.gerabah@contoh.id")
    password_before = owner.password
    free, taken = Client(), Client()

    with django_capture_on_commit_callbacks(execute=True):
        for_free = free.post(URL, {**data, "email": "someone.new@contoh.id"})
        for_taken = taken.post(URL, {**data, "email": email})

    assert (for_taken.status_code, for_taken["Location"]) == (
        for_free.status_code,
        for_free["Location"],
    )
    assert sorted(for_taken.cookies) == sorted(for_free.cookies)

    def shown(response):
        return [re.sub(r"\S+@\S+", "@", str(m)) for m in get_messages(response.wsgi_request)]

    assert shown(for_taken) == shown(for_free)
    # Nothing is made for the taken address: its owner is emailed instead.
    assert User.objects.count() == 2
    assert Vendor.objects.get().user.email == "someone.new@contoh.id"
    notice = [m for m in mailoutbox if m.to == [owner.email]]
    assert len(notice) == 1
    assert "/en/akun/masuk/" in notice[0].body
    assert "/en/umkm/daftar/" in notice[0].body
    owner.refresh_from_db()
    assert owner.password == password_before


def test_a_bad_photo_is_named_in_the_error(client, data):
    data["photos"] = [jpeg_upload("bagus.jpg"), html_logo()]
    response = client.post(URL, data)
    assert response.status_code == 200
    assert response.context["form"].errors["photos"][0].startswith("logo.jpg: ")
    assert not VendorImage.objects.exists()


def test_html_in_the_story_is_kept_as_text_and_shown_escaped(client, data):
    data["story"] = '<script>alert("x")</script><b>Gerabah</b> & "pot"'
    data["business_name"] = "Gerabah <i>Sari</i>"
    client.post(URL, data)
    vendor = Vendor.objects.get()
    assert vendor.story == data["story"]
    Vendor.objects.filter(pk=vendor.pk).update(status=Vendor.Status.APPROVED)

    html = Client().get(f"/en/umkm/{vendor.slug}/").content.decode()

    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;Gerabah&lt;/b&gt;" in html
    assert "<i>Sari</i>" not in html
    assert "Gerabah &lt;i&gt;Sari&lt;/i&gt;" in html


TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200)
FIELDS = [
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
    "pirt_number",
    "halal_number",
    "needs_licensing_help",
    "link_tokopedia",
    "link_shopee",
    "link_instagram",
    "link_website",
]


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(changes=st.dictionaries(st.sampled_from(FIELDS), TEXT, min_size=1, max_size=6))
def test_arbitrary_text_in_any_field_never_fails_and_saves_only_valid_registrations(data, changes):
    """Whatever is typed: a page with field errors and nothing saved, or one valid registration."""
    payload = {**data, **changes}
    with transaction.atomic():
        response = Client().post(URL, payload)
        event(f"status {response.status_code}")
        assert response.status_code in (200, 302)
        if response.status_code == 200:
            assert response.context["form"].errors
            assert not User.objects.exists()
            assert not Vendor.objects.exists()
        else:
            vendor = Vendor.objects.get()
            assert vendor.story == payload["story"].strip()
            assert re.fullmatch(r"\+628[1-9][0-9]{7,10}", vendor.whatsapp)
        transaction.set_rollback(True)


def test_field_errors_speak_the_visitors_language(client, data):
    """Indonesian at /, English under /en/ (Django's own messages are already translated)."""
    data.update(email="bukan-email", business_name="")
    indonesian = client.post("/umkm/daftar/", data).context["form"].errors
    assert indonesian["email"] == ["Masukkan alamat email yang valid."]
    assert indonesian["business_name"] == ["Bidang ini tidak boleh kosong."]
    english = client.post(URL, data).context["form"].errors
    assert english["email"] == ["Enter a valid email address."]
    assert not Vendor.objects.exists()


def test_a_double_submit_by_a_logged_in_account_lands_on_its_dashboard(rf, data):
    owner = VerifiedUserFactory()
    for name in ("email", "password1", "password2"):
        data.pop(name)
    request = rf.post(URL, data)
    request.user = owner
    view = VendorRegisterView()
    view.setup(request)
    form = view.get_form()
    assert form.is_valid(), form.errors
    # Meanwhile the first of the two submits registered the business.
    services.vendor_register(
        profile={**form.profile_data(), "language": "en"},
        categories=form.selected_categories(),
        user=owner,
    )

    with translation.override("en"):
        response = view.form_valid(form)

    assert response.status_code == 302
    assert response["Location"] == "/en/dasbor/"
    assert Vendor.objects.filter(user=owner).count() == 1
