"""Sign-ups for training sessions.

Every sign-up and cancellation locks the session row first, so the seats are counted by one
transaction at a time: two vendors pressing "sign up" for the last seat at once get one seat and
one refusal, never two seats. A partial unique constraint (one active sign-up per vendor and
session) is the database's own guard against a double sign-up.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import staff_decision

from .models import SignUp, TrainingSession


class TrainingError(Exception):
    """A sign-up change the rules refuse; the message is meant for the person who asked."""


class SessionFull(TrainingError):
    pass


def _locked(session: TrainingSession) -> TrainingSession:
    return TrainingSession.objects.select_for_update().get(pk=session.pk)


@transaction.atomic
def signup_create(*, session: TrainingSession, vendor, by) -> SignUp:
    """Give an approved vendor a seat at a published session that has not started."""
    session = _locked(session)
    if not vendor.is_approved:
        raise TrainingError(_("Only approved vendors can sign up for training sessions."))
    if not session.is_published:
        raise TrainingError(_("This session is not open for sign-ups."))
    if session.has_started():
        raise TrainingError(_("This session has already started."))
    active = SignUp.objects.active().filter(session=session)
    if active.filter(vendor=vendor).exists():
        raise TrainingError(_("You are already signed up for this session."))
    if active.count() >= session.quota:
        raise SessionFull(_("Sorry, this session is full."))
    try:
        with transaction.atomic():
            return SignUp.objects.create(session=session, vendor=vendor, created_by=by)
    except IntegrityError as exc:
        raise TrainingError(_("You are already signed up for this session.")) from exc


@transaction.atomic
def signup_cancel(*, signup: SignUp, by) -> SignUp:
    """Give the seat back, up to the moment the session starts."""
    session = _locked(signup.session)
    signup = SignUp.objects.select_for_update().get(pk=signup.pk)
    if not signup.is_active:
        raise TrainingError(_("This sign-up was already cancelled."))
    if session.has_started():
        raise TrainingError(_("The session has started: a sign-up can no longer be cancelled."))
    signup.cancelled_at = timezone.now()
    signup.cancelled_by = by
    signup.save(update_fields=["cancelled_at", "cancelled_by"])
    return signup


@transaction.atomic
def session_set_published(*, session: TrainingSession, published: bool, by) -> bool:
    """Show the session on the public page (sign-ups open) or take it off (existing sign-ups
    stay), recorded as a staff decision. Returns False when it already was so."""
    session = _locked(session)
    if session.is_published == published:
        return False
    session.is_published = published
    session.save(update_fields=["is_published", "updated_at"])
    staff_decision(
        by=by,
        obj=session,
        event="training_published" if published else "training_unpublished",
        message=_("Published.") if published else _("Taken off the public page."),
    )
    return True
