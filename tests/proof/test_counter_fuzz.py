"""Hypothesis against every page and action of the outlet counter, as the staff who use it: any
GET parameters, any form fields, any JSON sent to the offline queue. Never a 500, and whatever
was accepted, the stock still equals its ledger."""

import json
from urllib.parse import urlencode

import pytest
from django.db.models import Sum
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from counter.models import Assignment
from gallery.models import StockLevel, StockMovement
from tests.factories import StaffFactory
from tests.hardening.test_access import ROUTES, kind_of, owned_by_b, urls_of
from tests.hardening.world import build_world

from .test_fuzz import FUZZ, VALUE, assert_answered

pytestmark = pytest.mark.django_db

COUNTER_PARAMETERS = ["q", "page", "kertas", "metode", "halaman"]
FORM_FIELDS = [
    "q",
    "product",
    "quantity",
    "discount",
    "reason",
    "line_product",
    "line_quantity",
    "line_discount",
    "line_reason",
    "expected_total",
    "idempotency_key",
    "shift_id",
    "cash_tendered",
    "qris_amount",
    "qris_received",
    "qris_reference",
    "transfer_amount",
    "transfer_reference",
    "buyer_phone",
    "phone",
    "opening_float",
    "counted_cash",
    "note",
    "refund_method",
    "refund_reference",
    "vendor",
    "category",
    "action",
]


@pytest.fixture
def counter(db):
    world = build_world()
    supervisor = StaffFactory(
        email="supervisor@contoh.id", groups=["Staf Galeri", "Supervisor Galeri"]
    )
    Assignment.objects.create(outlet=world.outlet, user=supervisor)
    urls = [
        (route.name, url)
        for route in ROUTES
        if kind_of(route.name) == "counter"
        for url, _kwargs in urls_of(route, world, owned_by_b(world))
    ]
    return world, supervisor, urls


def assert_ledger_holds():
    for level in StockLevel.objects.all():
        sums = StockMovement.objects.filter(outlet=level.outlet, product=level.product).aggregate(
            on_hand=Sum("on_hand_change"), reserved=Sum("reserved_change")
        )
        assert (level.on_hand, level.reserved) == (sums["on_hand"], sums["reserved"] or 0)
        assert 0 <= level.reserved <= level.on_hand


def valid_values(world):
    return st.sampled_from(
        [
            str(world.product_b.pk),
            world.product_b.code,
            world.receipt.number,
            str(world.shift.pk),
            str(world.receipt.lines.get().pk),
            "1",
            "0",
            "150000",
            "Rp150.000",
            "cash",
            "qris",
            "transfer",
            "on",
            "a4",
            "0812 3456 7890",
        ]
    )


def test_any_get_parameters_on_a_counter_page_never_give_a_server_error(counter):
    world, supervisor, urls = counter
    client = Client()
    client.force_login(supervisor)
    pages = [url for _name, url in urls]

    @FUZZ
    @given(
        url=st.sampled_from(pages),
        pairs=st.lists(
            st.tuples(
                st.one_of(st.sampled_from(COUNTER_PARAMETERS), st.text(max_size=8)),
                st.one_of(VALUE, valid_values(world)),
            ),
            max_size=6,
        ),
        language=st.sampled_from(["", "/en"]),
    )
    def check(url, pairs, language):
        assert_answered(client.get(f"{language}{url}?{urlencode(pairs)}"))

    check()


def test_any_form_posted_to_a_counter_action_never_fails_and_keeps_the_ledger(counter):
    world, supervisor, urls = counter
    client = Client()
    client.force_login(supervisor)

    @FUZZ
    @given(
        url=st.sampled_from([url for _name, url in urls]),
        fields=st.lists(
            st.tuples(
                st.sampled_from(FORM_FIELDS),
                st.one_of(VALUE, valid_values(world)),
            ),
            max_size=10,
        ),
    )
    def check(url, fields):
        data = {}
        for key, value in fields:
            data.setdefault(key, []).append(value)
        assert_answered(client.post(url, data))
        assert_ledger_holds()

    check()


JSON_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20)),
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)


def test_any_json_sent_to_the_offline_queue_never_fails_and_keeps_the_ledger(counter):
    world, supervisor, _urls = counter
    client = Client()
    client.force_login(supervisor)
    url = f"/kasir/{world.outlet.slug}/kirim/"

    sale = st.fixed_dictionaries(
        {
            "idempotency_key": st.one_of(st.uuids().map(lambda u: u.hex), st.text(max_size=70)),
            "lines": st.one_of(
                st.lists(
                    st.fixed_dictionaries(
                        {
                            "product_id": st.one_of(
                                st.just(world.product_b.pk), st.integers(), st.text(max_size=5)
                            ),
                            "quantity": st.one_of(st.integers(-3, 20), st.text(max_size=5)),
                        }
                    ),
                    max_size=3,
                ),
                JSON_VALUES,
            ),
            "cash_tendered": st.one_of(st.integers(-10, 10**12), st.text(max_size=8), st.none()),
            "expected_total": st.one_of(st.integers(-10, 10**12), st.none(), st.text(max_size=5)),
            "shift_id": st.one_of(st.just(world.shift.pk), st.integers(), st.none()),
            "sold_at": st.one_of(st.datetimes().map(str), st.text(max_size=30), st.none()),
        }
    )

    @FUZZ
    @given(body=st.one_of(sale, JSON_VALUES, st.binary(max_size=60)))
    def check(body):
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        assert_answered(client.post(url, raw, content_type="application/json"))
        assert_ledger_holds()

    check()
