"""The versions cached pages are keyed on: the catalogue's, and each product's stock."""

import secrets
from functools import partial
from hashlib import blake2b

from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "pagecache:catalogue-version"


def _first() -> int:
    """Where a version starts: at random, so that a cache emptied or restarted never numbers
    a catalogue the way an earlier one did (``kept`` entries remembered by the workers are keyed
    on the number)."""
    return secrets.randbelow(2**48) + 1


def _version(key) -> int | str:
    version = cache.get(key)
    if version is None:
        first = _first()
        if cache.add(key, first, timeout=None):
            return first
        version = cache.get(key)  # another worker started it first
        if version is None:
            # Neither read nor written (the cache is down): a version of this request alone,
            # so that nothing kept under a version is served while changes cannot move it on.
            return f"unread-{secrets.token_hex(8)}"
    return version


def _bump(key):
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, _first(), timeout=None)


def catalogue_version() -> int | str:
    return _version(VERSION_KEY)


def catalogue_changed() -> None:
    """Call after any write that changes what public pages show; takes effect on commit."""
    transaction.on_commit(partial(_bump, VERSION_KEY))


def _stock_key(product_slug) -> str:
    # Hashed: the slug comes from the address, of any length.
    digest = blake2b(product_slug.encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()
    return f"pagecache:stock-version:{digest}"


def stock_version(product_slug) -> int:
    """Read only: an address with a made-up slug must not leave a key behind in the cache."""
    return cache.get(_stock_key(product_slug), 1)


def product_stock_changed(product_slug) -> None:
    """Call after a stock movement that changes only this product's counts per outlet."""
    transaction.on_commit(partial(_bump, _stock_key(product_slug)))
