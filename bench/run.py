"""`make bench`: the production stack under load, page kind by page kind, against a baseline.

Run through scripts/with-postgres.sh (which starts a throwaway PostgreSQL unless DATABASE_URL
is set): ``python -m bench.run``. Steps: migrate, load the bench data (skipped when the database
already holds products), collectstatic; queries and HTML bytes per page kind in-process (cold
cache) and EXPLAIN ANALYZE of each kind's heaviest query; then Redis and gunicorn (2 workers,
DEBUG off) on free ports of 127.0.0.1, and wrk over each kind's rotation of URLs (every URL
requested once, a warm-up run, then the measured run): as an anonymous visitor, again as a shopper
whose session holds a cart, and again with the page cache off; the workers' memory after each.
Prints one table and the plans' verdicts, writes bench/results.json. Every process started here is
stopped by its PID, whatever happens.
"""

import argparse
import contextlib
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
LUA = ROOT / "bench" / "rotate.lua"
PY = sys.executable
GUNICORN = str(Path(PY).with_name("gunicorn"))

# Requests per second as a share of the baseline's, p99 and errors, for each way a page is met:
# an anonymous visitor and a shopper whose session holds a cart (both through the page cache),
# and any visitor with the page cache off (the cold path).
BARS = {"home": 0.40, "catalogue": 0.30, "search": 0.10, "category": 0.30, "product": 0.30}
BARS_SESSION = {"home": 0.35, "catalogue": 0.25, "search": 0.10, "category": 0.25, "product": 0.25}
BARS_COLD = {"home": 0.15, "catalogue": 0.10, "search": 0.08, "category": 0.10, "product": 0.15}
P99_LIMIT_MS = 100.0
P99_LIMIT_COLD_MS = 250.0
WORKER_RSS_LIMIT_MIB = 150
STARTED = time.monotonic()
LOAD_AT_START = os.getloadavg()[0]  # other work on the machine, before this run adds its own


def log(message):
    print(f"[{time.monotonic() - STARTED:6.1f}s] {message}", flush=True)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Processes:
    """The servers this run started; each is stopped by its own PID."""

    def __init__(self):
        self.running = []

    def start(self, name, args, **kwargs):
        process = subprocess.Popen(args, start_new_session=True, **kwargs)
        self.running.append((name, process))
        log(f"{name} started (pid {process.pid})")
        return process

    def stop(self, process, timeout=20):
        for name, candidate in list(self.running):
            if candidate is process:
                self.running.remove((name, candidate))
                if process.poll() is None:
                    process.send_signal(signal.SIGTERM)
                    try:
                        process.wait(timeout)
                    except subprocess.TimeoutExpired:
                        os.killpg(process.pid, signal.SIGKILL)
                        process.wait(5)
                log(f"{name} stopped (pid {process.pid})")

    def stop_all(self):
        for _name, process in reversed(list(self.running)):
            self.stop(process)


def manage(*args, env):
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True)


def wait_until(check, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            if check():
                return
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not come up within {timeout} s")


def redis_answers(port):
    with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
        sock.sendall(b"PING\r\n")
        return sock.recv(16).startswith(b"+PONG")


def http_get(url, headers=None):
    try:
        request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 (loopback)
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (our own loopback server)
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


LATENCY = re.compile(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", re.MULTILINE)
UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def parse_wrk(output):
    """Requests/sec, p50/p99 (ms), requests, non-2xx/3xx responses and socket errors."""
    latency = {p: float(v) * UNITS_MS[u] for p, v, u in LATENCY.findall(output)}
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    if not requests:  # nothing completed: no latency to speak of
        latency = {"50": None, "99": None}
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": latency["50"] and round(latency["50"], 2),
        "p99_ms": latency["99"] and round(latency["99"], 2),
        "requests": requests,
        "non_2xx_3xx": int(non_2xx.group(1)) if non_2xx else 0,
        "socket_errors": sum(map(int, socket_errors.groups())) if socket_errors else 0,
    }


def wrk(base_url, urls_file, *, seconds, connections, threads, headers=None):
    args = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s"]
    for name, value in (headers or {}).items():
        args += ["-H", f"{name}: {value}"]
    args += ["--latency", "-s", str(LUA), base_url]
    result = subprocess.run(
        args,
        env={**os.environ, "BENCH_URLS": str(urls_file)},
        capture_output=True,
        text=True,
        timeout=seconds + 30,
        check=True,
    )
    figures = parse_wrk(result.stdout)
    figures["errors"] = figures["non_2xx_3xx"] + figures["socket_errors"]
    return figures


def command_version(*args):
    try:
        result = subprocess.run(args, capture_output=True, text=True, timeout=10, check=False)
    except OSError:
        return ""
    return (
        (result.stdout or result.stderr).strip().splitlines()[0]
        if (result.stdout or result.stderr)
        else ""
    )


def machine():
    import django
    from django.db import connection

    cpu = ""
    with contextlib.suppress(OSError):
        cpu = next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")
            ),
            "",
        )
    memory = ""
    with contextlib.suppress(OSError):
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        memory = f"{kb / 1024 / 1024:.1f} GiB"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    commit = command_version("git", "-C", str(ROOT), "rev-parse", "--short", "HEAD")
    # The figures of an earlier run (this run's own output) are no change to the code measured.
    dirty = command_version(
        "git",
        "-C",
        str(ROOT),
        "status",
        "--porcelain",
        "--untracked-files=no",
        "--",
        ".",
        ":!bench/results.json",
    )
    return {
        "cpu": cpu,
        "cpus": os.cpu_count(),
        "memory": memory,
        "os": platform.platform(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "postgresql": postgres,
        "redis": command_version("redis-server", "--version"),
        "wrk": command_version("wrk", "-v"),
        "gunicorn_workers": 2,
        "commit": commit + ("+uncommitted changes" if dirty else ""),
    }


def data_counts():
    from gallery.models import StockLevel, StockMovement
    from orders.models import Order, OrderLine
    from products.models import Category, Product, ProductImage
    from vendors.models import Vendor

    models = {
        "vendors": Vendor,
        "categories": Category,
        "products": Product,
        "product_images": ProductImage,
        "orders": Order,
        "order_lines": OrderLine,
        "stock_levels": StockLevel,
        "stock_movements": StockMovement,
    }
    return {name: model.objects.count() for name, model in models.items()}


def judge_run(pages, bars, p99_limit, label):
    """Each page kind of one run against its bars; a missing run fails every bar."""
    failures = []
    for kind, bar in bars.items():
        page = (pages or {}).get(kind)
        if page is None:
            failures.append(f"{label} {kind}: not measured")
            continue
        reasons = []
        if page["ratio"] < bar:
            reasons.append(f"{page['ratio']:.0%} of baseline rps < {bar:.0%}")
        if page["p99_ms"] is None:
            reasons.append("no request completed")
        elif page["p99_ms"] > p99_limit:
            reasons.append(f"p99 {page['p99_ms']:.0f} ms > {p99_limit:.0f} ms")
        if page["errors"]:
            reasons.append(f"{page['errors']} errors")
        page["pass"] = not reasons
        failures += [f"{label} {kind}: {reason}" for reason in reasons]
    if (pages or {}).get("baseline", {}).get("errors"):
        failures.append(f"{label} baseline: {pages['baseline']['errors']} errors")
    return failures


def judge(runs, plans, worker_rss):
    failures = judge_run(runs["anonymous"], BARS, P99_LIMIT_MS, "anonymous")
    failures += judge_run(runs["session"], BARS_SESSION, P99_LIMIT_MS, "session")
    failures += judge_run(runs["cold"], BARS_COLD, P99_LIMIT_COLD_MS, "cold")
    failures += [f"EXPLAIN {p['kind']}: {p['verdict']}" for p in plans if p["verdict"] != "index"]
    if worker_rss and max(worker_rss) > WORKER_RSS_LIMIT_MIB:
        failures.append(f"worker RSS {max(worker_rss):.0f} MiB > {WORKER_RSS_LIMIT_MIB} MiB")
    return {"pass": not failures, "failures": failures}


def _ms(value):
    return f"{'-':>7}" if value is None else f"{value:>7.1f}"


def _verdict(page, bar):
    if bar is None or page is None:
        return ""
    return ("pass" if page.get("pass") else "FAIL") + f" ≥{bar:.0%}"


def table(pages, title, session=None, uncached=None):
    """One table: each page kind under load, anonymous; then with a shopper's session holding a
    cart; then without the page cache."""
    header = (
        f"{'page':<10} {'urls':>4} {'req/s':>7} {'×base':>6} {'p50 ms':>7} {'p99 ms':>7} {'errors':>6} "
        f"{'queries':>7} {'KB':>5} {'hits':>5}  {'bar':<9}"
    )
    for label, run in (("with a cart:", session), ("no page cache:", uncached)):
        if run:
            header += f" | {label:<14} {'req/s':>6} {'×base':>6} {'p99 ms':>7} {'bar':<9}"
    lines = [title, header, "-" * len(header)]
    for kind, page in pages.items():
        hits = f"{page['cache_hits']:.0%}" if page["page_cache_used"] else "off"
        line = (
            f"{kind:<10} {page['urls']:>4} {page['rps']:>7.0f} {page['ratio']:>6.0%} {_ms(page['p50_ms'])} "
            f"{_ms(page['p99_ms'])} {page['errors']:>6} {page['queries']:>7g} {page['kb']:>5.1f} {hits:>5}  "
            f"{_verdict(page, BARS.get(kind)):<9}"
        )
        for run, bars in ((session, BARS_SESSION), (uncached, BARS_COLD)):
            if run and kind in run:
                other = run[kind]
                line += (
                    f" | {'':<14} {other['rps']:>6.0f} {other['ratio']:>6.0%} "
                    f"{_ms(other['p99_ms'])} {_verdict(other, bars.get(kind)):<9}"
                )
        lines.append(line)
    return "\n".join(lines)


def worker_rss_mib(master_pid):
    """Resident memory of each gunicorn worker (the master's children), from /proc."""
    sizes = []
    for status in Path("/proc").glob("[0-9]*/status"):
        with contextlib.suppress(OSError):
            fields = dict(
                line.split(":", 1) for line in status.read_text().splitlines() if ":" in line
            )
            if int(fields["PPid"]) == master_pid and "VmRSS" in fields:
                sizes.append(round(int(fields["VmRSS"].split()[0]) / 1024, 1))
    return sorted(sizes)


def shopper_session_cookie():
    """A shopper's session holding three things in the cart, put there through the site's own
    view."""
    from django.db.models import F
    from django.test import Client

    from gallery.models import StockLevel
    from products.models import Product

    levels = StockLevel.objects.filter(
        on_hand__gt=F("reserved"), product__in=Product.objects.public()
    ).order_by("outlet_id", "pk")
    outlet = levels.first().outlet_id
    client = Client()
    for level in levels.filter(outlet_id=outlet)[:3]:
        client.post("/keranjang/tambah/", {"product": level.product_id, "quantity": 1})
    return f"sessionid={client.cookies['sessionid'].value}"


# gunicorn's access log line for each response: its status and what the page cache did.
ACCESS_FORMAT = "%(s)s %({x-page-cache}o)s"


def served(access_log, offset):
    """Statuses and page cache hits of the responses logged since ``offset`` of the access log."""
    with open(access_log, "rb") as log_file:
        log_file.seek(offset)
        lines = log_file.read().decode("utf-8", "replace").split()
    statuses, cache = lines[0::2], lines[1::2]
    return {
        "responses_logged": len(statuses),
        "statuses": dict(sorted(Counter(statuses).items())),
        "cache_hits": round(cache.count("hit") / len(cache), 3) if cache else 0.0,
        "page_cache_used": any(state in ("hit", "miss") for state in cache),
    }


def prime(base_url, urls, connections, headers=None):
    """Every URL of a rotation requested once, as shoppers' first visits would, so that a slow
    machine's short warm-up does not leave part of a long rotation uncached."""
    with ThreadPoolExecutor(max_workers=max(1, connections // 4)) as pool:
        statuses = Counter(
            status for status, _, _ in pool.map(lambda u: http_get(base_url + u, headers), urls)
        )
    return dict(statuses)


def measure_load(
    base_url, rotations, workdir, args, *, seconds, warmup, primed=False, headers=None
):
    """wrk over each kind's rotation; the baseline runs first and last, its rate is the mean."""
    access_log = Path(workdir) / "access.log"
    pages, load_average = {}, [os.getloadavg()[0]]
    kinds = [*rotations, "baseline"]
    for index, kind in enumerate(kinds):
        urls = rotations[kind]
        urls_file = Path(workdir) / f"urls-{kind}.txt"
        urls_file.write_text("\n".join(urls) + "\n")
        options = {"connections": args.connections, "threads": args.threads, "headers": headers}
        if primed and index < len(rotations):
            started = time.monotonic()
            statuses = prime(base_url, urls, args.connections, headers)
            log(
                f"{kind}: {len(urls)} URLs primed in {time.monotonic() - started:.1f} s, {statuses}"
            )
        if warmup and index < len(rotations):
            wrk(base_url, urls_file, seconds=warmup, **options)
        offset = access_log.stat().st_size
        figures = wrk(base_url, urls_file, seconds=seconds, **options)
        figures["urls"] = len(urls)
        figures.update(served(access_log, offset))
        log(
            f"{kind}: {figures['rps']:.0f} req/s, p50 {figures['p50_ms']} ms, p99 {figures['p99_ms']} ms, "
            f"{figures['errors']} errors over {len(urls)} URLs, statuses {figures['statuses']}, "
            f"page cache hits {figures['cache_hits']:.0%}"
        )
        if kind in pages:
            first = pages[kind]
            first["rps_runs"] = [first["rps"], figures["rps"]]
            first["rps"] = round(statistics.mean(first["rps_runs"]), 2)
            first["errors"] += figures["errors"]
        else:
            pages[kind] = figures
    load_average.append(os.getloadavg()[0])
    baseline = pages["baseline"]["rps"] or 1
    for page in pages.values():
        page["ratio"] = round(page["rps"] / baseline, 4)
    pages["baseline"]["load_average_1min"] = load_average
    return pages


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("BENCH_SECONDS", 20)))
    parser.add_argument("--warmup", type=int, default=int(os.environ.get("BENCH_WARMUP", 5)))
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--sample", type=int, default=30, help="URLs per kind rendered in-process")
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--vendors", type=int, default=500)
    parser.add_argument("--outlets", type=int, default=5)
    parser.add_argument("--orders", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--uncached-seconds",
        type=int,
        default=int(os.environ.get("BENCH_UNCACHED_SECONDS", 10)),
        help="also measure with the page cache off for this long per kind (0: skip)",
    )
    parser.add_argument(
        "--budget", type=int, default=900, help="skip optional runs past this many seconds"
    )
    parser.add_argument("--results", default=str(RESULTS))
    parser.add_argument("--strict", action="store_true", help="exit 1 when a bar is not met")
    return parser.parse_args()


def main():
    args = parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("bench: DATABASE_URL must name a PostgreSQL database (run `make bench`)")
    for tool in ("wrk", "redis-server"):
        if not shutil.which(tool):
            sys.exit(f"bench: {tool} is missing (scripts/system-deps.sh bench installs it)")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    signal.signal(signal.SIGINT, signal.default_int_handler)  # even when started in the background
    workdir = tempfile.mkdtemp(prefix="galeri-bench.")
    processes = Processes()
    try:
        return run(args, workdir, processes)
    finally:
        processes.stop_all()
        shutil.rmtree(workdir, ignore_errors=True)
        log("done")


def run(args, workdir, processes):
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="0",
        SECRET_KEY=f"bench-{secrets.token_hex(24)}",
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        SECURE_HSTS_SECONDS="0",
        MEDIA_ROOT=str(Path(workdir) / "media"),
        STATIC_ROOT=str(Path(workdir) / "static"),
        BENCH_BASELINE="1",
        LOG_LEVEL="WARNING",
        # Room for every card and fragment of the sample (the default keeps 300 entries).
        CACHE_URL="locmemcache://bench?max_entries=200000",
    )
    os.environ.pop("PAGE_CACHE_SECONDS", None)
    env = dict(os.environ)
    log("migrate")
    manage("migrate", "--no-input", "--verbosity", "0", env=env)

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    from bench import measure, pages, profile
    from products.models import Product

    if Product.objects.exists():
        log("the database already holds products: using them as they are")
    else:
        log("bench data")
        manage(
            "bench_data",
            f"--products={args.products}",
            f"--vendors={args.vendors}",
            f"--outlets={args.outlets}",
            f"--orders={args.orders}",
            f"--seed={args.seed}",
            env=env,
        )
    log("collectstatic")
    manage("collectstatic", "--no-input", "--verbosity", "0", env=env)

    rotations = pages.rotations(seed=args.seed)
    log("rotations: " + ", ".join(f"{kind} {len(urls)}" for kind, urls in rotations.items()))
    log(f"queries and HTML bytes in-process, cold cache, {args.sample} URLs per kind")
    rendered = measure.pages(rotations, sample=args.sample, seed=args.seed)
    for kind, figures in rendered.items():
        if figures["failures"]:
            log(f"WARNING {kind}: " + "; ".join(figures["failures"]))
    log("EXPLAIN ANALYZE of the heaviest query of each page kind")
    plans = measure.explain(rendered)
    log("cProfile of cold catalogue, search and product renders, page cache off")
    profiles = profile.cold_profiles(rotations, seed=args.seed)
    for kind, figures in profiles.items():
        top = figures["top_own"][0]
        log(f"{kind}: {figures['ms_per_page']} ms a page; most own time in {top['function']}")
    baseline_bytes = int(
        round(statistics.median(f["bytes"] for k, f in rendered.items() if k != "baseline"), -3)
    )
    rendered["baseline"]["bytes"] = baseline_bytes
    info, counts = machine(), data_counts()
    connection.close()

    redis_port, web_port = free_port(), free_port()
    redis = processes.start(
        "redis-server",
        [
            "redis-server",
            "--bind",
            "127.0.0.1",
            "--port",
            str(redis_port),
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            workdir,
        ],
        stdout=open(Path(workdir) / "redis.log", "w"),  # noqa: SIM115
        stderr=subprocess.STDOUT,
    )
    wait_until(lambda: redis_answers(redis_port), 20, "redis-server")
    base_url = f"http://127.0.0.1:{web_port}"
    server_env = {
        **env,
        "CACHE_URL": f"redis://127.0.0.1:{redis_port}/0",
        "BENCH_BASELINE_BYTES": str(baseline_bytes),
        "WEB_CONCURRENCY": "2",
        "GUNICORN_BIND": f"127.0.0.1:{web_port}",
        "GUNICORN_LOG_LEVEL": "warning",
    }

    def serve(extra):
        process = processes.start(
            "gunicorn",
            [
                GUNICORN,
                "config.wsgi",
                "-c",
                "gunicorn.conf.py",
                "--access-logfile",
                str(Path(workdir) / "access.log"),
                "--access-logformat",
                ACCESS_FORMAT,
            ],
            cwd=ROOT,
            env={**server_env, **extra},
            stdout=open(Path(workdir) / "gunicorn.log", "a"),  # noqa: SIM115
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until(lambda: http_get(base_url + "/healthz")[0] == 200, 60, "gunicorn")
        except RuntimeError:
            print((Path(workdir) / "gunicorn.log").read_text()[-3000:], file=sys.stderr)
            raise
        return process

    worker_rss = []
    gunicorn = serve({})
    log(
        f"wrk -t{args.threads} -c{args.connections}: {args.warmup} s warm-up, then {args.seconds} s per page kind"
    )
    loaded = measure_load(
        base_url, rotations, workdir, args, seconds=args.seconds, warmup=args.warmup, primed=True
    )
    cookie = shopper_session_cookie()
    log("again as a shopper whose session holds a cart")
    with_cart = measure_load(
        base_url,
        rotations,
        workdir,
        args,
        seconds=args.seconds,
        warmup=args.warmup,
        primed=True,
        headers={"Cookie": cookie},
    )
    worker_rss += worker_rss_mib(gunicorn.pid)
    log(f"gunicorn workers' RSS after the cached runs: {worker_rss} MiB")
    processes.stop(gunicorn)

    uncached = None
    if not any(page["page_cache_used"] for page in loaded.values()):
        log("no page served from the page cache: no second run without it")
    elif (
        args.uncached_seconds
        and time.monotonic() - STARTED < args.budget - 8 * args.uncached_seconds
    ):
        log(f"again with the page cache off: {args.uncached_seconds} s per page kind")
        gunicorn = serve({"PAGE_CACHE_SECONDS": "0"})
        uncached = measure_load(
            base_url,
            rotations,
            workdir,
            args,
            seconds=args.uncached_seconds,
            warmup=min(2, args.warmup),
        )
        rss = worker_rss_mib(gunicorn.pid)
        log(f"gunicorn workers' RSS after the run without the page cache: {rss} MiB")
        worker_rss += rss
        processes.stop(gunicorn)
    processes.stop(redis)

    for kind, page in loaded.items():
        page.update(
            queries=rendered[kind]["queries"],
            queries_max=rendered[kind]["queries_max"],
            kb=round(rendered[kind]["bytes"] / 1024, 1),
        )
    verdict = judge(
        {"anonymous": loaded, "session": with_cart, "cold": uncached}, plans, worker_rss
    )
    elapsed = round(time.monotonic() - STARTED, 1)
    print()
    title = (
        f"Galeri Menong bench: {counts['products']} products, gunicorn 2 workers, "
        f"wrk -t{args.threads} -c{args.connections}, {args.seconds} s per page kind"
    )
    if uncached:
        title += f" ({args.uncached_seconds} s without the page cache)"
    print(table(loaded, title, with_cart, uncached))
    print(f"gunicorn worker RSS: {worker_rss} MiB (bar ≤ {WORKER_RSS_LIMIT_MIB} MiB)")
    busy = (os.cpu_count() or 1) / 2 < LOAD_AT_START
    print(
        f"Machine load average (1 min) when the bench started: {LOAD_AT_START:.1f} on {os.cpu_count()} CPUs"
        + (": other work was running, the figures are noisy" if busy else "")
    )
    print()
    print("EXPLAIN ANALYZE, heaviest query of each page kind:")
    for plan in plans:
        print(
            f"  {plan['kind']:<10} {plan['verdict']:<34} {plan.get('execution_ms') or 0:>8.2f} ms  {plan.get('url', '')}"
        )
        for scan in plan["scans"]:
            print(f"{'':<14}{scan}")
        if plan.get("slowest"):
            worst = plan["slowest"]
            print(
                f"{'':<11}slowest: {worst['verdict']:<25} {worst['execution_ms'] or 0:>8.2f} ms  {worst['url']}"
            )
            for scan in worst["scans"]:
                print(f"{'':<14}{scan}")
    print()
    print("Bars: " + ("PASS" if verdict["pass"] else "FAIL\n  " + "\n  ".join(verdict["failures"])))
    print(f"Elapsed: {elapsed} s")

    results = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "elapsed_seconds": elapsed,
        "machine": info | {"load_average_at_start": LOAD_AT_START, "busy": busy},
        "data": counts,
        "load": {
            "tool": "wrk",
            "threads": args.threads,
            "connections": args.connections,
            "seconds": args.seconds,
            "warmup_seconds": args.warmup,
            "page_cache_seconds": settings.PAGE_CACHE_SECONDS,
            "cache": "redis",
            "baseline_bytes": baseline_bytes,
        },
        "bars": {
            "ratio_to_baseline": BARS,
            "ratio_to_baseline_with_cart": BARS_SESSION,
            "ratio_to_baseline_without_page_cache": BARS_COLD,
            "p99_ms_max": P99_LIMIT_MS,
            "p99_ms_max_without_page_cache": P99_LIMIT_COLD_MS,
            "errors_max": 0,
            "worker_rss_mib_max": WORKER_RSS_LIMIT_MIB,
        },
        "pages": loaded,
        "pages_with_cart": with_cart,
        "pages_without_page_cache": uncached,
        "worker_rss_mib": worker_rss,
        "rendered": {
            kind: {key: value for key, value in figures.items() if key != "hot"}
            | {"hot_queries": figures["hot"][:3]}
            for kind, figures in rendered.items()
        },
        "plans": plans,
        "profiles": profiles,
        "verdict": verdict,
    }
    Path(args.results).write_text(
        json.dumps(results, indent=2, ensure_ascii=False, default=str) + "\n"
    )
    log(f"wrote {args.results}")
    return 1 if args.strict and not verdict["pass"] else 0


if __name__ == "__main__":
    sys.exit(main())
