"""Every URL pattern of the site, with sample arguments, for tests that must cover them all."""

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

SAMPLE_BY_CONVERTER = {
    "int": "1",
    "slug": "contoh-tidak-ada",
    "str": "contoh",
    "uuid": "6f1b8a0e-0000-4000-8000-000000000000",
    "path": "contoh/berkas",
}


@dataclass(frozen=True)
class Route:
    name: str
    path: str


def _pattern_text(pattern) -> str:
    return str(pattern.pattern)


def _fill(route: str) -> str:
    # path() converters: <int:pk>, <slug:slug>, <pk>
    def converter(match):
        return SAMPLE_BY_CONVERTER.get(match.group(1) or "str", "contoh")

    filled = re.sub(r"<(?:(\w+):)?\w+>", converter, route)
    # re_path() patterns (the admin's): keep literal text, sample the groups.
    filled = re.sub(r"\(\?P<\w+>[^)]*\)", "1", filled)
    filled = filled.replace("^", "").replace("$", "").replace("\\", "")
    return filled


def walk(resolver=None, prefix="", namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        text = _pattern_text(pattern)
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or namespace
            # Language prefixes come from i18n_patterns; the default language has none.
            sub_prefix = prefix if text in ("", "id/") else prefix + _fill(text)
            yield from walk(pattern, sub_prefix, f"{ns}:" if pattern.namespace else namespace)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}{pattern.name}" if pattern.name else text
            yield Route(name=name, path="/" + prefix + _fill(text))


def all_routes():
    seen = set()
    routes = []
    for route in walk():
        if route.path not in seen:
            seen.add(route.path)
            routes.append(route)
    return routes
