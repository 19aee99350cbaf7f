"""A short soak in the suite: gunicorn (2 workers, DEBUG off) on the test database serves 16
connections of catalogue and product page views while shoppers buy the last units of two
products through the real checkout, until they are sold out and a shopper is refused.

``make soak`` runs the full version (tests/proof/soak/): 60 seconds, 64 connections.
"""

import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

from tests.factories import (
    CategoryFactory,
    OutletFactory,
    ProductFactory,
    StaffFactory,
    VendorFactory,
)
from tests.proof import soak

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="gunicorn shares the test database: PostgreSQL"
    ),
]

UNITS = 3


@pytest.fixture
def gallery():
    """Committed, so the server sees it: 40 products with stock, two of them almost gone."""
    staff = StaffFactory(email="staf.galeri@contoh.id")
    top = CategoryFactory(slug="uji-keramik", name_id="Keramik Uji", name_en="Test Ceramics")
    child = CategoryFactory(slug="uji-guci", name_id="Guci Uji", name_en="Test Jars", parent=top)
    vendors = [VendorFactory() for _ in range(4)]
    outlets = [OutletFactory(position=1), OutletFactory(position=2)]
    products = [
        ProductFactory(
            vendor=vendors[i % 4], category=child if i % 3 else top, price=25_000 + 5_000 * i
        )
        for i in range(40)
    ]
    for i, product in enumerate(products[:30]):
        soak.limit_stock(outlet=outlets[i % 2], products=[product], units=5 + i)
    targets = products[30:32]
    soak.limit_stock(outlet=outlets[0], products=targets, units=UNITS)
    return {"staff": staff, "outlets": outlets, "products": products, "targets": targets}


@pytest.fixture
def server(tmp_path):
    env = soak.production_env(
        soak.database_url(settings.DATABASES["default"]),
        static_root=tmp_path / "static",
        media_root=tmp_path / "media",
    )
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"],
        cwd=soak.ROOT,
        env=env,
        check=True,
        timeout=120,
    )
    with soak.Server(env, tmp_path) as server:
        yield server


def test_page_views_and_a_checkout_stream_at_once_give_no_5xx_and_sell_no_unit_twice(
    gallery, server, tmp_path
):
    outlet, targets = gallery["outlets"][0], gallery["targets"]
    paths = soak.rotation(
        product_slugs=[product.slug for product in gallery["products"]],
        category_slugs=["uji-keramik", "uji-guci"],
        outlet_slugs=[o.slug for o in gallery["outlets"]],
    )
    before = soak.before_run(outlet_id=outlet.pk, product_ids=[p.pk for p in targets])
    assert sum(before.available.values()) == UNITS * len(targets)

    browsing, shopping = soak.soak(
        server.url,
        paths,
        [(product.pk, product.slug) for product in targets],
        outlet_id=outlet.pk,
        seconds=10,
        connections=16,
        shoppers=4,
        tool="python",
        workdir=tmp_path,
        sell_out=UNITS * len(targets),
    )
    server.stop()
    statuses, server_errors = server.statuses()
    figures, problems = soak.check_stock(before, shopping, outlet_id=outlet.pk)
    print(soak.summary(browsing, shopping, statuses, figures, problems))

    assert soak.verdict(browsing, shopping, server_errors, problems) == []
    assert not any(status >= 500 for status in statuses)
    assert browsing.requests > 0 and browsing.errors == 0
    # Every unit sold once, none twice, and shoppers were told when nothing was left.
    assert shopping.units == figures["units_reserved"] == UNITS * len(targets)
    assert figures["available_after"] == 0 and figures["oversold"] == 0
    assert shopping.refused >= 1
