"""Food on the shelf for the batch tests: a frozen Jakarta day, food and craft products, and
batches taken in through the ledger (an expired batch is taken in on a day before it expired)."""

import datetime
from zoneinfo import ZoneInfo

import time_machine

from curation.services import checklist_points, curation_check_record
from gallery import services
from gallery.models import today_in_jakarta
from gallery.services import BatchSpec
from products.models import Category
from tests.factories import ProductFactory

JAKARTA = ZoneInfo("Asia/Jakarta")
TODAY = datetime.date(2026, 12, 10)


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


def at_jakarta(day: datetime.date, hour=9, minute=0):
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=JAKARTA)


def frozen(day=TODAY, hour=9, minute=0):
    return time_machine.travel(at_jakarta(day, hour, minute), tick=False)


def food(vendor, name, slug, shelf_life_days=None, category="camilan"):
    return ProductFactory(
        vendor=vendor,
        name=name,
        slug=slug,
        category=Category.objects.get(slug=category),
        shelf_life_days=shelf_life_days,
    )


def craft(vendor, name, slug):
    return ProductFactory(
        vendor=vendor, name=name, slug=slug, category=Category.objects.get(slug="kain-batik")
    )


def curated(product, by):
    """The product passed the gallery's curation check, so a delivery may take it in."""
    points = {item.pk: (True, "") for item in checklist_points(product)}
    curation_check_record(product=product, by=by, points=points)


def stock_batch(outlet, product, quantity, code, expires_on, produced_on=None):
    """A batch on the shelf through the ledger; one already expired comes in the day before."""
    taken_in = min(today_in_jakarta(), expires_on - datetime.timedelta(days=1))
    with frozen(taken_in):
        services.stock_receive(
            outlet=outlet,
            product=product,
            quantity=quantity,
            by=None,
            batch=BatchSpec(code, expires_on, produced_on),
        )
    return product.batches.get(outlet=outlet, code=code, expires_on=expires_on)
