"""Bench data: a big, realistic gallery loaded fast with bulk inserts (``manage.py bench_data``).

Approved vendors over the 17 kecamatan, public products with pictures, outlets with opening
hours, 18 months of orders, and stock whose levels are exactly the sums of the ledger: intake
rows, a reservation for every order line, then a sale (collected), a release (cancelled,
expired) or nothing (still open). Timestamps are spread over the past, so the rows' own
``auto_now``/``auto_now_add`` stamps are switched off while loading.
"""

import math
import random
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import time, timedelta

from django.contrib.auth.hashers import make_password
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User
from core.models import Kecamatan
from gallery.models import OpeningHours, Outlet, StockLevel, StockMovement
from orders import models as order_models
from orders.models import Order, OrderLine
from products.models import Category, Product, ProductImage
from vendors.models import Vendor

from . import words
from .pictures import mode_for, stored_pictures

BATCH = 2_000
ORDER_MONTHS_DAYS = 548
PRODUCT_AGE_DAYS = 900
PICKUP_WINDOW_DAYS = 3
NUMBER_ALPHABET = getattr(order_models, "NUMBER_ALPHABET", "23456789ABCDEFGHJKLMNPQRSTUVWXYZ")
OUTLETS = (
    ("Galeri Menong 1", "Jl. Veteran No. 134, Ciseureuh", "Purwakarta", (-6.554500, 107.443100)),
    (
        "Galeri Menong 2",
        "Kawasan Taman Sri Baduga, Situ Buleud",
        "Purwakarta",
        (-6.556100, 107.445000),
    ),
    (
        "Galeri Menong Gunung Parang",
        "Kawasan Wisata Gunung Parang",
        "Tegalwaru",
        (-6.620700, 107.402000),
    ),
    (
        "Galeri Menong Wanayasa",
        "Jl. Raya Wanayasa, dekat Situ Wanayasa",
        "Wanayasa",
        (-6.685200, 107.554100),
    ),
    (
        "Galeri Menong Sukasari",
        "Jl. Raya Sukasari, tepi Waduk Jatiluhur",
        "Sukasari",
        (-6.538900, 107.285700),
    ),
)
OUTLET_WEIGHTS = (4, 3, 1, 1, 1)


@dataclass
class Level:
    """One (outlet, product) while loading: what its orders used, and its ledger rows."""

    outlet: Outlet
    product: Product
    sold: int = 0
    reserved: int = 0
    first_use: object = None
    movements: list = field(default_factory=list)


def _fields(model):
    return {f.name for f in model._meta.concrete_fields}


def build(model, **values):
    """A model instance from the values its current schema knows (fields come and go)."""
    known = _fields(model)
    return model(**{name: value for name, value in values.items() if name in known})


@contextmanager
def explicit_timestamps(*models):
    """Keep the timestamps we set instead of ``auto_now``/``auto_now_add``."""
    switched = []
    for model in models:
        for f in model._meta.concrete_fields:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                switched.append((f, f.auto_now, f.auto_now_add))
                f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in switched:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def bulk(model, rows):
    return model.objects.bulk_create(rows, batch_size=BATCH)


class Loader:
    def __init__(self, *, products, vendors, outlets, orders, images, seed, stdout=None):
        self.counts = {
            "products": products,
            "vendors": vendors,
            "outlets": outlets,
            "orders": orders,
        }
        self.images = images
        self.rng = random.Random(seed)
        self.now = timezone.now()
        self.stdout = stdout

    def say(self, message):
        if self.stdout:
            self.stdout.write(message)

    def ago(self, days):
        return self.now - timedelta(seconds=self.rng.uniform(0, days * 86_400))

    def load(self):
        if Product.objects.exists() or Order.objects.exists() or Vendor.objects.exists():
            raise CommandError(
                "The database already holds vendors, products or orders: load bench data into an empty one."
            )
        self.kecamatan = list(Kecamatan.objects.all())
        if not self.kecamatan:
            raise CommandError("No kecamatan: run migrate first.")
        with (
            transaction.atomic(),
            explicit_timestamps(Vendor, Product, Order, StockLevel, StockMovement),
        ):
            self.categories()
            self.pictures = stored_pictures(ProductImage, self.images)
            self.say(f"{self.images} pictures stored")
            self.vendors()
            self.outlets()
            self.products()
            self.orders()
            self.stock()
        if connection.vendor == "postgresql":
            # VACUUM too, as autovacuum would have by now: index-only scans need the visibility map.
            # FREEZE because on a freshly initialised cluster a plain VACUUM left every page of
            # products_product not all-visible (pg_class.relallvisible 0 of 1425), which turns
            # the index-only scans of the public-products index into heap fetches.
            with connection.cursor() as cursor:
                cursor.execute(
                    "ANALYZE" if connection.in_atomic_block else "VACUUM (FREEZE, ANALYZE)"
                )

    # Catalogue

    def categories(self):
        # The category tree comes from products' data migration.
        if not Category.objects.exists():
            raise CommandError("No categories: run migrate first.")
        categories = list(Category.objects.all())
        tops = [c for c in categories if c.parent_id is None]
        self.leaves = [c for c in categories if not any(o.parent_id == c.pk for o in categories)]
        self.leaves_of = {
            top.pk: [c for c in self.leaves if c.parent_id == top.pk] or [top] for top in tops
        }
        self.tops = tops
        by_id = {c.pk: c for c in categories}
        self.top_of = {c.pk: by_id[c.parent_id] if c.parent_id else c for c in categories}

    def goods(self, category):
        if category.slug in words.GOODS:
            return words.GOODS[category.slug]
        for slug, goods in words.GOODS.items():
            if slug.split("-")[0] in category.slug:
                return goods
        return words.GENERIC

    def vendors(self):
        rng, n = self.rng, self.counts["vendors"]
        kecamatan = list(self.kecamatan)
        weights = [words.KECAMATAN_WEIGHT.get(k.name, 1) for k in kecamatan]
        places = kecamatan[:n] + rng.choices(kecamatan, weights, k=max(0, n - len(kecamatan)))
        users, vendors, slugs = [], [], set()
        unusable = make_password(None)
        for index, place in enumerate(places):
            owner = f"{rng.choice(words.FIRST_NAMES)} {rng.choice(words.LAST_NAMES)}"
            craft = words.KECAMATAN_CRAFT.get(place.name) if rng.random() < 0.7 else None
            top = next((t for t in self.tops if craft and craft in t.slug), None) or rng.choice(
                self.tops
            )
            keyword = next((k for k in words.BUSINESS_PREFIX if k in top.slug), "kerajinan")
            desa = rng.choice(words.DESA.get(place.name, (place.name,)))
            name = f"{rng.choice(words.BUSINESS_PREFIX[keyword])} {rng.choice(words.BUSINESS_SUFFIX)} {desa}"
            slug = slugify(name)
            while slug in slugs:
                slug = f"{slugify(name)}-{len(slugs)}"
            slugs.add(slug)
            joined = self.ago(PRODUCT_AGE_DAYS + 200)
            approved = joined + timedelta(days=rng.uniform(1, 14))
            whatsapp = f"+628{rng.choice('1235789')}{rng.randrange(10**9):09d}"
            users.append(
                build(
                    User,
                    email=f"umkm{index + 1:04d}@bench.galerimenong.id",
                    full_name=owner,
                    phone=whatsapp,
                    password=unusable,
                    date_joined=joined,
                    email_verified_at=joined,
                )
            )
            year = rng.randint(1975, 2023)
            story = " ".join(
                s.format(year=year, desa=desa, kecamatan=place.name, workers=rng.randint(2, 40))
                for s in words.STORY
            )
            food = "kuliner" in top.slug
            vendors.append(
                build(
                    Vendor,
                    business_name=name,
                    slug=slug,
                    owner_name=owner,
                    whatsapp=whatsapp,
                    show_whatsapp=rng.random() < 0.6,
                    kecamatan=place,
                    desa=desa,
                    address=f"{rng.choice(words.STREETS)} No. {rng.randint(1, 250)}, {desa}",
                    story=story,
                    founded_year=year,
                    nib=f"{rng.randrange(10**13):013d}" if rng.random() < 0.7 else "",
                    pirt_number=f"P-IRT No. {rng.randrange(10**13):013d}-{rng.randint(10, 99)}"
                    if food
                    else "",
                    halal_number=f"ID32{rng.randrange(10**14):014d}"
                    if food and rng.random() < 0.6
                    else "",
                    status=Vendor.Status.APPROVED,
                    submitted_at=joined,
                    approved_at=approved,
                    created_at=joined,
                    updated_at=approved,
                    language="id",
                )
            )
            vendors[-1].main_top = top
        for user, vendor in zip(bulk(User, users), vendors, strict=True):
            vendor.user = user
        main_top = [vendor.main_top for vendor in vendors]
        self.vendor_list = bulk(Vendor, vendors)
        Through = Vendor.categories.through
        bulk(
            Through,
            [
                Through(vendor_id=v.pk, category_id=top.pk)
                for v, top in zip(self.vendor_list, main_top, strict=True)
            ],
        )
        for vendor, top in zip(self.vendor_list, main_top, strict=True):
            vendor.main_top = top
            vendor.activity = rng.uniform(0.3, 3.0)
        self.say(f"{len(self.vendor_list)} vendors")

    def outlets(self):
        by_name = {k.name: k for k in self.kecamatan}
        outlets = []
        for index in range(self.counts["outlets"]):
            if index < len(OUTLETS):
                name, address, place, (lat, lng) = OUTLETS[index]
            else:
                name, address, place = (
                    f"Galeri Menong {index + 1}",
                    "Jl. Raya Purwakarta",
                    "Purwakarta",
                )
                lat = lng = None
            outlets.append(
                build(
                    Outlet,
                    name=name,
                    slug=slugify(name),
                    address=address,
                    kecamatan=by_name.get(place, self.kecamatan[0]),
                    latitude=lat,
                    longitude=lng,
                    phone=f"(0264) 20{index + 1:04d}",
                    whatsapp=f"+62812000001{index + 1:02d}",
                    description=f"{name}: pusat oleh-oleh dan kerajinan UMKM Purwakarta.",
                    position=index * 10,
                )
            )
        self.outlet_list = bulk(Outlet, outlets)
        hours = []
        for index, outlet in enumerate(self.outlet_list):
            days = range(7) if index < 2 else range(1, 7)
            opens, closes = (time(9), time(21)) if index < 2 else (time(8), time(17))
            hours += [
                OpeningHours(outlet=outlet, weekday=day, opens=opens, closes=closes) for day in days
            ]
        bulk(OpeningHours, hours)
        self.outlet_weights = [
            OUTLET_WEIGHTS[i] if i < len(OUTLET_WEIGHTS) else 1
            for i in range(len(self.outlet_list))
        ]
        self.say(f"{len(self.outlet_list)} outlets")

    def products(self):
        rng, n = self.rng, self.counts["products"]
        vendors = self.vendor_list
        owners = vendors[:n] + rng.choices(
            vendors, [v.activity for v in vendors], k=max(0, n - len(vendors))
        )
        products = []
        for index, vendor in enumerate(owners):
            leaves = self.leaves_of[vendor.main_top.pk] if rng.random() < 0.8 else self.leaves
            category = rng.choice(leaves)
            goods = self.goods(category)
            name = f"{rng.choice(goods.nouns)} {rng.choice(goods.kinds)}"
            if rng.random() < 0.75:
                name = f"{name} {rng.choice(goods.details)}"
            low, high = goods.price
            price = round(math.exp(rng.uniform(math.log(low), math.log(high))) / 500) * 500
            made_to_order = rng.random() < goods.made_to_order
            created = self.ago(PRODUCT_AGE_DAYS)
            sentences = rng.sample(goods.sentences, k=min(3, len(goods.sentences)))
            description = " ".join(
                [f"{name} buatan {vendor.business_name}, {vendor.kecamatan.name}.", *sentences]
            )
            products.append(
                build(
                    Product,
                    vendor=vendor,
                    category=category,
                    name=name[:120],
                    slug=f"{slugify(name)[:120]}-{index + 1}",
                    description=description,
                    materials=rng.choice(goods.materials),
                    dimensions=f"{rng.randint(5, 60)} × {rng.randint(5, 60)} × {rng.randint(3, 80)} cm"
                    if goods.dimensions
                    else "",
                    weight_grams=rng.randint(*goods.weight),
                    price=max(price, 12_000),
                    made_to_order=made_to_order,
                    lead_time_days=rng.randint(3, 30) if made_to_order else None,
                    status=Product.Status.PUBLISHED,
                    published_at=created + timedelta(hours=rng.uniform(1, 72)),
                    created_at=created,
                    updated_at=created,
                )
            )
        self.product_list = bulk(Product, products)
        everything = [p for pictures in self.pictures.values() for p in pictures]
        images = []
        for product in self.product_list:
            top = self.top_of[product.category_id]
            pool = self.pictures.get(mode_for(top.slug)) or everything
            for position in range(rng.choices((1, 2, 3), (40, 35, 25))[0]):
                images.append(
                    ProductImage(
                        product=product,
                        alt=f"{product.name}, foto {position + 1}",
                        position=position,
                        **rng.choice(pool),
                    )
                )
        bulk(ProductImage, images)
        self.say(f"{len(self.product_list)} products, {len(images)} pictures of them")

    # Orders and stock

    def orders(self):
        rng = self.rng
        self.levels = {}
        self.stocked = defaultdict(list)
        outlets, weights = self.outlet_list, self.outlet_weights
        for product in self.product_list:
            if product.made_to_order:
                continue
            count = rng.choices((1, 2, 3), (45, 35, 20))[0]
            chosen = set()
            while len(chosen) < min(count, len(outlets)):
                chosen.add(rng.choices(range(len(outlets)), weights)[0])
            for index in sorted(chosen):
                self.levels[outlets[index].pk, product.pk] = Level(outlets[index], product)
                self.stocked[outlets[index].pk].append(product)
        selling = [(o, w) for o, w in zip(outlets, weights, strict=True) if self.stocked[o.pk]]
        orders, lines, numbers, keys = [], [], set(), set()
        for _ in range(self.counts["orders"] if selling else 0):
            placed = self.ago(ORDER_MONTHS_DAYS)
            outlet = rng.choices([o for o, _w in selling], [w for _o, w in selling])[0]
            candidates = self.stocked[outlet.pk]
            picked = {}
            for _line in range(rng.choices((1, 2, 3), (50, 35, 15))[0]):
                for _try in range(30):
                    product = rng.choice(candidates)
                    if product.created_at < placed:
                        break
                picked[product.pk] = product
            order = self.order(outlet, placed, numbers, keys)
            total = 0
            for product in picked.values():
                quantity = rng.choices((1, 2, 3), (70, 20, 10))[0]
                total += product.price * quantity
                lines.append(
                    OrderLine(
                        order=order,
                        product=product,
                        vendor_id=product.vendor_id,
                        product_name=product.name,
                        vendor_name=product.vendor.business_name,
                        unit_price=product.price,
                        quantity=quantity,
                        line_total=product.price * quantity,
                    )
                )
                self.ledger(order, product, quantity)
            order.total = total
            orders.append(order)
        bulk(Order, orders)
        for line in lines:
            line.order_id = line.order.pk
        bulk(OrderLine, lines)
        self.say(f"{len(orders)} orders, {len(lines)} order lines")

    def order(self, outlet, placed, numbers, keys):
        rng = self.rng
        recent = placed > self.now - timedelta(days=PICKUP_WINDOW_DAYS)
        if recent:
            status = rng.choices(["placed", "ready", "collected", "cancelled"], (40, 25, 30, 5))[0]
        else:
            status = rng.choices(["collected", "cancelled", "expired"], (88, 7, 5))[0]
        ready_at = closed_at = paid_at = None
        if status in ("ready", "collected"):
            ready_at = min(self.now, placed + timedelta(hours=rng.uniform(0.5, 20)))
        if status == "collected":
            closed_at = min(self.now, ready_at + timedelta(hours=rng.uniform(0.2, 48)))
            paid_at = closed_at
        elif status == "cancelled":
            closed_at = min(self.now, placed + timedelta(hours=rng.uniform(0.1, 30)))
        elif status == "expired":
            closed_at = placed + timedelta(days=PICKUP_WINDOW_DAYS, minutes=rng.uniform(1, 60))
        local = timezone.localtime(placed)
        number = ""
        while not number or number in numbers:
            number = f"GM-{local:%y%m%d}-{''.join(rng.choices(NUMBER_ALPHABET, k=5))}"
        numbers.add(number)
        key = f"{rng.getrandbits(128):032x}"
        while key in keys:
            key = f"{rng.getrandbits(128):032x}"
        keys.add(key)
        first, last = rng.choice(words.FIRST_NAMES), rng.choice(words.LAST_NAMES)
        return build(
            Order,
            number=number,
            name=f"{first} {last}",
            phone=f"+628{rng.choice('1235789')}{rng.randrange(10**9):09d}",
            email=f"{first}.{last}{rng.randint(1, 999)}@contoh.id".lower()
            if rng.random() < 0.4
            else "",
            outlet=outlet,
            note=rng.choice(["", "", "", "Tolong dibungkus kado.", "Saya ambil sore hari."]),
            language="en" if rng.random() < 0.1 else "id",
            status=status,
            payment_status="paid" if paid_at else "unpaid",
            payment_method=rng.choice(["cash", "qris"]) if paid_at else "",
            paid_at=paid_at,
            total=0,
            idempotency_key=key,
            placed_at=placed,
            ready_at=ready_at,
            closed_at=closed_at,
        )

    def ledger(self, order, product, quantity):
        level = self.levels[order.outlet.pk, product.pk]
        level.first_use = min(filter(None, [level.first_use, order.placed_at]))
        move = dict(outlet=level.outlet, product=product, reference=order.number)
        level.movements.append(
            StockMovement(
                kind="reservation",
                on_hand_change=0,
                reserved_change=quantity,
                at=order.placed_at,
                **move,
            )
        )
        if order.status == "collected":
            level.sold += quantity
            level.movements.append(
                StockMovement(
                    kind="sale",
                    on_hand_change=-quantity,
                    reserved_change=-quantity,
                    at=order.closed_at,
                    **move,
                )
            )
        elif order.status in ("cancelled", "expired"):
            level.movements.append(
                StockMovement(
                    kind="release",
                    on_hand_change=0,
                    reserved_change=-quantity,
                    at=order.closed_at,
                    **move,
                )
            )
        else:
            level.reserved += quantity

    def stock(self):
        """Intake enough for every sale and reservation, plus what is still on the shelf."""
        rng = self.rng
        levels, movements = [], []
        for level in self.levels.values():
            used = level.sold + level.reserved
            leftover = 0 if rng.random() < 0.1 else rng.randint(1, 30)
            if used + leftover == 0:
                leftover = rng.randint(1, 20)
            first = level.product.created_at + timedelta(hours=rng.uniform(2, 48))
            if level.first_use:
                first = min(first, level.first_use - timedelta(hours=1))
            deliveries = [used + leftover]
            if leftover > 2 and rng.random() < 0.5:
                later = rng.randint(1, leftover - 1)
                deliveries = [used + leftover - later, later]
            for number, quantity in enumerate(deliveries):
                at = first if number == 0 else first + (self.now - first) * rng.random()
                level.movements.append(
                    StockMovement(
                        outlet=level.outlet,
                        product=level.product,
                        kind="intake",
                        on_hand_change=quantity,
                        reserved_change=0,
                        at=at,
                        reference=f"SJ-{at:%Y%m%d}-{level.product.vendor_id}",
                        reason="Titip jual",
                    )
                )
            movements += level.movements
            levels.append(
                StockLevel(
                    outlet=level.outlet,
                    product=level.product,
                    on_hand=used + leftover - level.sold,
                    reserved=level.reserved,
                    updated_at=max(m.at for m in level.movements),
                )
            )
        bulk(StockLevel, levels)
        bulk(StockMovement, movements)
        self.say(f"{len(levels)} stock levels, {len(movements)} ledger rows")


def load(**options):
    Loader(**options).load()
