"""What a parent, carer or professional does on the public pages, in a real browser.

Every page type is checked with axe-core against WCAG 2.2 A/AA, and the HTMX enhancements
(live area search, expanding a weakness in place) are checked to work as enhancements: the
request is an HTMX one, only the fragment changes, and the same journeys work without
JavaScript.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import check_accessibility, screenshot, wait_for_htmx

pytestmark = pytest.mark.browser

WEAKNESS_URL = "/weaknesses/CB-2019-1/"
WEAKNESS_TEXT = "Existing education, health and care (EHC) plans are not of sufficient quality"
WEAKNESS_NARRATIVE = "Area leaders, since September 2021"

PAGES = {
    "home": "/",
    "area-list": "/areas/",
    "area-central-bedfordshire": "/areas/central-bedfordshire/",
    "weakness-CB-2019-1": WEAKNESS_URL,
    "themes": "/themes/",
    "glossary": "/about/glossary/",
    "about": "/about/",
    "area-luton": "/areas/luton/",
    "area-buckinghamshire": "/areas/buckinghamshire/",
    "area-bury": "/areas/bury/",
    # A monitoring inspection's findings beside each priority action; an outcome from public
    # pages; a DfE notice after an outcome.
    "area-nottinghamshire": "/areas/nottinghamshire/",
    "area-slough": "/areas/slough/",
    "area-wirral": "/areas/wirral/",
    "area-list-filtered": "/areas/?region=london",
    "compare": "/compare/?areas=luton,central-bedfordshire",
    "report-a-mistake": "/areas/luton/report-a-mistake/",
    "former-area": "/areas/dorset-county/",
}


def record_requests(page):
    requests = []
    # Playwright cannot wrap a builtin such as list.append as a listener.
    page.on("request", lambda request: requests.append(request))
    return requests


def is_htmx(request):
    return request.headers.get("hx-request") == "true"


def test_every_page_type_has_no_accessibility_violations(page, site):
    # One test visits every page type, so the real data is loaded into the live
    # server's database once rather than once a page.
    problems = []
    for name, path in PAGES.items():
        response = page.goto(site + path)
        assert response.status == 200, f"{path} answered {response.status}"
        screenshot(page, name)
        try:
            check_accessibility(page)
        except AssertionError as failure:
            problems.append(str(failure))
    assert not problems, "\n\n".join(problems)


def test_a_parent_searches_for_central_and_reaches_central_bedfordshire(page, site):
    page.goto(site + "/")
    search = page.locator("input[name='q']")
    search.fill("central")
    search.press("Enter")

    # One area matches, so the search goes straight to it.
    page.wait_for_url(re.compile(r"/areas/central-bedfordshire/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Central Bedfordshire")
    body = page.locator("body")
    expect(body).to_contain_text(
        re.compile("DfE and NHS England to determine the next steps", re.IGNORECASE)
    )
    expect(body).to_contain_text("3 of 6")
    screenshot(page, "journey-central-bedfordshire")


def test_live_search_swaps_only_the_results(page, site):
    page.goto(site + "/areas/")
    wait_for_htmx(page)  # deferred
    # The results table (the map below it names every area, fading those left out).
    results = page.locator("#area-results table")
    expect(results).to_contain_text("Barnet")
    page.evaluate("window.__marker = 1")
    requests = record_requests(page)

    with page.expect_response(lambda response: "q=lut" in response.url):
        page.locator("input[name='q']").press_sequentially("lut", delay=50)

    # The swap must replace the results, not nest a second #area-results inside the first.
    expect(page.locator("#area-results"), "duplicate #area-results after the swap").to_have_count(1)
    expect(results).to_contain_text("Luton")
    expect(results).not_to_contain_text("Barnet")
    expect(page).to_have_url(re.compile(r"[?&]q=lut\b"))
    assert page.evaluate("window.__marker") == 1, "the page was reloaded instead of swapped"
    searches = [r for r in requests if "/areas/" in r.url and "q=lut" in r.url]
    assert searches, f"no search request for q=lut; saw {[r.url for r in requests]}"
    assert all(is_htmx(r) for r in searches), [(r.url, r.headers) for r in searches]
    screenshot(page, "live-search-lut")


def test_expanding_a_weakness_loads_its_full_text_in_place(page, site):
    page.goto(site + "/areas/central-bedfordshire/")
    wait_for_htmx(page)  # deferred
    toggle = page.locator(".app-weakness-toggle").first
    expect(toggle).to_have_attribute("hx-get", WEAKNESS_URL)
    page.evaluate("window.__marker = 1")
    requests = record_requests(page)

    toggle.locator("summary").click()

    finding = page.locator("#weakness-CB-2019-1-detail .app-weakness-finding")
    expect(finding).to_contain_text(WEAKNESS_TEXT)
    expect(finding).to_contain_text(WEAKNESS_NARRATIVE)
    assert page.evaluate("window.__marker") == 1, "clicking the weakness navigated away"
    assert page.url == site + "/areas/central-bedfordshire/"
    fetches = [r for r in requests if r.url.endswith(WEAKNESS_URL)]
    assert fetches, f"no request for {WEAKNESS_URL}; saw {[r.url for r in requests]}"
    assert all(is_htmx(r) for r in fetches), [(r.url, r.headers) for r in fetches]
    screenshot(page, "weakness-expanded")
    check_accessibility(page)
    # It closes again, and its open state is announced (a native <details>).
    toggle.locator("summary").click()
    expect(toggle).not_to_have_attribute("open", "")


def test_pages_work_without_javascript(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(site + "/areas/?q=lut")
        expect(page.get_by_role("row").filter(has_text="Luton")).to_be_visible()
        expect(page.locator("#area-results table")).not_to_contain_text("Barnet")

        page.goto(site + "/areas/central-bedfordshire/")
        page.locator(".app-weakness-toggle summary").first.click()
        page.locator(f"a[href='{WEAKNESS_URL}']").first.click()

        page.wait_for_url(site + WEAKNESS_URL)
        expect(page.locator("body")).to_contain_text(WEAKNESS_TEXT)
        expect(page.locator("body")).to_contain_text(WEAKNESS_NARRATIVE)
        screenshot(page, "no-js-weakness")
    finally:
        context.close()


def test_luton_shows_all_five_sufficient_and_quarterly_visits_ceasing(page, site):
    page.goto(site + "/areas/luton/")

    body = page.locator("body")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Luton")
    expect(body).to_contain_text("5 of 5")
    expect(body).to_contain_text(re.compile("quarterly", re.IGNORECASE))
    expect(body).to_contain_text(re.compile("cease", re.IGNORECASE))


def test_buckinghamshire_shows_its_wsoa_and_its_later_outcome(page, site):
    page.goto(site + "/areas/buckinghamshire/")

    body = page.locator("body")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Buckinghamshire")
    expect(body).to_contain_text("Written statement of action required")
    expect(body).to_contain_text("Outcome 2")


def test_no_page_breaks_its_content_security_policy(page, site):
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    for path in ("/", "/areas/", "/areas/central-bedfordshire/", "/themes/", "/accounts/login/"):
        page.goto(site + path)
    page.goto(site + "/areas/")
    page.locator("input[name='q']").press_sequentially("lut", delay=30)
    expect(page.locator("#area-results")).to_contain_text("Luton")
    assert not violations, violations
