"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server."""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make between
# browser steps are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
RESULTS = Path(__file__).resolve().parents[2] / "test-results"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def replay_data_migrations():
    """Put back what the data migrations wrote (kecamatan, categories, staff groups).

    A transactional test empties every table when it ends, and ``serialized_rollback`` cannot
    refill them here: Playwright's sync API runs an event loop in this thread, so the ORM works
    on a connection object that lacks the serialized copy. The migrations' own functions are
    idempotent, so running them again on the final model state restores the same rows.
    """
    from django.core.management.sql import emit_post_migrate_signal
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.operations import RunPython

    emit_post_migrate_signal(verbosity=0, interactive=False, db=connection.alias)
    loader = MigrationLoader(connection)
    state_apps = loader.project_state().apps
    project_apps = {
        "accounts",
        "core",
        "vendors",
        "products",
        "gallery",
        "orders",
        "backoffice",
        "training",
    }
    with connection.schema_editor() as schema_editor:
        for app_label, name in _all_nodes_in_order(loader):
            if app_label not in project_apps:
                continue
            for operation in loader.graph.nodes[(app_label, name)].operations:
                if isinstance(operation, RunPython):
                    operation.code(state_apps, schema_editor)


def _all_nodes_in_order(loader):
    seen, ordered = set(), []
    for leaf in sorted(loader.graph.leaf_nodes()):
        for node in loader.graph.forwards_plan(leaf):
            if node not in seen:
                seen.add(node)
                ordered.append(node)
    return ordered


@pytest.fixture(autouse=True)
def reference_data(request):
    """Browser tests start with the migrations' reference data, whatever ran before them."""
    if "transactional_db" not in request.fixturenames and "live_server" not in request.fixturenames:
        return
    request.getfixturevalue("transactional_db")
    from core.models import Kecamatan

    if not Kecamatan.objects.exists():
        replay_data_migrations()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: run `make system-deps` as root.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _page(browser, viewport, **kwargs):
    context = browser.new_context(viewport=viewport, locale="id-ID", **kwargs)
    context.set_default_timeout(15_000)
    page = context.new_page()
    return context, page


@pytest.fixture
def page(browser):
    context, page = _page(browser, DESKTOP)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser):
    context, page = _page(browser, PHONE, is_mobile=True, has_touch=True)
    yield page
    context.close()


@pytest.fixture
def screenshot(request):
    """``screenshot(page, "step")`` keeps a full-page PNG under test-results/<test name>/."""
    folder = RESULTS / request.node.name.replace("/", "_")

    def take(page, name):
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
