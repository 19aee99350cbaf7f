"""axe-core finds no serious or critical violation on any page of the phone walk: the shop front,
a shopper's pages, the vendor's dashboard, the counter and the admin pages staff use, each opened
at 390×844 as the person who uses it, with the same small site as tests/browser/test_phone_widths.py.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import PHONE
from tests.browser.test_phone_widths import each_page, phone_context

# The phone walk's small site, a fixture the test asks for by name.
from tests.browser.test_phone_widths import world as world

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SERIOUS = ("serious", "critical")

# Django's own markup on the admin pages, which only a copy of Django's JavaScript would change:
# rule id -> the elements it is excused on. SelectFilter2.js (the two-list picker of a
# filter_horizontal field, such as a vendor's categories) draws its magnifier as a <span> with an
# aria-label and no role.
DJANGO_ADMIN_MARKUP = {"aria-prohibited-attr": ".selector .help-tooltip.search-label-icon"}


def is_djangos(page, name, rule, node):
    excused = DJANGO_ADMIN_MARKUP.get(rule) if name.startswith("admin-") else None
    return bool(excused) and page.locator(node["target"][0]).first.evaluate(
        "(node, selector) => node.matches(selector)", excused
    )


def serious_violations(axe, page, name):
    found = []
    for violation in axe.run(page).response["violations"]:
        if violation["impact"] not in SERIOUS:
            continue
        targets = [
            " ".join(node["target"])
            for node in violation["nodes"]
            if not is_djangos(page, name, violation["id"], node)
        ]
        if targets:
            found.append(f"{violation['id']} ({violation['impact']}): " + "; ".join(targets[:6]))
    return found


def test_no_page_has_a_serious_accessibility_violation_on_a_phone(live_server, browser, world):
    axe = Axe()
    context = phone_context(browser, PHONE)
    page = context.new_page()
    failed, found = {}, {}
    for name in each_page(page, live_server.url, world, failed):
        violations = serious_violations(axe, page, name)
        if violations:
            found[name] = violations
    context.close()
    assert not failed
    assert not found, "\n".join(
        f"{name}:\n  " + "\n  ".join(violations) for name, violations in found.items()
    )
