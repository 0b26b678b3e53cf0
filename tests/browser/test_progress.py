"""An officer logs progress; a member of the public then sees it beside the inspectors' verdict;
the forum responds. Every new page is checked with axe, and the HTMX steps are checked to happen
in place, with focus where a keyboard or screen reader user would expect it."""

import csv
import datetime as dt
import io
import re

import pytest
from playwright.sync_api import expect

from areas.models import Area
from progress.models import ForumResponse, Membership, ProgressUpdate, Role
from tests.browser.conftest import check_accessibility, screenshot, wait_for_htmx

pytestmark = pytest.mark.browser

WEAKNESS = "/weaknesses/CB-2019-1/"


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


@pytest.fixture
def forum(site, django_user_model):
    fiona = django_user_model.objects.create_user(
        "fiona", "fiona@example.org", "a-long-pass-phrase-3"
    )
    Membership.objects.create(
        user=fiona, area=Area.objects.get(slug="central-bedfordshire"), role=Role.FORUM
    )
    return fiona


def sign_in(page, site, username, password):
    page.goto(site + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your dashboard")


def no_pop_ups(page):
    """Fail on any browser dialog (confirm(), alert()): the service asks on its own pages."""
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    return dialogs


def fill_date(form, day, month, year):
    form.get_by_label("Day").fill(day)
    form.get_by_label("Month").fill(month)
    form.get_by_label("Year").fill(year)


def test_an_officer_logs_an_update_and_the_public_sees_it(page, browser, site, officers):
    sign_in(page, site, "olivia", "a-long-pass-phrase-1")
    page.goto(site + WEAKNESS)
    wait_for_htmx(page)  # deferred
    page.evaluate("window.__marker = 1")
    page.get_by_role("link", name="Add a progress update").click()
    form = page.locator("form.app-update-form")
    expect(form).to_be_visible()
    expect(form.get_by_label("Day")).to_be_focused()  # the form opened in place takes focus
    form.get_by_label("Amber: some concerns").check()
    form.get_by_label("Summary").fill("Two thirds of EHC plans now reviewed on time")
    form.get_by_label("Public: families can see it").check()
    form.get_by_role("button", name="Save update").click()
    updates = page.locator("#updates-weakness-CB-2019-1")
    expect(updates).to_contain_text("Two thirds of EHC plans now reviewed on time")
    assert page.evaluate("window.__marker") == 1, "the page reloaded instead of swapping in place"
    check_accessibility(page)
    screenshot(page, "officer-logged-update")

    public = browser.new_context().new_page()
    public.goto(site + WEAKNESS)
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
    assert luton.goto(site + f"/progress/updates/{update.pk}/withdraw/").status == 403

    page.goto(site + f"/progress/updates/{update.pk}/history/")
    expect(page.locator("table")).to_contain_text("Created")
    expect(page.locator("table")).to_contain_text(re.compile("olivia"))


def test_the_latest_rating_follows_in_place_adds_edits_and_withdrawals(page, site, officers):
    dialogs = no_pop_ups(page)
    sign_in(page, site, "olivia", "a-long-pass-phrase-1")
    page.goto(site + WEAKNESS)
    page.evaluate("window.__marker = 1")
    latest = page.locator("#latest-rating-weakness-CB-2019-1")
    expect(latest).to_have_text("No rating published yet")

    # Add, with a date typed wrong first: GOV.UK's message, in place.
    page.get_by_role("link", name="Add a progress update").click()
    form = page.locator("form.app-update-form")
    fill_date(form, "2", "", "2026")
    form.get_by_label("Red: off track").check()
    form.get_by_label("Summary").fill("Annual reviews behind")
    form.get_by_label("Public: families can see it").check()
    form.get_by_role("button", name="Save update").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Date must include a month")
    expect(summary).to_be_focused()
    expect(form.get_by_label("Month")).to_have_class(re.compile("govuk-input--error"))
    expect(form.get_by_label("Day")).not_to_have_class(re.compile("govuk-input--error"))
    check_accessibility(page)
    screenshot(page, "officer-date-error")
    summary.get_by_role("link", name="Date must include a month").click()
    expect(form.get_by_label("Month")).to_be_focused()
    form.get_by_label("Month").fill("11")
    form.get_by_role("button", name="Save update").click()
    expect(latest).to_contain_text("Red: off track")
    expect(latest).to_contain_text("2 November 2026")
    expect(page.locator(".govuk-notification-banner")).to_be_focused()

    # A second, later update: the latest rating and the journey move on.
    page.get_by_role("link", name="Add a progress update").click()
    form = page.locator("form.app-update-form")
    fill_date(form, "20", "11", "2026")
    form.get_by_label("Amber: some concerns").check()
    form.get_by_label("Summary").fill("Reviews catching up")
    form.get_by_label("Public: families can see it").check()
    form.get_by_role("button", name="Save update").click()
    expect(latest).to_contain_text("Amber: some concerns")
    journey = page.locator("#rag-journey-weakness-CB-2019-1")
    expect(journey).to_contain_text("2 November 2026")
    expect(journey).to_contain_text("20 November 2026")

    # Edit it in place.
    page.get_by_role("link", name="Edit the update of 20 November 2026").click()
    form = page.locator("form.app-update-form")
    expect(form.get_by_label("Day")).to_have_value("20")
    form.get_by_label("Green: on track").check()
    form.get_by_role("button", name="Save update").click()
    expect(latest).to_contain_text("Green: on track")

    # Withdraw it: the question comes in place, with focus, and no pop-up.
    page.get_by_role("link", name="Withdraw the update of 20 November 2026").click()
    question = page.get_by_role("group", name="Are you sure you want to withdraw this update?")
    expect(question).to_be_focused()
    expect(question).to_contain_text("Families will no longer see it.")
    check_accessibility(page)
    screenshot(page, "officer-withdraw-question")
    question.get_by_role("link", name="Cancel").click()  # changed their mind
    expect(question).to_have_count(0)
    expect(latest).to_contain_text("Green: on track")
    page.get_by_role("link", name="Withdraw the update of 20 November 2026").click()
    page.get_by_role("button", name="Yes, withdraw this update").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The update was withdrawn")
    expect(latest).to_contain_text("Red: off track")  # back to the one before
    expect(latest).to_contain_text("2 November 2026")
    assert page.evaluate("window.__marker") == 1, "the page reloaded instead of swapping in place"
    assert not dialogs, f"a browser pop-up appeared: {dialogs}"
    assert ProgressUpdate.objects.current().count() == 1


def test_a_finding_shows_its_latest_rating_on_the_area_page(page, site, officers):
    from tests.factories import FullInspectionFactory, PriorityActionFactory

    area = Area.objects.get(slug="central-bedfordshire")
    action = PriorityActionFactory(
        inspection=FullInspectionFactory(
            area=area,
            visit_start=dt.date(2026, 6, 1),
            visit_end=dt.date(2026, 6, 5),
            published_on=dt.date(2026, 7, 20),
        )
    )
    sign_in(page, site, "olivia", "a-long-pass-phrase-1")
    page.goto(site + "/areas/central-bedfordshire/")
    section = page.locator(f"#finding-{action.pk}")
    latest = section.locator(f"#latest-rating-finding-{action.pk}")
    expect(latest).to_have_text("No rating published yet")
    section.get_by_role("link", name=re.compile("Add a progress update")).click()
    form = section.locator("form.app-update-form")
    form.get_by_label("Amber: some concerns").check()
    form.get_by_label("Summary").fill("Plans issued faster")
    form.get_by_label("Public: families can see it").check()
    form.get_by_role("button", name="Save update").click()
    expect(latest).to_contain_text("Amber: some concerns")
    # The weakness row shows the weakness's own rating, untouched.
    expect(page.locator("#latest-rating-weakness-CB-2019-1")).to_have_text(
        "No rating published yet"
    )
    check_accessibility(page)


def test_without_javascript_an_officer_adds_from_the_dashboard_and_withdraws_on_a_page(
    browser, site, officers
):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, site, "olivia", "a-long-pass-phrase-1")
    open_items = page.locator("#open-items ~ .app-table-scroll").first
    expect(open_items).to_contain_text("CB-2019-1")
    expect(open_items).not_to_contain_text("CB-2019-4")  # judged sufficient at the revisit
    page.get_by_role("link", name="Add an update on CB-2019-1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a progress update")
    fill_date(page, "31", "2", "2026")
    page.get_by_label("Green: on track").check()
    page.get_by_label("Summary").fill("All reviews on time")
    page.get_by_label("Public: families can see it").check()
    page.get_by_role("button", name="Save update").click()
    expect(page).to_have_title(re.compile("^Error: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Date must be a real date")
    fill_date(page, "27", "11", "2026")
    page.get_by_role("button", name="Save update").click()
    expect(page).to_have_url(site + WEAKNESS)
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Your update has been saved."
    )
    expect(page.locator("#latest-rating-weakness-CB-2019-1")).to_contain_text("Green: on track")

    page.get_by_role("link", name="Withdraw the update of 27 November 2026").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Are you sure you want to withdraw this update?"
    )
    page.get_by_role("button", name="Yes, withdraw this update").click()
    expect(page).to_have_url(site + WEAKNESS)
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The update was withdrawn")
    expect(page.locator("#latest-rating-weakness-CB-2019-1")).to_have_text(
        "No rating published yet"
    )
    context.close()


def test_the_new_officer_pages_have_no_accessibility_violations(page, site, officers):
    update = ProgressUpdate.objects.create(
        area=Area.objects.get(slug="central-bedfordshire"),
        weakness_id=Area.objects.get(slug="central-bedfordshire")
        .inspections.get(kind="initial")
        .written_statement.weaknesses.get(number=1)
        .pk,
        date=dt.date(2026, 11, 2), rag="amber", summary="Reviews catching up",
        next_steps="Agency caseworkers from January", visibility="internal", author=officers[0],
    )  # fmt: skip
    sign_in(page, site, "olivia", "a-long-pass-phrase-1")
    problems = []
    for name, path in {
        "dashboard-officer": "/dashboard/",
        "withdraw-question": f"/progress/updates/{update.pk}/withdraw/",
        "add-form-page": "/progress/weakness/CB-2019-2/updates/new/",
        "progress-report": "/progress/areas/central-bedfordshire/",
    }.items():
        assert page.goto(site + path).status == 200
        screenshot(page, name)
        try:
            check_accessibility(page)
        except AssertionError as failure:
            problems.append(str(failure))
    assert not problems, "\n\n".join(problems)

    # The report, as printed: the furniture goes, every item stays.
    page.goto(site + "/progress/areas/central-bedfordshire/")
    expect(page.locator(".govuk-warning-text")).to_contain_text("includes internal updates")
    page.emulate_media(media="print")
    expect(page.locator(".govuk-service-navigation__wrapper")).to_be_hidden()
    expect(page.get_by_role("link", name="download it as a spreadsheet (CSV)")).to_be_hidden()
    expect(page.locator(".app-progress-item")).to_have_count(6)
    expect(page.locator("#item-weakness-CB-2019-1").locator("..")).to_contain_text(
        "Agency caseworkers from January"
    )
    page.emulate_media(media="screen")
    with page.expect_download() as download:
        page.get_by_role("link", name="download it as a spreadsheet (CSV)").click()
    text = download.value.path().read_text(encoding="utf-8-sig")
    table = list(csv.DictReader(io.StringIO(text)))
    assert download.value.suggested_filename.startswith("central-bedfordshire-progress-")
    assert [row["Reference or finding"] for row in table] == [f"CB-2019-{n}" for n in range(1, 7)]
    assert table[0]["Summary"] == "Reviews catching up"


def test_a_forum_representative_responds_to_what_awaits_them(page, site, officers, forum):
    area = Area.objects.get(slug="central-bedfordshire")
    weakness = area.inspections.get(kind="initial").written_statement.weaknesses.get(number=1)
    first, second = (
        ProgressUpdate.objects.create(
            area=area, weakness=weakness, date=dt.date(2026, 10, day), rag="amber",
            summary=summary, visibility="public", author=officers[0],
        )
        for day, summary in ((1, "Two thirds reviewed on time"), (15, "Three quarters on time"))
    )  # fmt: skip
    sign_in(page, site, "fiona", "a-long-pass-phrase-3")
    awaiting = page.locator(".app-awaiting")
    expect(awaiting.locator("li")).to_have_count(2)
    check_accessibility(page)
    screenshot(page, "dashboard-forum")

    # From the dashboard: the response form is a page of its own.
    awaiting.get_by_role(
        "link", name="Respond to the update of 1 October 2026 on CB-2019-1, Central Bedfordshire"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Respond for the parent carer forum")
    page.get_by_role("button", name="Publish response").click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the forum's response")
    check_accessibility(page)
    page.get_by_label("The forum's response").fill("Families still wait too long.")
    page.get_by_role("button", name="Publish response").click()
    expect(page).to_have_url(site + WEAKNESS)
    banner = page.locator(".govuk-notification-banner")
    expect(banner).to_contain_text("The forum's response has been published.")
    expect(banner).to_be_focused()
    response = ForumResponse.objects.get(update=first)
    expect(page.locator(f"#response-{response.pk}")).to_contain_text(
        "Families still wait too long."
    )

    # In place on the weakness page: focus lands on the notice beside the new response.
    page.evaluate("window.__marker = 1")
    page.get_by_role("link", name="Respond for the forum to the update of 15 October 2026").click()
    form = page.locator("form.app-response-form")
    expect(form.get_by_label("The forum's response")).to_be_focused()
    form.get_by_label("The forum's response").fill("Better, but not for older children.")
    form.get_by_role("button", name="Publish response").click()
    banner = page.locator(".govuk-notification-banner")
    expect(banner).to_be_focused()
    expect(page.locator(f"#update-{second.pk} .app-forum-response")).to_contain_text(
        "Better, but not for older children."
    )
    assert page.evaluate("window.__marker") == 1, "the page reloaded instead of swapping in place"
    check_accessibility(page)

    page.goto(site + "/dashboard/")
    expect(page.locator(".app-awaiting")).to_have_count(0)
