"""Demo settlements: the gallery's default commission, one vendor's own rate, and payouts.

Rates start from a month before any demo sale, so every statement has a rate. Each vendor with
sales is paid what it was owed at the end of the month before last, early the next month, so the
statements show a payout and a balance still open. Running it again changes nothing.
"""

import datetime
from decimal import Decimal

from django.db.models import Min

from accounts.models import User
from core.demo import STAFF_EMAIL, VENDOR_EMAIL
from vendors.models import Vendor

from .channels import collected_lines
from .models import CommissionRate, Payout
from .months import current_month, month_of, previous_month
from .settlements import vendor_account

DEFAULT_PERCENT = Decimal("20")
DEMO_VENDOR_PERCENT = Decimal("15")


def seed(stdout):
    staff = User.objects.filter(email=STAFF_EMAIL).first()
    first_sale = collected_lines().aggregate(at=Min("order__closed_at"))["at"]
    start = previous_month(month_of(first_sale) if first_sale else current_month())
    if not CommissionRate.objects.filter(vendor=None).exists():
        CommissionRate.objects.create(
            vendor=None,
            effective_from=datetime.date(start.year, 1, 1),
            percent=DEFAULT_PERCENT,
            note="Tarif konsinyasi Galeri Menong sesuai Perbup.",
            created_by=staff,
        )
    demo_vendor = Vendor.objects.filter(user__email=VENDOR_EMAIL).first()
    if demo_vendor is not None and not demo_vendor.commission_rates.exists():
        CommissionRate.objects.get_or_create(
            vendor=demo_vendor,
            effective_from=datetime.date(start.year, 1, 1),
            defaults={
                "percent": DEMO_VENDOR_PERCENT,
                "note": "Binaan Dinas: tarif khusus tahun pertama.",
                "created_by": staff,
            },
        )
    if staff is None:
        stdout.write("backoffice: no demo staff account, so no demo payouts.")
        return

    settled = previous_month(previous_month(current_month()))
    paid_on = previous_month(current_month()).replace(day=5)
    payouts = 0
    for vendor in Vendor.objects.filter(pk__in=collected_lines().values("vendor_id")):
        account = {summary.month: summary for summary in vendor_account(vendor)}
        summary = account.get(settled)
        reference = f"TRF-BJB-{settled:%Y%m}-{vendor.pk:04d}"
        if summary is None or summary.closing <= 0:
            continue
        _payout, created = Payout.objects.get_or_create(
            reference=reference,
            vendor=vendor,
            defaults={
                "amount": summary.closing,
                "paid_on": paid_on,
                "note": "Transfer bagi hasil konsinyasi.",
                "by": staff,
            },
        )
        payouts += created
    stdout.write(f"backoffice: commission rates set, {payouts} demo payouts recorded.")
