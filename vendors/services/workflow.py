"""The review workflow::

    draft --submit--> submitted --approve--> approved --suspend--> suspended
                        |    ^                   ^                    |
                  reject|    |resubmit           +-----reinstate------+
                        v    |
                       rejected

The owner submits (once the email address is confirmed) and resubmits; staff holding
``vendors.review_vendor`` approve, reject, suspend and reinstate, never their own business.
Every move writes one ``VendorStatusChange`` and sends the vendor one email in its language.
"""

from dataclasses import dataclass
from functools import partial

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.audit import staff_decision
from core.pagecache import catalogue_changed

from ..models import Vendor, VendorStatusChange
from .notify import email_vendor, site_url

Status = Vendor.Status


class VendorError(Exception):
    """A vendor change the rules refuse; its message is meant for the person who asked."""


class VendorTransitionError(VendorError):
    """The vendor's status does not allow this step."""


class VendorReasonRequired(VendorError):
    pass


class VendorPermissionError(VendorError, PermissionDenied):
    """The person asking may not take this step (views answer 403)."""


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple
    target: str
    by_owner: bool
    reason_required: bool
    subject: str


SUBMIT = Transition(
    "submitted",
    (Status.DRAFT,),
    Status.SUBMITTED,
    by_owner=True,
    reason_required=False,
    subject=gettext_lazy("We received your registration"),
)
RESUBMIT = Transition(
    "resubmitted",
    (Status.REJECTED,),
    Status.SUBMITTED,
    by_owner=True,
    reason_required=False,
    subject=gettext_lazy("We received your corrected registration"),
)
APPROVE = Transition(
    "approved",
    (Status.SUBMITTED,),
    Status.APPROVED,
    by_owner=False,
    reason_required=False,
    subject=gettext_lazy("Your business is approved on Galeri Menong"),
)
REJECT = Transition(
    "rejected",
    (Status.SUBMITTED,),
    Status.REJECTED,
    by_owner=False,
    reason_required=True,
    subject=gettext_lazy("Your registration on Galeri Menong needs changes"),
)
SUSPEND = Transition(
    "suspended",
    (Status.APPROVED,),
    Status.SUSPENDED,
    by_owner=False,
    reason_required=True,
    subject=gettext_lazy("Your business page on Galeri Menong is suspended"),
)
REINSTATE = Transition(
    "reinstated",
    (Status.SUSPENDED,),
    Status.APPROVED,
    by_owner=False,
    reason_required=False,
    subject=gettext_lazy("Your business page on Galeri Menong is back"),
)


def can_review(user, vendor: Vendor | None = None) -> bool:
    """Whether ``user`` may decide on vendors (on ``vendor``, when given: never their own)."""
    if not getattr(user, "is_authenticated", False) or not user.has_perm("vendors.review_vendor"):
        return False
    return vendor is None or vendor.user_id != user.pk


def _check_actor(vendor: Vendor, by, transition: Transition) -> None:
    if transition.by_owner:
        if by is None or by.pk != vendor.user_id:
            raise VendorPermissionError(_("Only the owner of the business can do this."))
        if not vendor.user.email_verified:
            raise VendorTransitionError(
                _("Confirm your email address first: open the link we sent you.")
            )
    elif not can_review(by):
        raise VendorPermissionError(_("Only district staff can review vendors."))
    elif not can_review(by, vendor):
        raise VendorPermissionError(_("Nobody can review their own business."))


def _move(*, vendor: Vendor, by, transition: Transition, reason: str = "") -> VendorStatusChange:
    reason = (reason or "").strip()
    locked = Vendor.objects.select_for_update().select_related("user").get(pk=vendor.pk)
    _check_actor(locked, by, transition)
    if locked.status not in transition.sources:
        raise VendorTransitionError(
            _("%(vendor)s cannot go from “%(current)s” to “%(target)s”.")
            % {
                "vendor": locked,
                "current": locked.get_status_display(),
                "target": Status(transition.target).label,
            }
        )
    if transition.reason_required and not reason:
        raise VendorReasonRequired(_("Give a reason: the vendor will read it."))

    from_status = locked.status
    now = timezone.now()
    locked.status = transition.target
    locked.status_reason = reason if transition.reason_required else ""
    fields = ["status", "status_reason", "updated_at"]
    if transition.target == Status.SUBMITTED:
        locked.submitted_at = now
        fields.append("submitted_at")
    if transition is APPROVE:
        locked.approved_at = now
        fields.append("approved_at")
    locked.save(update_fields=fields)
    change = VendorStatusChange.objects.create(
        vendor=locked, from_status=from_status, to_status=locked.status, reason=reason, by=by
    )
    for field in fields:
        setattr(vendor, field, getattr(locked, field))
    email_vendor(
        locked,
        subject=transition.subject,
        template=f"vendors/email/vendor_{transition.name}.txt",
        kind=f"vendor_{transition.name}",
        reason=reason,
        public_url=partial(site_url, "vendors:vendor-detail", slug=locked.slug),
    )
    staff_decision(
        by=by,
        obj=locked,
        event=f"vendor_{transition.name}",
        message=f"{Status(from_status).label} → {locked.get_status_display()}"
        + (f": {reason}" if reason else ""),
    )
    # Approving, suspending or reinstating changes which products the public sees.
    catalogue_changed()
    return change


@transaction.atomic
def vendor_submit(*, vendor: Vendor, by) -> VendorStatusChange:
    """The owner sends the application to staff; needs a confirmed email address."""
    return _move(vendor=vendor, by=by, transition=SUBMIT)


@transaction.atomic
def vendor_resubmit(*, vendor: Vendor, by) -> VendorStatusChange:
    """The owner sends a rejected application back to staff after fixing it."""
    return _move(vendor=vendor, by=by, transition=RESUBMIT)


@transaction.atomic
def vendor_approve(*, vendor: Vendor, by, note: str = "") -> VendorStatusChange:
    """The vendor's page becomes public and it may sell."""
    return _move(vendor=vendor, by=by, transition=APPROVE, reason=note)


@transaction.atomic
def vendor_reject(*, vendor: Vendor, by, reason: str) -> VendorStatusChange:
    """Send the application back; the reason tells the owner what to fix."""
    return _move(vendor=vendor, by=by, transition=REJECT, reason=reason)


@transaction.atomic
def vendor_suspend(*, vendor: Vendor, by, reason: str) -> VendorStatusChange:
    """Take an approved vendor off the site; its page and products stop being public."""
    return _move(vendor=vendor, by=by, transition=SUSPEND, reason=reason)


@transaction.atomic
def vendor_reinstate(*, vendor: Vendor, by, note: str = "") -> VendorStatusChange:
    return _move(vendor=vendor, by=by, transition=REINSTATE, reason=note)
