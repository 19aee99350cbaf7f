"""Load and soak: the production stack serves a stream of page views while shoppers buy the last
units of a few products through the real checkout. No 5xx, no unit sold twice, the ledger intact.

``make soak`` runs ``python -m tests.proof.soak`` (60 seconds, 64 connections, wrk) against the
throwaway PostgreSQL of scripts/with-postgres.sh, loaded with bench data; tests/proof/test_load.py
runs a short version in ``make test``. The pieces:

- ``Server``: gunicorn with 2 workers and DEBUG off on a free port of 127.0.0.1, stopped by its
  PID; its access log gives the status of every response, whoever asked.
- ``browse_with_wrk`` and ``browse_with_threads``: GET requests over a rotation of catalogue and
  product pages, for a bounded time.
- ``Shopper``: real HTTP with its own cookie jar and the forms' CSRF tokens: product page, add to
  cart, checkout details, review, place the order.
- ``check_stock``: afterwards, the ledger and the orders as the database holds them.
"""

from .browsing import Browsing, browse_with_threads, browse_with_wrk, rotation
from .checks import Before, before_run, check_stock, limit_stock, summary, verdict
from .run import soak
from .server import ROOT, Server, database_url, production_env
from .shoppers import Outcome, Shopper, Shopping, shop

__all__ = [
    "ROOT",
    "Before",
    "Browsing",
    "Outcome",
    "Server",
    "Shopper",
    "Shopping",
    "before_run",
    "browse_with_threads",
    "browse_with_wrk",
    "check_stock",
    "database_url",
    "limit_stock",
    "production_env",
    "rotation",
    "shop",
    "soak",
    "summary",
    "verdict",
]
