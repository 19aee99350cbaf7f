"""The consignment ledger: the figures always equal the sums of the movements, never below zero."""

import threading

import pytest
from django.db import IntegrityError, connection, connections, transaction
from django.db.models import Sum
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from gallery import services
from gallery.models import Outlet, StockLevel, StockMovement
from gallery.services import InsufficientStock, StockError
from products.models import Product
from tests.factories import OutletFactory, ProductFactory, UserFactory, VendorFactory
from vendors.models import Vendor

Kind = StockMovement.Kind

OUTLETS = 2
PRODUCTS = 2
outlet_numbers = st.integers(min_value=0, max_value=OUTLETS - 1)
product_numbers = st.integers(min_value=0, max_value=PRODUCTS - 1)
# Quantities the ledger must refuse whatever the stock.
not_quantities = st.sampled_from([0, -1, -3])


class LedgerMachine(RuleBasedStateMachine):
    """Random service calls against a model of what each one must do.

    Quantities are drawn around what the model holds (up to one more than allowed), so calls
    that must succeed and calls that must be refused both come up often. Each run starts from a
    savepoint of the test's transaction and rolls back to it at the end.
    """

    def __init__(self):
        super().__init__()
        self.savepoint = transaction.savepoint()
        self.staff = UserFactory()
        self.vendor = VendorFactory()
        self.outlets = [OutletFactory() for _ in range(OUTLETS)]
        self.planned = OutletFactory(is_planned=True)
        self.products = ProductFactory.create_batch(PRODUCTS, vendor=self.vendor)
        self.stranger = ProductFactory()  # another vendor's product
        # What the figures must be: (outlet number, product number) -> [on hand, reserved].
        self.expected = {(o, p): [0, 0] for o in range(OUTLETS) for p in range(PRODUCTS)}
        self.order = 0

    def teardown(self):
        transaction.savepoint_rollback(self.savepoint)

    def available(self, o, p):
        on_hand, reserved = self.expected[o, p]
        return on_hand - reserved

    def reserved(self, o, p):
        return self.expected[o, p][1]

    def anything(self, limit_of):
        return any(limit_of(o, p) for o, p in self.expected)

    @staticmethod
    def around(data, limit, label="quantity"):
        """A quantity from 1 to ``limit`` or, one time in four, just one too many."""
        if limit < 1 or data.draw(st.integers(min_value=0, max_value=3), label="too many") == 0:
            return limit + 1
        return data.draw(st.integers(min_value=1, max_value=limit), label=label)

    def draw_outlet(self, data, limit_of):
        """An outlet, preferably one where ``limit_of`` leaves something to move."""
        stocked = [o for o in range(OUTLETS) if any(limit_of(o, p) for p in range(PRODUCTS))]
        return data.draw(st.sampled_from(stocked or range(OUTLETS)), label="outlet")

    def draw_lines(self, data, o, limit_of):
        """Lines of distinct products (preferably ones with something to move), each quantity
        around what that product allows."""
        stocked = [p for p in range(PRODUCTS) if limit_of(o, p)]
        numbers = data.draw(
            st.lists(
                st.sampled_from(stocked or range(PRODUCTS)),
                min_size=1,
                max_size=PRODUCTS,
                unique=True,
            ),
            label="products",
        )
        return [(p, self.around(data, limit_of(o, p))) for p in numbers]

    @initialize(data=st.data())
    def shelves_with_some_goods(self, data):
        for o in range(OUTLETS):
            for p in range(PRODUCTS):
                q = data.draw(st.integers(min_value=1, max_value=8), label="initial stock")
                services.stock_receive(
                    outlet=self.outlets[o], product=self.products[p], quantity=q, by=self.staff
                )
                self.expected[o, p][0] += q

    def attempt(self, allowed, call, **kwargs):
        """Call a service; it must succeed exactly when the model allows it."""
        count = StockMovement.objects.count()
        try:
            call(**kwargs)
        except StockError:
            assert not allowed, f"{call.__name__} refused a valid request {kwargs}"
            assert StockMovement.objects.count() == count, "a refused call left movements"
            return False
        assert allowed, f"{call.__name__} accepted an invalid request {kwargs}"
        return True

    def items(self, numbered_lines):
        return [(self.products[p], q) for p, q in numbered_lines]

    def reference(self):
        self.order += 1
        return f"GM-260101-{self.order:05d}"

    @rule(o=outlet_numbers, p=product_numbers, q=st.integers(min_value=1, max_value=8))
    def receive(self, o, p, q):
        services.stock_receive(
            outlet=self.outlets[o], product=self.products[p], quantity=q, by=self.staff
        )
        self.expected[o, p][0] += q

    @rule(o=outlet_numbers, data=st.data())
    def receive_a_delivery(self, o, data):
        numbered = self.draw_lines(data, o, lambda o, p: 6)
        services.delivery_receive(
            vendor=self.vendor,
            outlet=self.outlets[o],
            lines=self.items(numbered),
            by=self.staff,
            reference="SJ-001",
        )
        for p, q in numbered:
            self.expected[o, p][0] += q

    @rule(
        o=outlet_numbers,
        p=product_numbers,
        q=not_quantities,
        service=st.sampled_from(["receive", "reserve", "release", "sell", "return", "loss"]),
    )
    def refuse_a_quantity_below_one(self, o, p, q, service):
        outlet, product = self.outlets[o], self.products[p]
        call, kwargs = {
            "receive": (services.stock_receive, {"product": product, "quantity": q}),
            "reserve": (services.stock_reserve, {"items": [(product, q)], "reference": "GM-0"}),
            "release": (services.stock_release, {"items": [(product, q)], "reference": "GM-0"}),
            "sell": (services.stock_sell_reserved, {"items": [(product, q)], "reference": "GM-0"}),
            "return": (services.stock_return_to_vendor, {"product": product, "quantity": q}),
            "loss": (
                services.stock_record_loss,
                {"product": product, "quantity": q, "reason": "pecah"},
            ),
        }[service]
        self.attempt(False, call, outlet=outlet, by=self.staff, **kwargs)

    @rule(p=product_numbers, q=st.integers(min_value=1, max_value=5))
    def refuse_intake_at_a_planned_outlet(self, p, q):
        self.attempt(
            False,
            services.stock_receive,
            outlet=self.planned,
            product=self.products[p],
            quantity=q,
            by=self.staff,
        )

    @rule(o=outlet_numbers, q=st.integers(min_value=1, max_value=5))
    def refuse_another_vendors_product_in_a_delivery(self, o, q):
        self.attempt(
            False,
            services.delivery_receive,
            vendor=self.vendor,
            outlet=self.outlets[o],
            lines=[(self.products[0], 1), (self.stranger, q)],
            by=self.staff,
            reference="SJ-002",
        )

    @precondition(lambda self: self.anything(self.available))
    @rule(data=st.data())
    def reserve(self, data):
        o = self.draw_outlet(data, self.available)
        numbered = self.draw_lines(data, o, self.available)
        if self.attempt(
            all(q <= self.available(o, p) for p, q in numbered),
            services.stock_reserve,
            outlet=self.outlets[o],
            items=self.items(numbered),
            reference=self.reference(),
        ):
            for p, q in numbered:
                self.expected[o, p][1] += q

    @rule(o=outlet_numbers, p=product_numbers, data=st.data())
    def reserve_one_product_on_two_lines(self, o, p, data):
        first = self.around(data, self.available(o, p))
        second = self.around(data, self.available(o, p))
        if self.attempt(
            first + second <= self.available(o, p),
            services.stock_reserve,
            outlet=self.outlets[o],
            items=[(self.products[p], first), (self.products[p], second)],
            reference=self.reference(),
        ):
            self.expected[o, p][1] += first + second

    @precondition(lambda self: self.anything(self.reserved))
    @rule(data=st.data())
    def release(self, data):
        o = self.draw_outlet(data, self.reserved)
        numbered = self.draw_lines(data, o, self.reserved)
        if self.attempt(
            all(q <= self.reserved(o, p) for p, q in numbered),
            services.stock_release,
            outlet=self.outlets[o],
            items=self.items(numbered),
            reference=self.reference(),
        ):
            for p, q in numbered:
                self.expected[o, p][1] -= q

    @precondition(lambda self: self.anything(self.reserved))
    @rule(data=st.data())
    def sell_reserved(self, data):
        o = self.draw_outlet(data, self.reserved)
        numbered = self.draw_lines(data, o, self.reserved)
        if self.attempt(
            all(q <= self.reserved(o, p) for p, q in numbered),
            services.stock_sell_reserved,
            outlet=self.outlets[o],
            items=self.items(numbered),
            reference=self.reference(),
            by=self.staff,
        ):
            for p, q in numbered:
                self.expected[o, p][0] -= q
                self.expected[o, p][1] -= q

    @rule(o=outlet_numbers, p=product_numbers, data=st.data())
    def return_to_vendor(self, o, p, data):
        q = self.around(data, self.available(o, p))
        if self.attempt(
            q <= self.available(o, p),
            services.stock_return_to_vendor,
            outlet=self.outlets[o],
            product=self.products[p],
            quantity=q,
            by=self.staff,
        ):
            self.expected[o, p][0] -= q

    @precondition(lambda self: self.anything(self.available))
    @rule(data=st.data())
    def return_a_delivery(self, data):
        o = self.draw_outlet(data, self.available)
        numbered = self.draw_lines(data, o, self.available)
        if self.attempt(
            all(q <= self.available(o, p) for p, q in numbered),
            services.delivery_return,
            vendor=self.vendor,
            outlet=self.outlets[o],
            lines=self.items(numbered),
            by=self.staff,
            reference="RT-001",
        ):
            for p, q in numbered:
                self.expected[o, p][0] -= q

    @rule(
        o=outlet_numbers, p=product_numbers, data=st.data(), reason=st.sampled_from(["", "pecah"])
    )
    def record_loss(self, o, p, data, reason):
        q = self.around(data, self.available(o, p))
        if self.attempt(
            bool(reason) and q <= self.available(o, p),
            services.stock_record_loss,
            outlet=self.outlets[o],
            product=self.products[p],
            quantity=q,
            by=self.staff,
            reason=reason,
        ):
            self.expected[o, p][0] -= q

    @rule(o=outlet_numbers, p=product_numbers, data=st.data())
    def adjust(self, o, p, data):
        on_hand, reserved = self.expected[o, p]
        change = data.draw(
            st.integers(min_value=reserved - on_hand - 1, max_value=5), label="change"
        )
        if self.attempt(
            change != 0 and on_hand + change >= reserved,
            services.stock_adjust,
            outlet=self.outlets[o],
            product=self.products[p],
            change=change,
            by=self.staff,
            reason="hitung ulang rak",
        ):
            self.expected[o, p][0] += change

    @invariant()
    def figures_equal_the_sums_of_the_ledger(self):
        mine = [*self.outlets, self.planned]
        levels = {
            (level.outlet_id, level.product_id): level
            for level in StockLevel.objects.filter(outlet__in=mine)
        }
        sums = {
            (row["outlet_id"], row["product_id"]): row
            for row in StockMovement.objects.filter(outlet__in=mine)
            .values("outlet_id", "product_id")
            .annotate(on_hand=Sum("on_hand_change"), reserved=Sum("reserved_change"))
        }
        assert set(sums) <= set(levels), "movements without a stock level"
        for key, level in levels.items():
            total = sums.get(key, {"on_hand": 0, "reserved": 0})
            assert (level.on_hand, level.reserved) == (total["on_hand"], total["reserved"])
            assert 0 <= level.reserved <= level.on_hand
        for (o, p), figures in self.expected.items():
            level = levels.get((self.outlets[o].pk, self.products[p].pk))
            assert ((level.on_hand, level.reserved) if level else (0, 0)) == tuple(figures)


def test_ledger_figures_always_equal_the_sums_of_their_movements(db):
    run_state_machine_as_test(
        LedgerMachine,
        settings=settings(
            max_examples=40,
            stateful_step_count=15,
            deadline=None,
            database=None,
            # Replaying database work while shrinking takes minutes; the unshrunk steps of a
            # failure (at most stateful_step_count of them) are readable as they are.
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )


@pytest.mark.parametrize(
    "assignment",
    ["on_hand = -1", "reserved = -1", "reserved = on_hand + 1"],
    ids=["on hand below zero", "reserved below zero", "reserved above on hand"],
)
def test_database_refuses_an_impossible_figure_written_directly(db, outlet, products, assignment):
    services.stock_receive(outlet=outlet, product=products[0], quantity=2, by=None)
    level = StockLevel.objects.get(outlet=outlet, product=products[0])
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE gallery_stocklevel SET {assignment} WHERE id = %s",  # noqa: S608
            [level.pk],
        )
    level.refresh_from_db()
    assert (level.on_hand, level.reserved) == (2, 0)


def test_database_refuses_a_movement_that_contradicts_its_kind(db, outlet, products):
    with pytest.raises(IntegrityError), transaction.atomic():
        StockMovement.objects.create(
            outlet=outlet,
            product=products[0],
            kind=Kind.INTAKE,
            on_hand_change=-5,
            reserved_change=0,
        )


def test_a_reservation_short_on_several_lines_names_each_and_reserves_nothing(db, outlet, products):
    guci, kendi, celengan = products
    services.stock_receive(outlet=outlet, product=guci, quantity=1, by=None)
    services.stock_receive(outlet=outlet, product=kendi, quantity=5, by=None)
    with pytest.raises(InsufficientStock) as refused:
        services.stock_reserve(
            outlet=outlet,
            items=[(guci, 2), (kendi, 3), (celengan, 1)],
            reference="GM-260101-AAAAA",
        )
    assert {(s.product, s.requested, s.available) for s in refused.value.shortages} == {
        (guci, 2, 1),
        (celengan, 1, 0),
    }
    assert not StockMovement.objects.filter(kind=Kind.RESERVATION).exists()
    assert StockLevel.objects.get(product=kendi).reserved == 0


def test_the_same_product_twice_in_a_reservation_counts_once_with_both_quantities(
    db, outlet, products
):
    guci = products[0]
    services.stock_receive(outlet=outlet, product=guci, quantity=3, by=None)
    with pytest.raises(InsufficientStock):
        services.stock_reserve(outlet=outlet, items=[(guci, 2), (guci, 2)], reference="GM-1")
    services.stock_reserve(outlet=outlet, items=[(guci, 1), (guci, 2)], reference="GM-2")
    level = StockLevel.objects.get(product=guci)
    assert (level.on_hand, level.reserved, level.available) == (3, 3, 0)


def test_a_delivery_records_one_intake_per_line_under_its_reference(
    db, outlet, vendor, products, staf_galeri
):
    guci, kendi, _celengan = products
    movements = services.delivery_receive(
        vendor=vendor,
        outlet=outlet,
        lines=[(kendi, 4), (guci, 10)],
        by=staf_galeri,
        reference=" SJ-2026/117 ",
    )
    assert len(movements) == 2
    rows = StockMovement.objects.filter(reference="SJ-2026/117").order_by("product_id")
    assert [(m.product, m.kind, m.on_hand_change, m.by) for m in rows] == [
        (guci, Kind.INTAKE, 10, staf_galeri),
        (kendi, Kind.INTAKE, 4, staf_galeri),
    ]
    assert StockLevel.objects.at(outlet).availability() == {guci.pk: 10, kendi.pk: 4}


@pytest.mark.parametrize(
    "problem",
    [
        "another vendors product",
        "planned outlet",
        "closed outlet",
        "vendor not approved",
        "archived product",
        "duplicate line",
        "no lines",
        "no reference",
    ],
)
def test_a_delivery_with_a_problem_is_refused_whole(db, outlet, vendor, products, problem):
    guci, kendi, _celengan = products
    lines = [(guci, 2), (kendi, 1)]
    reference = "SJ-9"
    if problem == "another vendors product":
        lines.append((ProductFactory(), 1))
    elif problem == "planned outlet":
        outlet = OutletFactory(is_planned=True)
    elif problem == "closed outlet":
        outlet = OutletFactory(is_active=False)
    elif problem == "vendor not approved":
        Vendor.objects.filter(pk=vendor.pk).update(
            status=Vendor.Status.SUSPENDED, status_reason="Izin usaha kedaluwarsa"
        )
        vendor.refresh_from_db()
    elif problem == "archived product":
        Product.objects.filter(pk=kendi.pk).update(status=Product.Status.ARCHIVED)
        kendi.refresh_from_db()
    elif problem == "duplicate line":
        lines.append((guci, 3))
    elif problem == "no lines":
        lines = []
    elif problem == "no reference":
        reference = "  "
    with pytest.raises(StockError):
        services.delivery_receive(
            vendor=vendor, outlet=outlet, lines=lines, by=None, reference=reference
        )
    assert not StockMovement.objects.exists()
    assert not StockLevel.objects.filter(on_hand__gt=0).exists()


def test_a_return_cannot_take_units_reserved_for_an_order(db, outlet, vendor, products):
    guci = products[0]
    services.stock_receive(outlet=outlet, product=guci, quantity=3, by=None)
    services.stock_reserve(outlet=outlet, items=[(guci, 2)], reference="GM-7")
    with pytest.raises(InsufficientStock) as refused:
        services.delivery_return(
            vendor=vendor, outlet=outlet, lines=[(guci, 2)], by=None, reference="RT-1"
        )
    assert refused.value.shortages[0].available == 1
    services.delivery_return(
        vendor=vendor, outlet=outlet, lines=[(guci, 1)], by=None, reference="RT-1"
    )
    level = StockLevel.objects.get(product=guci)
    assert (level.on_hand, level.reserved) == (2, 2)


def test_low_stock_uses_each_outlets_threshold(db, vendor, products):
    guci, kendi, celengan = products
    strict = OutletFactory(low_stock_threshold=5)
    relaxed = OutletFactory(low_stock_threshold=1)
    for outlet in (strict, relaxed):
        services.delivery_receive(
            vendor=vendor,
            outlet=outlet,
            lines=[(guci, 4), (kendi, 1), (celengan, 9)],
            by=None,
            reference="SJ-3",
        )
    low = {(level.outlet, level.product) for level in StockLevel.objects.low()}
    assert low == {(strict, guci), (strict, kendi), (relaxed, kendi)}
    assert {level.product for level in StockLevel.objects.at(relaxed).low(threshold=4)} == {
        guci,
        kendi,
    }


def test_outlets_stocking_a_product_show_what_is_available(db, vendor, products):
    guci = products[0]
    first, second, empty = OutletFactory(), OutletFactory(), OutletFactory()
    services.stock_receive(outlet=first, product=guci, quantity=3, by=None)
    services.stock_receive(outlet=second, product=guci, quantity=1, by=None)
    services.stock_receive(outlet=empty, product=guci, quantity=1, by=None)
    services.stock_reserve(outlet=empty, items=[(guci, 1)], reference="GM-8")
    assert {(o, o.available_quantity) for o in Outlet.objects.stocking(guci)} == {
        (first, 3),
        (second, 1),
    }


# Real commits, so the two transactions can race; serialized_rollback puts back the reference
# data (kecamatan, staff groups) that the flush after a transactional test removes.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_checkouts_racing_for_the_last_unit_cannot_both_win():
    outlet = OutletFactory()
    product = ProductFactory()
    services.stock_receive(outlet=outlet, product=product, quantity=1, by=None)
    barrier = threading.Barrier(2)
    outcomes = []

    def checkout(number):
        try:
            barrier.wait(timeout=10)
            services.stock_reserve(outlet=outlet, items=[(product, 1)], reference=number)
            outcomes.append("reserved")
        except InsufficientStock:
            outcomes.append("short")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=checkout, args=(f"GM-{n}",)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["reserved", "short"]
    level = StockLevel.objects.get(outlet=outlet, product=product)
    assert (level.on_hand, level.reserved) == (1, 1)
