"""The versions cached pages are keyed on: the catalogue's, and each product's stock."""

from functools import partial
from hashlib import blake2b

from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "pagecache:catalogue-version"


def _version(key) -> int:
    version = cache.get(key)
    if version is None:
        version = 1
        cache.add(key, version, timeout=None)
    return version


def _bump(key):
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 2, timeout=None)


def catalogue_version() -> int:
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
