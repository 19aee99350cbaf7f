"""Our categories in Google's product taxonomy (google_product_category), which Meta reads too.

Values are the taxonomy's full paths, which both Google and Meta accept as well as its numeric
ids (https://www.google.com/basepages/producttype/taxonomy-with-ids.en-US.txt). A category
without an entry takes its parent's; one without either takes the food or the crafts default.
"""

CRAFTS = "Arts & Entertainment > Hobbies & Creative Arts > Arts & Crafts"
FOOD = "Food, Beverages & Tobacco > Food Items"
DECOR = "Home & Garden > Decor"
APPAREL = "Apparel & Accessories"

BY_SLUG = {
    # Keramik & Gerabah
    "keramik-gerabah": DECOR,
    "guci-vas": "Home & Garden > Decor > Vases",
    "gerabah-dapur": "Home & Garden > Kitchen & Dining > Cookware & Bakeware",
    "pot-tanaman": "Home & Garden > Lawn & Garden > Gardening > Pots & Planters",
    "boneka-menong": "Home & Garden > Decor > Figurines",
    "hiasan-keramik": DECOR,
    # Anyaman & Bambu
    "anyaman-bambu": CRAFTS,
    "tas-anyaman": "Apparel & Accessories > Handbags, Wallets & Cases > Handbags",
    "keranjang-wadah": "Home & Garden > Household Supplies > Storage & Organization",
    "perabot-bambu": "Furniture",
    # Batik & Tenun
    "batik-tenun": APPAREL,
    "kain-batik": "Arts & Entertainment > Hobbies & Creative Arts > Arts & Crafts > "
    "Art & Crafting Materials > Textiles > Fabric",
    "busana-batik": "Apparel & Accessories > Clothing",
    "kain-tenun": "Arts & Entertainment > Hobbies & Creative Arts > Arts & Crafts > "
    "Art & Crafting Materials > Textiles > Fabric",
    # Kuliner & Oleh-oleh
    "kuliner-oleh-oleh": FOOD,
    "gula-aren": FOOD,
    "simping-semprong": "Food, Beverages & Tobacco > Food Items > Snack Foods",
    "camilan": "Food, Beverages & Tobacco > Food Items > Snack Foods",
    "minuman": "Food, Beverages & Tobacco > Beverages",
    # Fashion & Aksesori
    "fashion-aksesori": APPAREL,
    "tas-dompet": "Apparel & Accessories > Handbags, Wallets & Cases",
    "perhiasan": "Apparel & Accessories > Jewelry",
    "alas-kaki": "Apparel & Accessories > Shoes",
    # Kayu
    "kerajinan-kayu": CRAFTS,
    "peralatan-dapur-kayu": "Home & Garden > Kitchen & Dining > Kitchen Tools & Utensils",
    "ukiran-kayu": DECOR,
    "mainan-kayu": "Toys & Games > Toys",
    # Dekorasi Rumah
    "dekorasi-rumah": DECOR,
    "lampu-hias": "Home & Garden > Lighting",
    "hiasan-dinding": DECOR,
    "cendera-mata": "Arts & Entertainment > Hobbies & Creative Arts > Collectibles",
}


def google_category(slug: str, parent_slug: str | None = None, *, food: bool = False) -> str:
    """The taxonomy path of a category (``food``: the category or its parent is food)."""
    found = BY_SLUG.get(slug) or (BY_SLUG.get(parent_slug) if parent_slug else None)
    return found or (FOOD if food else CRAFTS)
