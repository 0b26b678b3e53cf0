"""Officers and forum representatives on phones: the dashboard stacks as the public tables do,
findings are named by their words, and two forms open in place on one page share no id."""

import re

import pytest
from playwright.sync_api import expect

from areas.models import Area
from progress.models import Membership, ProgressUpdate, Role
from tests.browser.conftest import check_accessibility, screenshot, wait_for_htmx
from tests.browser.test_progress import fill_date, sign_in

pytestmark = pytest.mark.browser

NOTTS_FIRST = "Leaders, NHS Nottingham and Nottinghamshire Integrated Care Board"


@pytest.fixture
def nina(site, django_user_model):
    """An officer of Nottinghamshire, whose 2023 report's findings a monitoring inspection saw."""
    user = django_user_model.objects.create_user("nina", "nina@example.org", "a-long-pass-phrase-4")
    Membership.objects.create(
        user=user, area=Area.objects.get(slug="nottinghamshire"), role=Role.OFFICER
    )
    return user


def test_the_dashboard_stacks_on_a_phone_with_everything_on_screen(page, site, nina):
    sign_in(page, site, "nina", "a-long-pass-phrase-4")
    for width in (360, 390, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(site + "/dashboard/")
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width, f"the dashboard is {scroll_width}px wide at {width}px"
        first = page.locator("#open-items ~ .app-table-scroll tbody tr").first
        expect(first).to_contain_text(NOTTS_FIRST)
        expect(first).to_contain_text("Monitoring inspection, July 2025: effective action")
        add = first.get_by_role("link", name=re.compile("^Add an update on Area for priority"))
        box = add.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
        status = page.locator(".app-table-scroll").first.locator(".govuk-tag").first
        box = status.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
        screenshot(page, f"officer-dashboard-{width}")
    # The whole finding opens below its first words.
    page.set_viewport_size({"width": 390, "height": 800})
    first = page.locator("#open-items ~ .app-table-scroll tbody tr").first
    first.get_by_text("Read it in full").click()
    expect(first.locator(".app-item-text .govuk-details__text")).to_contain_text(
        "children and young"
    )
    check_accessibility(page)


def test_two_forms_open_in_place_share_no_id_and_visibility_must_be_chosen(page, site, nina):
    page.set_viewport_size({"width": 390, "height": 800})
    sign_in(page, site, "nina", "a-long-pass-phrase-4")
    page.goto(site + "/areas/nottinghamshire/")
    wait_for_htmx(page)
    sections = page.locator("section.app-finding")
    for index in (0, 1):
        sections.nth(index).get_by_role("link", name=re.compile("Add a progress update")).click()
        expect(sections.nth(index).locator("form.app-update-form")).to_be_visible()
    duplicates = page.evaluate(
        """() => {
          const seen = {};
          document.querySelectorAll('[id]').forEach(e => seen[e.id] = (seen[e.id] || 0) + 1);
          return Object.keys(seen).filter(id => seen[id] > 1);
        }"""
    )
    assert duplicates == []
    second = sections.nth(1).locator("form.app-update-form")
    # Each label names its own form's box: the second form's Day box is the second form's.
    second.get_by_label("Day").fill("3")
    expect(sections.nth(0).locator("form.app-update-form").get_by_label("Day")).not_to_have_value(
        "3"
    )
    fill_date(second, "3", "11", "2026")
    expect(second.get_by_label("Public: families can see it")).not_to_be_checked()
    expect(second.get_by_label("Internal: officers of this area")).not_to_be_checked()
    second.get_by_label("Amber: some concerns").check()
    second.get_by_label("Summary").fill("Therapy waits falling")
    second.get_by_role("button", name="Save update").click()
    summary = sections.nth(1).locator(".govuk-error-summary")
    expect(summary).to_contain_text("Choose who can see the update")
    screenshot(page, "officer-two-forms-visibility-error-390")
    check_accessibility(page)
    summary.get_by_role("link", name="Choose who can see the update").click()
    expect(sections.nth(1).get_by_label("Public: families can see it")).to_be_focused()
    sections.nth(1).get_by_label("Internal: officers of this area").check()
    sections.nth(1).get_by_role("button", name="Save update").click()
    expect(sections.nth(1).locator(".govuk-notification-banner")).to_contain_text("saved")
    assert ProgressUpdate.objects.get().visibility == "internal"


def test_a_2016_weakness_on_the_area_page_has_an_add_link(page, site, nina, django_user_model):
    olivia = django_user_model.objects.create_user(
        "olivia", "o@example.org", "a-long-pass-phrase-1"
    )
    Membership.objects.create(
        user=olivia, area=Area.objects.get(slug="central-bedfordshire"), role=Role.OFFICER
    )
    sign_in(page, site, "olivia", "a-long-pass-phrase-1")
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(site + "/areas/central-bedfordshire/")
        link = page.get_by_role("link", name=re.compile("^Add a progress update on CB-2019-1:"))
        expect(link).to_be_visible()
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
        screenshot(page, f"officer-area-weakness-add-{width}")
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a progress update")
    expect(page.locator(".app-subject-label")).to_contain_text("CB-2019-1")
