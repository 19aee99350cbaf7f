"""Opening hours as visitors read them: 08.00–11.30, 13.00–17.00 (Indonesian clock style)."""

from django import template
from django.utils.dateformat import time_format

register = template.Library()


@register.filter
def spans(day_spans):
    """A day's spans, each "opens–closes", in the order of the day."""
    return ", ".join(
        f"{time_format(span.opens, 'H.i')}–{time_format(span.closes, 'H.i')}" for span in day_spans
    )
