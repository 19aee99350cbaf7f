"""Indonesian mobile numbers, as shoppers type them and as WhatsApp needs them."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_SEPARATORS = re.compile(r"[\s\-.()/]")
# After the country code an Indonesian mobile number is 8 followed by 8 to 11 digits.
_NATIONAL_MOBILE = re.compile(r"^8[1-9][0-9]{7,10}$")


def normalise_mobile(value: str) -> str:
    """``0812-3456-7890``, ``62812…`` or ``+62 812…`` become ``+6281234567890``.

    Raises ``ValidationError`` for anything that is not an Indonesian mobile number.
    """
    compact = _SEPARATORS.sub("", value or "")
    if compact.startswith("+62"):
        national = compact[3:]
    elif compact.startswith("62"):
        national = compact[2:]
    elif compact.startswith("0"):
        national = compact[1:]
    else:
        national = ""
    if not _NATIONAL_MOBILE.match(national):
        raise ValidationError(
            _("Enter an Indonesian mobile number, such as 0812 3456 7890 or +62 812 3456 7890."),
            code="invalid_phone",
        )
    return f"+62{national}"


def whatsapp_digits(phone: str) -> str:
    """The number as wa.me wants it: international, digits only."""
    try:
        return normalise_mobile(phone)[1:]
    except ValidationError:
        digits = re.sub(r"\D", "", phone or "")
        return "62" + digits[1:] if digits.startswith("0") else digits
