"""Every URL pattern of the site, named or not, with a sample address, for tests that must cover
them all. A pattern inside ``i18n_patterns`` is walked twice: its Indonesian address at the root
and its English one under ``/en/``."""

from dataclasses import dataclass

from django.apps import apps
from django.urls import NoReverseMatch, Resolver404, URLPattern, URLResolver, get_resolver, resolve
from django.urls import reverse as django_reverse
from django.urls.resolvers import LocalePrefixPattern, RegexPattern
from django.utils import translation
from django.utils.regex_helper import normalize

SAMPLES = ["1", "contoh-tidak-ada", "2026-01", "6f1b8a0e-0000-4000-8000-000000000000", "a/b"]
DEFAULT_LANGUAGE = "id"
LANGUAGES = ("id", "en")


@dataclass(frozen=True)
class Route:
    # The namespaced URL name; a pattern without a name goes by its pattern (the Indonesian one),
    # which holds a "/" and so never looks like a name.
    name: str
    path: str  # a sample address
    pattern: str  # the whole pattern, in this route's language
    named: bool = True
    language: str = DEFAULT_LANGUAGE  # "en": the English address, under /en/

    @property
    def label(self):
        return self.name if self.language == DEFAULT_LANGUAGE else f"{self.name} (en)"


def reverse(name, args=None, kwargs=None, language=DEFAULT_LANGUAGE):
    """Django's reverse(), at the address in ``language``."""
    with translation.override(language):
        return django_reverse(name, args=args, kwargs=kwargs)


def _argument_names(pattern) -> list[str]:
    if isinstance(pattern.pattern, LocalePrefixPattern):
        return []
    if isinstance(pattern.pattern, RegexPattern):
        return list(pattern.pattern.regex.groupindex)
    return list(pattern.pattern.converters)


def _samples():
    # The admin's app_list only matches the labels of apps that have models in the admin.
    return [*SAMPLES, *(config.label for config in apps.get_app_configs())]


def _reverse(name, arguments, language):
    for sample in _samples():
        try:
            return reverse(name, kwargs=dict.fromkeys(arguments, sample), language=language)
        except NoReverseMatch:
            continue
    raise AssertionError(f"cannot build a sample URL for {name}")


def build(chain, kwargs, language=DEFAULT_LANGUAGE):
    """The address of an unnamed pattern (the last of ``chain``) with these arguments, or None.

    The way Django's reverse() builds one, from the patterns' regular expressions; the address
    is kept only if it resolves back to that very pattern."""
    with translation.override(language):
        regex = "".join(p.pattern.regex.pattern.removeprefix("^") for p in chain)
        for template, parameters in normalize(regex):
            if set(parameters) != set(kwargs):
                continue
            candidate = "/" + template % {key: str(value) for key, value in kwargs.items()}
            try:
                match = resolve(candidate)
            except Resolver404:
                continue
            if match.func is chain[-1].callback:
                return candidate
    return None


def _build_sample(chain, arguments, language):
    for sample in _samples():
        path = build(chain, dict.fromkeys(arguments, sample), language)
        if path is not None:
            return path
    raise AssertionError(f"cannot build a sample URL for the pattern {chain[-1].pattern}")


def _pattern_text(chain, language):
    with translation.override(language):
        return "".join(str(p.pattern) for p in chain)


def patterns(resolver=None, chain=(), namespace=""):
    """(chain of patterns from the root, namespaced name or None) for every URL pattern."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from patterns(pattern, (*chain, pattern), inner)
        elif isinstance(pattern, URLPattern):
            yield (*chain, pattern), f"{namespace}{pattern.name}" if pattern.name else None


def walk():
    for chain, name in patterns():
        arguments = [argument for p in chain for argument in _argument_names(p)]
        localised = any(isinstance(p.pattern, LocalePrefixPattern) for p in chain)
        for language in LANGUAGES if localised else (DEFAULT_LANGUAGE,):
            if name:
                path = _reverse(name, arguments, language)
            else:
                path = _build_sample(chain, arguments, language)
            yield Route(
                name=name or _pattern_text(chain, DEFAULT_LANGUAGE),
                path=path,
                pattern=_pattern_text(chain, language),
                named=bool(name),
                language=language,
            )


def all_routes():
    seen = {}
    for route in walk():
        seen.setdefault(route.path, route)
    return list(seen.values())


def chain_of(route):
    """The chain of patterns of an unnamed route, to build its addresses with real arguments."""
    for chain, name in patterns():
        if name is None and _pattern_text(chain, DEFAULT_LANGUAGE) == route.name:
            return chain
    raise AssertionError(f"no pattern {route.name}")
