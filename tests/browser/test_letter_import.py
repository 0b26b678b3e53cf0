"""An admin imports Bedford's 2025 report through the admin and sees it on Bedford's timeline."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from inspections.models import Inspection
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser

BEDFORD = Path(__file__).resolve().parents[1] / "data" / "letters" / "bedford_04-february-2025.pdf"


def test_an_admin_imports_a_report_and_sees_it_on_the_timeline(
    page, site, django_user_model, bedford_report_not_yet_loaded
):
    django_user_model.objects.create_superuser("alice", "alice@example.org", "a-long-pass-phrase-3")
    page.goto(site + "/admin/login/")
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill("a-long-pass-phrase-3")
    page.get_by_role("button", name="Log in").click()

    page.get_by_role("link", name="Import letter").first.click()
    expect(page.get_by_role("heading", name="Import a letter")).to_be_visible()
    assert page.evaluate("window.htmx && htmx.version"), "htmx did not load on the import page"
    expect(page.locator("#parsing.htmx-indicator")).to_have_count(1)
    page.evaluate("window.__marker = 1")
    page.get_by_label("Letter or report (PDF or text file)").set_input_files(BEDFORD)
    with page.expect_request(
        lambda r: r.method == "POST" and r.headers.get("hx-request") == "true"
    ):
        page.get_by_role("button", name="Read letter").click()

    expect(page.get_by_role("heading", name="Check the letter before saving")).to_be_visible()
    assert page.evaluate("window.__marker") == 1, (
        "the preview replaced the page instead of swapping"
    )
    expect(page.locator("#import-area")).to_contain_text("Matched to Bedford Borough")
    expect(page.locator("#import-area")).to_contain_text("Areas for improvement (2)")
    expect(page.get_by_label("Outcome")).to_have_value("positive")
    screenshot(page, "admin-import-review")
    page.get_by_role("button", name="Save inspection").click()

    expect(page.locator(".messagelist")).to_contain_text(
        "It now shows on Bedford Borough's timeline"
    )
    inspection = Inspection.objects.get(area__slug="bedford-borough", framework="2023")
    first_improvement = inspection.findings.filter(kind="improvement").order_by("number").first()

    page.goto(site + "/areas/bedford-borough/")
    timeline = page.locator(".app-timeline")
    expect(timeline).to_contain_text("Areas for improvement")
    expect(timeline).to_contain_text(first_improvement.text[:50])
    screenshot(page, "bedford-after-import")
