"""Signing up as an affiliate and the staff's review: pending -> approved / rejected, approved ->
suspended -> approved again. Every step is recorded with who, when and why."""

import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import staff_decision

from ..models import CODE_ALPHABET, CODE_LENGTH, Affiliate, AffiliateStatusChange
from .errors import AffiliateError

Status = Affiliate.Status


def can_review(user) -> bool:
    return bool(user and user.is_active and user.is_staff) and user.has_perm(
        "affiliates.review_affiliate"
    )


def _record(affiliate, *, from_status, by, reason="") -> AffiliateStatusChange:
    change = AffiliateStatusChange.objects.create(
        affiliate=affiliate,
        from_status=from_status,
        to_status=affiliate.status,
        by=by,
        reason=reason,
    )
    staff_decision(
        by=by,
        obj=affiliate,
        event=f"affiliate_{affiliate.status}",
        message=f"{from_status or '—'} → {affiliate.status}" + (f": {reason}" if reason else ""),
    )
    return change


def _locked(affiliate) -> Affiliate:
    return Affiliate.objects.select_for_update().get(pk=affiliate.pk)


def affiliate_code_new() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))
        if not Affiliate.objects.filter(code=code).exists():
            return code


@transaction.atomic
def affiliate_apply(
    *, user, whatsapp: str, bank_name: str, account_number: str, account_holder: str
) -> Affiliate:
    """A shopper applies (or, once rejected, applies again); staff review the application.

    ``whatsapp`` is already normalised (``core.phones.normalise_mobile``).
    """
    if user is None or not user.is_authenticated:
        raise AffiliateError(_("Log in to sign up as an affiliate."))
    now = timezone.now()
    details = {
        "whatsapp": whatsapp,
        "bank_name": bank_name.strip(),
        "account_number": account_number.strip(),
        "account_holder": account_holder.strip(),
        "consented_at": now,
        "applied_at": now,
    }
    affiliate = Affiliate.objects.select_for_update().filter(user=user).first()
    if affiliate is None:
        affiliate = Affiliate.objects.create(user=user, status=Status.PENDING, **details)
        _record(affiliate, from_status="", by=user)
        return affiliate
    if affiliate.status != Status.REJECTED:
        raise AffiliateError(_("You have already signed up as an affiliate."))
    for name, value in details.items():
        setattr(affiliate, name, value)
    affiliate.status, affiliate.status_reason = Status.PENDING, ""
    affiliate.save()
    _record(affiliate, from_status=Status.REJECTED, by=user)
    return affiliate


@transaction.atomic
def affiliate_approve(*, affiliate: Affiliate, by) -> Affiliate:
    """Approve an application, or reinstate a suspended affiliate (who keeps the same code)."""
    affiliate = _locked(affiliate)
    if affiliate.status not in (Status.PENDING, Status.SUSPENDED):
        raise AffiliateError(
            _("Only a waiting or suspended affiliate can be approved; this one is %(status)s.")
            % {"status": affiliate.get_status_display().lower()}
        )
    from_status = affiliate.status
    affiliate.status, affiliate.status_reason = Status.APPROVED, ""
    affiliate.code = affiliate.code or affiliate_code_new()
    affiliate.approved_at = affiliate.approved_at or timezone.now()
    affiliate.save(update_fields=["status", "status_reason", "code", "approved_at"])
    _record(affiliate, from_status=from_status, by=by)
    return affiliate


def _with_reason(affiliate, *, by, reason, source, to, refusal) -> Affiliate:
    reason = (reason or "").strip()
    if not reason:
        raise AffiliateError(_("Give a reason: the affiliate reads it."))
    affiliate = _locked(affiliate)
    if affiliate.status != source:
        raise AffiliateError(refusal % {"status": affiliate.get_status_display().lower()})
    affiliate.status, affiliate.status_reason = to, reason
    affiliate.save(update_fields=["status", "status_reason"])
    _record(affiliate, from_status=source, by=by, reason=reason)
    return affiliate


@transaction.atomic
def affiliate_reject(*, affiliate: Affiliate, by, reason: str) -> Affiliate:
    return _with_reason(
        affiliate,
        by=by,
        reason=reason,
        source=Status.PENDING,
        to=Status.REJECTED,
        refusal=_("Only a waiting application can be rejected; this one is %(status)s."),
    )


@transaction.atomic
def affiliate_suspend(*, affiliate: Affiliate, by, reason: str) -> Affiliate:
    """Links stop counting and new orders are no longer attributed; earnings stay on record."""
    return _with_reason(
        affiliate,
        by=by,
        reason=reason,
        source=Status.APPROVED,
        to=Status.SUSPENDED,
        refusal=_("Only an approved affiliate can be suspended; this one is %(status)s."),
    )
