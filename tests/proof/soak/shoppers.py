"""Shoppers through the real checkout over HTTP: a cookie jar each, the forms' CSRF tokens."""

import http.cookiejar
import random
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PLACE_TOKEN = re.compile(r'name="token" value="([^"]+)"')
BADGE = re.compile(r'<span class="badge">(\d+)</span>')
ORDER_PATH = re.compile(r"/pesanan/(GM-\d{6}-[0-9A-Z]{5})/$")


class ShopperError(Exception):
    pass


@dataclass
class Outcome:
    kind: str  # placed, sold_out_at_cart, sold_out_at_review, sold_out_at_placing, unexpected
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
        # The cart takes no more than the outlet has: what it holds is what the order can be.
        in_cart = BADGE.search(page)
        units = int(in_cart.group(1)) if in_cart else 0
        if not units:
            return Outcome("sold_out_at_cart")
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
            return Outcome("placed", number=placed.group(1), units=units)
        if where == "/keranjang/":  # refused when placing: sold out since the review
            return Outcome("sold_out_at_placing")
        return Outcome("unexpected", detail=f"placing led to {where}")


@dataclass
class Shopping:
    shoppers: int
    seconds: float = 0.0
    attempts: int = 0
    placed: list = field(default_factory=list)  # (order number, units)
    sold_out_at_cart: int = 0
    sold_out_at_review: int = 0
    sold_out_at_placing: int = 0
    unexpected: list = field(default_factory=list)

    @property
    def units(self):
        return sum(units for _number, units in self.placed)

    @property
    def refused(self):
        return self.sold_out_at_cart + self.sold_out_at_review + self.sold_out_at_placing


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
                elif outcome.kind == "sold_out_at_cart":
                    result.sold_out_at_cart += 1
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
