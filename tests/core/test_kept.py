"""Entries keyed on the catalogue version are remembered by the worker (``kept``), which is only
right because such an entry never changes and versions never repeat."""

import pytest
from django.core.cache import cache

from core.pagecache import catalogue_changed, catalogue_version
from core.pagecache.kept import kept

pytestmark = pytest.mark.django_db

CACHE_DOWN = {
    "default": {"BACKEND": "core.cache.ResilientRedisCache", "LOCATION": "redis://127.0.0.1:9/0"}
}


@pytest.fixture
def memo(settings):
    settings.CACHE_MEMO_ENTRIES = 100


def test_a_kept_entry_is_served_from_the_workers_memory_once_read(memo):
    kept.set("card:7:1", "<li>Guci</li>")
    cache.delete("card:7:1")  # what another worker would find: the shared cache asked no more
    assert kept.get("card:7:1") == "<li>Guci</li>"
    assert kept.get_many(["card:7:1", "card:8:1"]) == {"card:7:1": "<li>Guci</li>"}


def test_each_reader_gets_its_own_copy(memo):
    kept.set("outlets:1", [{"name": "Galeri Menong 1"}])
    first = kept.get("outlets:1")
    first[0]["available"] = 3  # what a page does with the outlets it shows
    assert kept.get("outlets:1") == [{"name": "Galeri Menong 1"}]


def test_without_a_memo_every_read_goes_to_the_cache(settings):
    settings.CACHE_MEMO_ENTRIES = 0
    kept.set("card:7:1", "<li>Guci</li>")
    cache.delete("card:7:1")
    assert kept.get("card:7:1") is None


def test_versions_never_repeat_when_the_cache_is_emptied(django_capture_on_commit_callbacks):
    seen = {catalogue_version()}
    with django_capture_on_commit_callbacks(execute=True):
        catalogue_changed()
    seen.add(catalogue_version())
    cache.clear()  # Redis restarted or flushed
    seen.add(catalogue_version())
    assert len(seen) == 3


def test_a_cache_that_cannot_be_read_gives_every_request_a_version_of_its_own(settings, memo):
    settings.CACHES = CACHE_DOWN
    versions = {catalogue_version() for _ in range(3)}
    assert len(versions) == 3


def test_get_or_set_keeps_what_it_computes_but_nothing_for_nothing_found(memo):
    assert kept.get_or_set("sheet:gone:1", lambda: None) is None
    assert cache.get("sheet:gone:1") is None  # a made-up address leaves no entry
    assert kept.get_or_set("count:1", lambda: 0) == 0
    assert kept.get_or_set("count:1", lambda: 99) == 0
