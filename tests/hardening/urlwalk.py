"""Every URL pattern of the site, reversed with sample arguments, for tests that must cover them all."""

from dataclasses import dataclass

from django.apps import apps
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RegexPattern

SAMPLES = ["1", "contoh-tidak-ada", "2026-01", "6f1b8a0e-0000-4000-8000-000000000000", "a/b"]


@dataclass(frozen=True)
class Route:
    name: str
    path: str


def _argument_names(pattern) -> list[str]:
    if isinstance(pattern.pattern, RegexPattern):
        return list(pattern.pattern.regex.groupindex)
    return list(pattern.pattern.converters)


def _reverse(name, arguments):
    # The admin's app_list only matches the labels of apps that have models in the admin.
    for sample in [*SAMPLES, *(config.label for config in apps.get_app_configs())]:
        try:
            return reverse(name, kwargs=dict.fromkeys(arguments, sample))
        except NoReverseMatch:
            continue
    raise AssertionError(f"cannot build a sample URL for {name}")


def walk(resolver=None, namespace="", outer_arguments=()):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from walk(pattern, inner, (*outer_arguments, *_argument_names(pattern)))
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}{pattern.name}"
            yield Route(
                name=name, path=_reverse(name, [*outer_arguments, *_argument_names(pattern)])
            )


def all_routes():
    seen = {}
    for route in walk():
        seen.setdefault(route.path, route)
    return list(seen.values())
