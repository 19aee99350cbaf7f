"""Product search that forgives: inflected words, prefixes, typos; the same on every database.

A query finds the products whose name, category, maker (its business name, kecamatan and desa),
materials or description hold its words, as written, by their Indonesian root ("menganyam" finds
the anyaman) or, from three letters, as the start of a word ("gerab" finds gerabah). A query in
websearch syntax ("a phrase", -excluded, or) is taken as written. Name matches rank first, then
category, maker and materials, then description.

On PostgreSQL this is full-text search over a stored, GIN-indexed vector (``fulltext``); elsewhere
(the embedded SQLite of `make run`) the same reading is done in Python with the Sastrawi stemmer
(``stemmed``). A query that finds nothing may be corrected (``corrections``): "keramk" → keramik,
"plred" → plered.
"""

from django.db import connections

from .corrections import named_words, suggest_correction, suggestion_query
from .fulltext import full_text_query, search_full_text
from .stemmed import search_stemmed
from .words import closest_word, edit_distance, search_words, stem

__all__ = [
    "closest_word",
    "edit_distance",
    "full_text_query",
    "named_words",
    "search",
    "search_full_text",
    "search_stemmed",
    "search_words",
    "stem",
    "suggest_correction",
    "suggestion_query",
]


def search(queryset, query):
    """``queryset`` narrowed to the products matching ``query``, annotated with ``rank``."""
    if connections[queryset.db].vendor == "postgresql":
        return search_full_text(queryset, query)
    return search_stemmed(queryset, query)
