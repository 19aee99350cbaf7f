"""What owners type, normalised or refused with a message that says what a valid value is."""

import pytest
from django.core.exceptions import ValidationError

from vendors import validators


@pytest.mark.parametrize(
    "typed", ["0812 3456 7890", "62-812-3456-7890", "+62 812 3456 7890", "(0812) 3456.7890"]
)
def test_every_way_of_writing_a_mobile_number_gives_the_same_e164(typed):
    assert validators.normalise_whatsapp(typed) == "+6281234567890"


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "0",
        "08",
        "0812345",
        "+6221 1234 5678",
        "0800 1234 567",
        "+65 8123 4567",
        "+62 812 3456 7890 12",
        "٠٨١٢٣٤٥٦٧٨٩٠",
    ],
)
def test_numbers_that_are_not_indonesian_mobiles_are_refused(typed):
    with pytest.raises(ValidationError) as refused:
        validators.normalise_whatsapp(typed)
    assert refused.value.code == "invalid_phone"


def test_an_empty_nib_pirt_or_halal_number_is_allowed():
    assert validators.normalise_nib("  ") == ""
    assert validators.normalise_pirt("") == ""
    assert validators.normalise_halal(" ") == ""


@pytest.mark.parametrize(
    ("platform", "url"),
    [
        ("tokopedia", "https://www.tokopedia.com/gerabahanjun"),
        ("tokopedia", "https://tokopedia.link/abc"),
        ("shopee", "https://shopee.co.id/gerabahanjun"),
        ("instagram", "https://instagram.com/gerabahanjun"),
        ("tiktok", "https://www.tiktok.com/@gerabahanjun"),
        ("facebook", "https://m.facebook.com/gerabahanjun"),
        ("website", "https://gerabahanjun.id/"),
    ],
)
def test_a_store_address_on_its_platform_is_accepted(platform, url):
    validators.validate_platform_url(platform, url)


@pytest.mark.parametrize(
    ("platform", "url"),
    [
        ("tokopedia", "https://shopee.co.id/gerabahanjun"),
        ("tokopedia", "https://tokopedia.com.penipu.id/gerabahanjun"),
        ("tokopedia", "https://palsutokopedia.com/gerabahanjun"),
        ("instagram", "https://example.com/instagram.com"),
    ],
)
def test_a_store_address_elsewhere_is_refused(platform, url):
    with pytest.raises(ValidationError) as refused:
        validators.validate_platform_url(platform, url)
    assert refused.value.code == "wrong_platform"
