"""Template filters for values written one way per language (see core.formats).

Dates and times need no filter of their own: ``{{ value|date }}``, ``{{ value|time }}``,
``{{ value|date:"DATETIME_FORMAT" }}`` and ``{{ value|date:"YEAR_MONTH_FORMAT" }}`` use the
format modules. These cover the rest.
"""

from django import template

from core import formats

register = template.Library()

register.filter("weekday_date", formats.format_weekday_date)
register.filter("month", formats.format_month)
register.filter("weight", formats.format_weight)
register.filter("phone", formats.format_phone)
