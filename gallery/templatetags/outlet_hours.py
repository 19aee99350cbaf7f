"""Opening hours as visitors read them: 08.00–11.30, 13.00–17.00 (08:00–11:30 in English)."""

from django import template

from core.formats import format_time

register = template.Library()


@register.filter
def spans(day_spans):
    """A day's spans, each "opens–closes", in the order of the day."""
    return ", ".join(f"{format_time(span.opens)}–{format_time(span.closes)}" for span in day_spans)
