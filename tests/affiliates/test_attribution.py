"""An order placed within the window after following a link is attributed to the affiliate of
the last link followed; one affiliate per order; an affiliate's own orders are not attributed."""

import pytest
import time_machine

from affiliates.models import AffiliateReferral
from affiliates.services import referral_record
from affiliates.services.links import Visit

from .conftest import checkout, follow, jakarta, place

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("placed", "attributed"), [("2026-03-08 09:59", True), ("2026-03-08 10:01", False)]
)
def test_an_order_counts_only_within_the_window_after_the_click(
    client, affiliate, product, outlet, placed, attributed
):
    with time_machine.travel(jakarta("2026-03-01 10:00"), tick=False):
        follow(client, affiliate.code, ke=f"/produk/{product.slug}/")
    with time_machine.travel(jakarta(placed), tick=False):
        order = checkout(client, product, outlet)

    referral = AffiliateReferral.objects.filter(order=order).first()
    assert (referral is not None) is attributed
    if attributed:
        assert referral.affiliate == affiliate
        assert referral.clicked_at == jakarta("2026-03-01 10:00")


def test_the_last_link_followed_wins_and_an_order_has_one_affiliate(
    client, affiliate, make_affiliate, product, outlet
):
    later = make_affiliate("sari@contoh.id")
    with time_machine.travel(jakarta("2026-03-01 10:00"), tick=False):
        follow(client, affiliate.code)
    with time_machine.travel(jakarta("2026-03-02 10:00"), tick=False):
        follow(client, later.code)
    with time_machine.travel(jakarta("2026-03-03 10:00"), tick=False):
        order = checkout(client, product, outlet)
        # Recording again (a double submit, another cookie) keeps the first affiliate.
        again = referral_record(
            order=order, visit=Visit(0, affiliate.code, jakarta("2026-03-03 09:00"))
        )

    assert AffiliateReferral.objects.get().affiliate == later
    assert again.affiliate == later
    assert AffiliateReferral.objects.count() == 1


def test_a_forged_cookie_attributes_nothing(client, affiliate, product, outlet):
    client.cookies["gm_afiliasi"] = f"1:{affiliate.code}:1999999999"

    checkout(client, product, outlet)

    assert not AffiliateReferral.objects.exists()


def test_an_affiliates_own_orders_are_not_attributed(client, affiliate, product, outlet):
    user = affiliate.user
    user.phone = "0857 1111 2222"
    user.save()
    follow(client, affiliate.code)
    visit = Visit(0, affiliate.code, affiliate.approved_at)

    client.force_login(user)
    as_account = checkout(client, product, outlet)
    client.logout()
    by_email = place(outlet, [(product, 1)], email=user.email.upper())
    by_whatsapp = place(outlet, [(product, 1)], phone=affiliate.whatsapp)
    by_phone = place(outlet, [(product, 1)], phone="+6285711112222")

    for order in (by_email, by_whatsapp, by_phone):
        assert referral_record(order=order, visit=visit) is None
    assert not AffiliateReferral.objects.filter(order=as_account).exists()
    someone_else = place(outlet, [(product, 1)])
    assert referral_record(order=someone_else, visit=visit).affiliate == affiliate
