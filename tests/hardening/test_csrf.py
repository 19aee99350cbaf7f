import pytest
from django.test import Client

from tests.factories import UserFactory

from .urlwalk import all_routes

pytestmark = pytest.mark.django_db

ROUTES = all_routes()


def test_the_walk_finds_the_sites_pages():
    paths = {route.path for route in ROUTES}
    assert "/" in paths
    assert "/akun/masuk/" in paths
    assert "/admin/login/" in paths
    assert len(paths) > 40


@pytest.mark.parametrize("route", ROUTES, ids=[r.name for r in ROUTES])
def test_every_post_without_a_csrf_token_is_refused(route):
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.post(route.path, {"anything": "1"})
    # The CSRF check runs before any view, so even GET-only pages and unknown objects answer
    # with the branded "form expired" page.
    assert response.status_code == 403, (route.path, response.status_code)
    assert "Formulir ini sudah kedaluwarsa" in response.content.decode()
