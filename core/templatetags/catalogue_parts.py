"""``{% catalogue_part "name" %}…{% endcatalogue_part %}``: a part of every page that is the same
for every visitor and changes only with the catalogue (the footer and its outlets), rendered once
per catalogue version and language and kept in the cache.

What it encloses may depend on the catalogue, the language and the settings only, never on the
visitor or the page. Its key holds a digest of its template and of the translations, so a deploy
that changes either never shows the old part. A tag inside that could not read its data calls
``not_stored(context)``: the part is rendered for this request and not stored.
"""

from functools import cache as memoize
from hashlib import blake2b
from pathlib import Path

from django import template
from django.conf import settings
from django.core.cache import cache
from django.urls import get_script_prefix
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from core.pagecache import catalogue_version

register = template.Library()

# The version invalidates; the timeout bounds how stale a worker with its own per-process cache
# (no shared CACHE_URL) can be.
CACHE_SECONDS = 300
_NOT_STORED = "catalogue_part_not_stored"


def not_stored(context):
    context.render_context[_NOT_STORED] = True


@memoize
def _digest(origin_name, name) -> str:
    digest = blake2b(name.encode(), digest_size=6)
    path = Path(origin_name)
    if path.is_file():
        digest.update(path.read_bytes())
    for folder in settings.LOCALE_PATHS:
        for catalog in sorted(Path(folder).glob("*/LC_MESSAGES/django.mo")):
            digest.update(catalog.read_bytes())
    return digest.hexdigest()


class CataloguePartNode(template.Node):
    def __init__(self, name, nodelist, origin_name):
        self.name = name
        self.nodelist = nodelist
        self.origin_name = origin_name

    def render(self, context):
        where = blake2b(get_script_prefix().encode(), digest_size=4).hexdigest()
        key = (
            f"catalogue-part:{self.name}:{_digest(self.origin_name, self.name)}:"
            f"{catalogue_version()}:{get_language()}:{where}"
        )
        html = cache.get(key)
        if html is None:
            with context.render_context.push():
                html = self.nodelist.render(context)
                stored = not context.render_context.get(_NOT_STORED)
            if stored:
                cache.set(key, str(html), CACHE_SECONDS)
        return mark_safe(html)


@register.tag
def catalogue_part(parser, token):
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError(f"{bits[0]} takes a quoted name")
    nodelist = parser.parse(("endcatalogue_part",))
    parser.delete_first_token()
    origin = getattr(parser, "origin", None)
    return CataloguePartNode(bits[1][1:-1], nodelist, getattr(origin, "name", "") or "")
