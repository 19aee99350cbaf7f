import pytest

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_home_page_renders_in_chromium_at_phone_size(live_server, phone_page, screenshot):
    phone_page.goto(live_server.url + "/")
    assert phone_page.locator("h1").first.inner_text() == "Buatan tangan Purwakarta"
    # The skip link is the first thing a keyboard reaches.
    phone_page.keyboard.press("Tab")
    assert phone_page.evaluate("document.activeElement.className") == "skip-link"
    screenshot(phone_page, "home-phone")


def test_language_switcher_works_with_javascript(live_server, page):
    page.goto(live_server.url + "/")
    page.select_option("#language-select", "en")
    page.wait_for_url(live_server.url + "/en/")
    assert page.locator("html").get_attribute("lang") == "en"
