"""A parent who knows their town or postcode, not their council, finds it on a phone and on a
desktop, with and without JavaScript."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import check_accessibility, screenshot, wait_for_htmx

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [390, 1280])
def test_live_search_by_postcode_district_says_which_council_is_likely(page, site, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site + "/areas/")
    wait_for_htmx(page)
    with page.expect_response(lambda response: "q=LU6" in response.url):
        page.locator("input[name='q']").press_sequentially("LU6", delay=50)

    answer = page.locator("#place-answer")
    expect(answer).to_contain_text(
        "Postcode district LU6 is probably in Central Bedfordshire (91% of its postcodes)"
    )
    expect(answer).to_contain_text("also in Buckinghamshire (9%) and Hertfordshire (under 1%)")
    results = page.locator("#area-results table")
    for name in ("Central Bedfordshire", "Buckinghamshire", "Hertfordshire"):
        expect(results).to_contain_text(name)
    expect(results).not_to_contain_text("Barnet")
    # Nothing scrolls sideways on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    check_accessibility(page)
    screenshot(page, f"find-by-postcode-district-{width}")


@pytest.mark.parametrize("width", [390, 1280])
def test_a_postcode_that_cannot_be_read_says_so_without_blaming_filters(page, site, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site + "/areas/?q=WD17+1A")
    answer = page.locator("#place-answer")
    expect(answer).to_contain_text("“WD17 1A” is not a postcode")
    expect(page.locator("#area-results")).not_to_contain_text("Try fewer filters")
    check_accessibility(page)
    screenshot(page, f"find-by-bad-postcode-{width}")


def test_the_home_search_takes_a_town_straight_to_its_council_without_javascript(browser, site):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 900})
    page = context.new_page()
    page.goto(site + "/")
    search = page.locator("input[name='q']")
    search.fill("Dunstable")
    search.press("Enter")
    page.wait_for_url(re.compile(r"/areas/central-bedfordshire/$"))
    expect(page.locator("body")).to_contain_text("Dunstable is in Central Bedfordshire.")
    screenshot(page, "find-by-town-from-home-390")
    context.close()
