"""Checks made through the service against the seeded checklists."""

from curation.models import Checklist
from curation.services import curation_check_record


def points_of(product):
    """The checklist points a check of ``product`` answers, in order."""
    checklist = Checklist.objects.for_product(product)
    return list(checklist.items.filter(is_active=True))


def answers(product, failed=None):
    """Every point passed except those in ``failed``: {position in the list: note}."""
    failed = failed or {}
    return {
        item.pk: (n not in failed, failed.get(n, "")) for n, item in enumerate(points_of(product))
    }


def check(product, by, failed=None, note=""):
    return curation_check_record(product=product, by=by, points=answers(product, failed), note=note)
