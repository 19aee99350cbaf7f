"""``{% catalogue_part "name" %}…{% endcatalogue_part %}``: a part of every page that is the same
for every visitor and changes only with the catalogue (the footer and its outlets), rendered once
per catalogue version, day and language and kept in the cache (the day: the cards a part may
hold say whether food is still good today).

``{% catalogue_part "name" product.pk %}``: one such part for each value of what follows the name
(a product's pictures and description, the same for every visitor of its page).

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
from django.urls import get_script_prefix
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from core.pagecache import catalogue_version
from core.pagecache.kept import kept

register = template.Library()

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
    def __init__(self, name, nodelist, origin_name, keyed_on=()):
        self.name = name
        self.nodelist = nodelist
        self.origin_name = origin_name
        self.keyed_on = keyed_on

    @staticmethod
    def _version(context):
        """The version the view read its data at (``catalogue_version`` in the context), so
        that a page's parts are stored under the data they show; else the current one."""
        version = context.get("catalogue_version")
        return catalogue_version() if version is None else version

    def render(self, context):
        where = blake2b(get_script_prefix().encode(), digest_size=4).hexdigest()
        key = (
            f"catalogue-part:{self.name}:{_digest(self.origin_name, self.name)}:"
            f"{self._version(context)}:{timezone.localdate():%Y%m%d}:{get_language()}:{where}"
        )
        if self.keyed_on:
            values = "\x1f".join(str(value.resolve(context)) for value in self.keyed_on)
            key += ":" + blake2b(values.encode(), digest_size=12).hexdigest()
        html = kept.get(key)
        if html is None:
            with context.render_context.push():
                html = self.nodelist.render(context)
                stored = not context.render_context.get(_NOT_STORED)
            if stored:
                kept.set(key, str(html))
        return mark_safe(html)


@register.tag
def catalogue_part(parser, token):
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError(f"{bits[0]} takes a quoted name")
    keyed_on = [parser.compile_filter(bit) for bit in bits[2:]]
    nodelist = parser.parse(("endcatalogue_part",))
    parser.delete_first_token()
    origin = getattr(parser, "origin", None)
    return CataloguePartNode(bits[1][1:-1], nodelist, getattr(origin, "name", "") or "", keyed_on)
