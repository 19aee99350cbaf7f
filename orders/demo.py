"""Demo orders: a few dozen over the past weeks, in every state, placed through the services.

Needs outlets with stock of public products (gallery.demo). Orders are placed, moved and closed
with the same services the site uses, so the ledger stays right; only their dates are moved back
afterwards, so the past weeks look lived in. Running it again adds nothing.
"""

import random
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone, translation

from accounts.models import User
from core.demo import STAFF_EMAIL
from gallery.models import Outlet, StockLevel

from .models import Order, OrderStatusChange
from .services import order_cancel, order_collect, order_expire, order_mark_ready, order_place

KEY_PREFIX = "demo-order-"
ORDERS = 36
RECENT = 8
DAYS = 42

SHOPPERS = [
    ("Siti Nurhaliza", "0812-2045-1187"),
    ("Asep Sunandar", "0813-2190-4432"),
    ("Dewi Sartika Rahayu", "0857-2211-0934"),
    ("Ujang Hermawan", "0821-1654-7720"),
    ("Rina Marlina", "0878-2301-5566"),
    ("Dadang Supriatna", "0812-8876-1203"),
    ("Euis Komalasari", "0838-1122-9081"),
    ("Yayan Ruhyana", "0819-3345-7712"),
    ("Neng Rosita", "0852-2260-4418"),
    ("Cecep Hidayat", "0813-9981-2207"),
    ("Lilis Suryani", "0896-4410-3325"),
    ("Agus Salim Nugraha", "0811-2203-6619"),
    ("Wulan Sari", "0822-1187-9046"),
    ("Iwan Setiawan", "0856-9012-3378"),
]
NOTES = [
    "",
    "",
    "",
    "Diambil sore hari setelah jam kerja.",
    "Untuk oleh-oleh, mohon dibungkus rapi.",
    "Yang mengambil adik saya, namanya Rudi.",
    "Tolong dipilihkan yang warnanya paling cerah.",
]
CANCEL_REASONS = [
    "Pembeli membatalkan lewat WhatsApp.",
    "Barang retak saat dikemas; pembeli sudah dihubungi.",
    "Pembeli salah memilih jumlah dan memesan ulang.",
]


def _stock(rng):
    """(outlet, [[product, units we may take], ...]) for active outlets with public goods."""
    levels = (
        StockLevel.objects.filter(
            outlet__in=Outlet.objects.active(),
            product__status="published",
            product__hidden_at__isnull=True,
            product__vendor__status="approved",
        )
        .with_available()
        .filter(available_quantity__gte=4)
        .select_related("outlet", "product")
        .order_by("outlet_id", "product_id")
    )
    by_outlet = {}
    for level in levels:
        # Never more than a quarter of the shelf, so the demo shop still has goods to sell.
        by_outlet.setdefault(level.outlet, []).append([level.product, level.available // 4])
    for products in by_outlet.values():
        rng.shuffle(products)
    return list(by_outlet.items())


def _backdate(order, placed_at, steps):
    Order.objects.filter(pk=order.pk).update(placed_at=placed_at)
    changes = list(order.status_changes.order_by("pk"))
    for change, at in zip(changes, [placed_at, *steps], strict=False):
        OrderStatusChange.objects.filter(pk=change.pk).update(at=at)
    fields = {}
    if order.ready_at:
        fields["ready_at"] = steps[0]
    if order.closed_at:
        fields["closed_at"] = steps[-1]
    if order.paid_at:
        fields["paid_at"] = steps[-1]
    if fields:
        Order.objects.filter(pk=order.pk).update(**fields)


def seed(stdout):
    if Order.objects.filter(idempotency_key__startswith=KEY_PREFIX).exists():
        stdout.write("orders: demo orders are already there.")
        return
    rng = random.Random(2026)  # noqa: S311 (demo data, not security)
    stock = _stock(rng)
    if not stock:
        stdout.write("orders: no outlet has stock yet, so no demo orders (seed the gallery first).")
        return
    staff = (
        User.objects.filter(Q(email=STAFF_EMAIL) | Q(is_superuser=True))
        .order_by("-is_staff")
        .first()
    )
    window = settings.ORDER_PICKUP_WINDOW_DAYS
    now = timezone.now()
    placed = 0
    with translation.override("id"):
        for index in range(ORDERS):
            outlet, products = rng.choice(stock)
            lines = [
                (item, rng.randint(1, min(2, item[1])))
                for item in rng.sample(products, k=min(len(products), rng.choice([1, 1, 2, 3])))
                if item[1] > 0
            ]
            if not lines:
                continue
            name, phone = rng.choice(SHOPPERS)
            order = order_place(
                cart_lines=[(item[0], quantity) for item, quantity in lines],
                customer=None,
                name=name,
                phone=phone,
                note=rng.choice(NOTES),
                outlet=outlet,
                idempotency_key=f"{KEY_PREFIX}{index:03d}",
            )
            for item, quantity in lines:
                item[1] -= quantity
            placed += 1

            # The last few orders are still waiting for pickup; the others are spread over weeks.
            recent = index >= ORDERS - RECENT
            days_ago = DAYS - (DAYS - window - 1) * index // (ORDERS - RECENT)
            placed_at = now - timedelta(days=days_ago, hours=rng.randint(0, 9))
            ready_at = placed_at + timedelta(hours=rng.randint(2, 20))
            closed_at = ready_at + timedelta(hours=rng.randint(3, 40))
            if not recent:
                if index % 8 not in (3, 6):
                    order = order_mark_ready(order=order, by=staff)
                    order = order_collect(
                        order=order, by=staff, payment_method=rng.choice(["cash", "qris"])
                    )
                    steps = [ready_at, closed_at]
                elif index % 8 == 3:
                    order = order_cancel(order=order, by=staff, reason=rng.choice(CANCEL_REASONS))
                    steps = [ready_at]
                else:
                    order = order_mark_ready(order=order, by=staff)
                    _backdate(order, placed_at, [ready_at])
                    order = order_expire(order=order)
                    steps = [ready_at, placed_at + timedelta(days=window, minutes=10)]
            else:
                placed_at = now - timedelta(hours=rng.randint(1, 24 * window - 2))
                ready_at = min(placed_at + timedelta(hours=3), now)
                steps = []
                if index % 2:
                    order = order_mark_ready(order=order, by=staff)
                    steps = [ready_at]
            _backdate(order, placed_at, steps)
    stdout.write(f"orders: {placed} demo orders over the past {DAYS} days.")
