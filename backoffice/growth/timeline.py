"""One vendor's growth, month by month: permits obtained, trainings attended, products first
listed, and sales online and at the counter.

A training counts as attended when the vendor's sign-up stands (not cancelled) and the session
is over: the sign-ups record no attendance of their own. A product counts in the month it was
first published (its first "published" event; for products published before events were kept,
the last publication date). Sales are the vendor statement's (``backoffice.channels``), month by
month. Five queries, whatever the number of permits, sessions, products and sales.
"""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from products.models import Product, ProductEvent
from training.models import SignUp

from ..channels import Period, Totals, grouped
from ..months import JAKARTA, month_of, month_start
from .filters import Scope


@dataclass
class TimelineMonth:
    month: datetime.date
    permits: int
    trainings: int
    products: int
    sales: Totals

    @property
    def online(self) -> int:
        return self.sales.online

    @property
    def counter(self) -> int:
        return self.sales.counter

    @property
    def returns(self) -> int:
        return self.sales.returns

    @property
    def gross(self) -> int:
        return self.sales.gross


@dataclass
class Timeline:
    vendor: object
    scope: Scope
    months: list[TimelineMonth]
    permits: list
    trainings: list

    @property
    def totals(self) -> TimelineMonth:
        sales = Totals()
        for row in self.months:
            for name in ("online", "counter", "returns", "orders", "receipts"):
                setattr(sales, name, getattr(sales, name) + getattr(row.sales, name))
        return TimelineMonth(
            month=self.scope.first,
            permits=sum(row.permits for row in self.months),
            trainings=sum(row.trainings for row in self.months),
            products=sum(row.products for row in self.months),
            sales=sales,
        )


def attended_trainings(vendor, now=None):
    return list(
        SignUp.objects.active()
        .filter(vendor=vendor, session__ends_at__lte=now or timezone.now())
        .select_related("session")
        .order_by("session__starts_at", "pk")
    )


def products_first_listed(vendor, scope: Scope) -> dict[datetime.date, int]:
    first_published = (
        ProductEvent.objects.filter(product=OuterRef("pk"), action=ProductEvent.Action.PUBLISHED)
        .order_by("at")
        .values("at")[:1]
    )
    rows = (
        Product.objects.filter(vendor=vendor)
        .annotate(first_listed=Coalesce(Subquery(first_published), "published_at"))
        .filter(first_listed__gte=month_start(scope.first), first_listed__lt=month_start(scope.end))
        .annotate(row_month=TruncMonth("first_listed", tzinfo=JAKARTA))
        .values("row_month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {month_of(row["row_month"]): row["n"] for row in rows}


def vendor_timeline(vendor, scope: Scope) -> Timeline:
    permits = list(vendor.permits.select_related("recorded_by").order_by("obtained_on", "pk"))
    trainings = attended_trainings(vendor)
    products = products_first_listed(vendor, scope)
    sales = {}
    for row in grouped(
        ["month"],
        Period(since=month_start(scope.first), until=month_start(scope.end), vendor=vendor),
    ):
        sales.setdefault(month_of(row.key[0]), Totals()).add(row)
    permits_by_month = Counter(month_of(permit.obtained_on) for permit in permits)
    trainings_by_month = Counter(month_of(signup.session.starts_at) for signup in trainings)
    months = [
        TimelineMonth(
            month=month,
            permits=permits_by_month.get(month, 0),
            trainings=trainings_by_month.get(month, 0),
            products=products.get(month, 0),
            sales=sales.get(month, Totals()),
        )
        for month in scope.months
    ]
    return Timeline(vendor=vendor, scope=scope, months=months, permits=permits, trainings=trainings)
