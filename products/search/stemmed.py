"""Search on a database without an Indonesian stemmer (the embedded SQLite of `make run`).

The same reading of a query as on PostgreSQL, done in Python: the words of the products that may
match are read (narrowed in SQL to those containing the core of every word, at most
``MAX_CANDIDATES`` of them, newest first), reduced to their roots by Sastrawi, and compared with the
query's. Same fields and weights as the PostgreSQL vector, same websearch syntax ("a phrase",
-excluded, or), same prefixes and roots when there is no syntax.
"""

import re
from dataclasses import dataclass
from functools import reduce
from operator import and_, or_

from django.db.models import Case, FloatField, Q, Value, When

from .words import MAX_WORDS, PREFIX_MIN, has_operators, stem, words_of

MAX_CANDIDATES = 2_000
# The searched text of a product and its weight, as in the PostgreSQL vector (A, B, C, D).
FIELDS = {
    "name": 1.0,
    "category__name_id": 0.4,
    "category__name_en": 0.4,
    "category__parent__name_id": 0.4,
    "category__parent__name_en": 0.4,
    "vendor__business_name": 0.2,
    "vendor__kecamatan__name": 0.2,
    "vendor__desa": 0.2,
    "materials": 0.2,
    "description": 0.1,
}
CHUNK = re.compile(r'(-?)(?:"([^"]*)"?|([^\s"]+))')


@dataclass(frozen=True)
class Term:
    """Words that must follow each other in one field (one word, or a quoted phrase)."""

    words: tuple
    excluded: bool = False


def parse(query):
    """Alternatives (split by "or"), each a list of terms that must all hold."""
    alternatives, terms, count = [], [], 0
    for match in CHUNK.finditer(query.lower()):
        minus, phrase, plain = match.groups()
        if plain == "or" and not minus:
            if terms:
                alternatives.append(terms)
            terms = []
            continue
        words = tuple(words_of(phrase if phrase is not None else plain))[: MAX_WORDS - count]
        if not words:
            continue
        count += len(words)
        if minus or phrase is not None:
            terms.append(Term(words, excluded=bool(minus)))
        else:
            terms.extend(Term((word,)) for word in words)
    if terms:
        alternatives.append(terms)
    return alternatives


def _core(word):
    """A part of ``word`` that every word with its root contains (meN-, peN- may eat a letter)."""
    root = stem(word)
    core = root[1:] if len(root) > PREFIX_MIN else root
    return core if core in word else word


def _contains(word):
    return reduce(or_, (Q(**{f"{path}__icontains": _core(word)}) for path in FIELDS))


def _narrowing(alternatives):
    """What SQL can check cheaply: each alternative's words appear somewhere, as their cores."""
    required = [
        [word for term in terms if not term.excluded for word in term.words]
        for terms in alternatives
    ]
    if not all(required):
        return Q()  # an alternative of exclusions only: any product may hold
    return reduce(or_, (reduce(and_, map(_contains, words)) for words in required))


class Document:
    """A product's searched text as (weight, [(word, root), ...]) per field."""

    def __init__(self, values):
        self.fields = [
            (weight, [(word, stem(word)) for word in words_of(text or "")])
            for weight, text in zip(FIELDS.values(), values, strict=True)
        ]

    def weight(self, term, *, forgiving):
        """The weight of the heaviest field holding ``term``, 0 if none does."""
        matchers = [
            _matcher(word, forgiving=forgiving and len(term.words) == 1) for word in term.words
        ]
        size = len(matchers)
        best = 0.0
        for weight, tokens in self.fields:
            if weight <= best:
                continue
            for start in range(len(tokens) - size + 1):
                if all(matchers[k](tokens[start + k]) for k in range(size)):
                    best = weight
                    break
        return best

    def rank(self, alternatives, *, forgiving):
        """The sum of the weights of the matched terms of the best alternative, 0 if none holds."""
        best = 0.0
        for terms in alternatives:
            total = 0.0
            for term in terms:
                weight = self.weight(term, forgiving=forgiving)
                if term.excluded == bool(weight):
                    break
                total += weight
            else:
                # An alternative of exclusions only holds without a weight of its own.
                best = max(best, total or 0.01)
        return best


def _matcher(word, *, forgiving):
    root = stem(word)
    if forgiving and len(word) >= PREFIX_MIN:
        return lambda token: token[0].startswith(word) or token[1] == root
    return lambda token: token[0] == word or token[1] == root


def _documents(queryset, alternatives):
    rows = (
        queryset.filter(_narrowing(alternatives))
        .order_by("-pk")
        .values_list("pk", *FIELDS)[:MAX_CANDIDATES]
    )
    return [(row[0], Document(row[1:])) for row in rows]


def search_stemmed(queryset, query):
    """``queryset`` narrowed to the products matching ``query``, annotated with ``rank``."""
    alternatives = parse(query)
    if not alternatives:
        return queryset.none().annotate(rank=Value(0.0, output_field=FloatField()))
    forgiving = not has_operators(query)
    ranks = {}
    for pk, document in _documents(queryset, alternatives):
        rank = round(document.rank(alternatives, forgiving=forgiving), 3)
        if rank:
            ranks.setdefault(rank, []).append(pk)
    return queryset.filter(pk__in=[pk for pks in ranks.values() for pk in pks]).annotate(
        rank=Case(
            *(When(pk__in=pks, then=Value(rank)) for rank, pks in ranks.items()),
            default=Value(0.0),
            output_field=FloatField(),
        )
    )


def known_words(queryset, words):
    """Those of ``words`` that some product of ``queryset`` holds, as written or by their root."""
    alternatives = [[Term((word,))] for word in words]
    documents = _documents(queryset, alternatives)
    return {
        word
        for word in words
        if any(document.weight(Term((word,)), forgiving=False) for _pk, document in documents)
    }
