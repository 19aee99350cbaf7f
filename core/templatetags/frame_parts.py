"""``{% frame_part "name" %}…{% endframe_part %}``: a stretch of the page's frame (the header's
links and labels, the language form) that is the same on every page in a language, rendered
once per process, language and script prefix and then kept in memory.

Among pages whose content comes from the cache, rendering the frame's links and labels afresh
cost more than anything else. What a frame part encloses may depend on the language, the
settings and the values named after its name (``{% frame_part "language" select_id %}``) only:
never on the visitor, the page's address, the request or the catalogue. What does (the search
words, the visitor's parts, a CSRF token) stays between frame parts.

With ``DEBUG`` on, parts are rendered every time: templates change while the server runs.
"""

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from core.pagecache.holes import RecentEntries

register = template.Library()

_parts = RecentEntries(512)


@receiver(setting_changed)
def _forget_parts(**kwargs):
    _parts.clear()  # a test's settings (languages, templates, URLs) may change what parts show


class FramePartNode(template.Node):
    def __init__(self, name, nodelist, origin_name, keyed_on):
        self.name = name
        self.nodelist = nodelist
        self.origin_name = origin_name
        self.keyed_on = keyed_on

    def render(self, context):
        if settings.DEBUG:
            return self.nodelist.render(context)
        values = tuple(str(value.resolve(context)) for value in self.keyed_on)
        key = (self.origin_name, self.name, get_language(), get_script_prefix(), values)
        html = _parts.get(key)
        if html is None:
            html = self.nodelist.render(context)
            _parts.put(key, str(html))
        return mark_safe(html)


@register.tag
def frame_part(parser, token):
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError(f"{bits[0]} takes a quoted name")
    keyed_on = [parser.compile_filter(bit) for bit in bits[2:]]
    nodelist = parser.parse(("endframe_part",))
    parser.delete_first_token()
    origin = getattr(parser, "origin", None)
    return FramePartNode(bits[1][1:-1], nodelist, getattr(origin, "name", "") or "", keyed_on)
