"""A gallery month with both channels, built through the real services and shared by the tests of
statements, figures and exports that count the counter.

December 2026 at Galeri Menong 1: an online order, two counter receipts (one with a supervisor's
line discount) and a receipt voided the same day. January 2027: an online order at Galeri Menong
2, a counter receipt, and goods of two December receipts brought back (one damaged). February
2027: one more return and nothing sold. Two vendors: "Gerabah Anjun" at the default 20%, "Simping
Kaum" at its own 12.5%; Gerabah Anjun is paid its December balance on 5 January.
"""

import datetime
import secrets
from decimal import Decimal

import time_machine

from backoffice import services
from counter.models import Assignment
from counter.services import (
    LineInput,
    PaymentInput,
    ReturnInput,
    expected_cash,
    sale_record,
    sale_return_record,
    sale_void,
    shift_close,
    shift_open,
)
from gallery.services import stock_receive
from tests.factories import CategoryFactory, ProductFactory, StaffFactory, VendorFactory

from .conftest import jakarta, sell

DEC, JAN, FEB = datetime.date(2026, 12, 1), datetime.date(2027, 1, 1), datetime.date(2027, 2, 1)


def counter_staff(outlet):
    """A cashier and a supervisor (who may give discounts and void), both assigned to ``outlet``."""
    cashier = StaffFactory(
        email="kasir.toko@contoh.id", full_name="Rina Kasir", groups=["Staf Galeri"]
    )
    supervisor = StaffFactory(
        email="penyelia@contoh.id",
        full_name="Asep Sunandar",
        groups=["Staf Galeri", "Supervisor Galeri"],
    )
    for user in (cashier, supervisor):
        Assignment.objects.create(user=user, outlet=outlet)
    return cashier, supervisor


def ring_up(outlet, by, lines, when, **payments):
    """A counter sale at ``when`` (Jakarta); without payments given, cash for the exact total."""
    with time_machine.travel(jakarta(when), tick=False):
        if not payments:
            total = sum(
                product.price * quantity - discount for product, quantity, discount, _r in lines
            )
            payments = {"cash": total}
        return sale_record(
            outlet=outlet,
            by=by,
            lines=[
                LineInput(
                    product_id=product.pk,
                    quantity=quantity,
                    discount=discount,
                    discount_reason=reason,
                )
                for product, quantity, discount, reason in lines
            ],
            payments=[
                PaymentInput(
                    method=method, amount=amount, tendered=amount if method == "cash" else None
                )
                for method, amount in payments.items()
            ],
            idempotency_key=secrets.token_hex(16),
        )


def take_back(sale, product, quantity, when, by, *, back_to_stock=True):
    line = sale.lines.get(product=product)
    with time_machine.travel(jakarta(when), tick=False):
        return sale_return_record(
            sale=sale,
            by=by,
            lines=[
                ReturnInput(sale_line_id=line.pk, quantity=quantity, back_to_stock=back_to_stock)
            ],
            reason="Pembeli berubah pikiran",
            refund_method="cash",
            idempotency_key=secrets.token_hex(16),
        )


def build(outlets, order_staff, staf_dinas):
    o1, o2 = outlets
    cashier, supervisor = counter_staff(o1)
    with time_machine.travel(jakarta("2026-12-01 08:00"), tick=False):
        anjun = VendorFactory(business_name="Gerabah Anjun", slug="gerabah-anjun")
        simping_kaum = VendorFactory(business_name="Simping Kaum", slug="simping-kaum")
        keramik = CategoryFactory(slug="uji-keramik", name_id="Keramik Uji", name_en="Ceramics")
        kuliner = CategoryFactory(slug="uji-kuliner", name_id="Kuliner Uji", name_en="Food")
        guci = ProductFactory(
            vendor=anjun, category=keramik, name="Guci Motif Daun", slug="guci", price=150_000
        )
        simping = ProductFactory(
            vendor=simping_kaum,
            category=kuliner,
            name="Simping Kaum Original",
            slug="simping",
            price=25_000,
        )
        services.commission_rate_set(
            vendor=None, percent=Decimal("20"), effective_from=DEC, by=staf_dinas
        )
        services.commission_rate_set(
            vendor=simping_kaum, percent=Decimal("12.5"), effective_from=DEC, by=staf_dinas
        )
        stock_receive(outlet=o1, product=guci, quantity=5, by=order_staff)
        stock_receive(outlet=o1, product=simping, quantity=20, by=order_staff)

    # December
    online_dec = sell(
        outlet=o1, items=[(guci, 1), (simping, 4)], when="2026-12-05 10:00", by=order_staff
    )
    with time_machine.travel(jakarta("2026-12-06 08:00"), tick=False):
        december_shift = shift_open(outlet=o1, by=cashier, opening_float=200_000)
    receipt_a = ring_up(
        o1, cashier, [(guci, 2, 0, ""), (simping, 3, 0, "")], "2026-12-06 10:00"
    )  # 300_000 + 75_000
    receipt_b = ring_up(
        o1,
        supervisor,
        [(guci, 1, 10_000, "Glasir tergores sedikit"), (simping, 2, 0, "")],
        "2026-12-06 11:00",
        qris=190_000,
    )  # 150_000 − 10_000 + 50_000
    receipt_c = ring_up(o1, cashier, [(simping, 5, 0, "")], "2026-12-06 12:00")  # voided
    with time_machine.travel(jakarta("2026-12-06 12:10"), tick=False):
        sale_void(sale=receipt_c, by=supervisor, reason="Salah input jumlah")
    with time_machine.travel(jakarta("2026-12-06 17:00"), tick=False):
        shift_close(shift=december_shift, by=cashier, counted_cash=expected_cash(december_shift))

    # January
    with time_machine.travel(jakarta("2027-01-04 08:00"), tick=False):
        shift_open(outlet=o1, by=cashier, opening_float=200_000)
    receipt_d = ring_up(o1, cashier, [(simping, 2, 0, "")], "2027-01-04 10:00")  # 50_000
    # The discounted vase comes back: the refund is what was paid for it, Rp140.000.
    return_b = take_back(receipt_b, guci, 1, "2027-01-04 11:00", cashier)
    # One of three simping, damaged: a third of the line, Rp25.000.
    return_a1 = take_back(receipt_a, simping, 1, "2027-01-04 12:00", cashier, back_to_stock=False)
    with time_machine.travel(jakarta("2027-01-05 10:00"), tick=False):
        payout = services.payout_record(
            vendor=anjun,
            amount=472_000,
            paid_on=datetime.date(2027, 1, 5),
            reference="TRF-ANJUN-2026-12",
            by=staf_dinas,
        )
    online_jan = sell(outlet=o2, items=[(guci, 1)], when="2027-01-10 10:00", by=order_staff)

    # February: a return and no sale.
    return_a2 = take_back(receipt_a, simping, 1, "2027-02-03 10:00", cashier)
    return {
        "anjun": anjun,
        "simping_kaum": simping_kaum,
        "guci": guci,
        "simping": simping,
        "cashier": cashier,
        "supervisor": supervisor,
        "receipts": (receipt_a, receipt_b, receipt_c, receipt_d),
        "returns": (return_b, return_a1, return_a2),
        "orders": (online_dec, online_jan),
        "payout": payout,
    }
