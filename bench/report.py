"""The latest bench figures as Markdown, for the README: ``python -m bench.report``."""

import json
import sys
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results.json"


def ms(value):
    return "–" if value is None else f"{value:.0f}"


def verdict(page, bar):
    if bar is None or page is None:
        return ""
    return f"{'pass' if page.get('pass') else 'fail'} (≥ {bar:.0%})"


def markdown(results):
    machine, load = results["machine"], results["load"]
    bars = results["bars"]["ratio_to_baseline"]
    bars_cart = results["bars"].get("ratio_to_baseline_with_cart") or {}
    bars_cold = results["bars"].get("ratio_to_baseline_without_page_cache") or {}
    with_cart = results.get("pages_with_cart") or {}
    uncached = results.get("pages_without_page_cache") or {}
    lines = [
        f"{results['date'][:10]}, commit {machine['commit']}: {machine['cpus']} × {machine['cpu']}, "
        f"PostgreSQL {machine['postgresql'].split()[0]}, gunicorn {machine['gunicorn_workers']} workers, "
        f"wrk -t{load['threads']} -c{load['connections']} for {load['seconds']} s per page kind "
        f"(load average {machine['load_average_at_start']:.1f} when it started"
        + ("; other work was running" if machine.get("busy") else "")
        + f"); bench run {results['elapsed_seconds']:.0f} s.",
        "",
        "| page | URLs | req/s | × baseline | p50 ms | p99 ms | errors | queries | KB | cache hits "
        "| bar | with a cart: req/s (× baseline), p99 ms | bar "
        "| page cache off: req/s (× baseline), p99 ms | bar |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | --- "
        "| ---: | --- |",
    ]
    for kind, page in results["pages"].items():
        hits = f"{page['cache_hits']:.0%}" if page["page_cache_used"] else "–"
        cells = [
            f"{page['rps']:.0f} | {page['ratio']:.0%} | {ms(page['p50_ms'])} | {ms(page['p99_ms'])} "
            f"| {page['errors']} | {page['queries']:g} | {page['kb']:.0f} | {hits} "
            f"| {verdict(page, bars.get(kind))}"
        ]
        for run, run_bars in ((with_cart, bars_cart), (uncached, bars_cold)):
            other = run.get(kind)
            figure = (
                f"{other['rps']:.0f} ({other['ratio']:.0%}), {ms(other['p99_ms'])}"
                if other
                else "–"
            )
            cells.append(f"{figure} | {verdict(other, run_bars.get(kind))}")
        lines.append(f"| {kind} | {page['urls']} | " + " | ".join(cells) + " |")
    if results.get("worker_rss_mib"):
        rss = results["worker_rss_mib"]
        limit = results["bars"].get("worker_rss_mib_max")
        lines += [
            "",
            f"Gunicorn worker RSS after the runs: {', '.join(f'{size:.0f}' for size in rss)} MiB"
            + (f" (bar ≤ {limit} MiB)." if limit else "."),
        ]
    lines += [
        "",
        "| EXPLAIN ANALYZE, heaviest query of | verdict | ms | worst case seen |",
        "| --- | --- | ---: | --- |",
    ]
    for plan in results["plans"]:
        worst = plan.get("slowest") or {}
        lines.append(
            f"| {plan['kind']} | {plan['verdict']} | {plan.get('execution_ms') or 0:.1f} "
            f"| {worst.get('verdict', '')} ({worst.get('url', '')}) |"
        )
    for kind, figures in (results.get("profiles") or {}).items():
        lines += [
            "",
            f"Cold {kind} render, page cache off: {figures['ms_per_page']:.1f} ms a page in-process "
            f"({figures['pages']} pages profiled). Top entries by own time:",
            "",
            "| function | calls a page | own ms a page | total ms a page |",
            "| --- | ---: | ---: | ---: |",
        ]
        lines += [
            f"| `{row['function']}` | {row['calls_per_page']:g} | {row['own_ms_per_page']:.2f} "
            f"| {row['total_ms_per_page']:.2f} |"
            for row in figures["top_own"][:8]
        ]
    return "\n".join(lines)


if __name__ == "__main__":
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else RESULTS
    print(markdown(json.loads(path.read_text())))
