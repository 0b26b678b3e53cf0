"""A forum representative searches every finding on a phone and on a desktop: live results
with highlights, a shareable address, the menu item, and the same page without JavaScript."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import check_accessibility, screenshot, wait_for_htmx

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [390, 1280])
def test_live_search_lists_highlighted_findings_grouped_by_area(page, site, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site + "/")
    if width < 641:  # GOV.UK's service navigation folds into a Menu button on phones
        page.get_by_role("button", name="Menu").click()
    page.get_by_role("link", name="Search findings").click()
    page.wait_for_url(re.compile(r"/search/$"))
    wait_for_htmx(page)
    with page.expect_response(lambda response: "q=speech" in response.url):
        page.locator("#id_q").press_sequentially("speech and language", delay=30)

    expect(page.locator("#search-count")).to_contain_text("17 results in 16 local areas")
    highlights = page.locator("#search-results mark")
    expect(highlights.first).to_be_visible()
    assert {text.lower() for text in highlights.all_inner_texts()} >= {"speech", "language"}
    # The address is shareable: it holds the words searched for.
    assert page.url == site + "/search/?q=speech+and+language"
    # The menu marks where the reader is.
    expect(page.locator(".govuk-service-navigation__item--active")).to_have_text("Search findings")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    check_accessibility(page)
    screenshot(page, f"search-speech-and-language-{width}")


def test_the_search_works_without_javascript(browser, site):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 900})
    page = context.new_page()
    page.goto(site + "/search/")
    page.locator("#id_q").fill("speech and language")
    page.locator("#id_q").press("Enter")
    page.wait_for_url(re.compile(r"q=speech\+and\+language"))
    expect(page.locator("#search-count")).to_contain_text("17 results in 16 local areas")
    expect(page.locator("#search-results mark").first).to_be_visible()
    context.close()
