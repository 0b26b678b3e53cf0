"""The open data pages in a real browser: accessible, readable on a phone, files downloadable."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import check_accessibility, screenshot

pytestmark = pytest.mark.browser

PAGES = {"data": "/data/", "data-dictionary": "/data/dictionary/"}


@pytest.mark.parametrize("width", [1280, 390])
def test_the_open_data_pages_are_accessible_at_desktop_and_phone_widths(page, site, width):
    page.set_viewport_size({"width": width, "height": 900})
    for name, path in PAGES.items():
        response = page.goto(site + path)
        assert response.status == 200
        screenshot(page, f"{name}-{width}")
        check_accessibility(page)
        # Nothing, not even a long column name, makes the page scroll sideways.
        assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_a_visitor_finds_the_open_data_from_the_footer_and_downloads_a_file(page, site):
    page.goto(site + "/")
    page.locator("footer").get_by_role("link", name="Open data").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Open data")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download weaknesses.csv (CSV)").click()
    download = download_info.value
    assert download.suggested_filename == "weaknesses.csv"
    with open(download.path(), "rb") as saved:
        assert saved.read(3) == b"\xef\xbb\xbf"

    page.get_by_role("link", name="What the columns of weaknesses.csv mean").click()
    expect(page.locator("#weaknesses")).to_be_in_viewport()
