"""Demo training sessions of the district for UMKM: upcoming ones, one past, one draft.

Dates are set from the day of the first run; running it again changes nothing.
"""

import datetime

from django.utils import timezone

from accounts.models import User
from core.demo import STAFF_EMAIL, VENDOR_EMAIL
from vendors.models import Vendor

from .models import SignUp, TrainingSession

AULA = "Aula Dinas Koperasi, UKM, Perdagangan dan Perindustrian, Jl. Kapten Halim, Purwakarta"
SESSIONS = [
    {
        "title": "Berjualan di Tokopedia dan Shopee untuk Perajin Keramik Plered",
        "topic": TrainingSession.Topic.ECOMMERCE,
        "days": 10,
        "hour": 9,
        "hours": 4,
        "place": AULA,
        "quota": 30,
        "description": (
            "Membuka toko, mengunggah produk massal dari berkas ekspor Galeri Menong, menghitung "
            "ongkos kirim barang pecah belah, dan membalas ulasan pembeli."
        ),
    },
    {
        "title": "Live Selling di TikTok dan Shopee Live",
        "topic": TrainingSession.Topic.LIVE_SELLING,
        "days": 17,
        "hour": 19,
        "hours": 2,
        "online_url": "https://meet.google.com/gmn-live-sell",
        "quota": 100,
        "description": (
            "Menyiapkan naskah siaran, tata cahaya sederhana dengan ponsel, dan menjawab "
            "pertanyaan penonton secara langsung. Contoh: siaran anyaman bambu Cirama."
        ),
    },
    {
        "title": "Foto Produk dengan Ponsel: Gerabah, Batik dan Anyaman",
        "topic": TrainingSession.Topic.PHOTOGRAPHY,
        "days": 24,
        "hour": 9,
        "hours": 5,
        "place": "Galeri Menong 1, Jl. Veteran No. 134, Ciseureuh, Purwakarta",
        "quota": 15,
        "description": (
            "Praktik langsung: latar polos, cahaya jendela, foto detail motif. Bawa dua produk "
            "dan ponsel dengan baterai penuh."
        ),
    },
    {
        "title": "Mengurus NIB, P-IRT dan Sertifikat Halal",
        "topic": TrainingSession.Topic.LICENSING,
        "days": 31,
        "hour": 8,
        "hours": 4,
        "place": "Mal Pelayanan Publik Kabupaten Purwakarta",
        "quota": 40,
        "description": (
            "Pendampingan perizinan lewat OSS untuk NIB, pendaftaran P-IRT untuk makanan seperti "
            "simping dan gula aren, dan sertifikasi halal gratis (SEHATI)."
        ),
    },
    {
        "title": "Kemasan Oleh-oleh yang Menarik dan Aman",
        "topic": TrainingSession.Topic.PACKAGING,
        "days": -20,
        "hour": 9,
        "hours": 3,
        "place": AULA,
        "quota": 25,
        "description": "Kemasan simping, semprong dan gula aren yang tahan 2–3 bulan.",
    },
    {
        "title": "Pembukuan Sederhana untuk Usaha Rumahan",
        "topic": TrainingSession.Topic.FINANCE,
        "days": 45,
        "hour": 9,
        "hours": 3,
        "place": AULA,
        "quota": 30,
        "published": False,
        "description": "Mencatat penjualan harian, memisahkan uang usaha dan uang rumah tangga.",
    },
]


def seed(stdout):
    staff = User.objects.filter(email=STAFF_EMAIL).first()
    today = timezone.localdate()
    created_count = 0
    sessions = []
    for spec in SESSIONS:
        day = today + datetime.timedelta(days=spec["days"])
        starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(spec["hour"])))
        session, created = TrainingSession.objects.get_or_create(
            title=spec["title"],
            defaults={
                "topic": spec["topic"],
                "description": spec["description"],
                "starts_at": starts,
                "ends_at": starts + datetime.timedelta(hours=spec["hours"]),
                "place": spec.get("place", ""),
                "online_url": spec.get("online_url", ""),
                "quota": spec["quota"],
                "is_published": spec.get("published", True),
                "created_by": staff,
            },
        )
        created_count += created
        sessions.append(session)

    vendor = Vendor.objects.approved().filter(user__email=VENDOR_EMAIL).first()
    if vendor is not None:
        for session in (sessions[0], sessions[4]):
            if not SignUp.objects.filter(session=session, vendor=vendor).exists():
                SignUp.objects.create(session=session, vendor=vendor, created_by=vendor.user)
    stdout.write(f"training: {created_count} sessions added.")
