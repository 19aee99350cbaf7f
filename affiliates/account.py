"""What an affiliate sees of their own account: clicks, orders, earnings per month, balance.

A commission counts in the month its order was collected; a reversal in the month of the
return; a payout on its date. Months are calendar months in Jakarta.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth

from orders.models import JAKARTA

from .models import Affiliate, AffiliateClick, AffiliateEarning, AffiliatePayout


@dataclass(frozen=True)
class Month:
    month: datetime.date
    earned: int
    reversed: int
    paid: int


@dataclass(frozen=True)
class Balance:
    earned: int
    reversed: int
    paid: int

    @property
    def owed(self):
        return self.earned - self.reversed - self.paid


def _by_month(queryset, moment: str, total: str = "amount") -> dict:
    rows = (
        queryset.annotate(month=TruncMonth(moment, tzinfo=JAKARTA))
        .values("month")
        .annotate(total=Sum(total))
    )
    return {_as_date(row["month"]): row["total"] or 0 for row in rows}


def _as_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.astimezone(JAKARTA).date().replace(day=1)
    return value.replace(day=1)


def months(affiliate: Affiliate) -> list[Month]:
    """Every month with an earning, a reversal or a payout, newest first."""
    earnings = AffiliateEarning.objects.filter(affiliate=affiliate)
    earned = _by_month(earnings, "created_at")
    reversed_ = _by_month(earnings.filter(status=AffiliateEarning.Status.REVERSED), "reversed_at")
    paid = defaultdict(int)
    for paid_on, amount in AffiliatePayout.objects.filter(affiliate=affiliate).values_list(
        "paid_on", "amount"
    ):
        paid[paid_on.replace(day=1)] += amount
    keys = sorted(set(earned) | set(reversed_) | set(paid), reverse=True)
    return [Month(key, earned.get(key, 0), reversed_.get(key, 0), paid.get(key, 0)) for key in keys]


def balance(affiliate: Affiliate) -> Balance:
    earnings = AffiliateEarning.objects.filter(affiliate=affiliate).aggregate(
        earned=Sum("amount"),
        reversed=Sum("amount", filter=Q(status=AffiliateEarning.Status.REVERSED)),
    )
    paid = AffiliatePayout.objects.filter(affiliate=affiliate).aggregate(total=Sum("amount"))
    return Balance(earnings["earned"] or 0, earnings["reversed"] or 0, paid["total"] or 0)


def clicks(affiliate: Affiliate) -> dict:
    totals = AffiliateClick.objects.filter(affiliate=affiliate).aggregate(
        yes=Count("pk", filter=Q(counted=True)), no=Count("pk", filter=Q(counted=False))
    )
    return {"counted": totals["yes"], "not_counted": totals["no"]}


@dataclass(frozen=True)
class ReferredOrder:
    number: str
    placed_at: datetime.datetime
    status: str
    earning: int | None
    earning_reversed: bool


def referred_orders(affiliate: Affiliate, limit: int = 50) -> list[ReferredOrder]:
    """The latest orders the affiliate brought: number, date, status and earning, nothing of
    the shopper."""
    rows = []
    referrals = affiliate.referrals.select_related("order").order_by("-order__placed_at")[:limit]
    referrals = list(referrals)
    earnings = {
        earning.order_id: earning
        for earning in AffiliateEarning.objects.filter(
            order_id__in=[referral.order_id for referral in referrals]
        )
    }
    for referral in referrals:
        order, earning = referral.order, earnings.get(referral.order_id)
        rows.append(
            ReferredOrder(
                number=order.number,
                placed_at=order.placed_at,
                status=order.get_status_display(),
                earning=earning.amount if earning else None,
                earning_reversed=bool(earning and earning.status == earning.Status.REVERSED),
            )
        )
    return rows
