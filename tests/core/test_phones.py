import pytest
from django.core.exceptions import ValidationError

from core.phones import normalise_mobile, whatsapp_digits


@pytest.mark.parametrize(
    "typed",
    ["0812-3456-7890", "0812 3456 7890", "6281234567890", "+62 812 3456 7890", "+62812.3456.7890"],
)
def test_indonesian_mobile_numbers_are_stored_as_plus_628(typed):
    assert normalise_mobile(typed) == "+6281234567890"


@pytest.mark.parametrize(
    "typed", ["", "12345", "0264 123456", "+1 415 555 0100", "0812", "08123456789012345", "abc"]
)
def test_anything_else_is_refused_with_an_example(typed):
    with pytest.raises(ValidationError) as exc:
        normalise_mobile(typed)
    assert "0812 3456 7890" in exc.value.messages[0]


def test_whatsapp_links_use_international_digits_without_plus():
    assert whatsapp_digits("0812-3456-7890") == "6281234567890"
    assert whatsapp_digits("+6281200000134") == "6281200000134"
