"""The latest bench figures as Markdown, for the README: ``python -m bench.report``."""

import json
import sys
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results.json"


def ms(value):
    return "–" if value is None else f"{value:.0f}"


def markdown(results):
    machine, load = results["machine"], results["load"]
    bars = results["bars"]["ratio_to_baseline"]
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
        "| bar | without page cache: req/s (× baseline) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |",
    ]
    for kind, page in results["pages"].items():
        bar = bars.get(kind)
        verdict = "" if bar is None else f"{'pass' if page.get('pass') else 'fail'} (≥ {bar:.0%})"
        hits = f"{page['cache_hits']:.0%}" if page["page_cache_used"] else "–"
        other = uncached.get(kind)
        without = f"{other['rps']:.0f} ({other['ratio']:.0%})" if other else "–"
        lines.append(
            f"| {kind} | {page['urls']} | {page['rps']:.0f} | {page['ratio']:.0%} | {ms(page['p50_ms'])} "
            f"| {ms(page['p99_ms'])} | {page['errors']} | {page['queries']:g} | {page['kb']:.0f} "
            f"| {hits} | {verdict} | {without} |"
        )
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
    return "\n".join(lines)


if __name__ == "__main__":
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else RESULTS
    print(markdown(json.loads(path.read_text())))
