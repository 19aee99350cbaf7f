"""In-process figures: queries and HTML bytes per page kind (cold: the cache is cleared before
every request), and EXPLAIN ANALYZE verdicts of the heaviest query of each page kind."""

import json
import random
import re
import statistics
from collections import Counter, defaultdict

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

# Tables big enough that a sequential scan in a page's query is a problem.
BIG_TABLES = ("products_product", "orders_order", "gallery_stocklevel", "gallery_stockmovement")
INDEX_NODES = ("Index Scan", "Index Only Scan", "Bitmap Heap Scan")
EXPLAINED_KINDS = ("home", "catalogue", "search", "category", "product")
_LITERALS = re.compile(r"'(?:[^']|'')*'|\b\d+(?:\.\d+)?\b")


def shape(sql):
    """The query with its literals blanked, so the same query with other values groups together."""
    return _LITERALS.sub("?", sql)


def touches_big_table(sql):
    return any(re.search(rf'"{table}"|\b{table}\b', sql) for table in BIG_TABLES)


def pages(rotations, *, sample=30, seed=2026):
    """``{kind: {"queries", "bytes", "statuses", "failures", "hot"}}`` over a sample of each rotation."""
    rng = random.Random(seed)
    client = Client()
    figures = {}
    for kind, urls in rotations.items():
        chosen = urls if len(urls) <= sample else rng.sample(urls, sample)
        client.get(chosen[0])  # compiles templates, fills the URL resolver; not counted
        queries, sizes, statuses, failures = [], [], Counter(), []
        by_shape = defaultdict(list)
        for url in chosen:
            cache.clear()
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            statuses[response.status_code] += 1
            if response.status_code != 200:
                failures.append(f"{response.status_code} {url}")
            queries.append(len(captured.captured_queries))
            sizes.append(len(response.content))
            for query in captured.captured_queries:
                by_shape[shape(query["sql"])].append((float(query["time"]), query["sql"], url))
        cache.clear()
        hot = sorted(by_shape.values(), key=lambda runs: sum(run[0] for run in runs), reverse=True)
        figures[kind] = {
            "urls_sampled": len(chosen),
            "queries": statistics.median(queries),
            "queries_max": max(queries),
            "bytes": statistics.median(sizes),
            "statuses": dict(statuses),
            "failures": failures[:10],
            "hot": [_hot(runs, len(chosen)) for runs in hot[:5]],
        }
    return figures


def _hot(runs, pages_count):
    """A query shape's cost, with its typical (median time) and its slowest instance."""
    runs = sorted(runs, key=lambda run: run[0])
    typical, slowest = runs[len(runs) // 2], runs[-1]
    return {
        "mean_ms": round(1000 * sum(run[0] for run in runs) / len(runs), 2),
        "per_page": round(len(runs) / pages_count, 2),
        "sql": typical[1],
        "url": typical[2],
        "slowest_sql": slowest[1],
        "slowest_url": slowest[2],
    }


def _nodes(plan):
    yield plan
    for child in plan.get("Plans", ()):
        yield from _nodes(child)


def verdict(plan):
    """ "index" when the big tables are read through indexes only, else which one is scanned."""
    nodes = list(_nodes(plan["Plan"]))
    scanned = sorted(
        {
            n["Relation Name"]
            for n in nodes
            if n["Node Type"] == "Seq Scan" and n.get("Relation Name") in BIG_TABLES
        }
    )
    if scanned:
        return "SEQ SCAN on " + ", ".join(scanned)
    if any(n["Node Type"] in INDEX_NODES and n.get("Relation Name") in BIG_TABLES for n in nodes):
        return "index"
    return "no big table read"


def describe(plan):
    """Each scan of the plan, one short line each: how a table (or index) is read."""
    lines = []
    for node in _nodes(plan["Plan"]):
        if "Scan" in node["Node Type"]:
            target = node.get("Relation Name", "")
            if node.get("Index Name"):
                target = f"{target} using {node['Index Name']}".strip()
            lines.append(
                f"{node['Node Type']} {target} (rows {node.get('Actual Rows')}, loops {node.get('Actual Loops')})"
            )
    return lines


def _explain(sql):
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
        raw = cursor.fetchone()[0]
    return (json.loads(raw) if isinstance(raw, str) else raw)[0]


def explain(figures):
    """EXPLAIN (ANALYZE, FORMAT JSON) of the heaviest big-table query of each page kind.

    The verdict is for its typical instance (median time over the sampled pages); the slowest
    instance (the filter or words that match the most rows) is explained too.
    """
    plans = []
    for kind in EXPLAINED_KINDS:
        if kind not in figures:
            continue
        query = next((q for q in figures[kind]["hot"] if touches_big_table(q["sql"])), None)
        if query is None:
            plans.append({"kind": kind, "verdict": "no big table read", "sql": "", "scans": []})
            continue
        plan, worst = _explain(query["sql"]), _explain(query["slowest_sql"])
        plans.append(
            {
                "kind": kind,
                "verdict": verdict(plan),
                "url": query["url"],
                "mean_ms_in_page": query["mean_ms"],
                "execution_ms": plan.get("Execution Time"),
                "scans": describe(plan),
                "sql": query["sql"],
                "slowest": {
                    "verdict": verdict(worst),
                    "url": query["slowest_url"],
                    "execution_ms": worst.get("Execution Time"),
                    "scans": describe(worst),
                },
            }
        )
    return plans
