"""On a phone, on the map, and on paper: what families do with the public pages.

Most families read on phones: no page may scroll sideways at 320 or 390 pixels, and the
inspectors' verdict must be on screen, not off to the right of a table.
"""

import io
import re

import pytest
from django.conf import settings
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.conftest import check_accessibility, screenshot

pytestmark = pytest.mark.browser

PHONE_PAGES = {
    "home": "/",
    "area-list": "/areas/",
    "area": "/areas/central-bedfordshire/",
    "area-with-findings": "/areas/bury/",
    "weakness": "/weaknesses/CB-2019-1/",
    "themes": "/themes/",
    "compare": "/compare/?areas=luton,central-bedfordshire",
}


def test_no_page_scrolls_sideways_on_a_phone(page, site):
    wide = []
    for width in (320, 390):
        page.set_viewport_size({"width": width, "height": 800})
        for name, path in PHONE_PAGES.items():
            page.goto(site + path)
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            if scroll_width > width:
                wide.append(f"{path} at {width}px is {scroll_width}px wide")
            if width == 390:
                screenshot(page, f"phone-{name}")
    assert not wide, "\n".join(wide)


def test_on_a_phone_each_weakness_shows_the_verdict_on_screen(page, site):
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(site + "/areas/central-bedfordshire/")
    verdict = page.locator(".app-weakness-table tbody tr").first.locator(
        'td[data-label="Inspectors\' verdict"]'
    )
    expect(verdict).to_contain_text("Not sufficient progress")
    box = verdict.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    # The full finding opens below, as wide as the screen, not in a narrow cell.
    page.get_by_text("Read the full finding").first.click()
    finding = page.locator("#weakness-CB-2019-1-detail")
    expect(finding).to_contain_text("Existing education, health and care (EHC) plans")
    assert finding.bounding_box()["width"] > 300


def test_the_map_shows_every_area_as_a_working_link(page, site):
    page.goto(site + "/")
    hexes = page.locator("#map svg a")
    expect(hexes).to_have_count(153)
    luton = page.get_by_role("link", name=re.compile(r"^Luton: "))
    expect(luton).to_have_count(1)
    assert luton.get_attribute("href") == "/areas/luton/"
    check_accessibility(page)
    screenshot(page, "home-map")

    # By keyboard: focus a hex and press Enter to open its area.
    luton.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(site + "/areas/luton/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Luton")


def test_filters_fade_the_areas_they_leave_out_of_the_map(page, site):
    page.goto(site + "/areas/?region=london")
    assert page.locator("#map svg a").count() == 153
    faded = page.locator("#map svg a.app-hexmap__hex--dimmed")
    london = page.locator("#area-results tbody tr").count()
    assert faded.count() == 153 - london
    expect(
        page.get_by_role("link", name=re.compile(r"^Luton: .*not in the filtered list"))
    ).to_have_count(1)
    check_accessibility(page)


def test_luton_is_compared_with_central_bedfordshire_and_its_neighbours(page, site):
    page.goto(site + "/areas/luton/")
    neighbours = page.locator(".app-neighbours li")
    expect(neighbours).to_have_count(10)
    expect(neighbours.first).to_contain_text("Slough")
    page.goto(site + "/compare/?areas=luton,central-bedfordshire")
    columns = page.locator(".app-compare__area h2")
    expect(columns).to_have_text(["Luton", "Central Bedfordshire"])
    check_accessibility(page)


def test_printing_opens_every_folded_section(page, site):
    page.goto(site + "/areas/bury/")
    button = page.get_by_role("button", name="Print this page")
    expect(button).to_be_visible()
    folded = page.locator("details:not([open])").count()
    assert folded > 0
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert page.locator("details:not([open])").count() == 0
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert page.locator("details:not([open])").count() == folded


def printed_text(page) -> str:
    """The text of the page as Chromium prints it to A4, whitespace made single spaces."""
    reader = PdfReader(io.BytesIO(page.pdf(format="A4")))
    return " ".join(" ".join(p.extract_text() for p in reader.pages).split())


def test_an_area_page_prints_each_finding_once_with_whole_addresses_and_no_controls(page, site):
    page.goto(site + "/areas/surrey/")
    findings = [
        " ".join(text.split()[:12])
        for text in page.locator(".app-finding .app-finding-text").all_inner_texts()
    ]
    assert len(findings) == 4
    page.emulate_media(media="print")
    screenshot(page, "print-area")
    text = printed_text(page)
    for words in findings:
        assert text.count(words) == 1, words
    # The timeline says where they are instead of printing them again.
    assert "printed in full above" in text
    # Whole words: the facts column is not a third of the page wide on paper.
    assert "Council Surrey County Council" in text
    # Whole addresses: a path on this site prints after the site's address.
    assert f"({settings.SITE_URL}/areas/windsor-and-maidenhead/)" in text
    assert "(/areas/" not in text
    assert "(https://files.ofsted.gov.uk/v1/file/50233738)" in text
    # No controls: nothing that only works on the screen.
    for control in ("Report a mistake", "Print this page", "Get email alerts", "Skip to main"):
        assert control not in text, control
    assert "Beta" not in text and "Read the full finding" not in text


def test_quotes_inside_boxes_run_nearly_the_width_of_a_phone(page, site):
    """Nested boxes gave a quoted letter 4 or 5 words a line on a phone."""
    content_width = """el => { const r = el.getBoundingClientRect(), s = getComputedStyle(el);
        return r.width - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight)
               - parseFloat(s.borderLeftWidth) - parseFloat(s.borderRightWidth); }"""
    for width in (320, 390):
        page.set_viewport_size({"width": width, "height": 800})
        for path in ("/areas/central-bedfordshire/", "/weaknesses/CB-2019-3/"):
            page.goto(site + path)
            for summary in page.locator(".app-weakness-toggle summary").all():
                summary.click()
            if "/areas/" in path:
                expect(page.locator(".app-weakness-toggle .app-quote")).to_have_count(
                    page.locator(".app-weakness-toggle").count()
                )
            main = page.locator("main").evaluate(content_width)
            quotes = page.locator("main blockquote")
            assert quotes.count() > 0
            for quote in quotes.all():
                assert quote.evaluate(content_width) >= 0.8 * main, (
                    f"{path} at {width}px: {quote.inner_text()[:40]}"
                )
            if width == 390:
                screenshot(page, "phone-quotes-" + path.strip("/").replace("/", "-"))


def test_on_a_phone_every_hex_is_a_target_of_at_least_24_pixels(page, site):
    """WCAG 2.2's target size: the map scrolls sideways in its own box, never the page."""
    for width in (320, 390):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(site + "/")
        sizes = page.locator("#map svg a").evaluate_all(
            "hexes => hexes.map(a => { const r = a.getBoundingClientRect();"
            " return [r.width, r.height]; })"
        )
        assert len(sizes) == 153
        assert min(w for w, _ in sizes) >= 24 and min(h for _, h in sizes) >= 24, width
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        region = page.get_by_role("region", name=re.compile("Map of local areas"))
        assert region.evaluate("el => el.scrollWidth > el.clientWidth")
        # A parent is told the map goes on past the screen's edge.
        expect(page.get_by_text("scroll it sideways to see all of it")).to_be_visible()
        region.focus()
        page.keyboard.press("ArrowRight")
        # (The keyboard scrolls it smoothly: wait for it to move.)
        page.wait_for_function(
            "() => document.querySelector('.app-hexmap__scroll').scrollLeft > 0", timeout=5000
        )
        if width == 390:
            check_accessibility(page)
            screenshot(page, "phone-home-map")
    # Where the whole map fits, nothing says to scroll it.
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(site + "/")
    expect(page.get_by_text("scroll it sideways to see all of it")).to_be_hidden()


def test_the_beta_banner_leads_to_a_feedback_form_that_thanks_the_sender(page, site):
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(site + "/areas/luton/")
    page.locator(".govuk-phase-banner").get_by_role("link", name="give your feedback").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Give feedback on the SEND Inspection Tracker"
    )
    expect(page.get_by_label("Which local area is it about? (optional)")).to_have_value("luton")
    page.get_by_role("button", name="Send feedback").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your feedback")
    check_accessibility(page)
    screenshot(page, "phone-feedback-error")
    page.get_by_label("What would you like to tell us?").fill("The map is easier to tap now.")
    page.get_by_role("button", name="Send feedback").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Feedback sent")
    check_accessibility(page)
