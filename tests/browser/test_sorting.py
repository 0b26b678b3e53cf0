"""Sorting the area list: the sorted column says which way, and focus stays where it was."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import check_accessibility, wait_for_htmx

pytestmark = pytest.mark.browser


def test_sorting_keeps_focus_on_the_column_and_shows_its_direction(page, site):
    page.goto(site + "/areas/")
    wait_for_htmx(page)  # deferred
    page.evaluate("window.__marker = 1")
    region = page.locator("th", has=page.locator("#sort-region"))
    expect(region).to_have_attribute("aria-sort", "none")
    expect(page.locator("th", has=page.locator("#sort-name"))).to_contain_text("▲")

    page.locator("#sort-region").focus()
    page.keyboard.press("Enter")
    expect(region).to_have_attribute("aria-sort", "ascending")
    expect(region).to_contain_text("Region ▲")
    expect(page.locator("#sort-region")).to_be_focused()
    expect(page.locator("#area-status")).to_contain_text("sorted by region, ascending")
    expect(page).to_have_url(re.compile(r"\?sort=region$"))

    page.keyboard.press("Enter")  # the same column again: the other way
    expect(region).to_have_attribute("aria-sort", "descending")
    expect(region).to_contain_text("Region ▼")
    expect(page.locator("#sort-region")).to_be_focused()
    expect(page.locator("th", has=page.locator("#sort-name"))).to_have_attribute(
        "aria-sort", "none"
    )
    first = page.locator(".app-area-table tbody tr").first
    expect(first).to_contain_text("Yorkshire")
    assert page.evaluate("window.__marker") == 1, "the page reloaded instead of swapping in place"
    check_accessibility(page)


def test_without_javascript_a_sort_comes_back_to_its_column(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/areas/")
    page.get_by_role("link", name="Next expected event").click()
    expect(page).to_have_url(re.compile(r"\?sort=next#sort-next$"))
    header = page.locator("th", has=page.locator("#sort-next"))
    expect(header).to_have_attribute("aria-sort", "ascending")
    expect(header).to_contain_text("▲")
    context.close()
