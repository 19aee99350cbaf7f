"""A small but realistic shop for the shop-front tests: categories with children, makers in
several kecamatan, open and planned outlets, products with pictures and stock."""

from types import SimpleNamespace

from gallery.services import stock_receive, stock_reserve
from tests.factories import (
    CategoryFactory,
    OpeningHoursFactory,
    OutletFactory,
    ProductFactory,
    ProductImageFactory,
    VendorFactory,
    kecamatan,
)


def build_shop(*, pictures=True):
    keramik = CategoryFactory(slug="keramik", name_id="Keramik", name_en="Ceramics", position=1)
    guci = CategoryFactory(slug="guci", name_id="Guci", name_en="Jars", parent=keramik)
    vas = CategoryFactory(slug="vas", name_id="Vas Bunga", name_en="Vases", parent=keramik)
    anyaman = CategoryFactory(
        slug="anyaman", name_id="Anyaman Bambu", name_en="Bamboo weaving", position=2
    )
    makanan = CategoryFactory(slug="makanan", name_id="Makanan", name_en="Food", position=3)
    gula = CategoryFactory(slug="gula", name_id="Gula Aren", name_en="Palm sugar", parent=makanan)

    plered = VendorFactory(
        business_name="Keramik Anjun Jaya",
        slug="keramik-anjun-jaya",
        kecamatan=kecamatan("Plered"),
        story="Perajin gerabah Anjun sejak 1985, tiga generasi di tepi Sungai Citarum.",
    )
    wanayasa = VendorFactory(
        business_name="Anyaman Wanayasa",
        slug="anyaman-wanayasa",
        kecamatan=kecamatan("Wanayasa"),
        show_whatsapp=True,
        whatsapp="+6281311112222",
        story="Kelompok ibu-ibu penganyam bambu dari Desa Wanayasa.",
    )
    darangdan = VendorFactory(
        business_name="Gula Aren Darangdan",
        slug="gula-aren-darangdan",
        kecamatan=kecamatan("Darangdan"),
        story="Penyadap nira aren di lereng Gunung Burangrang.",
    )

    galeri1 = OutletFactory(
        name="Galeri Menong 1",
        slug="galeri-menong-1",
        position=1,
        address="Jl. Veteran No. 134, Ciseureuh",
        latitude="-6.556300",
        longitude="107.443500",
    )
    galeri2 = OutletFactory(
        name="Galeri Menong 2",
        slug="galeri-menong-2",
        position=2,
        address="Dekat Taman Sri Baduga, Situ Buleud",
    )
    parang = OutletFactory(
        name="Galeri Menong Gunung Parang",
        slug="galeri-menong-gunung-parang",
        position=3,
        address="Kawasan wisata Gunung Parang",
        kecamatan=kecamatan("Tegalwaru"),
        is_planned=True,
    )
    for outlet in (galeri1, galeri2):
        for weekday in range(6):
            OpeningHoursFactory(outlet=outlet, weekday=weekday, opens="09:00", closes="17:00")

    products = SimpleNamespace(
        guci=ProductFactory(
            vendor=plered,
            category=guci,
            name="Guci Keramik Plered Motif Mega Mendung",
            slug="guci-keramik-plered",
            price=350_000,
            materials="tanah liat merah",
            description="Guci tanah liat dibakar dua kali, glasir cokelat tua. Tinggi 40 cm.",
            dimensions="40 × 25 × 25 cm",
            weight_grams=4200,
        ),
        vas=ProductFactory(
            vendor=plered,
            category=vas,
            name="Vas Bunga Gerabah Anjun",
            slug="vas-gerabah-anjun",
            price=85_000,
            materials="tanah liat",
            description="Vas kecil untuk bunga kering, cocok untuk meja tamu.",
        ),
        menong=ProductFactory(
            vendor=plered,
            category=keramik,
            name="Boneka Menong Tanah Liat",
            slug="boneka-menong",
            price=45_000,
            made_to_order=True,
            lead_time_days=14,
            description="Boneka tanah liat khas Plered, dibuat sesuai pesanan.",
        ),
        tas=ProductFactory(
            vendor=wanayasa,
            category=anyaman,
            name="Tas Anyaman Bambu Wanayasa",
            slug="tas-anyaman-bambu",
            price=120_000,
            materials="bambu tali",
            description="Tas jinjing dari bambu tali yang dianyam rapat oleh ibu-ibu Wanayasa.",
        ),
        bakul=ProductFactory(
            vendor=wanayasa,
            category=anyaman,
            name="Bakul Nasi Bambu",
            slug="bakul-nasi-bambu",
            price=35_000,
            materials="bambu",
            description="Bakul untuk nasi hangat, hasil menganyam bambu secara tradisional.",
        ),
        gula=ProductFactory(
            vendor=darangdan,
            category=gula,
            name="Gula Aren Cetak Darangdan",
            slug="gula-aren-cetak",
            price=25_000,
            materials="nira aren",
            description="Gula merah dari nira aren murni, tanpa campuran. Tahan 3 bulan.",
        ),
    )
    if pictures:
        for product in vars(products).values():
            ProductImageFactory(product=product, position=0)
            ProductImageFactory(product=product, position=1, alt=f"{product.name}, tampak samping")

    # Stock: the guci at both outlets (one partly reserved), the tas at Galeri 2 only and all of
    # it reserved, the gula at Galeri 1; the vas, bakul and menong are on no shelf.
    stock_receive(outlet=galeri1, product=products.guci, quantity=3, by=None)
    stock_receive(outlet=galeri2, product=products.guci, quantity=5, by=None)
    stock_reserve(outlet=galeri2, items=[(products.guci, 2)], reference="GM-0001")
    stock_receive(outlet=galeri2, product=products.tas, quantity=1, by=None)
    stock_reserve(outlet=galeri2, items=[(products.tas, 1)], reference="GM-0002")
    stock_receive(outlet=galeri1, product=products.gula, quantity=40, by=None)

    return SimpleNamespace(
        categories=SimpleNamespace(
            keramik=keramik, guci=guci, vas=vas, anyaman=anyaman, makanan=makanan, gula=gula
        ),
        vendors=SimpleNamespace(plered=plered, wanayasa=wanayasa, darangdan=darangdan),
        outlets=SimpleNamespace(galeri1=galeri1, galeri2=galeri2, parang=parang),
        products=products,
    )


def many_products(count, *, category, vendor, outlets=(), prefix="Piring Keramik"):
    """``count`` products with two pictures each and stock at every one of ``outlets``."""
    made = []
    for n in range(count):
        product = ProductFactory(
            vendor=vendor,
            category=category,
            name=f"{prefix} {n}",
            slug=f"{prefix.lower().replace(' ', '-')}-{n}",
            price=10_000 + n * 1_000,
        )
        ProductImageFactory(product=product, position=0)
        ProductImageFactory(product=product, position=1)
        for outlet in outlets:
            stock_receive(outlet=outlet, product=product, quantity=2, by=None)
        made.append(product)
    return made
