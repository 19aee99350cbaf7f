"""The words of a query and of what is searched: splitting, Indonesian roots, typing distance."""

import re
from functools import cache, lru_cache

MAX_WORDS = 8
# From this length a word of the query also finds the words it begins ("gerab" finds gerabah).
PREFIX_MIN = 3
WORD = re.compile(r"[^\W_]+")
# Sastrawi knows Indonesian words of plain letters; anything else is kept as written.
STEMMABLE = re.compile(r"[a-z]{4,}")
# websearch_to_tsquery's syntax: "a phrase", -excluded, or. Such a query is taken as written:
# no prefixes, no roots beyond the stemmer's own.
OPERATORS = re.compile(r'["]|(^|\s)-|\bor\b', re.IGNORECASE)


def search_words(query):
    """The words of a query, lower-case, letters and digits only."""
    return WORD.findall(query.lower())[:MAX_WORDS]


def words_of(text):
    return WORD.findall(text.lower())


def has_operators(query):
    return bool(OPERATORS.search(query))


@cache
def _stemmer():
    # Sastrawi's own stemmer keeps every word it ever saw; ``stem`` keeps a bounded cache instead.
    from Sastrawi.Dictionary.ArrayDictionary import ArrayDictionary
    from Sastrawi.Stemmer.Stemmer import Stemmer
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return Stemmer(ArrayDictionary(StemmerFactory().get_words()))


@lru_cache(maxsize=50_000)
def stem(word):
    """The root of an Indonesian word, by Sastrawi's dictionary-based stemmer.

    "menganyam", "dianyam", "anyaman" → "anyam"; "gerabahnya" → "gerabah"; "berkeramik" and
    "keramik" → "keramik" (PostgreSQL's ``indonesian`` configuration cuts "keramik" to "ramik").
    """
    if not STEMMABLE.fullmatch(word):
        return word
    return _stemmer().stem_word(word) or word


def trigrams(word):
    """pg_trgm's trigrams of one word: padded with two spaces before and one after."""
    padded = f"  {word} "
    return frozenset(padded[i : i + 3] for i in range(len(padded) - 2))


def similarity(a, b):
    """pg_trgm's ``similarity`` of two sets of trigrams: shared over all."""
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)


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
