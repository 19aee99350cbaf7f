"""Who brought an order, and what they earn once it is collected.

The commission is the gallery's cost, out of its own share: nothing here reads or writes what a
vendor is owed (``backoffice.settlements``). Self-referral earns nothing: an affiliate's own
orders are not attributed, and their own business's goods are left out of the eligible lines.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import staff_decision
from orders.models import Order

from ..models import (
    Affiliate,
    AffiliateCategoryRate,
    AffiliateEarning,
    AffiliatePayout,
    AffiliateReferral,
)
from .errors import AffiliateError
from .links import Visit, window


def _same_phone(a: str, b: str) -> bool:
    digits = lambda value: "".join(ch for ch in value or "" if ch.isdigit())[-9:]  # noqa: E731
    return bool(digits(a)) and digits(a) == digits(b)


def is_own_order(affiliate: Affiliate, order: Order) -> bool:
    user = affiliate.user
    if order.customer_id and order.customer_id == user.pk:
        return True
    if order.email and order.email.strip().lower() == user.email.lower():
        return True
    return _same_phone(order.phone, affiliate.whatsapp) or _same_phone(order.phone, user.phone)


def referral_record(*, order: Order, visit: Visit | None, now=None) -> AffiliateReferral | None:
    """Attribute ``order`` to the affiliate whose link its shopper followed last, if that was
    within the window. Called in the checkout's transaction right after the order is placed; a
    second call for the same order (a double submit) changes nothing."""
    if visit is None:
        return None
    now = now or timezone.now()
    if not (now - window() <= visit.clicked_at <= now):
        return None
    existing = AffiliateReferral.objects.filter(order=order).first()
    if existing is not None:
        return existing
    affiliate = Affiliate.objects.approved().select_related("user").filter(code=visit.code).first()
    if affiliate is None or is_own_order(affiliate, order):
        return None
    click = affiliate.clicks.filter(pk=visit.click_id, counted=True).first()
    return AffiliateReferral.objects.create(
        order=order, affiliate=affiliate, click=click, clicked_at=visit.clicked_at
    )


class CategoryRates:
    """The percent for a category: its own rate, else its parent's, else the default."""

    def __init__(self):
        self.default = Decimal(str(settings.AFFILIATE_COMMISSION_PERCENT))
        self.by_category = dict(AffiliateCategoryRate.objects.values_list("category_id", "percent"))

    def percent(self, category) -> Decimal:
        if category is None:
            return self.default
        for category_id in (category.pk, category.parent_id):
            if category_id in self.by_category:
                return self.by_category[category_id]
        return self.default


def _rupiah(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def earning_compute(order: Order, affiliate: Affiliate) -> tuple[int, Decimal, int]:
    """``(base, effective percent, amount)`` of the order's eligible lines."""
    own_vendor_id = getattr(getattr(affiliate.user, "vendor", None), "pk", None)
    rates = CategoryRates()
    base, exact = 0, Decimal(0)
    for line in order.lines.select_related("product__category"):
        if own_vendor_id is not None and line.vendor_id == own_vendor_id:
            continue
        category = line.product.category if line.product is not None else None
        base += line.line_total
        exact += Decimal(line.line_total) * rates.percent(category) / 100
    amount = _rupiah(exact)
    rate = (Decimal(amount) * 100 / base).quantize(Decimal("0.01")) if base else Decimal(0)
    return base, rate, amount


def earning_for_collected_order(*, order: Order) -> AffiliateEarning | None:
    """The affiliate's commission on an order just collected (called by ``order_collect`` in its
    transaction). A suspended affiliate earns nothing new; a cancelled or expired order never
    reaches here."""
    if order.status != Order.Status.COLLECTED:
        return None
    referral = (
        AffiliateReferral.objects.select_related("affiliate__user").filter(order=order).first()
    )
    if referral is None or not referral.affiliate.is_approved:
        return None
    base, rate, amount = earning_compute(order, referral.affiliate)
    if amount <= 0:
        return None
    earning, _created = AffiliateEarning.objects.get_or_create(
        order=order,
        defaults={"affiliate": referral.affiliate, "base": base, "rate": rate, "amount": amount},
    )
    return earning


@transaction.atomic
def earning_reverse(*, earning: AffiliateEarning, by, reason: str) -> AffiliateEarning:
    """The goods came back: the commission is taken back (in the month of the return)."""
    reason = (reason or "").strip()
    if not reason:
        raise AffiliateError(_("Say why the earning is reversed: a reason is required."))
    earning = AffiliateEarning.objects.select_for_update().get(pk=earning.pk)
    if earning.status != AffiliateEarning.Status.EARNED:
        raise AffiliateError(
            _("The earning on order %(number)s is already reversed.") % {"number": earning.order}
        )
    earning.status = AffiliateEarning.Status.REVERSED
    earning.reversed_at = timezone.now()
    earning.reversed_by = by
    earning.reason = reason
    earning.save(update_fields=["status", "reversed_at", "reversed_by", "reason"])
    staff_decision(
        by=by,
        obj=earning,
        event="affiliate_earning_reversed",
        message=f"Reversed: {reason}",
    )
    return earning


@transaction.atomic
def affiliate_payout_record(
    *, affiliate: Affiliate, amount: int, paid_on, reference: str, note: str = "", by
) -> AffiliatePayout:
    """Record money paid to an affiliate (or, negative, a correction of an earlier payout)."""
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise ValidationError({"amount": _("The amount is a whole number of Rupiah.")})
    payout = AffiliatePayout(
        affiliate=affiliate,
        amount=amount,
        paid_on=paid_on,
        reference=(reference or "").strip(),
        note=(note or "").strip(),
        recorded_by=by,
    )
    payout.full_clean()
    payout.save()
    staff_decision(by=by, obj=payout, event="affiliate_payout_recorded", message=f"{amount}")
    return payout
