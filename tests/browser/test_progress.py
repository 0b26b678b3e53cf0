"""An officer logs progress; a member of the public then sees it beside the inspectors' verdict."""

import re

import pytest
from playwright.sync_api import expect

from areas.models import Area
from progress.models import Membership, ProgressUpdate, Role
from tests.browser.conftest import check_accessibility, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def officers(site, django_user_model):
    olivia = django_user_model.objects.create_user(
        "olivia", "olivia@example.org", "a-long-pass-phrase-1"
    )
    luke = django_user_model.objects.create_user("luke", "luke@example.org", "a-long-pass-phrase-2")
    Membership.objects.create(
        user=olivia, area=Area.objects.get(slug="central-bedfordshire"), role=Role.OFFICER
    )
    Membership.objects.create(user=luke, area=Area.objects.get(slug="luton"), role=Role.OFFICER)
    return olivia, luke


def sign_in(page, site, username, password):
    page.goto(site + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your dashboard")


def test_an_officer_logs_an_update_and_the_public_sees_it(page, browser, site, officers):
    sign_in(page, site, "olivia", "a-long-pass-phrase-1")
    page.goto(site + "/weaknesses/CB-2019-1/")
    page.evaluate("window.__marker = 1")
    page.get_by_role("link", name="Add a progress update").click()
    form = page.locator("form.app-update-form")
    expect(form).to_be_visible()
    form.get_by_label("Amber: some concerns").check()
    form.get_by_label("Summary").fill("Two thirds of EHC plans now reviewed on time")
    form.get_by_role("button", name="Save update").click()
    updates = page.locator("#updates-weakness-CB-2019-1")
    expect(updates).to_contain_text("Two thirds of EHC plans now reviewed on time")
    assert page.evaluate("window.__marker") == 1, "the page reloaded instead of swapping in place"
    check_accessibility(page)
    screenshot(page, "officer-logged-update")

    public = browser.new_context().new_page()
    public.goto(site + "/weaknesses/CB-2019-1/")
    compare = public.locator(".app-rating-compare")
    expect(compare).to_contain_text("Not sufficient progress")
    expect(compare).to_contain_text("Amber: some concerns")
    expect(public.get_by_role("link", name="Add a progress update")).to_have_count(0)
    screenshot(public, "public-sees-update")

    update = ProgressUpdate.objects.get()
    luton = browser.new_context().new_page()
    sign_in(luton, site, "luke", "a-long-pass-phrase-2")
    response = luton.goto(site + f"/progress/updates/{update.pk}/edit/")
    assert response.status == 403
    assert luton.goto(site + f"/progress/updates/{update.pk}/history/").status == 404

    page.goto(site + f"/progress/updates/{update.pk}/history/")
    expect(page.locator("table")).to_contain_text("Created")
    expect(page.locator("table")).to_contain_text(re.compile("olivia"))
