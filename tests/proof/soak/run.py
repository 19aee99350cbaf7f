"""`make soak`: bench data, the production stack, page views and shoppers at once, the checks."""

import argparse
import os
import shutil
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path

from .browsing import browse_with_threads, browse_with_wrk, rotation
from .checks import before_run, check_stock, limit_stock, summary, verdict
from .server import Server, production_env
from .shoppers import shop


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
    if tool == "wrk":
        browse = partial(browse_with_wrk, seconds=seconds, workdir=workdir)
    else:  # until the shoppers are done
        browse = partial(
            browse_with_threads, seconds=4 * seconds if sell_out else seconds, stop=stop
        )
    with ThreadPoolExecutor(max_workers=1) as pool:
        browsing = pool.submit(browse, base_url, paths, connections=connections)
        shopping = shop(
            base_url,
            products,
            outlet_id=outlet_id,
            shoppers=shoppers,
            seconds=seconds,
            sell_out=sell_out,
        )
        stop.set()
        return browsing.result(timeout=seconds + 120), shopping


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
