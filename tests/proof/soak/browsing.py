"""Page views for a bounded time over a rotation of catalogue and product pages: wrk, or plain
Python threads where wrk is missing (the suite does not install it)."""

import http.client
import os
import random
import re
import subprocess
import threading
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

LUA = Path(__file__).with_name("rotate.lua")
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
