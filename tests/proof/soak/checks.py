"""The database before and after the run: the stock given to the shoppers, the ledger, the
orders. These need Django set up."""

from collections import Counter
from dataclasses import dataclass


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
        f"{shopping.refused} refused as sold out ({shopping.sold_out_at_cart} at the cart, "
        f"{shopping.sold_out_at_review} at the review, "
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
