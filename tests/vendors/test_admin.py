"""The admin for district staff; bar 4: the list of 500 vendors within a pinned query count."""

import datetime

import pytest
from django.contrib.auth.models import Group

from tests.factories import (
    CategoryFactory,
    StaffFactory,
    SubmittedVendorFactory,
    VendorFactory,
    VendorImageFactory,
    kecamatan,
)
from vendors import services
from vendors.models import Vendor, VendorPermit, VendorProfileChange, VendorStatusChange

pytestmark = pytest.mark.django_db

S = Vendor.Status
ADMIN_LIST = "/admin/vendors/vendor/"


@pytest.fixture
def staff_client(client, staf_dinas):
    client.force_login(staf_dinas)
    return client


def test_the_list_of_500_vendors_renders_within_a_pinned_query_count(
    staff_client, django_assert_max_num_queries
):
    crafts = [
        CategoryFactory(slug=slug, name_id=name, name_en=name)
        for slug, name in [("keramik", "Keramik"), ("anyaman", "Anyaman"), ("batik", "Batik")]
    ]
    places = ["Plered", "Cibatu", "Wanayasa", "Purwakarta", "Sukatani"]
    statuses = [S.DRAFT, S.SUBMITTED, S.APPROVED, S.REJECTED, S.SUSPENDED]
    vendors = []
    for n in range(500):
        status = statuses[n % 5]
        vendors.append(
            VendorFactory(
                status=status,
                status_reason="Alasan." if status in (S.REJECTED, S.SUSPENDED) else "",
                kecamatan=kecamatan(places[n % 5]),
                needs_licensing_help=n % 3 == 0,
            )
        )
    for n, vendor in enumerate(vendors):
        vendor.categories.set(crafts[: 1 + n % 3])
        if n % 10 == 0:
            VendorProfileChange.objects.create(
                vendor=vendor, changes={"nib": ["", "1234567890123"]}, is_key_change=True
            )

    with django_assert_max_num_queries(14):
        response = staff_client.get(ADMIN_LIST)
    assert response.status_code == 200
    assert response.context["cl"].result_count == 500
    assert len(response.context["cl"].result_list) == 100

    # Filters with their facet counts stay within the same count.
    cibatu = kecamatan("Cibatu")
    with django_assert_max_num_queries(14):
        filtered = staff_client.get(
            ADMIN_LIST,
            {
                "status__exact": "submitted",
                "kecamatan__id__exact": cibatu.pk,
                "categories__id__exact": crafts[0].pk,
                "needs_licensing_help__exact": "1",
                "p": "1",
            },
        )
    assert filtered.status_code == 200
    assert (
        filtered.context["cl"].result_count
        == Vendor.objects.filter(
            status=S.SUBMITTED,
            kecamatan=cibatu,
            categories=crafts[0],
            needs_licensing_help=True,
        ).count()
    )


def test_the_list_shows_business_owner_kecamatan_categories_status_and_date(staff_client):
    vendor = SubmittedVendorFactory(
        business_name="Gula Aren Wanayasa",
        owner_name="Ujang Suherman",
        kecamatan=kecamatan("Wanayasa"),
    )
    vendor.categories.set([CategoryFactory(name_id="Kuliner", name_en="Food")])
    response = staff_client.get(ADMIN_LIST)
    row = response.content.decode()
    for text in ("Gula Aren Wanayasa", "Ujang Suherman", "Wanayasa", "Kuliner"):
        assert text in row
    cl = response.context["cl"]
    assert cl.model_admin.show_facets.name == "ALWAYS"
    assert [type(f).__name__ for f in cl.filter_specs] == [
        "ChoicesFieldListFilter",
        "OncePerRequestRelatedFilter",
        "OncePerRequestRelatedFilter",
        "BooleanFieldListFilter",
    ]


@pytest.mark.parametrize(
    "term",
    [
        "Gerabah Anjun",
        "Dadang",
        "dadang.anjun@contoh.id",
        "1234567890123",
        "0812-7777-1234",
        "+62 812 7777 1234",
        "77771234",
    ],
)
def test_search_finds_a_vendor_by_business_owner_email_phone_or_nib(staff_client, term):
    wanted = VendorFactory(
        business_name="Gerabah Anjun",
        owner_name="Dadang Sutisna",
        whatsapp="+6281277771234",
        nib="1234567890123",
        user__email="dadang.anjun@contoh.id",
    )
    VendorFactory(business_name="Batik Purwakarta", whatsapp="+6285711112222")
    response = staff_client.get(ADMIN_LIST, {"q": term})
    assert list(response.context["cl"].result_list) == [wanted]


def test_rejecting_asks_for_the_reason_on_a_confirmation_page(
    staff_client, staf_dinas, mailoutbox, django_capture_on_commit_callbacks
):
    first, second = SubmittedVendorFactory(), SubmittedVendorFactory()
    selected = {"action": "reject_selected", "_selected_action": [first.pk, second.pk]}

    page = staff_client.post(ADMIN_LIST, selected)

    assert page.status_code == 200
    assert "vendors/admin/action_reason.html" in [t.name for t in page.templates]
    assert first.business_name in page.content.decode()
    assert not VendorStatusChange.objects.exists()

    # Without a reason: the same page again, with the error.
    again = staff_client.post(ADMIN_LIST, {**selected, "apply": "1", "reason": "  "})
    assert again.status_code == 200
    assert again.context["form"].errors["reason"]
    assert not VendorStatusChange.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        done = staff_client.post(
            ADMIN_LIST, {**selected, "apply": "1", "reason": "Foto produk buram."}
        )

    assert done.status_code == 302
    for vendor in (first, second):
        vendor.refresh_from_db()
        assert vendor.status == S.REJECTED
        assert vendor.status_reason == "Foto produk buram."
    assert VendorStatusChange.objects.filter(to_status=S.REJECTED, by=staf_dinas).count() == 2
    assert len(mailoutbox) == 2


def test_suspending_many_at_once_asks_for_one_reason(staff_client):
    vendors = [VendorFactory() for _ in range(3)]
    staff_client.post(
        ADMIN_LIST,
        {
            "action": "suspend_selected",
            "_selected_action": [v.pk for v in vendors],
            "apply": "1",
            "reason": "Stok tidak pernah dikirim.",
        },
    )
    assert Vendor.objects.filter(status=S.SUSPENDED).count() == 3


def test_an_action_skips_vendors_whose_status_does_not_allow_it_and_says_so(staff_client):
    waiting, draft = SubmittedVendorFactory(), VendorFactory(status=S.DRAFT)
    response = staff_client.post(
        ADMIN_LIST,
        {"action": "approve_selected", "_selected_action": [waiting.pk, draft.pk]},
        follow=True,
    )
    messages = [str(m) for m in response.context["messages"]]
    assert len(messages) == 2
    assert any(draft.business_name in m for m in messages)
    waiting.refresh_from_db()
    draft.refresh_from_db()
    assert (waiting.status, draft.status) == (S.APPROVED, S.DRAFT)


def test_the_detail_page_shows_everything_submitted_with_photos_and_history(
    staff_client, staf_dinas
):
    vendor = SubmittedVendorFactory(
        business_name="Simping Kaum Bu Enok",
        nib="9876543210123",
        pirt_number="P-IRT No. 2063214010169-24",
        halal_number="ID32110000123450321",
        needs_licensing_help=True,
    )
    photo = VendorImageFactory(vendor=vendor, alt="Simping dijemur")
    vendor.links.create(platform="shopee", url="https://shopee.co.id/simpingbuenok")
    services.vendor_reject(vendor=vendor, by=staf_dinas, reason="NIB belum terdaftar.")

    html = staff_client.get(f"{ADMIN_LIST}{vendor.pk}/change/").content.decode()

    for text in (
        "Simping Kaum Bu Enok",
        "9876543210123",
        "P-IRT No. 2063214010169-24",
        "ID32110000123450321",
        "https://shopee.co.id/simpingbuenok",
        "NIB belum terdaftar.",
        vendor.user.email,
        photo.renditions["320"]["webp"],
        'alt="Simping dijemur"',
    ):
        assert text in html, text


def test_a_staff_correction_in_the_admin_is_logged_and_keeps_the_status(staff_client, staf_dinas):
    vendor = VendorFactory(business_name="Batik Cupumanik", nib="")
    page = staff_client.get(f"{ADMIN_LIST}{vendor.pk}/change/")
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {k: v for k, v in data.items() if v is not None}
    data.update(
        business_name="Batik Cupumanik Purwakarta",
        nib="1111 2222 33333",
        whatsapp="0812 1111 2222",
        categories=[],
        **{
            f"{prefix}-{suffix}": value
            for prefix in ("status_changes", "profile_changes", "images", "links", "permits")
            for suffix, value in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"))
        },
    )
    data["show_whatsapp"] = "on" if data.get("show_whatsapp") else ""
    data["needs_licensing_help"] = ""
    # With the correction, the P-IRT the vendor obtained in March, recorded with its date.
    data.update(
        {
            "permits-TOTAL_FORMS": "1",
            "permits-0-kind": VendorPermit.Kind.PIRT,
            "permits-0-number": "2063214010123-27",
            "permits-0-obtained_on": "2026-03-12",
        }
    )

    response = staff_client.post(f"{ADMIN_LIST}{vendor.pk}/change/", data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    vendor.refresh_from_db()
    assert vendor.business_name == "Batik Cupumanik Purwakarta"
    assert vendor.nib == "1111222233333"
    assert vendor.whatsapp == "+6281211112222"
    assert vendor.status == S.APPROVED
    change = VendorProfileChange.objects.get()
    assert change.by == staf_dinas and change.is_key_change
    assert change.changes["business_name"] == ["Batik Cupumanik", "Batik Cupumanik Purwakarta"]
    permit = vendor.permits.get()
    assert (permit.kind, permit.number) == (VendorPermit.Kind.PIRT, "2063214010123-27")
    assert permit.obtained_on == datetime.date(2026, 3, 12) and permit.recorded_by == staf_dinas


def test_the_staf_dinas_group_comes_from_the_migration():
    group = Group.objects.get(name="Staf Dinas")
    member = StaffFactory(groups=["Staf Dinas"])
    assert group in member.groups.all()
    assert member.has_perm("vendors.review_vendor")
    assert not member.has_perm("vendors.delete_vendor")
    assert not member.has_perm("accounts.change_user")


def test_only_top_level_categories_are_crafts_in_the_admin(staff_client):
    parent = CategoryFactory(name_id="Keramik Induk")
    child = CategoryFactory(name_id="Guci Anak", parent=parent)
    vendor = VendorFactory()
    page = staff_client.get(f"{ADMIN_LIST}{vendor.pk}/change/")
    choices = page.context["adminform"].form.fields["categories"].queryset
    assert parent in choices and child not in choices
    html = staff_client.get(ADMIN_LIST).content.decode()
    assert "Keramik Induk" in html and "Guci Anak" not in html


def test_a_superuser_deleting_a_vendor_removes_its_picture_files(
    client, superuser, django_capture_on_commit_callbacks
):
    from django.core.files.storage import default_storage

    from .conftest import jpeg_upload

    vendor = VendorFactory()
    logo = services.vendor_set_logo(vendor=vendor, by=vendor.user, upload=jpeg_upload())
    names = logo.stored_names()
    assert all(default_storage.exists(name) for name in names)
    client.force_login(superuser)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{ADMIN_LIST}{vendor.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert not Vendor.objects.filter(pk=vendor.pk).exists()
    assert not any(default_storage.exists(name) for name in names)
    vendor.user.refresh_from_db()  # the account stays
