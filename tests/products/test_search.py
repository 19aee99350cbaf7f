"""Search on PostgreSQL with real Indonesian words, and its typo tolerance (bar 2)."""

import random

import pytest
from django.db import connection
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from products.models import Product
from products.search import (
    edit_distance,
    search,
    search_contains,
    search_full_text,
    suggest_correction,
    suggestion_query,
)
from tests.factories import CategoryFactory, ProductFactory, VendorFactory
from tests.products.storefront import build_shop

pytestmark = pytest.mark.django_db


def found(query, queryset=None):
    queryset = Product.objects.public() if queryset is None else queryset
    return [p.slug for p in search(queryset, query).order_by("-rank", "pk")]


def listed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response, [p.slug for p in response.context["listing"].products]


@pytest.fixture
def shop():
    return build_shop(pictures=False)


@pytest.fixture
def neutral_vendor():
    return VendorFactory(business_name="Usaha Bu Imas", slug="usaha-bu-imas")


def test_search_runs_on_postgresql():
    assert connection.vendor == "postgresql"


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("menganyam", "tas-anyaman-bambu"),  # menganyam → anyam ← anyaman
        ("dianyam", "tas-anyaman-bambu"),
        ("penganyam", "tas-anyaman-bambu"),
        ("anyam", "tas-anyaman-bambu"),
        ("anyaman", "bakul-nasi-bambu"),  # its description says "menganyam"
        ("keramik", "guci-keramik-plered"),
        ("gerabah", "vas-gerabah-anjun"),
    ],
)
def test_stemming_finds_inflected_forms(shop, query, slug):
    assert slug in found(query)


def test_batik_is_found_from_membatik_and_pembatik(neutral_vendor):
    kain = CategoryFactory(slug="kain", name_id="Kain", name_en="Cloth")
    ProductFactory(
        vendor=neutral_vendor,
        category=kain,
        name="Kain Batik Tulis Purwakarta",
        slug="kain-batik-tulis",
        description="Selembar kain, motif Situ Buleud.",
        materials="katun primisima",
    )
    assert found("membatik") == ["kain-batik-tulis"]
    assert found("pembatik") == ["kain-batik-tulis"]
    assert found("batik") == ["kain-batik-tulis"]


def test_berkeramik_stems_apart_from_keramik_and_the_correction_bridges_it(client, shop):
    # The indonesian stemmer cuts "keramik" to "ramik" but "berkeramik" to "keramik".
    assert found("berkeramik") == []
    response, slugs = listed(client, "/produk/?q=berkeramik")
    assert "guci-keramik-plered" in slugs
    assert response.context["listing"].query == "keramik"


def test_a_name_match_ranks_above_a_category_match_above_a_description_match(neutral_vendor):
    tas = CategoryFactory(slug="tas", name_id="Tas", name_en="Bags")
    anyaman = CategoryFactory(slug="anyaman-pandan", name_id="Anyaman Pandan", name_en="Weaving")
    perabot = CategoryFactory(slug="perabot", name_id="Perabot", name_en="Furniture")
    for slug, name, category, description in [
        (
            "tampah",
            "Tampah Besar",
            perabot,
            "Tampah ini dibuat dengan anyaman rapat, anyaman ganda.",
        ),
        ("dompet", "Dompet Pandan", anyaman, "Dompet kecil untuk koin."),
        ("tas", "Tas Anyaman Pandan", tas, "Tas jinjing untuk ke pasar."),
    ]:
        ProductFactory(
            vendor=neutral_vendor,
            category=category,
            name=name,
            slug=slug,
            description=description,
            materials="daun pandan",
        )
    assert found("anyaman") == ["tas", "dompet", "tampah"]


@pytest.mark.parametrize(
    ("typo", "corrected", "slug"),
    [
        ("keramk", "keramik", "guci-keramik-plered"),
        ("anyman", "anyaman", "tas-anyaman-bambu"),
        ("gula arn", "gula aren", "gula-aren-cetak"),
        ("gerabh", "gerabah", "vas-gerabah-anjun"),
        ("bmabu", "bambu", "bakul-nasi-bambu"),
    ],
)
def test_a_typo_still_finds_the_right_product(client, shop, typo, corrected, slug):
    assert found(typo) == []
    assert suggest_correction(typo) == corrected
    response, slugs = listed(client, f"/en/produk/?q={typo}")
    assert slug in slugs
    listing = response.context["listing"]
    assert listing.corrected and listing.query == corrected
    assert f"Showing results for “{corrected}”" in response.content.decode()


def test_did_you_mean_appears_when_nothing_matches(client, shop):
    # "gerabah" exists, but not among the bamboo goods: the suggestion is offered, not forced.
    response, slugs = listed(client, "/en/produk/?q=gerabh&kategori=anyaman")
    assert slugs == []
    html = response.content.decode()
    assert "Did you mean" in html
    assert 'href="/en/produk/?q=gerabah&amp;kategori=anyaman">gerabah</a>' in html


def test_nonsense_gets_no_suggestion(client, shop):
    assert suggest_correction("zzqxw") is None
    response, slugs = listed(client, "/en/produk/?q=zzqxw")
    assert slugs == []
    assert "Did you mean" not in response.content.decode()


def test_known_words_are_never_corrected(shop):
    assert suggest_correction("gula aren") is None
    assert suggest_correction("menganyam") is None  # known through its stem only


def test_suggestions_never_come_from_hidden_products(shop, neutral_vendor):
    ProductFactory(
        vendor=neutral_vendor,
        name="Kendi Rahasia",
        slug="kendi-rahasia",
        hidden_at=timezone.now(),
        hidden_reason="Foto milik orang lain",
    )
    assert suggest_correction("rahasiaa") is None
    assert found("rahasia") == []


def test_filters_combine_with_search(client, shop):
    _, slugs = listed(client, "/produk/?q=anyaman&harga_maks=50000")
    assert slugs == ["bakul-nasi-bambu"]
    _, slugs = listed(client, "/produk/?q=keramik&pesanan=on")
    assert slugs == ["boneka-menong"]
    _, slugs = listed(client, "/produk/?q=bambu&tersedia=on")
    assert slugs == []  # the tas is all reserved, the bakul on no shelf


def test_search_results_come_by_relevance_and_can_be_sorted_by_price(client, shop):
    _, slugs = listed(client, "/produk/?q=anyaman")
    assert slugs[0] == "tas-anyaman-bambu"  # name match first
    _, slugs = listed(client, "/produk/?q=anyaman&urut=termurah")
    assert slugs == ["bakul-nasi-bambu", "tas-anyaman-bambu"]


def test_a_partial_word_finds_by_prefix(shop):
    assert found("gerab") == ["vas-gerabah-anjun"]
    assert "tas-anyaman-bambu" in found("wanaya")


def test_web_search_syntax_excludes_words(shop):
    assert found("anyaman -tas") == ["bakul-nasi-bambu"]
    assert found('"gula aren"') == ["gula-aren-cetak"]


def test_maker_and_materials_are_searched(shop):
    assert "gula-aren-cetak" in found("darangdan")
    assert found("nira") == ["gula-aren-cetak"]


def test_the_search_vector_follows_renames_of_a_product_its_category_and_its_maker(shop):
    shop.categories.gula.name_id = "Pemanis Alami"
    shop.categories.gula.save()
    assert found("pemanis") == ["gula-aren-cetak"]
    shop.vendors.wanayasa.business_name = "Kriya Situ Wanayasa"
    shop.vendors.wanayasa.save()
    assert "bakul-nasi-bambu" in found("kriya")
    Product.objects.filter(pk=shop.products.vas.pk).update(name="Pot Kembang Anjun")
    assert found("kembang") == ["vas-gerabah-anjun"]


def explain(sql, params, *, seqscan=True):
    with connection.cursor() as cursor:
        if not seqscan:
            cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_full_text_search_can_be_served_by_the_gin_index(shop):
    queryset = search_full_text(Product.objects.all(), "anyaman").values("pk")
    assert "products_product_search_gin" in explain(
        *queryset.query.sql_with_params(), seqscan=False
    )


NOUNS = [
    "Guci",
    "Vas",
    "Kendi",
    "Piring",
    "Mangkuk",
    "Cangkir",
    "Tas",
    "Bakul",
    "Tampah",
    "Dompet",
    "Kain",
    "Selendang",
    "Boneka",
    "Pot",
]
KINDS = [
    "Keramik",
    "Gerabah",
    "Anyaman",
    "Bambu",
    "Pandan",
    "Batik",
    "Tulis",
    "Cap",
    "Aren",
    "Kayu",
    "Rotan",
    "Tenun",
]


def test_on_10000_products_the_planner_uses_the_indexes(shop):
    """Not forced: with real statistics PostgreSQL chooses the GIN and trigram indexes."""
    rng = random.Random(2026)
    vendors = [VendorFactory() for _ in range(40)]
    categories = list(vars(shop.categories).values())
    Product.objects.bulk_create(
        [
            Product(
                vendor=rng.choice(vendors),
                category=rng.choice(categories),
                name=f"{rng.choice(NOUNS)} {rng.choice(KINDS)} Seri {n}",
                slug=f"produk-seri-{n}",
                description=f"Buatan tangan perajin Purwakarta, seri {n}.",
                price=rng.randint(10, 900) * 1000,
                status=Product.Status.PUBLISHED,
            )
            for n in range(10_000)
        ],
        batch_size=2_000,
    )
    with connection.cursor() as cursor:
        # What autovacuum does after a bulk load: flush GIN's pending list, gather statistics.
        cursor.execute("SELECT gin_clean_pending_list('products_product_search_gin')")
        cursor.execute("ANALYZE products_product")
        # The 40 vendors too: statistics left by earlier tests would otherwise steer the join.
        cursor.execute("ANALYZE vendors_vendor")
        cursor.execute("ANALYZE products_category")
    queryset = search_full_text(Product.objects.public(), "mega mendung").values("pk")
    assert "products_product_search_gin" in explain(*queryset.query.sql_with_params())
    plan = explain(*suggestion_query(["keramk", "arn"]))
    assert "Index Scan using products_product_name_trgm" in plan
    assert "Bitmap Index Scan on products_product_search_gin" in plan
    assert "Seq Scan on products_product" not in plan
    assert suggest_correction("guci keramk") == "guci keramik"


# Without PostgreSQL (`make run` on SQLite) search is a plain contains search.


def test_contains_search_finds_every_word_in_any_field(shop):
    def contains(query):
        return sorted(p.slug for p in search_contains(Product.objects.public(), query))

    assert contains("ANYAMAN") == ["bakul-nasi-bambu", "tas-anyaman-bambu"]  # category name
    assert contains("tanah liat") == ["boneka-menong", "guci-keramik-plered", "vas-gerabah-anjun"]
    assert contains("darangdan nira") == ["gula-aren-cetak"]  # vendor and materials
    assert contains("jars") == ["guci-keramik-plered"]  # English category name
    assert contains("ceramics") == ["boneka-menong", "guci-keramik-plered", "vas-gerabah-anjun"]
    assert contains("menganyam") == ["bakul-nasi-bambu"]  # no stemming: the word as written
    assert contains("") == sorted(p.slug for p in vars(shop.products).values())


def test_contains_search_ranks_name_matches_first(shop):
    ranked = search_contains(Product.objects.public(), "bambu").order_by("-rank", "pk")
    assert [p.slug for p in ranked][:2] == ["tas-anyaman-bambu", "bakul-nasi-bambu"]
    assert ranked[0].rank == 1.0


@given(st.text(alphabet="abcdeklmnr", max_size=8), st.text(alphabet="abcdeklmnr", max_size=8))
def test_edit_distance_is_a_distance(a, b):
    assert edit_distance(a, a) == 0
    assert edit_distance(a, b) == edit_distance(b, a)
    assert abs(len(a) - len(b)) <= edit_distance(a, b) <= max(len(a), len(b))


def test_edit_distance_counts_typing_mistakes():
    assert edit_distance("keramk", "keramik") == 1
    assert edit_distance("bmabu", "bambu") == 1  # two letters swapped
    assert edit_distance("arn", "aren") == 1
    assert edit_distance("batik", "botol") == 3
