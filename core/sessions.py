"""Sessions kept in the database, read through the shared cache when there is one.

A shopper with a cart is served cached pages with their own parts filled in, and reading their
session is most of that work: from Redis it is one round trip instead of an ORM query. The
database stays the record (``cached_db`` writes through), so a cache outage or restart loses no
cart and logs no one out; a miss reads the row and puts it back in the cache. With a cache of
each process's own (``SESSION_READ_FROM_CACHE`` off), sessions are read from the database alone:
another worker's copy could be out of date.

A session cookie which cannot be a session key is ignored. Django's keys are 32 lowercase
letters and digits; anything else (a NUL byte, a very long value) is treated as no session rather
than being sent to the cache or to PostgreSQL, which refuses NUL bytes.
"""

import re

from django.conf import settings
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDatabaseSessionStore
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore

_SESSION_KEY = re.compile(r"^[a-z0-9]{8,40}$")


class SessionStore(CachedDatabaseSessionStore):
    def _validate_session_key(self, key):
        return bool(key) and _SESSION_KEY.fullmatch(key) is not None

    def load(self):
        if settings.SESSION_READ_FROM_CACHE:
            return super().load()
        return DatabaseSessionStore.load(self)

    def exists(self, session_key):
        if settings.SESSION_READ_FROM_CACHE:
            return super().exists(session_key)
        return DatabaseSessionStore.exists(self, session_key)
