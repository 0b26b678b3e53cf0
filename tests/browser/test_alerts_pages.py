"""Getting alerts and seeing what is expected, in a real browser, at desktop and phone widths.

Each new page is checked with axe-core and screenshotted at 1280 and 390 pixels; the whole
double opt-in runs through the browser, with the confirmation read from Django's test outbox
(the live server runs in this process).
"""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from playwright.sync_api import expect

from tests.browser.conftest import SCREENSHOTS, check_accessibility, screenshot

pytestmark = pytest.mark.browser

WIDTHS = (1280, 390)


@pytest.fixture(autouse=True)
def _fresh(settings, site):
    cache.clear()
    mail.outbox.clear()
    settings.SITE_URL = site


def look(page, name, problems):
    """Screenshot at each width, fail on sideways scrolling at phone width, run axe."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"alerts-{name}-{width}")
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            problems.append(f"{page.url} at {width}px is {scroll_width}px wide")
        try:
            check_accessibility(page)
        except AssertionError as failure:
            problems.append(str(failure))


def test_a_forum_subscribes_confirms_and_unsubscribes(page, site):
    problems = []
    page.goto(site + "/areas/central-bedfordshire/")
    page.get_by_role("link", name="Get email alerts about Central Bedfordshire").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Get email alerts about Central Bedfordshire"
    )
    look(page, "subscribe", problems)

    page.get_by_role("button", name="Send me a confirmation link").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your email address")
    look(page, "subscribe-error", problems)

    page.get_by_label("Email address").fill("forum@example.org")
    page.get_by_role("button", name="Send me a confirmation link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    expect(page.locator("main")).to_contain_text("forum@example.org")
    look(page, "check-your-email", problems)

    (confirmation,) = mail.outbox
    confirm = re.search(r"(http\S+/alerts/confirm/\S+/)", confirmation.body).group(1)
    page.goto(confirm)
    look(page, "confirm", problems)
    page.get_by_role("button", name="Confirm and start alerts").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Alerts confirmed")
    look(page, "confirmed", problems)

    unsubscribe = re.search(r"(http\S+/alerts/unsubscribe/\S+/)", confirmation.body).group(1)
    page.goto(unsubscribe)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Stop alerts about Central Bedfordshire"
    )
    look(page, "unsubscribe", problems)
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You have unsubscribed")
    look(page, "unsubscribed", problems)

    page.goto(confirm[:-4] + "xyz/")
    expect(page.get_by_role("heading", level=1)).to_have_text("This link does not work")
    look(page, "link-problem", problems)
    assert not problems, "\n\n".join(problems)


def test_the_expected_page_and_the_feed_links(page, site):
    problems = []
    page.goto(site + "/expected/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Expected in the next three months")
    expect(page.locator("main")).to_contain_text("Ofsted does not announce inspection dates")
    look(page, "expected", problems)
    page.goto(site + "/areas/luton/")
    assert (
        page.locator('link[rel="alternate"][type="application/atom+xml"]').get_attribute("href")
        == "/areas/luton/feed/"
    )
    look(page, "area-follow-links", problems)
    for width in WIDTHS:  # the links sit near the top of a long page: look there too
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SCREENSHOTS / f"alerts-area-top-{width}.png"))
    assert not problems, "\n\n".join(problems)
