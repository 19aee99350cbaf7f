"""Product search.

On PostgreSQL: full-text search over the stored, weighted ``Product.search_vector`` (name A,
category B, vendor and materials C, description D; kept current by triggers, GIN-indexed) with the
``indonesian`` configuration, ranked by ``ts_rank``. A query that finds nothing is corrected word
by word against the words of product and category names through a trigram index
(``suggest_correction``), so "keramk" still finds the keramik.

On SQLite (``make run`` without PostgreSQL) ``search_contains`` is a plain case-insensitive
contains search over the same fields.
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connections
from django.db.models import Case, F, FloatField, Q, Value, When

from vendors.models import Vendor

from .models import Category, Product

CONFIG = "indonesian"
# ts_rank weights for D, C, B, A: description, vendor and materials, category, name.
WEIGHTS = [0.1, 0.2, 0.4, 1.0]
MAX_WORDS = 8
# websearch_to_tsquery syntax: "a phrase", -excluded, or. Such queries get no prefix matching.
OPERATORS = re.compile(r'["]|(^|\s)-|\bor\b', re.IGNORECASE)


def search_words(query):
    """The words of a query, lower-case, letters and digits only."""
    return re.findall(r"[^\W_]+", query.lower())[:MAX_WORDS]


def is_postgresql(queryset):
    return connections[queryset.db].vendor == "postgresql"


def search(queryset, query):
    """``queryset`` narrowed to the products matching ``query``, annotated with ``rank``."""
    if is_postgresql(queryset):
        return search_full_text(queryset, query)
    return search_contains(queryset, query)


def full_text_query(query):
    """websearch syntax, or'ed with every word as a prefix so that "gerab" finds gerabah."""
    search_query = SearchQuery(query, config=CONFIG, search_type="websearch")
    words = [word for word in search_words(query) if len(word) >= 3]
    if words and not OPERATORS.search(query):
        prefixes = " & ".join(f"{word}:*" for word in words)
        search_query |= SearchQuery(prefixes, config=CONFIG, search_type="raw")
    return search_query


def search_full_text(queryset, query):
    search_query = full_text_query(query)
    return queryset.filter(search_vector=search_query).annotate(
        rank=SearchRank(F("search_vector"), search_query, weights=WEIGHTS)
    )


def search_contains(queryset, query):
    """Every word somewhere in the name, description, materials, category or vendor name.

    A product whose name holds the first word ranks first.
    """
    words = search_words(query)
    for word in words:
        queryset = queryset.filter(
            Q(name__icontains=word)
            | Q(description__icontains=word)
            | Q(materials__icontains=word)
            | Q(category__name_id__icontains=word)
            | Q(category__name_en__icontains=word)
            | Q(category__parent__name_id__icontains=word)
            | Q(category__parent__name_en__icontains=word)
            | Q(vendor__business_name__icontains=word)
        )
    if not words:
        return queryset.annotate(rank=Value(0.0, output_field=FloatField()))
    return queryset.annotate(
        rank=Case(
            When(name__icontains=words[0], then=Value(1.0)),
            default=Value(0.0),
            output_field=FloatField(),
        )
    )


# For one word of the query: does full-text search know it, and which words of public product
# names (the 20 names nearest to it by the trigram KNN index) and category names are closest?
# The word is a literal in each part, not a column of unnest(), so that the planner sees how rare
# it is; and "known" counts rather than asks EXISTS, whose hope of an early first row would make
# the planner scan every product for a word that is nowhere. So a rare word is looked up in the
# GIN index.
SUGGESTION_SQL = """
SELECT {n} AS n, {word} AS word,
       (
           SELECT count(*) FROM {product} p JOIN {vendor} v ON v.id = p.vendor_id
            WHERE p.search_vector @@ plainto_tsquery(%(config)s, {word})
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
               SELECT regexp_split_to_table(lower(c.name_id || ' ' || c.name_en), '[^[:alnum:]]+')
                 FROM {category} c
           ) candidate
            WHERE length(candidate.word) > 1 AND similarity(candidate.word, {word}) > 0.2
            ORDER BY similarity(candidate.word, {word}) DESC, candidate.word
            LIMIT 5
       ) AS candidates
"""


def suggestion_query(words):
    """The SQL and parameters of the suggestion query: one row per word, in order."""
    tables = {
        "product": Product._meta.db_table,
        "vendor": Vendor._meta.db_table,
        "category": Category._meta.db_table,
    }
    parts = [
        SUGGESTION_SQL.format(n=n, word=f"%(word{n})s::text", **tables) for n in range(len(words))
    ]
    params = {
        "config": CONFIG,
        "published": Product.Status.PUBLISHED,
        "approved": Vendor.Status.APPROVED,
        **{f"word{n}": word for n, word in enumerate(words)},
    }
    return "UNION ALL".join(parts) + "ORDER BY n", params


def suggest_correction(query, using="default"):
    """The query with its unknown words replaced by the nearest known ones, or None.

    One query, served by the GIN index on the search vector (is the word known?) and the GiST
    trigram index on product names (which names are nearest?). PostgreSQL only.
    """
    words = search_words(query)
    if not words or connections[using].vendor != "postgresql":
        return None
    with connections[using].cursor() as cursor:
        cursor.execute(*suggestion_query(words))
        rows = cursor.fetchall()
    corrected = [
        word if known else closest_word(word, candidates) for _n, word, known, candidates in rows
    ]
    if corrected == words or None in corrected:
        return None
    return " ".join(corrected)


def closest_word(word, candidates):
    """The candidate fewest typing mistakes away, if it is close enough to be what was meant."""
    if word in candidates:
        return word
    allowed = max(1, len(word) // 3)
    scored = [
        (edit_distance(word, candidate), position, candidate)
        for position, candidate in enumerate(candidates)
    ]
    scored = [item for item in scored if item[0] <= allowed]
    return min(scored)[2] if scored else None


def edit_distance(a, b):
    """Damerau-Levenshtein distance (optimal string alignment): typos, missing and swapped letters."""
    previous_previous, previous = None, list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            cost = 0 if char_a == char_b else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                value = min(value, previous_previous[j - 2] + 1)
            current.append(value)
        previous_previous, previous = previous, current
    return previous[-1]
