"""Bar 2: who gets what, exactly: the login redirect, 403 or 404, or the page."""

import pytest
from django.contrib.auth.models import Permission
from django.http import HttpResponse
from django.test import RequestFactory

from tests.factories import (
    StaffFactory,
    SubmittedVendorFactory,
    UserFactory,
    VendorFactory,
    VendorImageFactory,
    VerifiedUserFactory,
)
from vendors.access import vendor_required
from vendors.models import Vendor, VendorImage, VendorStatusChange

pytestmark = pytest.mark.django_db

S = Vendor.Status
DASHBOARD_PAGES = ["/en/dasbor/", "/en/dasbor/profil/", "/en/dasbor/foto/"]


@pytest.fixture
def approved():
    return VendorFactory(business_name="Anyaman Bambu Cibatu", slug="anyaman-bambu-cibatu")


@pytest.fixture
def unverified():
    """Registered, email address not confirmed: still a draft."""
    return VendorFactory(status=S.DRAFT, slug="gerabah-draf")


@pytest.fixture
def unapproved():
    """Confirmed and submitted, waiting for staff."""
    return SubmittedVendorFactory(slug="batik-menunggu")


# The public pages.


def test_everyone_sees_an_approved_vendors_page(client, approved, unverified, staf_dinas):
    url = f"/en/umkm/{approved.slug}/"
    assert client.get(url).status_code == 200
    for user in (unverified.user, staf_dinas, approved.user):
        client.force_login(user)
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("status", [S.DRAFT, S.SUBMITTED, S.REJECTED, S.SUSPENDED])
def test_a_vendor_that_is_not_approved_has_no_public_page_for_anyone(
    client, status, staf_dinas, superuser
):
    vendor = VendorFactory(
        status=status, status_reason="Alasan." if status in (S.REJECTED, S.SUSPENDED) else ""
    )
    url = f"/en/umkm/{vendor.slug}/"
    assert client.get(url).status_code == 404
    # Not its owner, not staff: the public page is for approved vendors only.
    for user in (vendor.user, staf_dinas, superuser):
        client.force_login(user)
        assert client.get(url).status_code == 404


def test_an_unknown_vendor_is_404(client):
    assert client.get("/en/umkm/tidak-ada/").status_code == 404


def test_the_directory_lists_approved_vendors_only(client, approved, unverified, unapproved):
    response = client.get("/en/umkm/")
    assert response.status_code == 200
    assert list(response.context["object_list"]) == [approved]


# The dashboard.


@pytest.mark.parametrize("url", [*DASHBOARD_PAGES, "/en/dasbor/foto/1/hapus/"])
def test_anonymous_visitors_are_sent_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/en/akun/masuk/?next={url}"


@pytest.mark.parametrize("url", ["/en/dasbor/ajukan/", "/en/dasbor/foto/logo/"])
def test_anonymous_posts_are_sent_to_log_in_and_change_nothing(client, url, unverified):
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/en/akun/masuk/")


@pytest.mark.parametrize("url", DASHBOARD_PAGES)
def test_an_account_without_a_business_is_refused_the_dashboard(client, url, staf_dinas):
    for user in (VerifiedUserFactory(), staf_dinas):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 403
        assert "Register as an UMKM" in response.content.decode()


@pytest.mark.parametrize("url", DASHBOARD_PAGES)
def test_an_unverified_vendor_sees_its_dashboard_and_is_asked_to_confirm(client, url, unverified):
    client.force_login(unverified.user)
    response = client.get(url)
    assert response.status_code == 200
    assert "Confirm your email address" in response.content.decode()


@pytest.mark.parametrize("url", DASHBOARD_PAGES)
def test_an_unapproved_vendor_sees_its_dashboard_waiting_for_review(client, url, unapproved):
    client.force_login(unapproved.user)
    response = client.get(url)
    assert response.status_code == 200
    assert "Waiting for review" in response.content.decode()


def test_a_rejected_vendor_sees_the_reason_on_its_dashboard(client):
    vendor = VendorFactory(status=S.REJECTED, status_reason="Foto <b>buram</b>, kirim ulang.")
    client.force_login(vendor.user)
    html = client.get("/en/dasbor/").content.decode()
    assert "Your registration needs changes" in html
    assert "Foto &lt;b&gt;buram&lt;/b&gt;, kirim ulang." in html


def test_a_suspended_vendor_sees_the_reason_on_its_dashboard(client):
    vendor = VendorFactory(status=S.SUSPENDED, status_reason="Produk tidak sesuai foto.")
    client.force_login(vendor.user)
    html = client.get("/en/dasbor/").content.decode()
    assert "Your business is suspended" in html
    assert "Produk tidak sesuai foto." in html


def test_an_unverified_vendor_cannot_submit_before_confirming(client, unverified):
    client.force_login(unverified.user)
    response = client.post("/en/dasbor/ajukan/", follow=True)
    assert "Confirm your email address first" in response.content.decode()
    unverified.refresh_from_db()
    assert unverified.status == S.DRAFT


def test_a_rejected_vendor_resubmits_from_its_dashboard(client):
    vendor = VendorFactory(
        status=S.REJECTED, status_reason="Lengkapi NIB.", user=VerifiedUserFactory()
    )
    client.force_login(vendor.user)
    assert client.post("/en/dasbor/ajukan/").status_code == 302
    vendor.refresh_from_db()
    assert vendor.status == S.SUBMITTED
    assert VendorStatusChange.objects.get().from_status == S.REJECTED


def test_vendor_a_cannot_remove_vendor_bs_picture(client, approved, unapproved):
    theirs = VendorImageFactory(vendor=unapproved)
    client.force_login(approved.user)
    response = client.post(f"/en/dasbor/foto/{theirs.pk}/hapus/")
    assert response.status_code == 404
    assert VendorImage.objects.filter(pk=theirs.pk).exists()


def test_vendor_a_cannot_see_vendor_bs_unapproved_page(client, approved, unapproved):
    client.force_login(approved.user)
    assert client.get(f"/en/umkm/{unapproved.slug}/").status_code == 404


def test_vendor_as_profile_form_only_ever_edits_vendor_a(client, approved, unapproved):
    client.force_login(approved.user)
    form = client.get("/en/dasbor/profil/").context["form"]
    assert form.instance.pk == approved.pk
    assert unapproved.business_name not in client.get("/en/dasbor/").content.decode()


def test_the_dashboard_needs_a_post_to_change_anything(client, unapproved):
    client.force_login(unapproved.user)
    assert client.get("/en/dasbor/ajukan/").status_code == 405
    assert client.get("/en/dasbor/verifikasi/kirim/").status_code == 405


def test_a_page_for_approved_vendors_only_refuses_the_others_with_403(rf: RequestFactory):
    @vendor_required(approved=True)
    def sales(request):
        return HttpResponse(request.vendor.business_name)

    def get(user):
        request = rf.get("/dasbor/penjualan/")
        request.user = user
        return sales(request)

    from django.contrib.auth.models import AnonymousUser

    assert get(AnonymousUser()).status_code == 302
    assert get(UserFactory()).status_code == 403
    assert get(SubmittedVendorFactory().user).status_code == 403
    approved = VendorFactory()
    response = get(approved.user)
    assert response.status_code == 200
    assert response.content.decode() == approved.business_name


# The admin.


ADMIN_LIST = "/admin/vendors/vendor/"


def test_anonymous_visitors_and_vendors_are_sent_to_the_admin_login(client, approved):
    assert client.get(ADMIN_LIST).status_code == 302
    client.force_login(approved.user)
    response = client.get(ADMIN_LIST)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_a_vendor_cannot_approve_itself_through_the_admin(client, unapproved):
    client.force_login(unapproved.user)
    response = client.post(
        ADMIN_LIST, {"action": "approve_selected", "_selected_action": [unapproved.pk]}
    )
    assert response.status_code == 302
    unapproved.refresh_from_db()
    assert unapproved.status == S.SUBMITTED


def test_staf_dinas_sees_and_approves_vendors(client, staf_dinas, unapproved):
    client.force_login(staf_dinas)
    response = client.get(ADMIN_LIST)
    assert response.status_code == 200
    actions = dict(response.context["action_form"].fields["action"].choices)
    assert {"approve_selected", "reject_selected", "suspend_selected"} <= set(actions)
    assert "delete_selected" not in actions
    assert client.get(f"{ADMIN_LIST}{unapproved.pk}/change/").status_code == 200

    response = client.post(
        ADMIN_LIST, {"action": "approve_selected", "_selected_action": [unapproved.pk]}
    )

    assert response.status_code == 302
    unapproved.refresh_from_db()
    assert unapproved.status == S.APPROVED
    assert VendorStatusChange.objects.get().by == staf_dinas


def test_staf_dinas_cannot_delete_vendors(client, staf_dinas, approved):
    client.force_login(staf_dinas)
    assert client.get(f"{ADMIN_LIST}{approved.pk}/delete/").status_code == 403
    assert client.post(f"{ADMIN_LIST}{approved.pk}/delete/", {"post": "yes"}).status_code == 403
    client.post(
        ADMIN_LIST, {"action": "delete_selected", "_selected_action": [approved.pk], "post": "yes"}
    )
    assert Vendor.objects.filter(pk=approved.pk).exists()


def test_staf_dinas_cannot_add_vendors(client, staf_dinas):
    client.force_login(staf_dinas)
    assert client.get(f"{ADMIN_LIST}add/").status_code == 403


def test_staf_dinas_cannot_edit_users(client, staf_dinas, approved):
    client.force_login(staf_dinas)
    assert client.get("/admin/accounts/user/").status_code == 403
    assert client.get(f"/admin/accounts/user/{approved.user.pk}/change/").status_code == 403
    response = client.post(
        f"/admin/accounts/user/{approved.user.pk}/change/", {"email": "lain@contoh.id"}
    )
    assert response.status_code == 403
    assert client.get("/admin/auth/group/").status_code == 403
    approved.user.refresh_from_db()
    assert approved.user.email != "lain@contoh.id"


def test_staf_dinas_cannot_set_a_status_by_hand(client, staf_dinas, unapproved):
    client.force_login(staf_dinas)
    page = client.get(f"{ADMIN_LIST}{unapproved.pk}/change/")
    assert "status" not in page.context["adminform"].form.fields
    assert "status" in page.context["adminform"].readonly_fields


def test_staff_without_the_review_permission_cannot_decide(client, unapproved):
    viewer = StaffFactory()
    viewer.user_permissions.add(Permission.objects.get(codename="view_vendor"))
    client.force_login(viewer)
    response = client.get(ADMIN_LIST)
    assert response.status_code == 200
    assert response.context["action_form"] is None or "approve_selected" not in dict(
        response.context["action_form"].fields["action"].choices
    )
    client.post(ADMIN_LIST, {"action": "approve_selected", "_selected_action": [unapproved.pk]})
    unapproved.refresh_from_db()
    assert unapproved.status == S.SUBMITTED


def test_a_superuser_reaches_every_page_and_approves(client, superuser, approved, unapproved):
    client.force_login(superuser)
    client.post(ADMIN_LIST, {"action": "approve_selected", "_selected_action": [unapproved.pk]})
    unapproved.refresh_from_db()
    assert unapproved.status == S.APPROVED
    assert client.get(ADMIN_LIST).status_code == 200
    assert client.get(f"{ADMIN_LIST}{approved.pk}/change/").status_code == 200
    assert client.get(f"{ADMIN_LIST}{approved.pk}/delete/").status_code == 200
    assert client.get(f"/admin/accounts/user/{approved.user.pk}/change/").status_code == 200
    # Adding a vendor in the admin is not a thing: businesses register themselves.
    assert client.get(f"{ADMIN_LIST}add/").status_code == 403


def test_a_verified_draft_is_sent_for_review_from_the_dashboard(client):
    vendor = VendorFactory(status=S.DRAFT, user=VerifiedUserFactory())
    client.force_login(vendor.user)
    assert "Send for review" in client.get("/en/dasbor/").content.decode()
    client.post("/en/dasbor/ajukan/")
    vendor.refresh_from_db()
    assert vendor.status == S.SUBMITTED


def test_the_class_based_guard_refuses_like_the_decorator(rf):
    from django.contrib.auth.models import AnonymousUser
    from django.views import View

    from vendors.access import VendorRequiredMixin

    class Stock(VendorRequiredMixin, View):
        vendor_must_be_approved = True

        def get(self, request):
            return HttpResponse(request.vendor.slug)

    def get(user):
        request = rf.get("/dasbor/stok/")
        request.user = user
        return Stock.as_view()(request)

    assert get(AnonymousUser()).status_code == 302
    assert get(UserFactory()).status_code == 403
    assert get(SubmittedVendorFactory().user).status_code == 403
    approved = VendorFactory()
    assert get(approved.user).content.decode() == approved.slug
