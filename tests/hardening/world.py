"""A small site with two vendors, a shopper's order, stock, a statement and a training sign-up,
built through the services, for tests that try every URL as every kind of visitor."""

import datetime
import secrets
from dataclasses import dataclass

import time_machine
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import Group
from django.utils import timezone
from django_tasks_db import DatabaseBackend

from affiliates.models import AffiliateCategoryRate
from affiliates.services import (
    affiliate_apply,
    affiliate_approve,
    affiliate_payout_record,
    click_record,
    referral_record,
)
from affiliates.services.links import Visit
from backoffice.months import JAKARTA
from backoffice.services import commission_rate_set, payout_record
from core.tasks import deliver_email
from counter.models import Assignment
from counter.services import (
    LineInput,
    PaymentInput,
    ReturnInput,
    sale_record,
    sale_return_record,
    shift_open,
    stockcount_start,
)
from curation.models import Checklist
from curation.services import curation_check_record
from gallery.services import BatchSpec, stock_receive
from orders.services import order_collect, order_mark_ready, order_place
from products.models import Product
from tests.factories import (
    CategoryFactory,
    OpeningHoursFactory,
    OutletFactory,
    ProductFactory,
    ProductImageFactory,
    StaffFactory,
    UserFactory,
    VendorFactory,
    VendorImageFactory,
    VerifiedUserFactory,
)
from training.models import TrainingSession
from training.services import signup_create
from vendors.models import Vendor

PHONE = "+6281234567890"
GROUPS = ["Staf Galeri", "Staf Dinas", "Supervisor Galeri"]


@dataclass
class World:
    outlet: object
    category: object
    shopper: object
    stranger: object
    vendor_a: object
    vendor_b: object
    product_a: object
    product_b: object
    draft_b: object
    image_a: object
    image_b: object
    picture_a: object
    picture_b: object
    order_b: object
    shoppers_order: object
    stock_b: object
    movement_b: object
    statement_month_b: str
    session: object
    session_b_only: object
    signup_b: object
    staf_dinas: object
    staf_galeri: object
    supervisor: object
    superuser: object
    shift: object
    receipt: object
    affiliate: object
    stock_count: object
    curation_check: object


def _place(*, product, outlet, customer=None, name="Ibu Sari Rahayu", phone=PHONE):
    return order_place(
        cart_lines=[(product, 1)],
        customer=customer,
        name=name,
        phone=phone,
        outlet=outlet,
        idempotency_key=secrets.token_hex(16),
    )


def training_session(title, starts_at):
    return TrainingSession.objects.create(
        title=title,
        topic=TrainingSession.Topic.ECOMMERCE,
        description="Membuka toko di Tokopedia dan Shopee, foto produk, dan ongkos kirim.",
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=3),
        place="Aula Dinas Koperasi dan UKM, Jl. Veteran, Purwakarta",
        quota=20,
        is_published=True,
    )


def build_world() -> World:
    now = timezone.now()
    galeri = StaffFactory(email="kasir.galeri@contoh.id", groups=["Staf Galeri"])
    dinas = StaffFactory(email="dewi.dinas@contoh.id", groups=["Staf Dinas"])
    assert Group.objects.filter(name__in=GROUPS).count() == len(GROUPS)
    superuser = UserFactory(email="admin@contoh.id", is_staff=True, is_superuser=True)
    outlet = OutletFactory(name="Galeri Menong Ciseureuh", slug="galeri-menong-ciseureuh")
    OpeningHoursFactory(outlet=outlet)
    category = CategoryFactory(slug="keramik", name_id="Keramik", name_en="Ceramics")

    vendor_b = VendorFactory(
        user=VerifiedUserFactory(email="umkm.b@contoh.id"),
        business_name="Gerabah Anjun Bu Sari",
        slug="gerabah-anjun-bu-sari",
    )
    product_b = ProductFactory(
        vendor=vendor_b, category=category, name="Kendi Anjun", slug="kendi-anjun"
    )
    image_b = ProductImageFactory(product=product_b)
    picture_b = VendorImageFactory(vendor=vendor_b)
    draft_b = ProductFactory(
        vendor=vendor_b,
        category=category,
        name="Celengan Draf",
        slug="celengan-draf",
        status=Product.Status.DRAFT,
    )

    # An affiliate (of a user who is none of the walk's roles) whose link sold B's product.
    affiliate = affiliate_apply(
        user=VerifiedUserFactory(email="dewi.afiliasi@contoh.id", full_name="Dewi Lestari"),
        whatsapp="+6281355551234",
        bank_name="BJB",
        account_number="0012345678",
        account_holder="Dewi Lestari",
    )
    affiliate = affiliate_approve(affiliate=affiliate, by=dinas)
    AffiliateCategoryRate.objects.create(category=category, percent=3)

    # B sold two months ago, before A registered: that month is B's statement only.
    sold_at = (now - datetime.timedelta(days=62)).astimezone(JAKARTA).replace(hour=10)
    with time_machine.travel(sold_at, tick=False):
        stock_receive(outlet=outlet, product=product_b, quantity=10, by=galeri)
        click = click_record(code=affiliate.code, address="198.51.100.7", target="/")
        order_b = _place(product=product_b, outlet=outlet, phone="+6281298765432")
        referral_record(order=order_b, visit=Visit(click.pk, affiliate.code, sold_at))
        order_mark_ready(order=order_b, by=galeri)
        order_collect(order=order_b, by=galeri, payment_method="cash")
        commission_rate_set(
            percent=10, effective_from=sold_at.date(), by=superuser, note="Tarif awal"
        )
        payout_record(
            vendor=vendor_b, amount=100_000, paid_on=sold_at.date(), reference="TRF-1", by=superuser
        )
        affiliate_payout_record(
            affiliate=affiliate, amount=1_000, paid_on=sold_at.date(), reference="AF-1", by=dinas
        )
    Vendor.objects.filter(pk=vendor_b.pk).update(created_at=sold_at)

    vendor_a = VendorFactory(
        user=VerifiedUserFactory(email="umkm.a@contoh.id"),
        business_name="Anyaman Bambu Pak Ujang",
        slug="anyaman-bambu-pak-ujang",
    )
    product_a = ProductFactory(
        vendor=vendor_a, category=category, name="Bakul Bambu", slug="bakul-bambu"
    )
    image_a = ProductImageFactory(product=product_a)
    picture_a = VendorImageFactory(vendor=vendor_a)

    shopper = VerifiedUserFactory(email="siti@contoh.id", full_name="Siti Nurhaliza")
    stranger = VerifiedUserFactory(email="orang.lain@contoh.id", full_name="Orang Lain")
    shoppers_order = _place(product=product_b, outlet=outlet, customer=shopper, name="Siti")

    session = training_session("Foto Produk dengan Ponsel", now + datetime.timedelta(days=7))
    session_b_only = training_session("Jualan di Marketplace", now + datetime.timedelta(days=14))
    signup_b = signup_create(session=session_b_only, vendor=vendor_b, by=vendor_b.user)

    # The counter: the gallery's staff member works at this outlet, a shift is open, a walk-in
    # buyer took one Kendi and brought it back, and a shelf count is under way.
    Assignment.objects.create(outlet=outlet, user=galeri)
    # Their supervisor works there too: the counter's discounts, voids and stock counts.
    supervisor = StaffFactory(
        email="supervisor.galeri@contoh.id", groups=["Staf Galeri", "Supervisor Galeri"]
    )
    Assignment.objects.create(outlet=outlet, user=supervisor)
    shift = shift_open(outlet=outlet, by=galeri, opening_float=100_000)
    receipt = sale_record(
        outlet=outlet,
        by=galeri,
        lines=[LineInput(product_id=product_b.pk, quantity=1)],
        payments=[PaymentInput(method="cash", amount=product_b.price, tendered=product_b.price)],
        idempotency_key=secrets.token_hex(16),
    )
    sale_return_record(
        sale=receipt,
        by=galeri,
        lines=[ReturnInput(sale_line_id=receipt.lines.get().pk, quantity=1)],
        reason="Salah warna",
        refund_method="cash",
        idempotency_key=secrets.token_hex(16),
    )
    stock_count = stockcount_start(outlet=outlet, by=galeri)

    # B's palm sugar is food: it is on the shelf by batch.
    sugar_b = ProductFactory(
        vendor=vendor_b,
        category=CategoryFactory(slug="gula", name_id="Gula", name_en="Sugar", is_food=True),
        name="Gula Aren Bu Sari",
        slug="gula-aren-bu-sari",
        price=25_000,
    )
    stock_receive(
        outlet=outlet,
        product=sugar_b,
        quantity=6,
        by=galeri,
        batch=BatchSpec(code="GA-01", expires_on=now.date() + datetime.timedelta(days=90)),
    )

    # Curation: B's product failed the gallery's check on one point of its category's checklist.
    checklist = Checklist.objects.create(category=category)
    finishing = checklist.items.create(text_id="Hasil akhir rapi", text_en="Neat finishing")
    size = checklist.items.create(text_id="Ukuran sesuai", text_en="Size as described")
    curation_check = curation_check_record(
        product=product_b,
        by=galeri,
        points={finishing.pk: (False, "Retak di bibir kendi"), size.pk: (True, "")},
    )

    # One email in the worker's queue, as the database task backend of production stores it
    # (the suite's own backend sends at once and stores nothing).
    DatabaseBackend("default", {}).enqueue(deliver_email, (0,), {})

    AccessAttempt.objects.create(
        username="x@contoh.id", ip_address="10.0.0.1", failures_since_start=1
    )
    AccessLog.objects.create(username="x@contoh.id", ip_address="10.0.0.1")
    AccessFailureLog.objects.create(username="x@contoh.id", ip_address="10.0.0.1")

    return World(
        outlet=outlet,
        category=category,
        shopper=shopper,
        stranger=stranger,
        vendor_a=vendor_a,
        vendor_b=vendor_b,
        product_a=product_a,
        product_b=product_b,
        draft_b=draft_b,
        image_a=image_a,
        image_b=image_b,
        picture_a=picture_a,
        picture_b=picture_b,
        order_b=order_b,
        shoppers_order=shoppers_order,
        stock_b=product_b.stock_levels.get(),
        movement_b=product_b.movements.first(),
        statement_month_b=f"{sold_at:%Y-%m}",
        session=session,
        session_b_only=session_b_only,
        signup_b=signup_b,
        staf_dinas=dinas,
        staf_galeri=galeri,
        supervisor=supervisor,
        superuser=superuser,
        shift=shift,
        receipt=receipt,
        affiliate=affiliate,
        stock_count=stock_count,
        curation_check=curation_check,
    )
