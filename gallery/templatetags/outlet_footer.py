"""The outlets in every page's footer, read from the outlets themselves."""

from django import template
from django.db import DatabaseError

from core.templatetags.catalogue_parts import not_stored

from ..open_outlets import open_outlets

register = template.Library()


@register.simple_tag(takes_context=True)
def footer_outlets(context):
    """The outlets open for business (``name``, ``slug``, ``address``), from the cache under
    the catalogue version (``gallery.open_outlets``).

    Empty when the database cannot be read, so the branded 500 and 503 pages, which share the
    footer, still render; the footer is then not kept in the cache (``catalogue_part``).
    """
    try:
        return open_outlets()
    except DatabaseError:
        not_stored(context)
        return []
