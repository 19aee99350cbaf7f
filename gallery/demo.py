"""Demo outlets: the two Galeri Menong shops of Purwakarta, two planned ones, and their stock.

Stock comes in the way it does in real life: one delivery per vendor and outlet, recorded by the
demo staff account through ``gallery.services.delivery_receive``. Running it again adds nothing:
outlets are found by slug, closures by date, and a product already taken in at an outlet is not
taken in again.
"""

import zlib
from datetime import date, time, timedelta

from django.db.models import Exists, OuterRef
from django.utils import timezone

from accounts.models import User
from core.demo import STAFF_EMAIL
from core.models import Kecamatan
from products.models import Product

from . import services
from .models import OpeningHours, Outlet, OutletClosure, StockMovement
from .services import BatchSpec

W = OpeningHours.Weekday

OUTLETS = [
    {
        "slug": "galeri-menong-1",
        "name": "Galeri Menong 1",
        "address": "Jl. Veteran No. 134, Ciseureuh, Purwakarta",
        "kecamatan": "Purwakarta",
        "latitude": "-6.541200",
        "longitude": "107.451100",
        "phone": "(0264) 8200134",
        "whatsapp": "+6281200000134",
        "position": 1,
        "description": (
            "Galeri pertama, tempat Galeri Menong bermula sebagai pusat oleh-oleh Purwakarta: "
            "keramik dan gerabah Plered, boneka tanah liat Menong, batik, anyaman bambu, gula "
            "aren, simping dan semprong. Pesanan daring diambil dan dibayar di kasir (tunai "
            "atau QRIS)."
        ),
        # Weekday → its spans; on Fridays the shop closes for Friday prayers.
        "hours": {
            day: [(time(8), time(17))]
            for day in (W.MONDAY, W.TUESDAY, W.WEDNESDAY, W.THURSDAY, W.SATURDAY)
        }
        | {
            W.FRIDAY: [(time(8), time(11, 30)), (time(13), time(17))],
            W.SUNDAY: [(time(9), time(15))],
        },
    },
    {
        "slug": "galeri-menong-2",
        "name": "Galeri Menong 2",
        "address": "Kawasan Taman Sri Baduga (Situ Buleud), Purwakarta",
        "kecamatan": "Purwakarta",
        "latitude": "-6.553700",
        "longitude": "107.444900",
        "phone": "(0264) 8200135",
        "whatsapp": "+6281200000135",
        "position": 2,
        "description": (
            "Di tepi Situ Buleud, dekat Taman Sri Baduga: buka sampai malam di akhir pekan, "
            "untuk pengunjung taman dan pertunjukan air mancur. Tutup setiap Senin."
        ),
        "hours": {
            day: [(time(10), time(20))] for day in (W.TUESDAY, W.WEDNESDAY, W.THURSDAY, W.FRIDAY)
        }
        | {W.SATURDAY: [(time(8), time(21))], W.SUNDAY: [(time(8), time(21))]},
    },
    {
        "slug": "galeri-menong-wanayasa",
        "name": "Galeri Menong Wanayasa",
        "address": "Kawasan wisata Situ Wanayasa, Wanayasa",
        "kecamatan": "Wanayasa",
        "latitude": "-6.682900",
        "longitude": "107.558700",
        "position": 10,
        "is_planned": True,
        "description": (
            "Direncanakan di tepi Situ Wanayasa, untuk wisatawan yang datang menikmati danau "
            "dan udara sejuk pegunungan."
        ),
        "hours": {},
    },
    {
        "slug": "galeri-menong-gunung-parang",
        "name": "Galeri Menong Gunung Parang",
        "address": "Kampung Cihuni, Desa Sukamulya, Tegalwaru",
        "kecamatan": "Tegalwaru",
        "latitude": "-6.604400",
        "longitude": "107.384200",
        "position": 11,
        "is_planned": True,
        "description": (
            "Direncanakan di kaki Gunung Parang, tujuan para pemanjat tebing dan via ferrata, "
            "bersama warga kampung wisata sekitar."
        ),
        "hours": {},
    },
]
# Fixed-date national holidays on which the two shops close.
HOLIDAYS = {
    "galeri-menong-1": [(12, 25, "Hari Raya Natal"), (1, 1, "Tahun Baru Masehi")],
    "galeri-menong-2": [(12, 25, "Hari Raya Natal"), (8, 17, "Hari Kemerdekaan RI")],
}


def next_date(month, day, today):
    this_year = date(today.year, month, day)
    return this_year if this_year >= today else date(today.year + 1, month, day)


def _outlet(data, today):
    fields = {key: value for key, value in data.items() if key not in ("slug", "hours")}
    fields["kecamatan"] = Kecamatan.objects.get(name=fields["kecamatan"])
    outlet, created = Outlet.objects.get_or_create(slug=data["slug"], defaults=fields)
    if created:
        for weekday, spans in data["hours"].items():
            for opens, closes in spans:
                OpeningHours.objects.create(
                    outlet=outlet, weekday=weekday, opens=opens, closes=closes
                )
    for month, day, reason in HOLIDAYS.get(outlet.slug, []):
        OutletClosure.objects.get_or_create(
            outlet=outlet, date=next_date(month, day, today), defaults={"reason": reason}
        )
    return outlet, created


def _quantity(outlet, product):
    """A stable, plausible number of units: food by the dozen, crafts by the few."""
    spread = zlib.crc32(f"{outlet.slug}:{product.slug}".encode()) % 17
    return 3 + spread if product.price >= 100_000 else 6 + spread


def _batch(outlet, product):
    """A plausible batch of food: made some days ago, keeping its shelf life (90 days if the
    vendor gave none); a few expire within the month, so the near-expiry lists have rows."""
    today = timezone.localdate()
    spread = zlib.crc32(f"batch:{outlet.slug}:{product.slug}".encode())
    shelf_life = product.shelf_life_days or 90
    made = today - timedelta(days=spread % max(shelf_life - 5, 1))
    return BatchSpec(
        code=f"B{made:%y%m%d}-{spread % 100:02d}",
        produced_on=made,
        expires_on=made + timedelta(days=shelf_life),
    )


def _stock(outlet, products, staff, *, every=1):
    """Take in the products not yet at the outlet: one delivery per vendor."""
    taken_in = StockMovement.objects.filter(
        outlet=outlet, product=OuterRef("pk"), kind=StockMovement.Kind.INTAKE
    )
    missing = (
        products.annotate(here=Exists(taken_in))
        .filter(here=False)
        .select_related("vendor")
        .order_by("vendor_id", "pk")
    )
    food = set(products.food().values_list("pk", flat=True))
    deliveries = {}
    for product in missing:
        # The same products every run, so a second run finds nothing missing.
        if zlib.crc32(product.slug.encode()) % every == 0:
            deliveries.setdefault(product.vendor, []).append(product)
    units = 0
    for vendor, vendor_products in deliveries.items():
        movements = services.delivery_receive(
            vendor=vendor,
            outlet=outlet,
            lines=[
                (product, _quantity(outlet, product), _batch(outlet, product))
                if product.pk in food
                else (product, _quantity(outlet, product))
                for product in vendor_products
            ],
            by=staff,
            reference=f"SJ-{outlet.pk:02d}-{vendor.pk:04d}",
            reason="Titipan awal (data demo)",
        )
        units += sum(movement.on_hand_change for movement in movements)
    return len(deliveries), units


def seed(stdout):
    today = timezone.localdate()
    outlets = {}
    for data in OUTLETS:
        outlet, created = _outlet(data, today)
        outlets[outlet.slug] = outlet
        if created:
            stdout.write(f"gallery: {outlet.name} ({'planned' if outlet.is_planned else 'open'})")

    products = Product.objects.public().filter(vendor__status="approved")
    if not products.exists():
        stdout.write("gallery: no public products yet, so no demo stock (seed products first).")
        return
    staff = User.objects.filter(email=STAFF_EMAIL).first()
    for slug, every in (("galeri-menong-1", 1), ("galeri-menong-2", 2)):
        deliveries, units = _stock(outlets[slug], products, staff, every=every)
        if deliveries:
            stdout.write(
                f"gallery: {deliveries} deliveries, {units} units taken in at {outlets[slug].name}"
            )
