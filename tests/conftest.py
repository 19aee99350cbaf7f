import pytest
from django.core.cache import cache

from core.pagecache.kept import kept


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Every test stores uploads in a folder of its own, removed afterwards."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    kept.forget()
    yield
    cache.clear()
    kept.forget()


@pytest.fixture(autouse=True)
def no_rate_limits_in_property_tests(request):
    """A property-based test posts one form hundreds of times from one address in one test: the
    rate limits (core.limits, tried in tests/hardening/test_limits.py) would refuse most of it."""
    if getattr(request.function, "is_hypothesis_test", False):
        request.getfixturevalue("settings").RATELIMIT_ENABLE = False


def replay_data_migrations():
    """Put back what the data migrations wrote (kecamatan, categories, staff groups).

    A transactional test empties every table when it ends. ``serialized_rollback`` refills them,
    except once a browser test has started Playwright: its sync API runs an event loop in this
    thread, and from then on the ORM works on a connection object that lacks the serialized copy.
    The migrations' own functions are idempotent, so running them again on the final model state
    restores the same rows.
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
        "affiliates",
        "core",
        "vendors",
        "products",
        "gallery",
        "orders",
        "backoffice",
        "training",
        "counter",
        "curation",
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
    """Transactional tests start with the migrations' reference data, whatever ran before them."""
    marker = request.node.get_closest_marker("django_db")
    transactional = marker is not None and (
        marker.kwargs.get("transaction") or (marker.args and marker.args[0])
    )
    if not transactional and not {"transactional_db", "live_server"} & set(request.fixturenames):
        return
    request.getfixturevalue("transactional_db")
    from core.models import Kecamatan

    if not Kecamatan.objects.exists():
        replay_data_migrations()
