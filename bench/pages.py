"""The URLs each page kind is measured over: many different pages, never one cached page.

Adjust here when the storefront changes: the listing's GET parameter names and sort values
(products/listing.py), the search words. Paths come from ``reverse``/``get_absolute_url``.
"""

import random

from django.urls import reverse
from django.utils import translation

KINDS = ("baseline", "home", "catalogue", "search", "category", "product")
PRODUCTS = 500
SEARCHES = 200
CATALOGUE_PAGES = 50

# GET parameters of the catalogue and category listings (products/listing.py ListingFilterForm).
PARAM = {
    "q": "q",
    "category": "kategori",
    "kecamatan": "kecamatan",
    "outlet": "galeri",
    "min_price": "harga_min",
    "max_price": "harga_maks",
    "in_stock": "tersedia",
    "made_to_order": "pesanan",
    "sort": "urut",
    "page": "page",
}
SORTS = ("terbaru", "termurah", "termahal")
PRICE_RANGES = (
    (None, 25_000),
    (None, 50_000),
    (25_000, 75_000),
    (50_000, 150_000),
    (100_000, 300_000),
    (150_000, 500_000),
    (250_000, None),
    (500_000, None),
)

# What shoppers type: crafts, foods, places and materials, a few in English.
SEARCH_WORDS = (
    "keramik",
    "gerabah",
    "anyaman",
    "bambu",
    "batik",
    "batik tulis",
    "batik cap",
    "gula aren",
    "gula semut",
    "simping",
    "semprong",
    "boneka menong",
    "menong",
    "guci",
    "vas bunga",
    "kendi",
    "cobek",
    "pot",
    "pot gantung",
    "tas anyaman",
    "keranjang",
    "tampah",
    "besek",
    "boboko",
    "kursi bambu",
    "kain tenun",
    "kemeja batik",
    "selendang",
    "kopi",
    "keripik",
    "opak",
    "rengginang",
    "dodol",
    "talenan",
    "wayang golek",
    "lampu hias",
    "hiasan dinding",
    "gantungan kunci",
    "sandal",
    "dompet",
    "kalung",
    "terakota",
    "tanah liat",
    "plered",
    "wanayasa",
    "purwakarta",
    "oleh-oleh",
    "mega mendung",
    "jaipong",
    "kencur",
    "pandan",
    "rotan",
    "mendong",
    "kayu jati",
    "mahoni",
    "celengan",
    "asbak",
    "piring hias",
    "mangkuk",
    "kipas",
    "miniatur",
    "situ buleud",
    "tote bag",
    "bakul",
    "sirup",
    "bandrek",
    "jahe merah",
    "congklak",
    "gasing",
    "topeng",
    "ukiran",
    "batok kelapa",
    "manik",
    "kain batik",
    "busana batik",
    "ceramic vase",
    "bamboo basket",
    "palm sugar",
    "batik shirt",
    "souvenir",
)


def typo(word, rng):
    """The word as a hurried thumb types it: a letter dropped, swapped, doubled or mistyped."""
    if len(word) < 4:
        return word + word[-1]
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice(("drop", "swap", "double", "replace"))
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    if kind == "swap":
        return word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    return word[:i] + rng.choice("aeiounkrst") + word[i + 1 :]


def search_terms(rng, name_words=(), count=SEARCHES):
    """``count`` different queries: real words, typos of them, pairs, words of product names."""
    terms = dict.fromkeys(["keramk", "anyman", "gerabh", "simpng", "bamboo", "batk tulis"])
    singles = [w for w in SEARCH_WORDS if " " not in w]
    terms.update(dict.fromkeys(SEARCH_WORDS))
    while len(terms) < count:
        roll = rng.random()
        if roll < 0.35:
            term = typo(rng.choice(singles), rng)
        elif roll < 0.6:
            term = f"{rng.choice(singles)} {rng.choice(singles)}"
        elif roll < 0.8 and name_words:
            term = rng.choice(name_words)
        else:
            term = f"{rng.choice(SEARCH_WORDS)} {rng.choice(('plered', 'purwakarta', 'murah', 'asli', 'besar'))}"
        terms[term] = None
    return list(terms)[:count]


def query(path, **values):
    from urllib.parse import urlencode

    pairs = [(PARAM[name], value) for name, value in values.items() if value not in (None, "")]
    return f"{path}?{urlencode(pairs)}" if pairs else path


def catalogue_filters(rng, *, categories, kecamatan, outlets, count=CATALOGUE_PAGES):
    """``count`` different catalogue pages: each filter alone, then mixes, some on page 2 or 3."""
    tops = [c for c in categories if c.parent_id is None]
    children = [c for c in categories if c.parent_id is not None]
    yes = "1"
    pages = [{}, {"page": 2}, {"page": 3}]
    pages += [{"sort": sort} for sort in SORTS]
    pages += [{"sort": "termurah", "page": 2}, {"in_stock": yes}, {"made_to_order": yes}]
    pages += [{"category": c.slug} for c in tops]
    pages += [{"kecamatan": code} for code in kecamatan[:4]]
    pages += [{"outlet": slug, "in_stock": yes} for slug in outlets]
    pages += [{"min_price": low, "max_price": high} for low, high in PRICE_RANGES[:4]]
    seen = {tuple(sorted(p.items())) for p in pages}
    while len(pages) < count:
        low, high = rng.choice(PRICE_RANGES)
        candidate = {
            "category": rng.choice(children + tops).slug if rng.random() < 0.6 else None,
            "kecamatan": rng.choice(kecamatan) if rng.random() < 0.25 else None,
            "outlet": rng.choice(outlets) if rng.random() < 0.2 else None,
            "min_price": low if rng.random() < 0.4 else None,
            "max_price": high if rng.random() < 0.4 else None,
            "in_stock": yes if rng.random() < 0.3 else None,
            "sort": rng.choice(SORTS) if rng.random() < 0.6 else None,
            "page": rng.choice((2, 3)) if rng.random() < 0.15 else None,
        }
        candidate = {k: v for k, v in candidate.items() if v is not None}
        key = tuple(sorted(candidate.items()))
        if candidate and key not in seen:
            seen.add(key)
            pages.append(candidate)
    return pages[:count]


def rotations(seed=2026, products=PRODUCTS):
    """``{kind: [path, ...]}`` for every page kind, from the bench data in the database."""
    from core.models import Kecamatan
    from gallery.models import Outlet
    from products.models import Category, Product

    rng = random.Random(seed)
    with translation.override("id"):
        catalogue = reverse("products:catalogue")
        public = list(Product.objects.public().order_by("pk").values_list("slug", "name"))
        chosen = rng.sample(public, min(products, len(public)))
        name_words = sorted(
            {w.lower() for _, name in public[:2000] for w in name.split() if len(w) > 4}
        )
        categories = list(Category.objects.order_by("pk"))
        kecamatan = list(
            Kecamatan.objects.filter(vendors__isnull=False)
            .distinct()
            .values_list("code", flat=True)
        )
        outlets = list(Outlet.objects.active().values_list("slug", flat=True))
        product_path = reverse("products:product-detail", kwargs={"slug": "SLUG"})
        return {
            "baseline": ["/_bench/baseline/"],
            "home": [reverse("core:home"), "/en/"],
            "catalogue": [
                query(catalogue, **values)
                for values in catalogue_filters(
                    rng, categories=categories, kecamatan=kecamatan, outlets=outlets
                )
            ],
            "search": [query(catalogue, q=term) for term in search_terms(rng, name_words)],
            "category": [category.get_absolute_url() for category in categories],
            "product": [product_path.replace("SLUG", slug) for slug, _name in chosen],
        }
