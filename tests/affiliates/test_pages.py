"""Signing up, the staff's review in the admin, and who sees which affiliate pages."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from affiliates.models import Affiliate, AffiliateStatusChange
from tests.factories import StaffFactory, UserFactory

from .conftest import follow

pytestmark = pytest.mark.django_db

SIGNUP = {
    "whatsapp": "0812-7777-6666",
    "bank_name": "Bank BJB",
    "account_number": "0012 3456 78",
    "account_holder": "Budi Santoso",
    "consent": "on",
}


def test_a_shopper_signs_up_and_waits_for_review(client):
    user = UserFactory(email="budi@contoh.id")
    assert client.get(reverse("affiliates:signup"))["Location"].startswith("/en/akun/masuk/")
    client.force_login(user)

    page = client.get(reverse("affiliates:signup")).content.decode()
    refused = client.post(reverse("affiliates:signup"), {**SIGNUP, "consent": "", "whatsapp": "12"})
    response = client.post(reverse("affiliates:signup"), SIGNUP, follow=True)

    assert "Affiliate terms" in page and "7 days" in page
    assert set(refused.context["form"].errors) == {"consent", "whatsapp"}
    affiliate = Affiliate.objects.get(user=user)
    assert (affiliate.status, affiliate.whatsapp, affiliate.account_number, affiliate.code) == (
        "pending",
        "+6281277776666",
        "0012345678",
        None,
    )
    assert affiliate.status_changes.get().by == user
    html = response.content.decode()
    assert "Staff are reviewing your application" in html and "/a/" not in html
    assert client.get(reverse("affiliates:signup"))["Location"] == reverse("affiliates:home")


def test_only_an_approved_affiliate_sees_its_own_links_and_figures(
    client, affiliate, make_affiliate
):
    home, signup = reverse("affiliates:home"), reverse("affiliates:signup")
    nobody = UserFactory(email="tamu@contoh.id")
    pending = make_affiliate("tunggu@contoh.id", approve=False)
    follow(client, affiliate.code)

    assert client.get(home)["Location"].startswith("/en/akun/masuk/")
    client.force_login(nobody)
    assert client.get(home)["Location"] == signup
    client.force_login(pending.user)
    html = client.get(home).content.decode()
    assert "Waiting for review" in html and "Clicks counted" not in html
    assert affiliate.code not in html
    client.force_login(affiliate.user)
    html = client.get(home, {"alamat": "/en/produk/?q=guci"}).content.decode()
    assert f"/a/{affiliate.code}/?ke=/en/produk/%3Fq%3Dguci" in html
    assert "Clicks counted</dt><dd>1</dd>" in html


def test_a_pasted_address_of_another_site_makes_no_link(client, affiliate):
    client.force_login(affiliate.user)

    response = client.get(reverse("affiliates:home"), {"alamat": "https://evil.example/produk/"})
    good = client.get(reverse("affiliates:home"), {"alamat": "http://testserver/produk/guci/"})

    assert response.context["link"] is None
    assert "Paste the address of a page of this site." in response.content.decode()
    assert good.context["link"] == f"http://testserver/a/{affiliate.code}/?ke=/produk/guci/"


def test_staf_dinas_approve_reject_and_suspend_in_the_admin_with_a_reason(
    client, staf_dinas, make_affiliate
):
    first = make_affiliate("satu@contoh.id", approve=False)
    second = make_affiliate("dua@contoh.id", approve=False)
    client.force_login(staf_dinas)

    page = client.get(reverse("admin:affiliates_affiliate_change", args=[first.pk]))
    assert page.status_code == 200 and "decide/approve/" in page.content.decode()
    client.post(reverse("admin:affiliates_affiliate_decide", args=[first.pk, "approve"]))
    asked = client.post(
        reverse("admin:affiliates_affiliate_changelist"),
        {"action": "reject_selected", "_selected_action": [second.pk]},
    )
    assert "reason" in asked.content.decode().lower()
    client.post(
        reverse("admin:affiliates_affiliate_changelist"),
        {
            "action": "reject_selected",
            "_selected_action": [second.pk],
            "apply": "1",
            "reason": "Nomor rekening tidak cocok",
        },
    )
    client.post(
        reverse("admin:affiliates_affiliate_decide", args=[first.pk, "suspend"]),
        {"apply": "1", "reason": "Spam di grup WhatsApp"},
    )

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.status_reason) == ("suspended", "Spam di grup WhatsApp")
    assert len(first.code) == 7 and not set(first.code) & set("01ILO")
    assert (second.status, second.status_reason) == ("rejected", "Nomor rekening tidak cocok")
    steps = AffiliateStatusChange.objects.filter(affiliate=first).order_by("at", "pk")
    assert [(s.to_status, s.by) for s in steps] == [
        ("pending", first.user),
        ("approved", staf_dinas),
        ("suspended", staf_dinas),
    ]


def test_staff_outside_the_group_cannot_review_and_the_group_cannot_delete(client, affiliate):
    outsider = StaffFactory(email="lain@contoh.id")
    client.force_login(outsider)
    assert client.get(reverse("admin:affiliates_affiliate_changelist")).status_code == 403
    assert client.post(
        reverse("admin:affiliates_affiliate_decide", args=[affiliate.pk, "suspend"]),
        {"apply": "1", "reason": "x"},
    ).status_code in (403, 404)

    perms = set(
        Group.objects.get(name="Staf Dinas")
        .permissions.filter(content_type__app_label="affiliates")
        .values_list("codename", flat=True)
    )
    assert "review_affiliate" in perms and "record_affiliatepayout" in perms
    assert not {p for p in perms if p.startswith("delete_") and p != "delete_affiliatecategoryrate"}
    affiliate.refresh_from_db()
    assert affiliate.status == "approved"
