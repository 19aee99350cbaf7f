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

import argparse
import http.client
import http.cookiejar
import os
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LUA = Path(__file__).with_name("soak.lua")
SEARCH_WORDS = [
    "guci",
    "keramik",
    "batik",
    "bambu",
    "anyaman",
    "gula aren",
    "kendi",
    "vas bunga",
    "gerabah",
    "gentong",
    "simping",
    "tenun",
    "cobek",
    "keramk",
    "bamboo",
]
SORTS = ["terbaru", "termurah", "termahal"]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url(db):
    """A DATABASE_URL for Django's connection settings ``db`` (PostgreSQL)."""
    user = urllib.parse.quote(db["USER"] or "")
    password = f":{urllib.parse.quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def production_env(url, *, static_root, media_root):
    """The environment of the production stack on plain HTTP on loopback (as ``make serve``)."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": url,
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_ROOT": str(static_root),
        "MEDIA_ROOT": str(media_root),
        "LOG_LEVEL": "WARNING",
    }


class Server:
    """gunicorn serving the site; every response's status lands in ``access.log``."""

    def __init__(self, env, workdir, *, workers=2):
        self.env = env
        self.workers = workers
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.access_log = Path(workdir) / "access.log"
        self.log = Path(workdir) / "gunicorn.log"
        self.process = None

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()

    def start(self):
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "config.wsgi",
                    "-c",
                    "gunicorn.conf.py",
                    "--bind",
                    f"127.0.0.1:{self.port}",
                    "--workers",
                    str(self.workers),
                    "--access-logfile",
                    str(self.access_log),
                    "--access-logformat",
                    "%(s)s %(m)s %(U)s",
                    "--error-logfile",
                    str(self.log),
                ],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=5) as response:  # noqa: S310 - loopback
                    if response.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.3)
        self.stop()
        raise RuntimeError("gunicorn did not start:\n" + self.log.read_text()[-3000:])

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def statuses(self):
        """Responses by status code, and the request line of every 5xx."""
        counts, server_errors = Counter(), []
        if self.access_log.exists():
            for line in self.access_log.read_text(errors="replace").splitlines():
                status = line.partition(" ")[0]
                if status.isdigit():
                    counts[int(status)] += 1
                    if status.startswith("5"):
                        server_errors.append(line)
        return counts, server_errors


# Page views.


@dataclass
class Browsing:
    tool: str
    connections: int
    seconds: float
    requests: int = 0
    errors: int = 0  # non-2xx/3xx responses and socket errors (timeouts included)

    @property
    def rps(self):
        return self.requests / self.seconds if self.seconds else 0.0


def rotation(*, product_slugs, category_slugs, outlet_slugs=(), limit=2000):
    """Catalogue and product pages, in Indonesian and English: many different pages, not one."""
    catalogue = ["/produk/"]
    catalogue += [f"/produk/?q={urllib.parse.quote(word)}" for word in SEARCH_WORDS]
    catalogue += [f"/produk/?urut={sort}&page={page}" for sort in SORTS for page in (1, 2, 3)]
    catalogue += [f"/produk/?kategori={slug}" for slug in category_slugs]
    catalogue += [f"/kategori/{slug}/" for slug in category_slugs]
    catalogue += [f"/produk/?galeri={slug}&tersedia=on" for slug in outlet_slugs]
    catalogue += [f"/produk/?harga_min={low}&harga_maks={low * 4}" for low in (10_000, 50_000)]
    products = [f"/produk/{slug}/" for slug in product_slugs]
    paths = [*catalogue, *products][: limit // 2]
    paths += [f"/en{path}" for path in paths]
    random.Random(2026).shuffle(paths)
    return paths


def _wrk_figures(output):
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    errors = (int(non_2xx.group(1)) if non_2xx else 0) + (
        sum(map(int, sockets.groups())) if sockets else 0
    )
    return requests, errors


def browse_with_wrk(base_url, paths, *, seconds, connections, workdir, threads=2):
    """wrk over the rotation; ``seconds`` bounds it."""
    urls = Path(workdir) / "urls.txt"
    urls.write_text("\n".join(paths) + "\n")
    result = subprocess.run(
        [
            *("wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s"),
            *("-s", str(LUA), base_url),
        ],
        env={**os.environ, "SOAK_URLS": str(urls)},
        capture_output=True,
        text=True,
        timeout=seconds + 60,
        check=True,
    )
    requests, errors = _wrk_figures(result.stdout)
    return Browsing("wrk", connections, seconds, requests, errors)


def browse_with_threads(base_url, paths, *, seconds, connections, stop=None):
    """Plain Python: one thread per connection, each walking the rotation from its own place,
    until ``seconds`` pass or ``stop`` is set."""
    stop = stop or threading.Event()
    host, port = urllib.parse.urlsplit(base_url).netloc.split(":")
    lock = threading.Lock()
    totals = Counter()
    started = time.monotonic()
    deadline = started + seconds

    def walk(offset):
        done = errors = 0
        index = offset * 7919
        connection = http.client.HTTPConnection(host, int(port), timeout=10)
        while time.monotonic() < deadline and not stop.is_set():
            path = paths[index % len(paths)]
            index += 1
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                if not 200 <= response.status < 400:
                    errors += 1
                done += 1
            except (OSError, http.client.HTTPException):
                errors += 1
                done += 1
                connection.close()
        connection.close()
        with lock:
            totals["requests"] += done
            totals["errors"] += errors

    threads = [threading.Thread(target=walk, args=(i,), daemon=True) for i in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 30)
    elapsed = time.monotonic() - started
    return Browsing("python", connections, elapsed, totals["requests"], totals["errors"])


# Shoppers.

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PLACE_TOKEN = re.compile(r'name="token" value="([^"]+)"')
ORDER_PATH = re.compile(r"/pesanan/(GM-\d{6}-[0-9A-Z]{5})/$")


class ShopperError(Exception):
    pass


@dataclass
class Outcome:
    kind: str  # placed, sold_out_at_review, sold_out_at_placing, unexpected
    number: str = ""
    units: int = 0
    detail: str = ""


class Shopper:
    """One shopper's browser: a cookie jar, the pages' CSRF tokens, redirects followed."""

    def __init__(self, base_url, *, timeout=30):
        self.base_url = base_url
        self.timeout = timeout
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def open(self, path, data=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(self.base_url + path, body, timeout=self.timeout) as response:
                final = urllib.parse.urlsplit(response.geturl()).path
                return final, response.read().decode()
        except urllib.error.HTTPError as error:
            raise ShopperError(f"{error.code} on {'POST' if data else 'GET'} {path}") from error

    def post(self, path, page, fields):
        token = CSRF.search(page)
        if token is None:
            raise ShopperError(f"no CSRF token on the page before POST {path}")
        return self.open(path, {"csrfmiddlewaretoken": token.group(1), **fields})

    def buy(self, products, *, outlet_id, name, phone):
        """Add one of each ``(id, slug)`` product to the cart and check out for pickup."""
        _where, page = self.open(f"/produk/{products[0][1]}/")
        for product_id, _slug in products:
            _where, page = self.post(
                "/keranjang/tambah/", page, {"product": product_id, "quantity": 1}
            )
        _where, page = self.open("/pesan/")
        details = {"name": name, "phone": phone, "email": "", "outlet": outlet_id, "note": ""}
        where, page = self.post("/pesan/", page, details)
        if where != "/pesan/periksa/":
            return Outcome("unexpected", detail=f"checkout details led to {where}")
        token = PLACE_TOKEN.search(page)
        if token is None:  # the review says some are not available: no button to place it
            return Outcome("sold_out_at_review")
        where, page = self.post("/pesan/buat/", page, {"token": token.group(1)})
        if placed := ORDER_PATH.search(where):
            return Outcome("placed", number=placed.group(1), units=len(products))
        if where == "/keranjang/":  # refused when placing: sold out since the review
            return Outcome("sold_out_at_placing")
        return Outcome("unexpected", detail=f"placing led to {where}")


@dataclass
class Shopping:
    shoppers: int
    seconds: float = 0.0
    attempts: int = 0
    placed: list = field(default_factory=list)  # (order number, units)
    sold_out_at_review: int = 0
    sold_out_at_placing: int = 0
    unexpected: list = field(default_factory=list)

    @property
    def units(self):
        return sum(units for _number, units in self.placed)

    @property
    def refused(self):
        return self.sold_out_at_review + self.sold_out_at_placing


def shop(base_url, products, *, outlet_id, shoppers, seconds, sell_out=None, seed=2026):
    """``shoppers`` threads each buy one or two of ``products`` at a time, every time as a new
    shopper, for ``seconds``; with ``sell_out`` they stop only once that many units are sold
    and a shopper was refused for it (or after four times ``seconds``, whichever comes first)."""
    result = Shopping(shoppers)
    lock = threading.Lock()
    started = time.monotonic()

    def done():
        elapsed = time.monotonic() - started
        if sell_out is None:
            return elapsed >= seconds
        sold_out = result.units >= sell_out and result.refused
        return elapsed >= 4 * seconds or (elapsed >= seconds and sold_out)

    def loop(number):
        rng = random.Random(seed + number)
        while not done():
            picks = rng.sample(products, min(len(products), rng.choice([1, 1, 2])))
            phone = f"0812{rng.randrange(10**7, 10**8)}"
            try:
                outcome = Shopper(base_url).buy(
                    picks, outlet_id=outlet_id, name=f"Pembeli {number}", phone=phone
                )
            except (ShopperError, OSError) as error:
                outcome = Outcome("unexpected", detail=str(error))
            with lock:
                result.attempts += 1
                if outcome.kind == "placed":
                    result.placed.append((outcome.number, outcome.units))
                elif outcome.kind == "sold_out_at_review":
                    result.sold_out_at_review += 1
                elif outcome.kind == "sold_out_at_placing":
                    result.sold_out_at_placing += 1
                else:
                    result.unexpected.append(outcome.detail)

    threads = [threading.Thread(target=loop, args=(i,), daemon=True) for i in range(shoppers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(4 * seconds + 120)
    result.seconds = time.monotonic() - started
    return result


def soak(
    base_url,
    paths,
    products,
    *,
    outlet_id,
    seconds,
    connections,
    shoppers,
    tool,
    workdir,
    sell_out=None,
):
    """Page views and shoppers at once; returns (Browsing, Shopping)."""
    stop = threading.Event()
    browsing = {}

    def browse():
        if tool == "wrk":
            browsing["result"] = browse_with_wrk(
                base_url, paths, seconds=seconds, connections=connections, workdir=workdir
            )
        else:
            browsing["result"] = browse_with_threads(
                base_url,
                paths,
                seconds=4 * seconds if sell_out else seconds,
                connections=connections,
                stop=stop,
            )

    browser = threading.Thread(target=browse, daemon=True)
    browser.start()
    shopping = shop(
        base_url,
        products,
        outlet_id=outlet_id,
        shoppers=shoppers,
        seconds=seconds,
        sell_out=sell_out,
    )
    stop.set()
    browser.join(seconds + 120)
    return browsing["result"], shopping


# The database afterwards (these need Django set up).


def limit_stock(*, outlet, products, units):
    """Make exactly ``units`` of each product available at the outlet, through the ledger."""
    from gallery.models import StockLevel
    from gallery.services import stock_adjust, stock_receive

    for product in products:
        level = StockLevel.objects.filter(outlet=outlet, product=product).first()
        available = level.available if level else 0
        if available < units:
            stock_receive(
                outlet=outlet,
                product=product,
                quantity=units - available,
                by=None,
                reference="SOAK",
                reason="Soak test stock",
            )
        elif available > units:
            stock_adjust(
                outlet=outlet,
                product=product,
                change=units - available,
                by=None,
                reason="Soak test: limited stock",
            )


@dataclass
class Before:
    """What the database held before the run."""

    last_order_id: int
    last_movement_id: int
    available: dict  # product id -> units available at the outlet


def before_run(*, outlet_id, product_ids):
    from django.db.models import Max

    from gallery.models import StockLevel, StockMovement
    from orders.models import Order

    levels = StockLevel.objects.filter(outlet_id=outlet_id, product_id__in=product_ids)
    return Before(
        last_order_id=Order.objects.aggregate(m=Max("pk"))["m"] or 0,
        last_movement_id=StockMovement.objects.aggregate(m=Max("pk"))["m"] or 0,
        available={level.product_id: level.available for level in levels},
    )


def check_stock(before, shopping, *, outlet_id):
    """The ledger and the run's orders as the database holds them: (figures, problems)."""
    from django.db.models import Sum

    from gallery.models import StockLevel, StockMovement
    from orders.models import Order, OrderLine

    problems = []
    sums = {
        (outlet, product): (on_hand, reserved)
        for outlet, product, on_hand, reserved in StockMovement.objects.order_by()
        .values("outlet_id", "product_id")
        .annotate(on_hand=Sum("on_hand_change"), reserved=Sum("reserved_change"))
        .values_list("outlet_id", "product_id", "on_hand", "reserved")
    }
    levels = list(StockLevel.objects.values_list("outlet_id", "product_id", "on_hand", "reserved"))
    for outlet, product, on_hand, reserved in levels:
        if on_hand < 0 or reserved < 0 or reserved > on_hand:
            problems.append(f"level ({outlet}, {product}): on hand {on_hand}, reserved {reserved}")
        if sums.pop((outlet, product), (0, 0)) != (on_hand, reserved):
            problems.append(f"level ({outlet}, {product}) differs from its ledger sums")
    problems += [f"ledger rows without a level: {key}" for key, total in sums.items() if any(total)]

    orders = Order.objects.filter(pk__gt=before.last_order_id)
    numbers = set(orders.values_list("number", flat=True))
    seen = {number for number, _units in shopping.placed}
    if numbers != seen:
        problems.append(f"orders in the database {len(numbers)}, confirmed to shoppers {len(seen)}")
    ordered = OrderLine.objects.filter(order__in=orders).aggregate(n=Sum("quantity"))["n"] or 0
    run_movements = StockMovement.objects.filter(pk__gt=before.last_movement_id)
    reservations = run_movements.filter(kind=StockMovement.Kind.RESERVATION)
    reserved = reservations.aggregate(n=Sum("reserved_change"))["n"] or 0
    if set(reservations.values_list("reference", flat=True)) != numbers:
        problems.append("the run's reservations and its orders do not match")
    if reserved != ordered or ordered != shopping.units:
        problems.append(
            f"units reserved {reserved}, in orders {ordered}, confirmed to shoppers {shopping.units}"
        )
    if run_movements.exclude(kind=StockMovement.Kind.RESERVATION).exists():
        problems.append("the run moved stock other than by reservations")

    oversold = 0
    per_product = dict(
        reservations.order_by()
        .values("product_id")
        .annotate(n=Sum("reserved_change"))
        .values_list("product_id", "n")
    )
    now = {
        level.product_id: level.available
        for level in StockLevel.objects.filter(outlet_id=outlet_id, product_id__in=before.available)
    }
    for product_id, available in before.available.items():
        sold = per_product.get(product_id, 0)
        oversold += max(0, sold - available)
        if now.get(product_id) != available - sold:
            problems.append(
                f"product {product_id}: {available} available - {sold} reserved != {now.get(product_id)}"
            )
    if oversold:
        problems.append(f"{oversold} units oversold")
    figures = {
        "levels_checked": len(levels),
        "orders": len(numbers),
        "units_ordered": ordered,
        "units_reserved": reserved,
        "oversold": oversold,
        "available_before": sum(before.available.values()),
        "available_after": sum(now.values()),
    }
    return figures, problems


def summary(browsing, shopping, statuses, figures, problems):
    by_class = Counter(f"{status // 100}xx" for status in statuses.elements())
    lines = [
        f"Page views ({browsing.tool}, {browsing.connections} connections, {browsing.seconds:.0f} s): "
        f"{browsing.requests} requests, {browsing.rps:.1f}/s, {browsing.errors} errors",
        f"Checkout ({shopping.shoppers} shoppers): {shopping.attempts} attempts, "
        f"{len(shopping.placed)} orders placed ({shopping.units} units), "
        f"{shopping.refused} refused as sold out ({shopping.sold_out_at_review} at the review, "
        f"{shopping.sold_out_at_placing} when placing), {len(shopping.unexpected)} unexpected",
        "Server responses: "
        + ", ".join(f"{name} {by_class[name]}" for name in ("2xx", "3xx", "4xx", "5xx"))
        + f" (total {sum(by_class.values())})",
        f"Ledger: {figures['levels_checked']} stock levels equal their ledger sums, none below "
        f"zero or over-reserved; {figures['units_reserved']} units reserved for "
        f"{figures['orders']} orders ({figures['units_ordered']} units ordered); "
        f"{figures['available_before']} available before, {figures['available_after']} after; "
        f"oversold {figures['oversold']}",
    ]
    if problems:
        lines += ["PROBLEMS:", *(f"  - {problem}" for problem in problems)]
    return "\n".join(lines)


def verdict(browsing, shopping, server_errors, problems):
    """Everything that must hold, as a list of failures (empty: the run holds)."""
    failures = list(problems)
    if server_errors:
        failures.append(f"{len(server_errors)} responses 5xx, first: {server_errors[:3]}")
    if browsing.errors:
        failures.append(f"{browsing.errors} page views failed")
    if shopping.unexpected:
        failures.append(
            f"shoppers met {len(shopping.unexpected)} surprises: {shopping.unexpected[:3]}"
        )
    if not shopping.placed:
        failures.append("no order was placed")
    return failures


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--shoppers", type=int, default=8)
    parser.add_argument("--targets", type=int, default=4, help="products the shoppers buy")
    parser.add_argument("--units", type=int, default=5, help="units of each available at start")
    parser.add_argument(
        "--tool", choices=["wrk", "python"], default="wrk" if shutil.which("wrk") else "python"
    )
    parser.add_argument(
        "--products", type=int, default=500, help="bench data, when the database is empty"
    )
    parser.add_argument("--vendors", type=int, default=40)
    parser.add_argument("--orders", type=int, default=500)
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database (make soak starts a throwaway one).")
    workdir = Path(tempfile.mkdtemp(prefix="galeri-soak-"))
    env = production_env(
        os.environ["DATABASE_URL"], static_root=workdir / "static", media_root=workdir / "media"
    )
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command

    from gallery.models import Outlet
    from products.models import Category, Product

    started = time.monotonic()
    call_command("migrate", interactive=False, verbosity=0)
    if not Product.objects.exists():
        print(
            f"Loading bench data: {args.products} products, {args.vendors} vendors, {args.orders} orders"
        )
        call_command(
            "bench_data",
            products=args.products,
            vendors=args.vendors,
            orders=args.orders,
            outlets=3,
        )
    call_command("collectstatic", interactive=False, verbosity=0)

    outlet = Outlet.objects.active().order_by("pk").first()
    public = Product.objects.public().order_by("pk")
    targets = list(public[: args.targets])
    limit_stock(outlet=outlet, products=targets, units=args.units)
    paths = rotation(
        product_slugs=list(public.values_list("slug", flat=True)[:600]),
        category_slugs=list(Category.objects.values_list("slug", flat=True)),
        outlet_slugs=list(Outlet.objects.active().values_list("slug", flat=True)),
    )
    before = before_run(outlet_id=outlet.pk, product_ids=[p.pk for p in targets])
    print(
        f"Soak: {public.count()} public products, {len(paths)} pages in rotation; "
        f"{len(targets)} products with {args.units} units each at {outlet.name}; "
        f"{args.seconds} s, {args.connections} connections ({args.tool}), {args.shoppers} shoppers"
    )
    try:
        with Server(env, workdir) as server:
            browsing, shopping = soak(
                server.url,
                paths,
                [(p.pk, p.slug) for p in targets],
                outlet_id=outlet.pk,
                seconds=args.seconds,
                connections=args.connections,
                shoppers=args.shoppers,
                tool=args.tool,
                workdir=workdir,
            )
        statuses, server_errors = server.statuses()
        figures, problems = check_stock(before, shopping, outlet_id=outlet.pk)
        print(summary(browsing, shopping, statuses, figures, problems))
        failures = verdict(browsing, shopping, server_errors, problems)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"Finished in {time.monotonic() - started:.0f} s: " + ("FAILED" if failures else "holds"))
    for failure in failures:
        print(f"  - {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
