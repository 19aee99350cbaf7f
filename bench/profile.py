"""Where a cold render's time goes: cProfile over a sample of catalogue, search and product pages
rendered in-process with the page cache off (the fragment caches warm, as in the bench's cold run).

The top entries by own time are kept in ``bench/results.json`` and shown by ``bench.report``, so
the next person speeding up a page starts from a measurement rather than a guess.
"""

import cProfile
import pstats
import random
from pathlib import Path

from django.test import Client
from django.test.utils import override_settings

PROFILED_KINDS = ("catalogue", "search", "product")
ROOT = str(Path(__file__).resolve().parents[1])


def _where(filename, line, function):
    if "site-packages/" in filename:
        filename = filename.split("site-packages/", 1)[1]
    elif filename.startswith(ROOT):
        filename = filename[len(ROOT) + 1 :]
    elif "/lib/python3" in filename:  # the standard library
        filename = filename.split("/lib/", 1)[1].split("/", 1)[1]
    elif filename.startswith("~") or filename.startswith("<"):
        return function
    return f"{filename}:{line}({function})"


def _top(stats, pages, *, key, count):
    rows = []
    for (filename, line, function), (_, calls, tottime, cumtime, _) in stats.stats.items():
        rows.append(
            {
                "function": _where(filename, line, function),
                "calls_per_page": round(calls / pages, 1),
                "own_ms_per_page": round(1000 * tottime / pages, 2),
                "total_ms_per_page": round(1000 * cumtime / pages, 2),
            }
        )
    rows.sort(key=lambda row: row[key], reverse=True)
    return rows[:count]


def cold_profiles(rotations, *, sample=10, seed=2026, count=12):
    """``{kind: {"pages", "ms_per_page", "top_own", "top_total"}}`` for the profiled kinds."""
    rng = random.Random(seed)
    client = Client()
    profiles = {}
    with override_settings(PAGE_CACHE_SECONDS=0):
        for kind in PROFILED_KINDS:
            urls = rotations[kind]
            chosen = urls if len(urls) <= sample else rng.sample(urls, sample)
            for url in chosen:  # warms templates and the fragment caches, as the cold run has them
                client.get(url)
            profiler = cProfile.Profile()
            profiler.enable()
            for url in chosen:
                client.get(url)
            profiler.disable()
            stats = pstats.Stats(profiler)
            pages = len(chosen)
            # The view's whole time is the top of the cumulative list: the test client's own
            # frames sit above it and are left out by taking the handler's entry.
            total = max(
                (
                    cumtime
                    for (filename, _, function), (*_, cumtime, _) in stats.stats.items()
                    if function == "get_response" and "django/core/handlers" in filename
                ),
                default=stats.total_tt,
            )
            profiles[kind] = {
                "pages": pages,
                "ms_per_page": round(1000 * total / pages, 1),
                "top_own": _top(stats, pages, key="own_ms_per_page", count=count),
                "top_total": [
                    row
                    for row in _top(stats, pages, key="total_ms_per_page", count=count * 3)
                    if not row["function"].startswith(("django/test/", "bench/"))
                ][:count],
            }
    return profiles
