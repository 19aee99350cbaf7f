"""A POST without the form's CSRF token is refused on every route, as every role, and changes
nothing: what another site could make a logged-in browser send."""

import pytest
from django.conf import settings
from django.middleware.csrf import CSRF_SECRET_LENGTH
from django.test import Client
from django.utils.crypto import get_random_string

from .dbstate import changed_tables, database_fingerprint
from .test_access import (
    FORGED,
    ROLES,
    ROUTES,
    owned_by_a,
    owned_by_b,
    urls_of,
    user_of,
    world,  # noqa: F401 (the fixture)
)
from .urlwalk import DEFAULT_LANGUAGE

pytestmark = pytest.mark.django_db

ENGLISH_ROLES = ("anonymous", "shopper")
EXPIRED = {"id": "Formulir ini sudah kedaluwarsa", "en": "This form has expired"}


def test_the_walk_finds_the_sites_pages():
    paths = {route.path for route in ROUTES}
    assert "/" in paths
    assert "/en/" in paths
    assert "/akun/masuk/" in paths
    assert "/en/akun/masuk/" in paths
    assert "/admin/login/" in paths
    assert "/admin/vendors/vendor/1/" in paths  # an unnamed pattern
    assert len(paths) > 300


def forger(user):
    """A browser that holds the site's cookies (a session, a CSRF cookie) but not the token of
    any form of the site."""
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    client.cookies[settings.CSRF_COOKIE_NAME] = get_random_string(CSRF_SECRET_LENGTH)
    return client


@pytest.mark.parametrize("role", ROLES)
def test_every_post_without_a_csrf_token_is_refused_and_changes_nothing(world, role):  # noqa: F811
    client = forger(user_of(world, role))
    # A vendor is attacked through its own objects, which its POSTs would otherwise change.
    owned = owned_by_a(world) if role == "vendor" else owned_by_b(world)
    before = database_fingerprint()
    wrong, tried = [], 0
    for route in ROUTES:
        # The check is the same at both addresses of a page: the English ones are tried by a
        # visitor and a logged-in shopper.
        if route.language != DEFAULT_LANGUAGE and role not in ENGLISH_ROLES:
            continue
        for url, _kwargs in urls_of(route, world, owned):
            tried += 1
            response = client.post(url, FORGED)
            # The CSRF check runs before any view, so even GET-only pages and unknown objects
            # answer with the branded "form expired" page.
            if response.status_code != 403 or EXPIRED[route.language] not in (
                response.content.decode()
            ):
                wrong.append(f"{route.label} {url}: {response.status_code}")
    assert tried >= len([route for route in ROUTES if route.language == DEFAULT_LANGUAGE])
    assert not wrong, f"{len(wrong)} forged POSTs as {role} were not refused:\n" + "\n".join(wrong)
    assert changed_tables(before, database_fingerprint()) == []
