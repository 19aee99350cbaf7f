"""The review decisions staff take from a vendor's own admin page, beside the list's actions."""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from .. import services
from ..models import Vendor
from ..services.workflow import APPROVE, REINSTATE, REJECT, SUSPEND, Transition

Status = Vendor.Status


@dataclass(frozen=True)
class Decision:
    slug: str
    transition: Transition
    service: Any
    label: Any
    title: Any
    done: Any
    danger: bool = False

    @property
    def needs_reason(self):
        return self.transition.reason_required


DECISIONS = {
    decision.slug: decision
    for decision in (
        Decision(
            "approve",
            APPROVE,
            services.vendor_approve,
            label=_("Approve"),
            title=_("Approve this registration"),
            done=_("%(vendor)s is approved."),
        ),
        Decision(
            "reject",
            REJECT,
            services.vendor_reject,
            label=_("Reject…"),
            title=_("Reject this registration"),
            done=_("%(vendor)s is rejected; the owner reads the reason."),
            danger=True,
        ),
        Decision(
            "suspend",
            SUSPEND,
            services.vendor_suspend,
            label=_("Suspend…"),
            title=_("Suspend this vendor"),
            done=_("%(vendor)s is suspended; its page and products are off the site."),
            danger=True,
        ),
        Decision(
            "reinstate",
            REINSTATE,
            services.vendor_reinstate,
            label=_("Reinstate"),
            title=_("Reinstate this vendor"),
            done=_("%(vendor)s is reinstated."),
        ),
    )
}


def decisions_for(user, vendor: Vendor) -> list[Decision]:
    """The decisions ``user`` may take on ``vendor`` in its present status (none on their own)."""
    if not services.can_review(user, vendor):
        return []
    return [d for d in DECISIONS.values() if vendor.status in d.transition.sources]
