"""The shared cache (Redis), made survivable: when it is down or slow the site goes on without it.

Everything the cache holds here can be done without: pages are rendered fresh, rate limits let
requests through (``RATELIMIT_FAIL_OPEN``), catalogue versions are read as unknown. So a Redis
error becomes a cache miss, one log line when an outage starts and one when it ends, never a 500. After a failure the cache is
left alone for ``CACHE_RETRY_SECONDS``, so that a dead server costs each request nothing rather
than a connection timeout per cache call.
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger("galeri.cache")

# Fail fast: a cache that does not answer within these is treated as down.
DEFAULT_OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}


class ReusingRedisCacheClient(RedisCacheClient):
    """Django builds a new ``redis.Redis`` around the pool for every cache call, which costs about
    0.1 ms: several times what a cached page's whole Redis round trip costs. A client is only a
    handle on its thread-safe pool, so one per pool serves every call of the process."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    """Django's Redis cache whose failures read as misses and writes that did not happen."""

    def __init__(self, server, params):
        params = dict(params)
        options = dict(params.get("OPTIONS") or {})
        self.retry_seconds = float(options.pop("CACHE_RETRY_SECONDS", 5))
        params["OPTIONS"] = {**DEFAULT_OPTIONS, **options}
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
        self._down_until = 0.0
        self._in_outage = False
        self._lock = threading.Lock()

    @property
    def is_down(self) -> bool:
        return time.monotonic() < self._down_until

    def _failed(self, operation: str, exc: Exception) -> None:
        with self._lock:
            first = not self._in_outage
            self._in_outage = True
            self._down_until = time.monotonic() + self.retry_seconds
        if first:
            logger.error(
                "cache unavailable (%s: %s): serving without it for %ss",
                operation,
                exc.__class__.__name__,
                self.retry_seconds,
            )

    def _recovered(self) -> None:
        with self._lock:
            was_out, self._in_outage, self._down_until = self._in_outage, False, 0.0
        if was_out:
            logger.warning("cache available again")

    def _call(self, operation: str, default, *args, **kwargs):
        if self.is_down:
            return default
        try:
            result = getattr(super(), operation)(*args, **kwargs)
        except RedisError as exc:
            self._failed(operation, exc)
            return default
        if self._in_outage:
            self._recovered()
        return result

    def ping(self) -> bool:
        """Ask the server itself, whatever the last failure was: for /healthz."""
        try:
            self._cache.get_client(write=False).ping()
        except RedisError as exc:
            self._failed("ping", exc)
            return False
        self._recovered()
        return True

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", False, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version)

    def clear(self):
        return self._call("clear", False)

    def incr(self, key, delta=1, version=None):
        missing = object()
        value = self._call("incr", missing, key, delta, version)
        if value is missing:
            # What a missing key raises: callers (page versions, rate limits) already handle it.
            raise ValueError(f"Key {key!r} not found (cache unavailable)")
        return value
