"""Bar 1: random intakes, reservations, sales, releases and returns of a food product across
batches, on PostgreSQL: every batch stays within its bounds, the outlet's level equals the sum of
its batches and of its ledger rows, and every allocation took the earliest-expiring batch that
had not expired."""

import datetime
import itertools
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gallery.models import Batch, StockLevel, StockMovement, today_in_jakarta
from gallery.services import (
    BatchSpec,
    InsufficientStock,
    StockError,
    stock_receive,
    stock_release,
    stock_reserve,
    stock_return_to_vendor,
    stock_sell_at_counter,
    stock_sell_reserved,
    stock_take_back,
)
from tests.factories import CategoryFactory, OutletFactory, ProductFactory, StaffFactory

pytestmark = pytest.mark.django_db

JAKARTA = ZoneInfo("Asia/Jakarta")
START = datetime.datetime(2026, 12, 6, 9, 0, tzinfo=JAKARTA)
# Three batches a vendor brings, by days from the start until their expiry.
BATCHES = {"A": 1, "B": 3, "C": 7}

OPERATIONS = st.one_of(
    st.tuples(st.just("intake"), st.sampled_from(sorted(BATCHES)), st.integers(1, 6)),
    st.tuples(st.just("reserve"), st.integers(1, 8)),
    st.tuples(st.just("release"), st.integers(0, 9)),
    st.tuples(st.just("collect"), st.integers(0, 9)),
    st.tuples(st.just("sell"), st.integers(1, 8)),
    st.tuples(st.just("take_back"), st.integers(0, 9)),
    st.tuples(st.just("return"), st.integers(1, 5)),
    st.tuples(st.just("days"), st.integers(1, 2)),
    st.tuples(st.just("days"), st.integers(1, 2)),
)


@pytest.fixture
def shelf(db):
    staff = StaffFactory(email="gudang@contoh.id")
    outlet = OutletFactory()
    food = CategoryFactory(
        slug="uji-camilan", name_id="Camilan Uji", name_en="Snacks", is_food=True
    )
    product = ProductFactory(category=food, name="Keripik Singkong", price=15_000)
    return staff, outlet, product


def assert_ledger_holds(outlet, product):
    level = StockLevel.objects.get(outlet=outlet, product=product)
    batches = Batch.objects.filter(outlet=outlet, product=product)
    sums = batches.aggregate(on_hand=Sum("on_hand"), reserved=Sum("reserved"))
    ledger = StockMovement.objects.filter(outlet=outlet, product=product).aggregate(
        on_hand=Sum("on_hand_change"), reserved=Sum("reserved_change")
    )
    assert (level.on_hand, level.reserved) == (sums["on_hand"] or 0, sums["reserved"] or 0)
    assert (level.on_hand, level.reserved) == (ledger["on_hand"] or 0, ledger["reserved"] or 0)
    for batch in batches:
        assert 0 <= batch.reserved <= batch.on_hand
        rows = batch.movements.aggregate(
            on_hand=Sum("on_hand_change"), reserved=Sum("reserved_change")
        )
        assert (batch.on_hand, batch.reserved) == (rows["on_hand"] or 0, rows["reserved"] or 0)
    free = [b.expires_on for b in batches if b.on_hand > b.reserved]
    assert level.free_until == (max(free) if free else None)


def assert_first_expiry_first(before, rows, *, with_expired):
    """The rows of one allocation took free units in expiry order: every batch expiring before
    the last one taken from was emptied of free units, and none had expired (unless the goods
    went back to their vendor)."""
    today = today_in_jakarta()
    taken = {row.batch_id: row for row in rows}
    assert all(row.batch_id is not None for row in rows)
    if not taken:
        return
    last = max(before[batch_id].expires_on for batch_id in taken)
    for batch_id, (expires_on, free_before) in (
        (b.pk, (b.expires_on, b.on_hand - b.reserved)) for b in before.values()
    ):
        eligible = with_expired or expires_on > today
        if batch_id in taken:
            assert eligible, "an expired batch was allocated"
        elif eligible and expires_on < last:
            assert free_before == 0, "a batch expiring earlier still had free units"
    for batch_id, row in taken.items():
        units = -(row.on_hand_change or 0) or row.reserved_change
        if before[batch_id].expires_on < last:
            assert units == before[batch_id].on_hand - before[batch_id].reserved


def snapshot(outlet, product):
    return {b.pk: b for b in Batch.objects.filter(outlet=outlet, product=product)}


def new_rows(since):
    return list(StockMovement.objects.filter(pk__gt=since).order_by("pk"))


def last_row_id():
    return StockMovement.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    delivered=st.lists(
        st.tuples(st.just("intake"), st.sampled_from(sorted(BATCHES)), st.integers(1, 6)),
        min_size=2,
        max_size=4,
    ),
    operations=st.lists(OPERATIONS, min_size=1, max_size=25),
)
def test_random_stock_changes_keep_every_batch_and_take_the_earliest_live_batch_first(
    shelf, delivered, operations
):
    """Each example starts with a delivery of some batches, then changes stock at random."""
    operations = delivered + operations
    staff, outlet, product = shelf
    numbers = itertools.count(1)
    with time_machine.travel(START, tick=False) as traveller, transaction.atomic():
        reserved, sold = [], []
        for operation in operations:
            kind, *args = operation
            before, since = snapshot(outlet, product), last_row_id()
            try:
                if kind == "intake":
                    name, quantity = args
                    expires_on = START.date() + datetime.timedelta(days=BATCHES[name])
                    stock_receive(
                        outlet=outlet,
                        product=product,
                        quantity=quantity,
                        by=staff,
                        batch=BatchSpec(code=f"B-{name}", expires_on=expires_on),
                    )
                elif kind == "reserve":
                    reference = f"GM-ORDER-{next(numbers)}"
                    stock_reserve(outlet=outlet, items=[(product, args[0])], reference=reference)
                    assert_first_expiry_first(before, new_rows(since), with_expired=False)
                    reserved.append((reference, args[0]))
                elif kind in ("release", "collect") and reserved:
                    reference, quantity = reserved.pop(args[0] % len(reserved))
                    end = stock_release if kind == "release" else stock_sell_reserved
                    end(outlet=outlet, items=[(product, quantity)], reference=reference, by=staff)
                    held = {b.pk: b.reserved for b in snapshot(outlet, product).values()}
                    # The reservation ended in the batches it had taken.
                    for row in new_rows(since):
                        assert held[row.batch_id] == before[row.batch_id].reserved + (
                            row.reserved_change
                        )
                elif kind == "sell":
                    reference = f"GM1-RECEIPT-{next(numbers)}"
                    stock_sell_at_counter(
                        outlet=outlet, items=[(product, args[0])], reference=reference, by=staff
                    )
                    assert_first_expiry_first(before, new_rows(since), with_expired=False)
                    sold.append((reference, args[0]))
                elif kind == "take_back" and sold:
                    reference, quantity = sold.pop(args[0] % len(sold))
                    stock_take_back(
                        outlet=outlet,
                        items=[(product, quantity)],
                        reference=reference,
                        by=staff,
                        reason="Pembeli membatalkan",
                    )
                    (row,) = new_rows(since)
                    sold_from = StockMovement.objects.filter(
                        reference=reference, kind="counter_sale"
                    ).values_list("batch_id", flat=True)
                    assert row.batch_id in set(sold_from)
                elif kind == "return":
                    stock_return_to_vendor(
                        outlet=outlet, product=product, quantity=args[0], by=staff
                    )
                    assert_first_expiry_first(before, new_rows(since), with_expired=True)
                elif kind == "days":
                    traveller.shift(datetime.timedelta(days=args[0]))
            except InsufficientStock:
                # Refused whole: nothing moved.
                assert new_rows(since) == []
            except StockError:
                assert kind == "intake"  # only an expired batch is refused at the door
                assert new_rows(since) == []
            if StockLevel.objects.filter(outlet=outlet, product=product).exists():
                assert_ledger_holds(outlet, product)
        transaction.set_rollback(True)
