"""What curation decides elsewhere: whether a product may be taken in at an outlet."""

from django.utils.translation import gettext as _

from .models import State, curation_state


def intake_refusal(product, outlet) -> str | None:
    """Why ``product`` may not come in at ``outlet``, or None when it may.

    A product comes in once its latest check passed. One never checked may still come in where
    it came in before (goods stocked before the gallery kept checks); never at a new outlet.
    A failed product stays out until its vendor fixes it and it passes a new check.
    """
    from gallery.models import StockMovement

    state = curation_state(product)
    if state == State.PASSED:
        return None
    if state == State.FAILED:
        return _(
            "%(product)s failed its curation check: it cannot be taken in until the vendor "
            "fixes it and it passes a new check."
        ) % {"product": product}
    if state == State.AWAITING:
        return _(
            "%(product)s is waiting for a new curation check: check it before taking it in."
        ) % {"product": product}
    came_in_before = StockMovement.objects.filter(
        outlet=outlet, product=product, kind=StockMovement.Kind.INTAKE
    ).exists()
    if came_in_before:
        return None
    return _(
        "%(product)s has not been checked yet: check it against the curation checklist before "
        "its first intake at %(outlet)s."
    ) % {"product": product, "outlet": outlet}
