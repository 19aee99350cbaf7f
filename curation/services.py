"""Checks and requests for a new check. Both are records: written here once, never changed.

    not checked --check--> passed | failed
    failed --the vendor asks--> awaiting --check--> passed | failed

Staff holding ``curation.check_product`` check any product but their own business's; a check
answers every point in use of the product's checklist, and passes only if every point passed.
A failed check keeps the product out of intakes (``curation.rules``) and is emailed to the
vendor, every failed point with its note; the vendor fixes it and asks for a new check.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.audit import audit, staff_decision
from products.models import Product
from vendors.services.notify import email_vendor, site_url

from .models import CheckedPoint, Checklist, CurationCheck, RecheckRequest, State, curation_state

NOTE_MAX_LENGTH = 2000


class CurationError(Exception):
    """A check or request the rules refuse; its message is meant for the person who asked."""


class CurationPermissionError(CurationError, PermissionDenied):
    """The person asking may not do this (views answer 403)."""


def can_check(user, product=None) -> bool:
    """Whether ``user`` may check products (``product``, when given: never their own)."""
    if not getattr(user, "is_authenticated", False) or not user.has_perm("curation.check_product"):
        return False
    return product is None or product.vendor.user_id != user.pk


def _lock(product):
    """The product's row, locked so that checks and requests of one product take turns."""
    return (
        Product.objects.select_for_update(of=("self",))
        .select_related("vendor__user", "category__parent")
        .get(pk=product.pk)
    )


def _note(note):
    note = (note or "").strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise CurationError(_("A note has at most %(n)s characters.") % {"n": NOTE_MAX_LENGTH})
    return note


def checklist_points(product):
    """The points in use a check of ``product`` answers; raises ``CurationError`` without."""
    checklist = Checklist.objects.for_product(product)
    if checklist is None:
        raise CurationError(
            _("The category %(category)s has no curation checklist yet: add one in the admin.")
            % {"category": product.category.full_name}
        )
    items = list(checklist.items.filter(is_active=True))
    if not items:
        raise CurationError(
            _("The checklist of %(category)s has no points in use: add them in the admin.")
            % {"category": checklist}
        )
    return items


@transaction.atomic
def curation_check_record(*, product, by, points, note="") -> CurationCheck:
    """Record one check of ``product``. ``points`` maps each point's id to ``(passed, note)``."""
    product = _lock(product)
    if not can_check(by):
        raise CurationPermissionError(_("Only gallery staff can check products."))
    if not can_check(by, product):
        raise CurationPermissionError(_("Nobody checks their own business's products."))
    items = checklist_points(product)
    expected = {item.pk for item in items}
    unknown = set(points) - expected
    if unknown:
        raise CurationError(_("Answer only the points of this product's checklist."))
    missing = [item.text for item in items if item.pk not in points]
    if missing:
        raise CurationError(
            _("Say for every point whether it passed: %(points)s.") % {"points": "; ".join(missing)}
        )
    answers = {pk: (bool(passed), _note(point_note)) for pk, (passed, point_note) in points.items()}
    passed = all(answer[0] for answer in answers.values())
    check = CurationCheck.objects.create(
        product=product,
        by=by,
        outcome=CurationCheck.Outcome.PASSED if passed else CurationCheck.Outcome.FAILED,
        note=_note(note),
    )
    CheckedPoint.objects.bulk_create(
        CheckedPoint(
            curation_check=check,
            item=item,
            text_id=item.text_id,
            text_en=item.text_en,
            passed=answers[item.pk][0],
            note=answers[item.pk][1],
        )
        for item in items
    )
    if not passed:
        failed = [point for point in check.points.all() if not point.passed]
        email_vendor(
            product.vendor,
            subject=gettext_lazy("A product did not pass the gallery's check"),
            template="curation/email/check_failed.txt",
            kind="curation_failed",
            product=product,
            check=check,
            failed=failed,
            products_url=lambda: site_url("dashboard-products:product-list"),
        )
    staff_decision(
        by=by,
        obj=product,
        event=f"curation_{check.outcome}",
        message=f"{_('Curation check')}: {check.get_outcome_display()}"
        + (f": {check.note}" if check.note else ""),
    )
    return check


@transaction.atomic
def curation_recheck_request(*, product, by, note="") -> RecheckRequest:
    """The vendor fixed what the latest check found and asks for a new check."""
    product = _lock(product)
    if by is None or by.pk != product.vendor.user_id:
        raise CurationPermissionError(_("Only the product's vendor can ask for a new check."))
    state = curation_state(product)
    if state == State.AWAITING:
        raise CurationError(_("A new check is already asked for: the gallery staff will do it."))
    if state != State.FAILED:
        raise CurationError(_("A new check can be asked for only after a failed check."))
    check = CurationCheck.objects.filter(product=product).order_by("-at", "-pk").first()
    request = RecheckRequest.objects.create(curation_check=check, by=by, note=_note(note))
    audit("curation_recheck_requested", user=by, product=product.pk, check=check.pk)
    return request
