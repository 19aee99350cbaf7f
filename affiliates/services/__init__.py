"""The affiliates' rules: sign-up and review, share links, attribution, commission, payouts."""

from .commission import (
    affiliate_payout_record,
    earning_for_collected_order,
    earning_reverse,
    is_own_order,
    referral_record,
)
from .errors import AffiliateError
from .links import click_record, follow, safe_target, share_target, visit_cookie_set, visit_from
from .workflow import (
    affiliate_apply,
    affiliate_approve,
    affiliate_reject,
    affiliate_suspend,
    can_review,
)

__all__ = [
    "AffiliateError",
    "affiliate_apply",
    "affiliate_approve",
    "affiliate_payout_record",
    "affiliate_reject",
    "affiliate_suspend",
    "can_review",
    "click_record",
    "earning_for_collected_order",
    "earning_reverse",
    "follow",
    "is_own_order",
    "referral_record",
    "safe_target",
    "share_target",
    "visit_cookie_set",
    "visit_from",
]
