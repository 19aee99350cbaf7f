"""A page cache for public pages, shared by every visitor, invalidated when the catalogue changes.

Public pages (home, catalogue, search, categories, products, vendors) are the same for every
visitor but for a few parts of the header: the cart's count, the account links, the messages,
the CSRF tokens of forms. ``public_page`` stores each page rendered for no one in particular,
with holes where those parts go, and fills the holes for each request from small templates
(``holes``): a shopper with a cart or an account gets the cached page with their own parts, and
no visitor's parts ever enter a stored page. Personal pages (cart, checkout, account, dashboards,
counter, admin) are never wrapped in ``public_page``.

A page is keyed on its own query parameters alone, spelt one way (``parameters``): tracking
parameters, unknown parameters and refused values never make a new entry, so a shared link
with ``?fbclid=…`` is served from the cache like the clean address.

Entries are keyed on the current *catalogue version*. Any change to a product, its stock, its
vendor or an outlet calls ``catalogue_changed()``, which moves the version on: every cached page
becomes unreachable at once, without tracking which pages showed what.

A stock movement that leaves a product in stock (or out of stock) everywhere it was changes only
the counts per outlet on that product's own page: it moves that product's *stock version* on,
which only its page is keyed on, and every other cached page stays. Only when a product comes
into stock or sells out at an outlet, which cards and the availability filters show, does the
catalogue version move.

Pages are also keyed on the day in Jakarta (``TIME_ZONE``): a batch of food stops being available
at midnight without any change being recorded, so every page is rendered afresh on a new day.

The versions live in the default cache: several workers or app servers must share one cache
(``CACHE_URL=redis://…``) for a change to reach all of them at once; with the per-process
local-memory cache a page is at most ``PAGE_CACHE_SECONDS`` stale in the other workers.
"""

from .holes import CSRF_INPUT
from .page import public_page
from .parameters import Parameters, parameters_checked, reads_parameters
from .versions import (
    VERSION_KEY,
    catalogue_changed,
    catalogue_version,
    product_stock_changed,
    stock_version,
)

__all__ = [
    "CSRF_INPUT",
    "VERSION_KEY",
    "Parameters",
    "catalogue_changed",
    "catalogue_version",
    "parameters_checked",
    "product_stock_changed",
    "public_page",
    "reads_parameters",
    "stock_version",
]
