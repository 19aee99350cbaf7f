"""Search on PostgreSQL: full text over the stored, weighted ``Product.search_vector``.

The vector (name A; category B; maker, its kecamatan and desa, and materials C; description D)
is kept current by triggers and GIN-indexed, in the ``indonesian`` configuration.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import F

from .words import PREFIX_MIN, has_operators, search_words, stem

CONFIG = "indonesian"
# ts_rank weights for D, C, B, A: description, maker and materials, category, name.
WEIGHTS = [0.1, 0.2, 0.4, 1.0]


def full_text_query(query):
    """websearch syntax, or'ed with a forgiving reading of the words (``forgiving_term``)."""
    search_query = SearchQuery(query, config=CONFIG, search_type="websearch")
    words = search_words(query)
    if words and not has_operators(query):
        terms = " & ".join(forgiving_term(word) for word in words)
        search_query |= SearchQuery(terms, config=CONFIG, search_type="raw")
    return search_query


def forgiving_term(word):
    """One word as a tsquery: as a prefix ("gerab" finds gerabah), or by its Sastrawi root.

    The root bridges what the ``indonesian`` stemmer splits: it cuts "keramik" to "ramik" but
    "berkeramik" to "keramik", while Sastrawi gives "keramik" for both. Words are letters and
    digits only (``search_words``), so nothing in them is tsquery syntax.
    """
    forms = [f"{word}:*" if len(word) >= PREFIX_MIN else word]
    root = stem(word)
    if root != word:
        forms.append(root)
    return f"({' | '.join(forms)})"


def search_full_text(queryset, query):
    search_query = full_text_query(query)
    return queryset.filter(search_vector=search_query).annotate(
        rank=SearchRank(F("search_vector"), search_query, weights=WEIGHTS)
    )
