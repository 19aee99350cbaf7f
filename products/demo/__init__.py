"""Demo products: about 300 goods of the approved demo vendors, with pictures drawn by Pillow.

Nothing is downloaded. About two dozen pictures are drawn and put through the image pipeline
once; every product picture then gets its own stored copies of those files, so deleting one
product never touches another's. Products are matched by (vendor, name): running this again
adds nothing.
"""

import io
import random
from dataclasses import dataclass

from django.db.models import Q
from PIL import Image, ImageDraw

from accounts.models import User
from core.demo import STAFF_EMAIL
from core.images import prepare_image, store_prepared_image
from vendors.models import Vendor

from . import services
from .models import Category, Product

TARGET_PRODUCTS = 300
SIZE = (800, 600)

# Drawing ---------------------------------------------------------------------------------------

BACKGROUNDS = [(244, 236, 224), (232, 240, 236), (240, 232, 240), (236, 238, 244), (250, 246, 238)]


def _canvas(background):
    image = Image.new("RGB", SIZE, background)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 430, 800, 600), fill=tuple(max(0, c - 28) for c in background))
    draw.ellipse((250, 440, 550, 480), fill=tuple(max(0, c - 55) for c in background))
    return image, draw


def draw_vase(draw, color, accent):
    draw.ellipse((270, 200, 530, 460), fill=color)
    draw.rectangle((345, 110, 455, 250), fill=color)
    draw.ellipse((320, 95, 480, 135), fill=tuple(max(0, c - 40) for c in color))
    for y in (280, 320, 360):
        draw.arc((285, y - 40, 515, y + 40), 20, 160, fill=accent, width=6)


def draw_kendi(draw, color, accent):
    draw.ellipse((260, 230, 540, 460), fill=color)
    draw.rectangle((370, 150, 430, 250), fill=color)
    draw.polygon([(520, 300), (620, 250), (630, 270), (530, 340)], fill=color)
    draw.line((290, 330, 510, 330), fill=accent, width=8)


def draw_menong(draw, color, accent):
    draw.polygon([(330, 450), (470, 450), (440, 250), (360, 250)], fill=color)
    draw.ellipse((345, 150, 455, 260), fill=(205, 140, 95))
    draw.ellipse((372, 190, 384, 202), fill=(40, 30, 20))
    draw.ellipse((416, 190, 428, 202), fill=(40, 30, 20))
    draw.arc((378, 205, 422, 235), 20, 160, fill=(120, 40, 30), width=4)
    draw.rectangle((340, 140, 460, 165), fill=accent)


def draw_weave(draw, color, accent):
    for row in range(0, 430, 40):
        for col in range(0, 800, 40):
            fill = color if (row // 40 + col // 40) % 2 else accent
            draw.rectangle((col, row, col + 38, row + 38), fill=fill)
            draw.line((col, row + 19, col + 38, row + 19), fill=(90, 60, 30), width=2)


def draw_basket(draw, color, accent):
    draw.polygon([(240, 230), (560, 230), (520, 450), (280, 450)], fill=color)
    for y in range(245, 450, 22):
        draw.line((250, y, 550, y), fill=accent, width=5)
    for x in range(270, 540, 30):
        draw.line((x, 230, x + (400 - x) // 10, 450), fill=accent, width=3)
    draw.arc((300, 120, 500, 340), 180, 360, fill=color, width=14)


def draw_batik(draw, color, accent):
    for row in range(0, 600, 80):
        for col in range(0, 800, 80):
            draw.ellipse((col + 10, row + 25, col + 40, row + 55), fill=accent)
            draw.ellipse((col + 40, row + 25, col + 70, row + 55), fill=accent)
            draw.ellipse((col + 25, row + 10, col + 55, row + 40), fill=color)
            draw.ellipse((col + 25, row + 40, col + 55, row + 70), fill=color)
            draw.ellipse((col + 36, row + 36, col + 44, row + 44), fill=(250, 240, 220))


def draw_parang(draw, color, accent):
    for offset in range(-600, 800, 70):
        draw.line((offset, 600, offset + 600, 0), fill=color, width=28)
        for step in range(0, 600, 45):
            draw.ellipse(
                (offset + step - 9, 600 - step - 9, offset + step + 9, 600 - step + 9), fill=accent
            )


def draw_palm_sugar(draw, color, accent):
    draw.rounded_rectangle((220, 150, 580, 460), radius=30, fill=(235, 235, 228))
    for x, y in ((260, 260), (400, 250), (330, 340), (470, 340)):
        draw.pieslice((x, y, x + 110, y + 110), 180, 360, fill=color)
        draw.rectangle((x, y + 55, x + 110, y + 80), fill=tuple(max(0, c - 30) for c in color))
    draw.rectangle((300, 170, 500, 225), fill=accent)
    draw.text((330, 185), "GULA AREN", fill=(255, 255, 255))


def draw_wafers(draw, color, accent):
    for i in range(6):
        y = 380 - i * 28
        draw.ellipse((240, y, 560, y + 70), fill=color, outline=accent, width=3)
    for i in range(4):
        draw.rounded_rectangle((560 + i * 40, 300, 590 + i * 40, 450), radius=14, fill=accent)


def draw_pouch(draw, color, accent):
    draw.polygon([(290, 150), (510, 150), (540, 450), (260, 450)], fill=color)
    draw.rectangle((290, 140, 510, 165), fill=tuple(max(0, c - 40) for c in color))
    draw.rounded_rectangle((320, 250, 480, 360), radius=12, fill=accent)
    draw.text((345, 295), "PURWAKARTA", fill=(255, 255, 255))


def draw_wood(draw, color, accent):
    draw.rounded_rectangle((180, 200, 620, 420), radius=40, fill=color)
    for y in range(215, 410, 18):
        draw.arc((150, y - 30, 650, y + 30), 0, 180, fill=accent, width=2)
    draw.ellipse((560, 290, 600, 330), fill=(250, 246, 238))


def draw_spoons(draw, color, accent):
    for i, x in enumerate((250, 360, 470)):
        draw.ellipse((x, 150 + i * 10, x + 80, 260 + i * 10), fill=color)
        draw.rectangle((x + 30, 250 + i * 10, x + 50, 450), fill=color)
        draw.line((x + 40, 270, x + 40, 440), fill=accent, width=2)


def draw_lamp(draw, color, accent):
    draw.polygon([(300, 130), (500, 130), (560, 330), (240, 330)], fill=color)
    for x in range(260, 560, 35):
        draw.ellipse((x, 200, x + 20, 220), fill=accent)
    draw.rectangle((390, 330, 410, 430), fill=(90, 70, 50))
    draw.ellipse((320, 420, 480, 460), fill=(90, 70, 50))


def draw_bag(draw, color, accent):
    draw.rounded_rectangle((230, 220, 570, 450), radius=30, fill=color)
    draw.arc((300, 110, 500, 330), 180, 360, fill=accent, width=16)
    for y in range(240, 440, 25):
        draw.line((245, y, 555, y), fill=accent, width=3)


def draw_beads(draw, color, accent):
    for i in range(15):
        angle_x = 400 + int(220 * ((i - 7) / 7))
        y = 180 + int(200 * (1 - ((i - 7) / 7) ** 2))
        fill = color if i % 2 else accent
        draw.ellipse((angle_x - 22, y - 22, angle_x + 22, y + 22), fill=fill)


def draw_frame(draw, color, accent):
    draw.rectangle((200, 90, 600, 420), fill=(110, 75, 45))
    draw.rectangle((225, 115, 575, 395), fill=color)
    for x in range(245, 560, 60):
        draw.polygon([(x, 380), (x + 30, 140), (x + 60, 380)], fill=accent)


DRAWINGS = {
    "vase": draw_vase,
    "kendi": draw_kendi,
    "menong": draw_menong,
    "weave": draw_weave,
    "basket": draw_basket,
    "batik": draw_batik,
    "parang": draw_parang,
    "palm_sugar": draw_palm_sugar,
    "wafers": draw_wafers,
    "pouch": draw_pouch,
    "wood": draw_wood,
    "spoons": draw_spoons,
    "lamp": draw_lamp,
    "bag": draw_bag,
    "beads": draw_beads,
    "frame": draw_frame,
}
PALETTES = {
    "vase": [((168, 84, 44), (240, 220, 190)), ((46, 92, 140), (230, 230, 240))],
    "kendi": [((176, 98, 58), (120, 60, 30)), ((150, 80, 50), (220, 200, 170))],
    "menong": [((190, 60, 50), (240, 200, 60)), ((50, 110, 80), (230, 180, 60))],
    "weave": [((214, 180, 120), (180, 140, 80))],
    "basket": [((200, 160, 100), (150, 110, 60)), ((120, 140, 80), (90, 100, 50))],
    "batik": [((60, 40, 30), (170, 110, 50)), ((30, 50, 100), (200, 170, 110))],
    "parang": [((90, 50, 30), (220, 190, 140)), ((20, 60, 70), (230, 200, 120))],
    "palm_sugar": [((110, 60, 25), (150, 40, 30))],
    "wafers": [((225, 190, 130), (180, 130, 70))],
    "pouch": [((200, 60, 40), (60, 40, 30)), ((40, 120, 90), (30, 60, 50))],
    "wood": [((170, 120, 70), (130, 85, 45))],
    "spoons": [((180, 130, 80), (140, 95, 55))],
    "lamp": [((220, 170, 110), (120, 70, 30))],
    "bag": [((190, 150, 90), (120, 80, 40)), ((70, 90, 120), (200, 180, 140))],
    "beads": [((180, 40, 50), (230, 200, 80))],
    "frame": [((230, 210, 170), (140, 70, 40))],
}


def _draw(kind, variant):
    color, accent = PALETTES[kind][variant % len(PALETTES[kind])]
    image, draw = _canvas(BACKGROUNDS[(variant + len(kind)) % len(BACKGROUNDS)])
    DRAWINGS[kind](draw, color, accent)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    buffer.seek(0)
    return buffer


class PictureBox:
    """Each (drawing, variant) is drawn and prepared once, then stored per product."""

    def __init__(self):
        self._prepared = {}

    def get(self, kind, variant):
        key = (kind, variant % len(PALETTES[kind]))
        if key not in self._prepared:
            self._prepared[key] = prepare_image(_draw(*key))
        return self._prepared[key]


# What the vendors make -------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """A kind of product in a category: names, words and prices to draw from."""

    category: str
    names: tuple
    variants: tuple
    materials: str
    price: tuple
    pictures: tuple
    weight: tuple
    dimensions: str = ""
    made_to_order: float = 0.0
    food: bool = False
    about: str = ""


LINES = [
    Line(
        "guci-vas",
        ("Guci Keramik", "Vas Bunga Keramik", "Guci Gerabah", "Vas Meja"),
        (
            "Motif Daun",
            "Glasir Biru",
            "Terakota Polos",
            "Ukir Bunga",
            "Motif Mega Mendung",
            "Ukuran Besar",
        ),
        "tanah liat Plered, glasir bebas timbal",
        (75_000, 850_000),
        ("vase",),
        (1200, 9000),
        "Tinggi {h} cm, diameter {d} cm",
        0.2,
        about="Dibentuk di atas perbot dan dibakar di tungku kayu para perajin Anjun, Plered.",
    ),
    Line(
        "gerabah-dapur",
        ("Cobek Tanah Liat", "Kendi Air", "Anglo Gerabah", "Periuk Tanah Liat", "Tungku Mini"),
        ("Ukuran Sedang", "Ukuran Kecil", "Set Isi 2", "Hitam Bakar", "Polos"),
        "tanah liat Plered",
        (25_000, 150_000),
        ("kendi",),
        (600, 4000),
        "Diameter {d} cm",
        about="Gerabah dapur untuk memasak dan menyimpan air; air kendi tetap sejuk tanpa kulkas.",
    ),
    Line(
        "pot-tanaman",
        ("Pot Tanah Liat", "Pot Gantung Gerabah", "Pot Bonsai"),
        ("Motif Anyaman", "Terakota", "Ukuran 20 cm", "Ukuran 30 cm", "Set Isi 3"),
        "tanah liat Plered",
        (20_000, 250_000),
        ("vase", "kendi"),
        (500, 6000),
        "Diameter {d} cm",
    ),
    Line(
        "boneka-menong",
        ("Boneka Menong", "Sepasang Menong", "Menong Mini"),
        ("Kebaya Merah", "Pangsi Hitam", "Penari Jaipong", "Pengantin Sunda", "Petani"),
        "tanah liat, cat akrilik",
        (35_000, 150_000),
        ("menong",),
        (150, 900),
        "Tinggi {h} cm",
        0.15,
        about="Boneka tanah liat khas Purwakarta, dilukis tangan satu per satu.",
    ),
    Line(
        "hiasan-keramik",
        ("Tempat Lilin Keramik", "Asbak Keramik", "Celengan Keramik", "Hiasan Meja Keramik"),
        ("Motif Batik", "Glasir Hijau", "Bentuk Ayam", "Polos Krem"),
        "keramik Plered",
        (30_000, 200_000),
        ("vase", "menong"),
        (200, 1500),
        "Tinggi {h} cm",
    ),
    Line(
        "tas-anyaman",
        ("Tas Anyaman Bambu", "Tas Pandan", "Totebag Anyaman"),
        ("Tali Kulit", "Motif Kotak", "Warna Alami", "Ukuran Besar"),
        "bambu tali, kain katun pelapis",
        (65_000, 350_000),
        ("bag", "weave"),
        (300, 900),
        "{w} × {h} × {d} cm",
    ),
    Line(
        "keranjang-wadah",
        ("Bakul Nasi Bambu", "Keranjang Buah", "Tampah Bambu", "Boboko", "Kotak Serbaguna Anyaman"),
        ("Ukuran Sedang", "Set Isi 3", "Tutup", "Warna Alami"),
        "bambu tali",
        (35_000, 180_000),
        ("basket", "weave"),
        (200, 1500),
        "Diameter {d} cm",
        about="Dianyam tangan dari bambu tali yang dijemur dan diasap agar awet.",
    ),
    Line(
        "perabot-bambu",
        ("Kursi Bambu", "Rak Bambu", "Meja Lipat Bambu", "Lincak Bambu"),
        ("Tiga Susun", "Ukuran Dua Orang", "Finishing Natural", "Finishing Pelitur"),
        "bambu wulung, pasak bambu",
        (350_000, 2_500_000),
        ("weave", "basket"),
        (4000, 25000),
        "{w} × {h} × {d} cm",
        0.6,
    ),
    Line(
        "kain-batik",
        ("Kain Batik Tulis", "Kain Batik Cap", "Batik Kombinasi"),
        (
            "Motif Kawung Purwakarta",
            "Motif Parang",
            "Motif Manggis",
            "Motif Situ Buleud",
            "Motif Sate Maranggi",
        ),
        "katun primisima, pewarna alam",
        (150_000, 1_500_000),
        ("batik", "parang"),
        (250, 400),
        "210 × 110 cm",
        0.3,
        about="Dibatik oleh perajin Purwakarta; warna dari kulit kayu dan daun.",
    ),
    Line(
        "busana-batik",
        ("Kemeja Batik", "Blus Batik", "Outer Batik"),
        ("Lengan Panjang", "Lengan Pendek", "Motif Kawung", "Motif Parang"),
        "katun batik cap",
        (175_000, 650_000),
        ("batik", "parang"),
        (200, 350),
        "Ukuran S–XXL",
    ),
    Line(
        "kain-tenun",
        ("Kain Tenun", "Selendang Tenun", "Syal Tenun"),
        ("Motif Garis", "Warna Indigo", "Warna Marun", "Motif Wajik"),
        "benang katun, pewarna alam",
        (250_000, 1_200_000),
        ("weave", "parang"),
        (200, 500),
        "200 × 60 cm",
        0.4,
    ),
    Line(
        "gula-aren",
        ("Gula Aren Cetak", "Gula Aren Semut", "Gula Aren Batok"),
        ("500 g", "1 kg", "250 g", "Kemasan Besek"),
        "nira aren murni",
        (12_000, 45_000),
        ("palm_sugar",),
        (250, 1000),
        "",
        food=True,
        about="Dimasak dari nira aren pohon sendiri di lereng Wanayasa, tanpa campuran.",
    ),
    Line(
        "simping-semprong",
        ("Simping Kaum", "Semprong", "Simping Daun Jeruk"),
        ("Rasa Original", "Rasa Pedas", "Rasa Bawang", "Toples 250 g", "Kemasan Isi 20"),
        "tepung beras, santan, daun jeruk",
        (15_000, 35_000),
        ("wafers",),
        (150, 400),
        "",
        food=True,
        about="Camilan tipis renyah khas Purwakarta, dipanggang satu per satu di cetakan besi.",
    ),
    Line(
        "camilan",
        ("Keripik Singkong", "Opak Ketan", "Rengginang", "Kerupuk Kulit", "Dodol Nanas"),
        ("Pedas Manis", "Original", "Balado", "Kemasan 200 g"),
        "singkong, beras ketan, bumbu",
        (12_000, 30_000),
        ("pouch",),
        (150, 300),
        "",
        food=True,
    ),
    Line(
        "minuman",
        ("Kopi Robusta Purwakarta", "Kopi Arabika Gunung Burangrang", "Wedang Jahe Gula Aren"),
        ("Biji 250 g", "Bubuk 200 g", "Sachet Isi 10"),
        "kopi, jahe, gula aren",
        (25_000, 85_000),
        ("pouch",),
        (200, 300),
        "",
        food=True,
    ),
    Line(
        "tas-dompet",
        ("Dompet Batik", "Tas Selempang Batik", "Pouch Anyaman"),
        ("Motif Kawung", "Kombinasi Kulit", "Resleting", "Ukuran Kecil"),
        "kain batik, kulit sapi",
        (45_000, 350_000),
        ("bag",),
        (100, 500),
        "{w} × {h} cm",
    ),
    Line(
        "perhiasan",
        ("Gelang Manik Keramik", "Kalung Manik Tanah Liat", "Anting Bambu", "Bros Batik"),
        ("Merah Bata", "Warna Alam", "Motif Menong", "Set"),
        "manik tanah liat, bambu, benang",
        (25_000, 150_000),
        ("beads",),
        (20, 120),
        "",
    ),
    Line(
        "alas-kaki",
        ("Sandal Anyaman", "Selop Batik", "Sandal Kulit"),
        ("Ukuran 38–43", "Ukuran 36–40", "Warna Coklat"),
        "pandan, kain batik, kulit",
        (85_000, 250_000),
        ("bag", "weave"),
        (300, 700),
        "",
    ),
    Line(
        "peralatan-dapur-kayu",
        ("Talenan Kayu", "Sendok Sayur Kayu", "Centong Nasi Kayu", "Set Sendok Kayu"),
        ("Kayu Mahoni", "Kayu Jati", "Ukuran Besar", "Isi 3"),
        "kayu mahoni, minyak kelapa",
        (15_000, 120_000),
        ("wood", "spoons"),
        (100, 1500),
        "{w} × {d} cm",
    ),
    Line(
        "ukiran-kayu",
        ("Ukiran Kayu Kujang", "Patung Kayu Semar", "Hiasan Kayu Wayang Golek"),
        ("Kayu Jati", "Finishing Natural", "Ukuran 40 cm"),
        "kayu jati, kayu mahoni",
        (150_000, 1_500_000),
        ("wood", "frame"),
        (500, 5000),
        "Tinggi {h} cm",
        0.5,
    ),
    Line(
        "mainan-kayu",
        ("Mobil-mobilan Kayu", "Gasing Kayu", "Balok Susun Kayu", "Congklak Kayu"),
        ("Cat Aman Anak", "Warna Alami", "Set"),
        "kayu pinus, cat berbasis air",
        (25_000, 120_000),
        ("wood", "spoons"),
        (150, 1200),
        "",
    ),
    Line(
        "lampu-hias",
        ("Lampu Gantung Bambu", "Lampu Meja Anyaman", "Lampu Tidur Gerabah"),
        ("Motif Bintang", "Warna Alami", "Ukuran 30 cm"),
        "bambu, gerabah, fitting E27",
        (125_000, 650_000),
        ("lamp",),
        (400, 2500),
        "Diameter {d} cm",
        0.3,
    ),
    Line(
        "hiasan-dinding",
        ("Hiasan Dinding Batik", "Tampah Lukis", "Pigura Anyaman"),
        ("Motif Gunung Parang", "Motif Situ Buleud", "Ukuran 40 cm"),
        "kayu, kain batik, bambu",
        (85_000, 450_000),
        ("frame", "batik"),
        (300, 2000),
        "{w} × {h} cm",
    ),
    Line(
        "cendera-mata",
        ("Gantungan Kunci Menong", "Magnet Kulkas Keramik", "Miniatur Guci"),
        ("Isi 5", "Satuan", "Motif Purwakarta"),
        "tanah liat, kayu",
        (15_000, 75_000),
        ("menong", "vase", "frame"),
        (30, 300),
        "",
    ),
]
LINES_BY_CATEGORY = {line.category: line for line in LINES}
# A vendor's business name says what it makes, when the vendor has no categories set.
KEYWORDS = {
    "keramik": ("guci-vas", "hiasan-keramik", "pot-tanaman"),
    "gerabah": ("gerabah-dapur", "pot-tanaman", "guci-vas"),
    "menong": ("boneka-menong", "cendera-mata"),
    "anyam": ("tas-anyaman", "keranjang-wadah"),
    "bambu": ("keranjang-wadah", "perabot-bambu", "lampu-hias"),
    "batik": ("kain-batik", "busana-batik", "tas-dompet"),
    "tenun": ("kain-tenun",),
    "aren": ("gula-aren", "minuman"),
    "gula": ("gula-aren",),
    "simping": ("simping-semprong", "camilan"),
    "kue": ("simping-semprong", "camilan"),
    "camilan": ("camilan",),
    "kopi": ("minuman",),
    "kayu": ("peralatan-dapur-kayu", "ukiran-kayu", "mainan-kayu"),
}
HIDDEN_REASON = (
    "Foto produk buram dan ukuran tidak dicantumkan. Mohon unggah foto yang lebih jelas "
    "dan lengkapi ukuran, lalu hubungi staf Dinas."
)


def _capacity(lines):
    return sum(len(line.names) * len(line.variants) for line in lines)


def _lines_for(vendor, leaf_slugs, count):
    """What a vendor makes: its categories, or what its name says, or three at random; then
    neighbouring lines until there are names enough for ``count`` different products."""
    chosen = [
        child.slug
        for category in vendor.categories.all()
        for child in ([category] if category.parent_id else category.children.all())
        if child.slug in LINES_BY_CATEGORY
    ]
    if not chosen:
        name = vendor.business_name.lower()
        chosen = [slug for word, slugs in KEYWORDS.items() if word in name for slug in slugs]
    rng = random.Random(vendor.slug)  # noqa: S311 (demo data)
    if not chosen:
        chosen = rng.sample(sorted(leaf_slugs), 3)
    lines = [LINES_BY_CATEGORY[slug] for slug in dict.fromkeys(chosen) if slug in leaf_slugs]
    others = [line for line in LINES if line not in lines and line.category in leaf_slugs]
    rng.shuffle(others)
    while others and _capacity(lines) < 2 * count:
        lines.append(others.pop())
    return lines


def _price(rng, low, high):
    step = 500 if high <= 50_000 else 5_000
    return rng.randrange(low // step, high // step + 1) * step


def _description(rng, line, name, vendor):
    parts = [f"{name} buatan {vendor.business_name}."]
    if line.about:
        parts.append(line.about)
    if line.food:
        months = rng.choice((2, 3))
        parts.append(
            f"Tahan sekitar {months} bulan dalam wadah tertutup, simpan di tempat kering dan "
            "sejuk, jauh dari sinar matahari."
        )
    else:
        parts.append(
            rng.choice(
                (
                    "Setiap buah dibuat tangan, sehingga warna dan ukurannya sedikit berbeda.",
                    "Cocok untuk oleh-oleh khas Purwakarta maupun hiasan rumah.",
                    "Bersihkan dengan kain lembap; hindari sabun keras.",
                )
            )
        )
    return "\n\n".join(parts)


def _plan(vendor, lines, count):
    """The products a vendor offers: always the same for the same vendor."""
    rng = random.Random(f"produk:{vendor.slug}")  # noqa: S311 (demo data)
    seen, plan = set(), []
    attempts = 0
    while len(plan) < count and attempts < count * 20:
        attempts += 1
        line = lines[len(plan) % len(lines)]
        name = f"{rng.choice(line.names)} {rng.choice(line.variants)}"
        if name in seen:
            continue
        seen.add(name)
        h, d, w = rng.randrange(10, 80), rng.randrange(8, 50), rng.randrange(15, 60)
        made_to_order = rng.random() < line.made_to_order
        roll = rng.random()
        plan.append(
            {
                "line": line,
                "fields": {
                    "name": name,
                    "description": _description(rng, line, name, vendor),
                    "materials": line.materials,
                    "dimensions": line.dimensions.format(h=h, d=d, w=w),
                    "weight_grams": rng.randrange(*line.weight),
                    "price": _price(rng, *line.price),
                    "made_to_order": made_to_order,
                    "lead_time_days": rng.choice((7, 10, 14, 21, 30)) if made_to_order else None,
                },
                "status": "draft" if roll < 0.08 else "archived" if roll < 0.12 else "published",
                "hidden": 0.12 <= roll < 0.14,
                "pictures": [
                    (rng.choice(line.pictures), rng.randrange(3))
                    for _ in range(rng.choice((1, 1, 2, 3)))
                ],
            }
        )
    return plan


def _seed_category_pictures(box):
    for top in Category.objects.filter(parent__isnull=True, file=""):
        child = top.children.filter(slug__in=LINES_BY_CATEGORY).first()
        if child is None:
            continue
        line = LINES_BY_CATEGORY[child.slug]
        store_prepared_image(top, box.get(line.pictures[0], top.position))
        top.save(update_fields=["file", "width", "height", "renditions"])


def seed(stdout):
    vendors = list(
        Vendor.objects.approved().select_related("user").prefetch_related("categories__children")
    )
    if not vendors:
        stdout.write("products: no approved vendors yet, so no demo products (seed vendors first).")
        return
    leaf_slugs = set(
        Category.objects.filter(children__isnull=True).values_list("slug", flat=True)
    ) & set(LINES_BY_CATEGORY)
    categories = {c.slug: c for c in Category.objects.filter(slug__in=leaf_slugs)}
    if not categories:
        stdout.write("products: the category tree is missing (run migrate first).")
        return
    staff = (
        User.objects.filter(Q(email=STAFF_EMAIL) | Q(is_superuser=True))
        .order_by("-is_staff")
        .first()
    )
    existing = set(Product.objects.filter(vendor__in=vendors).values_list("vendor_id", "name"))
    box = PictureBox()
    _seed_category_pictures(box)
    per_vendor, extra = divmod(TARGET_PRODUCTS, len(vendors))
    created = 0
    for index, vendor in enumerate(sorted(vendors, key=lambda v: v.slug)):
        count = per_vendor + (1 if index < extra else 0)
        for item in _plan(vendor, _lines_for(vendor, leaf_slugs, count), count):
            fields = item["fields"]
            if (vendor.pk, fields["name"]) in existing:
                continue
            product = services.product_create(
                vendor=vendor, by=vendor.user, category=categories[item["line"].category], **fields
            )
            for number, (kind, variant) in enumerate(item["pictures"], start=1):
                services.product_image_add(
                    product=product,
                    by=vendor.user,
                    alt=f"{fields['name']}, foto {number}",
                    prepared=box.get(kind, variant),
                )
            if item["status"] != "draft":
                services.product_publish(product=product, by=vendor.user)
            if item["status"] == "archived":
                services.product_archive(product=product, by=vendor.user)
            if item["hidden"] and staff is not None:
                services.product_hide(product=product, by=staff, reason=HIDDEN_REASON)
            created += 1
    total = Product.objects.filter(vendor__in=vendors).count()
    stdout.write(f"products: {created} demo products added ({total} in all).")
