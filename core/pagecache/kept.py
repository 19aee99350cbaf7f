"""``kept``: the cache, for entries that never change once written, remembered by the process too.

An entry keyed on the catalogue version (a card, a product's page part, a listing's count, the
filter choices) or on its own contents (the filter form) holds the same value for as long as
it exists: a change moves the version on and the next reader asks for another key. So each
worker also keeps the most recent of them in memory, and a page made of them asks the shared
cache (Redis) only for the version: on the product page that was nine round trips, worth more
than its one query. Only such keys may be read through ``kept``; anything that changes under
one key (a version itself, a session, a rate limit, the page cache's stock-versioned pages)
goes to the cache directly.

Versions never repeat (``versions``): a cache emptied or restarted starts them afresh at a
random number, and a cache that can be neither read nor written gives each request a version of
its own, so that nothing remembered is served while changes cannot move the version on.

The version is what invalidates; ``CACHE_KEPT_SECONDS`` only bounds how long an entry stays in
the shared cache unread, and, with the per-process local-memory cache (whose versions are each
worker's own), how stale another worker can be.

Values are remembered as pickles and unpickled for each reader, as a cache would hand them out:
callers may change what they get. ``CACHE_MEMO_ENTRIES`` bounds how many (0: none, as with the
per-process local-memory cache, which is its own memory).
"""

import pickle

from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.dispatch import receiver

from .holes import RecentEntries


class Kept:
    def __init__(self):
        self._memo = None

    @property
    def memo(self):
        if self._memo is None:
            self._memo = RecentEntries(settings.CACHE_MEMO_ENTRIES)
        return self._memo

    def forget(self):
        self._memo = None

    def _remember(self, key, value):
        if settings.CACHE_MEMO_ENTRIES > 0:
            self.memo.put(key, pickle.dumps(value, pickle.HIGHEST_PROTOCOL))

    def get(self, key):
        if settings.CACHE_MEMO_ENTRIES > 0:
            found = self.memo.get(key)
            if found is not None:
                return pickle.loads(found)  # noqa: S301 (pickled here, by this process)
        value = cache.get(key)
        if value is not None:
            self._remember(key, value)
        return value

    def get_many(self, keys):
        found, asked = {}, []
        if settings.CACHE_MEMO_ENTRIES > 0:
            for key in keys:
                remembered = self.memo.get(key)
                if remembered is None:
                    asked.append(key)
                else:
                    found[key] = pickle.loads(remembered)  # noqa: S301 (pickled here)
        else:
            asked = list(keys)
        if asked:
            fetched = cache.get_many(asked)
            for key, value in fetched.items():
                self._remember(key, value)
            found.update(fetched)
        return found

    def get_or_set(self, key, compute):
        """The entry at ``key``; else ``compute()``, kept unless it is None (nothing found)."""
        value = self.get(key)
        if value is None:
            value = compute()
            if value is not None:
                self.set(key, value)
        return value

    def set(self, key, value):
        cache.set(key, value, settings.CACHE_KEPT_SECONDS)
        self._remember(key, value)

    def set_many(self, data):
        cache.set_many(data, settings.CACHE_KEPT_SECONDS)
        for key, value in data.items():
            self._remember(key, value)


kept = Kept()


@receiver(setting_changed)
def _forget(setting, **kwargs):
    if setting in ("CACHES", "CACHE_MEMO_ENTRIES"):
        kept.forget()
