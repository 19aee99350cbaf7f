"""Demo vendors: 25 UMKM of Purwakarta in every state of the review, with their history.

The district's real crafts: Plered ceramics and Menong clay dolls, bamboo weaving, palm sugar from
the highlands, batik, simping and semprong. Logos are drawn with Pillow and go through the image
pipeline. The history is written as it happened, weeks ago, without emailing anyone. A vendor
whose account exists is left alone, so running this again changes nothing.
"""

import io
from dataclasses import dataclass, field
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from accounts.models import User
from core.demo import STAFF_EMAIL, VENDOR_EMAIL, demo_user
from core.models import Kecamatan
from products.models import Category

from . import services
from .models import Vendor, VendorLink, VendorStatusChange

S = Vendor.Status

# Top-level catalogue categories by the craft's key; missing ones are skipped.
CRAFT_CATEGORIES = {
    "keramik": ["keramik-gerabah"],
    "menong": ["keramik-gerabah", "dekorasi-rumah"],
    "anyaman": ["anyaman-bambu"],
    "aren": ["kuliner-oleh-oleh"],
    "kuliner": ["kuliner-oleh-oleh"],
    "batik": ["batik-tenun", "fashion-aksesori"],
    "kayu": ["kerajinan-kayu"],
}
COLOURS = {
    "keramik": (154, 52, 18),
    "menong": (180, 83, 9),
    "anyaman": (101, 84, 30),
    "aren": (120, 53, 15),
    "kuliner": (190, 120, 20),
    "batik": (30, 58, 138),
    "kayu": (87, 60, 35),
}


@dataclass
class Demo:
    email: str
    business: str
    owner: str
    kecamatan: str
    desa: str
    address: str
    craft: str
    story: str
    founded: int
    whatsapp: str
    status: str = S.APPROVED
    reason: str = ""
    nib: str = ""
    pirt: str = ""
    halal: str = ""
    needs_help: bool = False
    reinstated: bool = False
    links: dict = field(default_factory=dict)


VENDORS = [
    Demo(
        VENDOR_EMAIL,
        "Gerabah Anjun Plered",
        "Dadang Sutisna",
        "Plered",
        "Anjun",
        "Jl. Raya Anjun No. 21",
        "keramik",
        "Keluarga kami membuat gerabah di Anjun sejak 1978: guci, kendi, pot dan celengan dari "
        "tanah liat Plered, dibentuk di perbot dan dibakar di tungku sendiri.",
        1978,
        "+6281223340021",
        nib="9120301234567",
        links={
            VendorLink.Platform.TOKOPEDIA: "https://www.tokopedia.com/gerabahanjun",
            VendorLink.Platform.INSTAGRAM: "https://www.instagram.com/gerabahanjunplered/",
        },
    ),
    Demo(
        "citeko.keramik@umkm.galerimenong.id",
        "Keramik Hias Citeko",
        "Euis Komariah",
        "Plered",
        "Citeko",
        "Kp. Citeko RT 02/RW 03",
        "keramik",
        "Vas dan guci hias bermotif lukis tangan, glasir warna tanah dan hijau lumut.",
        1996,
        "+6285721110345",
        nib="9120301234568",
    ),
    Demo(
        "menong.pamoyanan@umkm.galerimenong.id",
        "Boneka Menong Pamoyanan",
        "Ujang Suherman",
        "Plered",
        "Pamoyanan",
        "Jl. Pamoyanan No. 7",
        "menong",
        "Boneka Menong, sepasang laki-laki dan perempuan dari tanah liat, dicat dengan warna "
        "cerah: kenang-kenangan khas Purwakarta.",
        2009,
        "+6281394410077",
    ),
    Demo(
        "gandamekar.pot@umkm.galerimenong.id",
        "Pot Tanah Gandamekar",
        "Cucu Sumiati",
        "Plered",
        "Gandamekar",
        "Kp. Babakan RT 01/RW 05",
        "keramik",
        "Pot tanaman tanah liat berbagai ukuran untuk taman dan teras.",
        2004,
        "+6287822330190",
        needs_help=True,
    ),
    Demo(
        "anyaman.cibatu@umkm.galerimenong.id",
        "Anyaman Bambu Cibukamanah",
        "Asep Saepudin",
        "Cibatu",
        "Cibukamanah",
        "Kp. Cibukamanah RT 03/RW 01",
        "anyaman",
        "Bakul, boboko, tampah dan kipas dari bambu tali yang dianyam oleh ibu-ibu kampung kami.",
        1990,
        "+6281312345501",
        links={VendorLink.Platform.SHOPEE: "https://shopee.co.id/anyamancibukamanah"},
    ),
    Demo(
        "bambu.darangdan@umkm.galerimenong.id",
        "Kerajinan Bambu Darangdan",
        "Enok Rohayati",
        "Darangdan",
        "Sawit",
        "Jl. Raya Darangdan Km 4",
        "anyaman",
        "Tudung saji, lampu hias dan keranjang parsel dari bambu.",
        2012,
        "+6285624400112",
    ),
    Demo(
        "aren.wanayasa@umkm.galerimenong.id",
        "Gula Aren Wanayasa",
        "Yayan Ruhiyat",
        "Wanayasa",
        "Wanayasa",
        "Kp. Situ Wanayasa RT 02/RW 02",
        "aren",
        "Gula aren cetak dan gula semut dari nira pohon aren di lereng Gunung Burangrang, dimasak "
        "di atas tungku kayu.",
        1985,
        "+6281220098765",
        pirt="P-IRT No. 2063214010169-24",
        halal="ID32110000123450321",
        links={VendorLink.Platform.TOKOPEDIA: "https://www.tokopedia.com/gulaarenwanayasa"},
    ),
    Demo(
        "aren.kiarapedes@umkm.galerimenong.id",
        "Gula Semut Kiarapedes",
        "Neneng Hasanah",
        "Kiarapedes",
        "Mekarjaya",
        "Kp. Cigeuntis RT 01/RW 04",
        "aren",
        "Gula semut aren organik dalam kemasan 250 gram dan 500 gram.",
        2015,
        "+6285220034411",
        pirt="P-IRT No. 5063214020111-26",
    ),
    Demo(
        "simping.kaum@umkm.galerimenong.id",
        "Simping Kaum Bu Enok",
        "Ai Nurhayati",
        "Purwakarta",
        "Nagri Kaler",
        "Gg. Kaum No. 12",
        "kuliner",
        "Simping, kerupuk tipis dari tepung kanji dengan daun kucai, resep turun-temurun dari "
        "kampung Kaum: rasa original, pedas dan keju.",
        1975,
        "+6281321100890",
        pirt="P-IRT No. 2063214010201-25",
        halal="ID32110000987650321",
    ),
    Demo(
        "semprong.ciseureuh@umkm.galerimenong.id",
        "Semprong Ciseureuh",
        "Agus Mulyana",
        "Purwakarta",
        "Ciseureuh",
        "Jl. Veteran Gg. Melati No. 3",
        "kuliner",
        "Semprong gulung renyah dari tepung beras dan santan, dipanggang satu per satu.",
        2001,
        "+6287722003344",
        pirt="P-IRT No. 2063214010302-26",
    ),
    Demo(
        "batik.purwakarta@umkm.galerimenong.id",
        "Batik Tulis Purwakarta",
        "Tati Haryati",
        "Purwakarta",
        "Cipaisan",
        "Jl. Kapten Halim No. 45",
        "batik",
        "Batik tulis dan cap dengan motif khas Purwakarta: air mancur Sri Baduga, daun manggis, "
        "dan wayang golek.",
        2010,
        "+6281214455667",
        nib="9120301234571",
        links={VendorLink.Platform.INSTAGRAM: "https://www.instagram.com/batiktulispurwakarta/"},
    ),
    Demo(
        "batik.jatiluhur@umkm.galerimenong.id",
        "Batik Jatiluhur",
        "Wawan Setiawan",
        "Jatiluhur",
        "Jatimekar",
        "Jl. Ir. H. Juanda No. 88",
        "batik",
        "Kain batik cap dan kemeja batik bermotif riak air Waduk Jatiluhur.",
        2016,
        "+6285710203040",
    ),
    Demo(
        "kayu.bojong@umkm.galerimenong.id",
        "Ukiran Kayu Bojong",
        "Dede Rukmana",
        "Bojong",
        "Cihanjawar",
        "Kp. Cihanjawar RT 04/RW 02",
        "kayu",
        "Talenan, centong dan hiasan dinding dari kayu mahoni dan suren.",
        2008,
        "+6281387650012",
    ),
    Demo(
        "aren.pasawahan@umkm.galerimenong.id",
        "Kopi dan Aren Pasawahan",
        "Nining Kurniasih",
        "Pasawahan",
        "Pasawahan",
        "Jl. Raya Pasawahan No. 9",
        "aren",
        "Kopi robusta dan gula aren dari kebun warga Pasawahan.",
        2018,
        "+6282118899001",
        status=S.APPROVED,
        reinstated=True,
    ),
    Demo(
        "peuyeum.sukatani@umkm.galerimenong.id",
        "Peuyeum Bendul Sukatani",
        "Entin Suryani",
        "Sukatani",
        "Sukatani",
        "Jl. Raya Sukatani No. 31",
        "kuliner",
        "Peuyeum singkong manis yang digantung di kios pinggir jalan, oleh-oleh para pelintas.",
        1988,
        "+6285322110099",
        pirt="P-IRT No. 2063214010404-25",
    ),
    Demo(
        "gerabah.babakancikao@umkm.galerimenong.id",
        "Celengan Gerabah Cicadas",
        "Lilis Suryani",
        "Babakancikao",
        "Cicadas",
        "Kp. Cicadas RT 01/RW 01",
        "keramik",
        "Celengan tanah liat berbentuk ayam, kendi dan buah-buahan, dicat tangan.",
        2011,
        "+6289601234455",
        status=S.SUBMITTED,
        needs_help=True,
    ),
    Demo(
        "anyaman.tegalwaru@umkm.galerimenong.id",
        "Anyaman Pandan Tegalwaru",
        "Imas Masitoh",
        "Tegalwaru",
        "Citalang",
        "Kp. Citalang RT 02/RW 03",
        "anyaman",
        "Tikar, tas dan dompet dari anyaman daun pandan.",
        2019,
        "+6281299001122",
        status=S.SUBMITTED,
    ),
    Demo(
        "kuliner.bungursari@umkm.galerimenong.id",
        "Opak Ketan Bungursari",
        "Cecep Hidayat",
        "Bungursari",
        "Cibungur",
        "Jl. Raya Cibungur No. 5",
        "kuliner",
        "Opak ketan bakar dan rengginang, dijemur di bawah matahari.",
        2014,
        "+6285788776655",
        status=S.SUBMITTED,
        pirt="P-IRT No. 2063214010505-27",
    ),
    Demo(
        "menong.campaka@umkm.galerimenong.id",
        "Sanggar Menong Campaka",
        "Nani Suryati",
        "Campaka",
        "Cirende",
        "Kp. Cirende RT 03/RW 02",
        "menong",
        "Boneka Menong dan gantungan kunci tanah liat.",
        2021,
        "+6287811223344",
        status=S.DRAFT,
    ),
    Demo(
        "aren.sukasari@umkm.galerimenong.id",
        "Gula Aren Sukasari",
        "Iwan Ridwan",
        "Sukasari",
        "Ciririp",
        "Kp. Ciririp RT 01/RW 02",
        "aren",
        "Gula aren cetak dari nira segar, dijual ke pasar Sukasari.",
        2020,
        "+6281355667788",
        status=S.DRAFT,
        needs_help=True,
    ),
    Demo(
        "bambu.maniis@umkm.galerimenong.id",
        "Bambu Kreatif Maniis",
        "Dodi Kurnia",
        "Maniis",
        "Citamiang",
        "Kp. Citamiang RT 02/RW 01",
        "anyaman",
        "Gelas, sedotan dan lampu dari bambu.",
        2022,
        "+6285611223300",
        status=S.REJECTED,
        reason="Foto yang dikirim bukan barang buatan sendiri. Unggah foto proses pembuatan di "
        "bengkel Anda, lalu kirim ulang.",
    ),
    Demo(
        "batik.pondoksalam@umkm.galerimenong.id",
        "Batik Salam Jaya",
        "Rina Marlina",
        "Pondoksalam",
        "Salam Jaya",
        "Kp. Salam Jaya RT 04/RW 01",
        "batik",
        "Batik cap motif bunga salam.",
        2023,
        "+6281244556677",
        status=S.REJECTED,
        nib="9120301234599",
        reason='NIB tidak ditemukan di OSS. Periksa kembali 13 digitnya, atau centang "butuh '
        'bantuan perizinan" agar kami bantu.',
    ),
    Demo(
        "keramik.sindangsari@umkm.galerimenong.id",
        "Keramik Sindangsari",
        "Ade Supriatna",
        "Plered",
        "Sindangsari",
        "Jl. Sindangsari No. 14",
        "keramik",
        "Gentong air dan cobek tanah liat.",
        1999,
        "+6281388990011",
        status=S.SUSPENDED,
        reason="Barang yang diantar ke Galeri Menong tidak sesuai dengan foto di katalog. "
        "Hubungi Dinas untuk klarifikasi.",
    ),
    Demo(
        "kuliner.campaka@umkm.galerimenong.id",
        "Keripik Singkong Cijunti",
        "Iis Aisyah",
        "Campaka",
        "Cijunti",
        "Kp. Cijunti RT 01/RW 03",
        "kuliner",
        "Keripik singkong balado dan original.",
        2017,
        "+6285755443322",
        status=S.SUSPENDED,
        pirt="P-IRT No. 2063214010606-22",
        reason="Izin P-IRT sudah kedaluwarsa. Perbarui izin, lalu hubungi Dinas.",
    ),
    Demo(
        "kayu.jatiluhur@umkm.galerimenong.id",
        "Mainan Kayu Kembangkuning",
        "Ujang Rohman",
        "Jatiluhur",
        "Kembangkuning",
        "Kp. Kembangkuning RT 02/RW 04",
        "kayu",
        "Mainan edukasi dari kayu pinus: puzzle, balok susun dan mobil-mobilan.",
        2013,
        "+6287899887766",
    ),
]


def _logo(business: str, colour) -> ContentFile:
    image = Image.new("RGB", (480, 480), colour)
    draw = ImageDraw.Draw(image)
    draw.ellipse((40, 40, 440, 440), outline=(255, 251, 245), width=12)
    initials = "".join(word[0] for word in business.split()[:2]).upper()
    font = ImageFont.load_default(size=170)
    draw.text((240, 240), initials, fill=(255, 251, 245), font=font, anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return ContentFile(buffer.getvalue(), name="logo.png")


def _history(vendor: Vendor, steps, start):
    """Write the review steps as they happened: (from, to, by, reason, days after start)."""
    for from_status, to_status, by, reason, days in steps:
        change = VendorStatusChange.objects.create(
            vendor=vendor, from_status=from_status, to_status=to_status, by=by, reason=reason
        )
        VendorStatusChange.objects.filter(pk=change.pk).update(at=start + timedelta(days=days))


def _steps(demo: Demo, owner, staff):
    submit = (S.DRAFT, S.SUBMITTED, owner, "", 1)
    approve = (S.SUBMITTED, S.APPROVED, staff, "", 4)
    if demo.status == S.DRAFT:
        return []
    if demo.status == S.SUBMITTED:
        return [submit]
    if demo.status == S.REJECTED:
        return [submit, (S.SUBMITTED, S.REJECTED, staff, demo.reason, 3)]
    if demo.status == S.SUSPENDED:
        return [submit, approve, (S.APPROVED, S.SUSPENDED, staff, demo.reason, 40)]
    if demo.reinstated:
        pause = "Laporan pembeli: kemasan kopi bocor. Mohon perbaiki kemasan."
        return [
            submit,
            (S.SUBMITTED, S.REJECTED, staff, "Lengkapi foto produk dan alamat kebun.", 3),
            (S.REJECTED, S.SUBMITTED, owner, "", 6),
            (S.SUBMITTED, S.APPROVED, staff, "", 8),
            (S.APPROVED, S.SUSPENDED, staff, pause, 30),
            (S.SUSPENDED, S.APPROVED, staff, "Kemasan baru sudah diperiksa.", 36),
        ]
    return [submit, approve]


def seed(stdout):
    staff = User.objects.get(email=STAFF_EMAIL)
    kecamatan = {k.name: k for k in Kecamatan.objects.all()}
    top_categories = {c.slug: c for c in Category.objects.filter(parent=None)}
    now = timezone.now()
    created = 0
    for index, demo in enumerate(VENDORS):
        owner = demo_user(demo.email, demo.owner, phone=demo.whatsapp)
        if Vendor.objects.filter(user=owner).exists():
            continue
        start = now - timedelta(days=120 - index * 3)
        if demo.status != S.DRAFT or index % 2:
            User.objects.filter(pk=owner.pk).update(email_verified_at=start)
            owner.refresh_from_db()
        steps = _steps(demo, owner, staff)
        submitted = [days for _f, to, _b, _r, days in steps if to == S.SUBMITTED]
        approved = [days for _f, to, _b, _r, days in steps if to == S.APPROVED]
        vendor = Vendor.objects.create(
            user=owner,
            business_name=demo.business,
            slug=services.vendor_unique_slug(demo.business),
            owner_name=demo.owner,
            whatsapp=demo.whatsapp,
            show_whatsapp=index % 4 != 3,
            kecamatan=kecamatan[demo.kecamatan],
            desa=demo.desa,
            address=demo.address,
            story=demo.story,
            founded_year=demo.founded,
            nib=demo.nib,
            pirt_number=demo.pirt,
            halal_number=demo.halal,
            needs_licensing_help=demo.needs_help,
            status=demo.status,
            status_reason=demo.reason,
            submitted_at=start + timedelta(days=submitted[-1]) if submitted else None,
            approved_at=start + timedelta(days=approved[0]) if approved else None,
        )
        Vendor.objects.filter(pk=vendor.pk).update(created_at=start)
        vendor.categories.set(
            top_categories[slug] for slug in CRAFT_CATEGORIES[demo.craft] if slug in top_categories
        )
        VendorLink.objects.bulk_create(
            VendorLink(vendor=vendor, platform=platform, url=url)
            for platform, url in demo.links.items()
        )
        _history(vendor, steps, start)
        if demo.status in (S.APPROVED, S.SUSPENDED):
            services.vendor_set_logo(
                vendor=vendor,
                by=owner,
                upload=_logo(demo.business, COLOURS[demo.craft]),
                log=False,
            )
        created += 1
    counts = {status: Vendor.objects.filter(status=status).count() for status in S.values}
    stdout.write(
        f"vendors: {created} added; "
        + ", ".join(f"{count} {status}" for status, count in counts.items())
    )
