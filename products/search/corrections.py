"""Typo correction: a query that finds nothing, with its unknown words replaced by known ones.

A word is known when some public product holds it, as written or by its root. An unknown word
becomes the nearest word of the search vocabulary: the words of product names, category names,
approved makers' business names and desa, and the kecamatan of the regency, so "plred" becomes
"plered" and "keramk" "keramik". The five words of most trigram similarity are the candidates;
of those, the one fewest typing mistakes away wins (``closest_word``).

PostgreSQL answers in one query through its indexes; another database gets the same answer from
a vocabulary read in Python, bounded by ``VOCABULARY_PRODUCTS`` and ``VOCABULARY_VENDORS``.
"""

from django.core.cache import cache
from django.db import connections

from core.models import Kecamatan
from core.pagecache import catalogue_version
from vendors.models import Vendor

from ..models import Category, Product
from .fulltext import CONFIG
from .stemmed import known_words
from .words import closest_word, search_words, similarity, stem, trigrams, words_of

# At least this trigram similarity (pg_trgm's own default threshold is 0.3).
MIN_SIMILARITY = 0.2
CANDIDATES = 5
VOCABULARY_PRODUCTS = 5_000
VOCABULARY_VENDORS = 2_000
NAMED_WORDS_SECONDS = 60 * 60

# For one word of the query: does full-text search know it (as written or by its Sastrawi root),
# and which words of public product names (the 20 names nearest to it by the trigram KNN index),
# category names, approved makers' names and desa, and kecamatan names are closest?
# The word is a literal in each part, not a column of unnest(), so that the planner sees how rare
# it is; and "known" counts rather than asks EXISTS, whose hope of an early first row would make
# the planner scan every product for a word that is nowhere. So a rare word is looked up in the
# GIN index. The words of categories, makers and kecamatan, few and rarely changed, come as one
# array kept per catalogue version (``named_words``) rather than split afresh for every word.
SUGGESTION_SQL = """
SELECT {n} AS n, {word} AS word,
       (
           SELECT count(*) FROM {product} p JOIN {vendor} v ON v.id = p.vendor_id
            WHERE p.search_vector @@ (plainto_tsquery(%(config)s, {word})
                                      || plainto_tsquery(%(config)s, {root}))
              AND p.status = %(published)s AND p.hidden_at IS NULL AND v.status = %(approved)s
       ) > 0 AS known,
       ARRAY(
           SELECT candidate.word FROM (
               SELECT regexp_split_to_table(lower(nearest.name), '[^[:alnum:]]+') AS word
                 FROM (
                     SELECT p.name FROM {product} p JOIN {vendor} v ON v.id = p.vendor_id
                      WHERE p.status = %(published)s AND p.hidden_at IS NULL
                        AND v.status = %(approved)s
                      ORDER BY {word} <<-> p.name
                      LIMIT 20
                 ) nearest
               UNION
               SELECT unnest(%(places)s::text[])
           ) candidate
            WHERE length(candidate.word) > 1
              AND similarity(candidate.word, {word}) >= %(similarity)s
            ORDER BY similarity(candidate.word, {word}) DESC, candidate.word COLLATE "C"
            LIMIT %(candidates)s
       ) AS candidates
"""


def suggestion_query(words):
    """The SQL and parameters of the suggestion query: one row per word, in order."""
    tables = {"product": Product._meta.db_table, "vendor": Vendor._meta.db_table}
    parts = [
        SUGGESTION_SQL.format(n=n, word=f"%(word{n})s::text", root=f"%(root{n})s::text", **tables)
        for n in range(len(words))
    ]
    params = {
        "config": CONFIG,
        "published": Product.Status.PUBLISHED,
        "approved": Vendor.Status.APPROVED,
        # pg_trgm's similarity is a float4: 1/5 of the trigrams shared is "at least 0.2".
        "similarity": MIN_SIMILARITY - 1e-6,
        "candidates": CANDIDATES,
        "places": sorted(named_words()),
        **{f"word{n}": word for n, word in enumerate(words)},
        **{f"root{n}": stem(word) for n, word in enumerate(words)},
    }
    return "UNION ALL".join(parts) + "ORDER BY n", params


def suggest_correction(query, using="default"):
    """The query with its unknown words replaced by the nearest known ones, or None."""
    words = search_words(query)
    if not words:
        return None
    if connections[using].vendor == "postgresql":
        with connections[using].cursor() as cursor:
            cursor.execute(*suggestion_query(words))
            rows = [(word, known, candidates) for _n, word, known, candidates in cursor.fetchall()]
    else:
        rows = _rows_in_python(words, using)
    corrected = [
        word if known else closest_word(word, candidates) for word, known, candidates in rows
    ]
    if corrected == words or None in corrected:
        return None
    return " ".join(corrected)


def _rows_in_python(words, using):
    known = known_words(Product.objects.using(using).public(), words)
    unknown = [word for word in words if word not in known]
    vocabulary = _vocabulary(using) if unknown else {}
    return [
        (word, word in known, [] if word in known else _nearest(word, vocabulary)) for word in words
    ]


def _vocabulary(using):
    """Every word a correction may offer, with its trigrams."""
    names = (
        Product.objects.using(using)
        .public()
        .order_by("-pk")
        .values_list("name", flat=True)[:VOCABULARY_PRODUCTS]
    )
    words = {word for name in names for word in words_of(name) if len(word) > 1}
    words |= named_words(using)
    return {word: trigrams(word) for word in words}


def named_words(using="default") -> frozenset:
    """The words of category names, approved makers' business names and desa, and kecamatan:
    read once per catalogue version (a category, a maker's profile or approval moves it on)."""
    key = f"search-named-words:{catalogue_version()}:{using}"
    words = cache.get(key)
    if words is None:
        texts = [
            *(
                f"{name_id} {name_en}"
                for name_id, name_en in Category.objects.using(using).values_list(
                    "name_id", "name_en"
                )
            ),
            *(
                f"{business_name} {desa}"
                for business_name, desa in Vendor.objects.using(using)
                .filter(status=Vendor.Status.APPROVED)
                .order_by("-pk")
                .values_list("business_name", "desa")[:VOCABULARY_VENDORS]
            ),
            *Kecamatan.objects.using(using).values_list("name", flat=True),
        ]
        words = frozenset(word for text in texts for word in words_of(text) if len(word) > 1)
        cache.set(key, words, NAMED_WORDS_SECONDS)
    return words


def _nearest(word, vocabulary):
    """The ``CANDIDATES`` words of ``vocabulary`` of most trigram similarity to ``word``."""
    own = trigrams(word)
    scored = []
    for candidate, candidate_trigrams in vocabulary.items():
        score = similarity(own, candidate_trigrams)
        if score >= MIN_SIMILARITY:
            scored.append((-score, candidate))
    return [candidate for _score, candidate in sorted(scored)[:CANDIDATES]]
