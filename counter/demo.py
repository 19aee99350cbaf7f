"""Demo counter: a cashier at Galeri Menong 1, the demo staff member as supervisor at both open
shops, and a shift open at Galeri Menong 1 with the morning's first receipts (one voided)."""

from django.contrib.auth.models import Group

from core.demo import CASHIER_EMAIL, STAFF_EMAIL, demo_user
from gallery.models import Outlet, StockLevel

from .models import Assignment, Sale
from .services import LineInput, PaymentInput, sale_record, sale_void, shift_current, shift_open


def _sell(outlet, cashier, picks, *, key, tendered_extra=0, qris=False):
    lines = [LineInput(product_id=level.product_id, quantity=quantity) for level, quantity in picks]
    total = sum(level.product.price * quantity for level, quantity in picks)
    payment = (
        PaymentInput(method="qris", amount=total, reference="QR-DEMO")
        if qris
        else PaymentInput(method="cash", amount=total, tendered=total + tendered_extra)
    )
    return sale_record(
        outlet=outlet,
        by=cashier,
        lines=lines,
        payments=[payment],
        idempotency_key=key,
        expected_total=total,
    )


def seed(stdout):
    outlets = {outlet.slug: outlet for outlet in Outlet.objects.active()}
    first = outlets.get("galeri-menong-1")
    if first is None:
        return
    cashier = demo_user(CASHIER_EMAIL, "Rina Marlina", is_staff=True, phone="+6281234500002")
    cashier.groups.add(*Group.objects.filter(name="Staf Galeri"))
    Assignment.objects.get_or_create(outlet=first, user=cashier)
    supervisor = demo_user(STAFF_EMAIL, "Dewi Lestari", is_staff=True)
    supervisor.groups.add(*Group.objects.filter(name__in=["Staf Galeri", "Supervisor Galeri"]))
    for outlet in outlets.values():
        Assignment.objects.get_or_create(outlet=outlet, user=supervisor)

    if Sale.objects.at(first).exists():
        return
    levels = list(
        StockLevel.objects.at(first)
        .in_stock()
        .filter(product__status="published", product__hidden_at__isnull=True)
        .select_related("product")
        .order_by("product__price", "product_id")
    )
    if len(levels) < 4:
        stdout.write("counter: too little stock at Galeri Menong 1 for demo sales.")
        return
    if shift_current(first) is None:
        shift_open(outlet=first, by=cashier, opening_float=300_000)
    cheap, snack, craft, dear = levels[0], levels[1], levels[len(levels) // 2], levels[-1]
    _sell(first, cashier, [(cheap, 2), (snack, 1)], key="demo-counter-1", tendered_extra=5_000)
    _sell(first, cashier, [(craft, 1)], key="demo-counter-2", qris=True)
    mistake = _sell(first, cashier, [(dear, 1)], key="demo-counter-3")
    sale_void(sale=mistake, by=supervisor, reason="Salah pilih barang; pembeli ganti ukuran")
    _sell(first, cashier, [(snack, 2)], key="demo-counter-4", tendered_extra=50_000)
    stdout.write("counter: a shift open at Galeri Menong 1 with 4 receipts (one voided)")
