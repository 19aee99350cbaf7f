"""Staff's and vendors' words in the page's language (``core.localized``), marked where they
fell back to Indonesian.

- ``{{ product|localized:"name" }}``: the text alone, for titles, attributes and meta tags.
- ``{% localized_text product "name" %}``: inline, in ``<span lang="id">`` when it fell back,
  followed by the "(in Indonesian)" marker.
- ``{% localized_text product "description" block=True %}``: paragraphs (``linebreaks``), the
  marker first, the text in ``<div lang="id">`` when it fell back.
- ``{{ text|lang_attr }}``: `` lang="id"`` for a fallback ``LocalText``, to put on an element of
  one's own (a card's title).
"""

from django import template
from django.template.defaultfilters import linebreaks_filter
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from core.localized import LocalText
from core.localized import localized as localized_text_of

register = template.Library()

MARKER_TEMPLATE = "includes/fallback_marker.html"


@register.filter
def localized(obj, field):
    """``obj.<field>`` in the page's language, Indonesian where it has none (a ``LocalText``)."""
    if obj is None or obj == "":
        return LocalText("", "", False)
    return localized_text_of(obj, field)


@register.filter
def lang_attr(text):
    if isinstance(text, LocalText) and text.fallback:
        return format_html(' lang="{}"', text.language)
    return ""


@register.simple_tag
def localized_text(obj, field, block=False):
    text = localized(obj, field)
    if not text.text:
        return ""
    marker = render_to_string(MARKER_TEMPLATE, {"text": text, "block": block})
    if block:
        body = linebreaks_filter(text.text, autoescape=True)
        if text.fallback:
            body = format_html('<div lang="{}">{}</div>', text.language, body)
        return mark_safe(marker + body)
    if text.fallback:
        return format_html('<span lang="{}">{}</span>{}', text.language, text.text, marker)
    return format_html("{}", text.text)
