"""Search with real Indonesian words, typos and place names, on both databases (bar 5).

This file runs on PostgreSQL (the suite) and, through ``test_this_file_passes_on_sqlite_too``, on
the embedded SQLite of `make run`: the same queries must give the same results on both. Only the
tests of PostgreSQL's indexes are for PostgreSQL alone.
"""

import os
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from products.models import Product
from products.search import (
    edit_distance,
    named_words,
    search,
    search_full_text,
    stem,
    suggest_correction,
    suggestion_query,
)
from tests.factories import CategoryFactory, ProductFactory, VendorFactory, kecamatan
from tests.products.storefront import build_shop
from vendors.models import Vendor

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
ON_POSTGRESQL = connection.vendor == "postgresql"
postgresql_only = pytest.mark.skipif(not ON_POSTGRESQL, reason="PostgreSQL's own indexes")
POSTGRESQL_ONLY_TESTS = 3


def found(query, queryset=None):
    queryset = Product.objects.public() if queryset is None else queryset
    return [p.slug for p in search(queryset, query).order_by("-rank", "pk")]


def found_sorted(query):
    return sorted(found(query))


def listed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response, [p.slug for p in response.context["listing"].products]


@pytest.fixture
def shop():
    shop = build_shop(pictures=False)
    # Each maker in a desa of its own kecamatan (the factory puts every maker in Anjun).
    for vendor, desa in [("wanayasa", "Raharja"), ("darangdan", "Linggamukti")]:
        Vendor.objects.filter(pk=getattr(shop.vendors, vendor).pk).update(desa=desa)
    return shop


@pytest.fixture
def neutral_vendor():
    return VendorFactory(
        business_name="Usaha Bu Imas",
        slug="usaha-bu-imas",
        kecamatan=kecamatan("Pasawahan"),
        desa="Cidahu",
    )


@pytest.fixture
def kendi(neutral_vendor):
    return ProductFactory(
        vendor=neutral_vendor,
        category=CategoryFactory(slug="perabot", name_id="Perabot", name_en="Furniture"),
        name="Kendi Hias Polos",
        slug="kendi-hias",
        description="Kendi untuk air minum, tahan lama.",
        materials="tanah merah",
    )


def test_search_runs_on_postgresql_or_on_the_embedded_sqlite():
    assert connection.vendor in {"postgresql", "sqlite"}


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("menganyam", "tas-anyaman-bambu"),  # menganyam → anyam ← anyaman
        ("dianyam", "tas-anyaman-bambu"),
        ("penganyam", "tas-anyaman-bambu"),
        ("anyam", "tas-anyaman-bambu"),
        ("anyaman", "bakul-nasi-bambu"),  # its description says "menganyam"
        ("keramik", "guci-keramik-plered"),
        ("keramiknya", "guci-keramik-plered"),
        ("berkeramik", "guci-keramik-plered"),  # PostgreSQL's stemmer alone gives "keramik"
        ("gerabah", "vas-gerabah-anjun"),
        ("gerabahnya", "vas-gerabah-anjun"),
    ],
)
def test_stemming_finds_inflected_forms(shop, query, slug):
    assert slug in found(query)


@pytest.mark.parametrize(
    ("query", "slugs"),
    [
        ("menganyam", ["bakul-nasi-bambu", "tas-anyaman-bambu"]),
        ("anyaman", ["bakul-nasi-bambu", "tas-anyaman-bambu"]),
        ("gerabahnya", ["vas-gerabah-anjun"]),
        ("berkeramik", ["boneka-menong", "guci-keramik-plered", "vas-gerabah-anjun"]),
        ("tas anyaman", ["tas-anyaman-bambu"]),
    ],
)
def test_inflected_words_find_exactly_the_same_products_on_both_databases(shop, query, slugs):
    assert found_sorted(query) == slugs


def test_batik_is_found_from_membatik_pembatik_and_batiknya(neutral_vendor):
    kain = CategoryFactory(slug="kain", name_id="Kain", name_en="Cloth")
    ProductFactory(
        vendor=neutral_vendor,
        category=kain,
        name="Kain Batik Tulis Purwakarta",
        slug="kain-batik-tulis",
        description="Selembar kain, motif Situ Buleud.",
        materials="katun primisima",
    )
    for query in ["membatik", "pembatik", "batik", "batiknya"]:
        assert found(query) == ["kain-batik-tulis"], query


def test_the_indonesian_stemmer_comes_from_sastrawi():
    assert stem("menganyam") == stem("anyaman") == stem("dianyam") == "anyam"
    assert stem("gerabahnya") == "gerabah"
    assert stem("berkeramik") == stem("keramik") == "keramik"
    assert stem("plered") == "plered"


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
    ("query", "slugs"),
    [
        ("plered", ["boneka-menong", "guci-keramik-plered", "vas-gerabah-anjun"]),  # kecamatan
        ("wanayasa", ["bakul-nasi-bambu", "tas-anyaman-bambu"]),
        ("darangdan", ["gula-aren-cetak"]),
        ("pasawahan", ["kendi-hias"]),  # in neither the name nor the description
        ("anjun", ["boneka-menong", "guci-keramik-plered", "vas-gerabah-anjun"]),  # desa
        ("linggamukti", ["gula-aren-cetak"]),
        ("cidahu", ["kendi-hias"]),
        ("sukasari", []),  # a kecamatan without makers
        ("guci plered", ["guci-keramik-plered"]),
        ("bambu wanayasa", ["bakul-nasi-bambu", "tas-anyaman-bambu"]),
    ],
)
def test_a_kecamatan_or_desa_finds_the_goods_made_there(shop, kendi, query, slugs):
    assert found_sorted(query) == slugs


@pytest.mark.parametrize(
    ("query", "slugs"),
    [
        ("keramik anjun jaya", ["boneka-menong", "guci-keramik-plered", "vas-gerabah-anjun"]),
        ("jaya", ["boneka-menong", "guci-keramik-plered", "vas-gerabah-anjun"]),
        ("usaha bu imas", ["kendi-hias"]),
        ("imas", ["kendi-hias"]),
    ],
)
def test_a_makers_name_finds_its_goods(shop, kendi, query, slugs):
    assert found_sorted(query) == slugs


@pytest.mark.parametrize(
    ("typo", "corrected", "slug"),
    [
        ("keramk", "keramik", "guci-keramik-plered"),
        ("anyman", "anyaman", "tas-anyaman-bambu"),
        ("gula arn", "gula aren", "gula-aren-cetak"),
        ("gerabh", "gerabah", "vas-gerabah-anjun"),
        ("bmabu", "bambu", "bakul-nasi-bambu"),
        ("plred", "plered", "vas-gerabah-anjun"),  # the vas is "from Plered" only by its maker
        ("wanyasa", "wanayasa", "bakul-nasi-bambu"),
        ("pasawhan", "pasawahan", "kendi-hias"),  # a kecamatan, in no product's text
        ("cidahuu", "cidahu", "kendi-hias"),  # a desa
        ("imsa", "imas", "kendi-hias"),  # a maker's name
        ("guci plerde", "guci plered", "guci-keramik-plered"),
    ],
)
def test_a_typo_still_finds_the_right_product(client, shop, kendi, typo, corrected, slug):
    assert found(typo) == []
    assert suggest_correction(typo) == corrected
    response, slugs = listed(client, f"/en/produk/?q={typo}")
    assert slug in slugs
    assert sorted(slugs) == found_sorted(corrected)
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


def test_did_you_mean_offers_a_place(client, shop):
    response, slugs = listed(client, "/en/produk/?q=plred&kategori=makanan")
    assert slugs == []
    html = response.content.decode()
    assert "Did you mean" in html
    assert 'href="/en/produk/?q=plered&amp;kategori=makanan">plered</a>' in html


def test_a_typo_is_corrected_on_the_indonesian_pages_too(client, shop):
    response, slugs = listed(client, "/produk/?q=keramk")
    assert response.context["listing"].query == "keramik"
    assert "guci-keramik-plered" in slugs


def test_nonsense_gets_no_suggestion(client, shop):
    assert suggest_correction("zzqxw") is None
    response, slugs = listed(client, "/en/produk/?q=zzqxw")
    assert slugs == []
    assert "Did you mean" not in response.content.decode()


@pytest.mark.parametrize("query", ["!!!", "-", '""', "or"])
def test_a_query_without_words_finds_nothing(client, shop, query):
    assert found(query) == []
    listed(client, f"/produk/?q={query}")


def test_a_query_of_exclusions_finds_everything_else(shop):
    assert found_sorted("-tas -guci") == [
        "bakul-nasi-bambu",
        "boneka-menong",
        "gula-aren-cetak",
        "vas-gerabah-anjun",
    ]


def test_known_words_are_never_corrected(shop, kendi):
    assert suggest_correction("gula aren") is None
    assert suggest_correction("menganyam") is None  # known through its stem only
    assert suggest_correction("pasawahan") is None  # known as the maker's kecamatan
    assert suggest_correction("gula xqzvw") is None  # one word beyond help: no suggestion


def test_suggestions_never_come_from_hidden_products_or_unapproved_makers(shop, neutral_vendor):
    ProductFactory(
        vendor=neutral_vendor,
        name="Kendi Rahasia",
        slug="kendi-rahasia",
        hidden_at=timezone.now(),
        hidden_reason="Foto milik orang lain",
    )
    VendorFactory(business_name="Sanggar Kriyaloka", status=Vendor.Status.SUBMITTED)
    assert suggest_correction("rahasiaa") is None
    assert suggest_correction("kriyaloke") is None
    assert found("rahasia") == []


def test_filters_combine_with_search(client, shop):
    _, slugs = listed(client, "/produk/?q=anyaman&harga_maks=50000")
    assert slugs == ["bakul-nasi-bambu"]
    _, slugs = listed(client, "/produk/?q=keramik&pesanan=on")
    assert slugs == ["boneka-menong"]
    _, slugs = listed(client, "/produk/?q=bambu&tersedia=on")
    assert slugs == []  # the tas is all reserved, the bakul on no shelf
    _, slugs = listed(client, "/produk/?q=plered&harga_maks=100000")
    assert sorted(slugs) == ["boneka-menong", "vas-gerabah-anjun"]


def test_search_results_come_by_relevance_and_can_be_sorted_by_price(client, shop):
    _, slugs = listed(client, "/produk/?q=anyaman")
    assert slugs[0] == "tas-anyaman-bambu"  # name match first
    _, slugs = listed(client, "/produk/?q=anyaman&urut=termurah")
    assert slugs == ["bakul-nasi-bambu", "tas-anyaman-bambu"]
    _, slugs = listed(client, "/produk/?q=plered")
    assert slugs[0] == "guci-keramik-plered"  # the only one with Plered in its name


def test_a_partial_word_finds_by_prefix(shop):
    assert found("gerab") == ["vas-gerabah-anjun"]
    assert "tas-anyaman-bambu" in found("wanaya")
    assert found_sorted("plere") == ["boneka-menong", "guci-keramik-plered", "vas-gerabah-anjun"]


def test_web_search_syntax_excludes_words(shop):
    assert found("anyaman -tas") == ["bakul-nasi-bambu"]
    assert found('"gula aren"') == ["gula-aren-cetak"]
    assert found('"aren cetak"') == ["gula-aren-cetak"]
    assert found('"cetak aren"') == []
    assert found_sorted("gula or guci") == ["guci-keramik-plered", "gula-aren-cetak"]
    assert found("gerab -tas") == []  # with syntax, no prefixes
    everything_but_the_tas = found_sorted("tas or -tas")
    assert "tas-anyaman-bambu" in everything_but_the_tas and len(everything_but_the_tas) == 6


def test_every_field_is_searched(shop):
    tanah_liat = ["boneka-menong", "guci-keramik-plered", "vas-gerabah-anjun"]
    assert found_sorted("TANAH liat") == tanah_liat  # name, materials, description
    assert found_sorted("darangdan nira") == ["gula-aren-cetak"]  # maker and materials
    assert found("nira") == ["gula-aren-cetak"]
    assert found("jars") == ["guci-keramik-plered"]  # English category name
    assert found_sorted("ceramics") == tanah_liat  # English name of the parent category


def test_search_follows_renames_of_a_product_its_category_and_its_maker(shop):
    shop.categories.gula.name_id = "Pemanis Alami"
    shop.categories.gula.save()
    assert found("pemanis") == ["gula-aren-cetak"]
    shop.vendors.wanayasa.business_name = "Kriya Situ Wanayasa"
    shop.vendors.wanayasa.save()
    assert "bakul-nasi-bambu" in found("kriya")
    Product.objects.filter(pk=shop.products.vas.pk).update(name="Pot Kembang Anjun")
    assert found("kembang") == ["vas-gerabah-anjun"]


def test_search_follows_a_maker_that_moves(shop):
    Vendor.objects.filter(pk=shop.vendors.darangdan.pk).update(
        kecamatan=kecamatan("Kiarapedes"), desa="Taringgul Tonggoh"
    )
    assert found("kiarapedes") == ["gula-aren-cetak"]
    assert found("taringgul") == ["gula-aren-cetak"]
    assert found("linggamukti") == []
    assert suggest_correction("kiarapedez") == "kiarapedes"


def test_a_corrected_search_costs_few_queries_more_than_the_right_word(client, shop):
    """PostgreSQL: the count of the typo's results (none) and the correction, one query each.
    SQLite: the typo's candidate products (none, so no count), its known words and the product
    names of the vocabulary. The words of categories, makers and kecamatan are read once per
    catalogue version (three small reads), here before; a search's page is kept once read."""

    def searched(url):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        return response, len(queries.captured_queries)

    client.get("/produk/?q=keramik")  # its page, the filter choices and the cards are kept
    named_words()
    _, right = searched("/produk/?q=keramik")
    response, corrected = searched("/produk/?q=keramk")  # corrected to the same page
    assert response.context["listing"].corrected
    assert right == (0 if ON_POSTGRESQL else 1)  # SQLite first finds its candidates in Python
    assert corrected == right + (2 if ON_POSTGRESQL else 3)


# PostgreSQL's indexes.


def explain(sql, params, *, seqscan=True):
    with connection.cursor() as cursor:
        if not seqscan:
            cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


@postgresql_only
def test_full_text_search_can_be_served_by_the_gin_index(shop):
    queryset = search_full_text(Product.objects.all(), "menganyam").values("pk")
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


@postgresql_only
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
    plan = explain(*suggestion_query(["keramk", "arn", "plred"]))
    assert "Index Scan using products_product_name_trgm" in plan
    assert "Bitmap Index Scan on products_product_search_gin" in plan
    assert "Seq Scan on products_product" not in plan
    assert suggest_correction("guci keramk") == "guci keramik"
    assert suggest_correction("guci plred") == "guci plered"


@postgresql_only
def test_this_file_passes_on_sqlite_too(tmp_path):
    """The same tests, on the embedded SQLite that `make run` uses without DATABASE_URL."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'galeri.sqlite3'}"}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", __file__],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-3000:]
    summary = run.stdout.strip().splitlines()[-1]
    assert re.search(r"\b\d+ passed\b", summary), summary
    assert f"{POSTGRESQL_ONLY_TESTS} skipped" in summary, summary
    assert "failed" not in summary and "error" not in summary, summary


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
