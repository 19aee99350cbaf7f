"""Indonesian: 24-hour time with a dot (``08.21``), months written out (``6 Desember 2026``).

Anything not set here comes from Django's own Indonesian formats.
"""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H.i"
DATETIME_FORMAT = "j F Y, H.i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "j F Y"
SHORT_DATETIME_FORMAT = "j F Y, H.i"
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."

# People type times with a dot or a colon; the first form is how a time field is filled in.
TIME_INPUT_FORMATS = ["%H.%M", "%H.%M.%S", "%H:%M", "%H:%M:%S"]
