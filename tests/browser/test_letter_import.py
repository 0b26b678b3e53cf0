"""An admin imports letters through the admin: one report reviewed beside its PDF and seen on
the area's timeline; then a batch, one file saved without review and one reviewed."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from inspections.models import Inspection
from tests.browser.conftest import check_accessibility, screenshot, wait_for_htmx
from tests.letter_parser.helpers import read_letter_losing_an_improvement

pytestmark = pytest.mark.browser

LETTERS = Path(__file__).resolve().parents[1] / "data" / "letters"
BEDFORD = LETTERS / "bedford_04-february-2025.pdf"
CB_REVISIT = LETTERS / "000_aed773c308996f1a.txt"


def sign_in_to_the_admin(page, site, django_user_model):
    django_user_model.objects.create_superuser("alice", "alice@example.org", "a-long-pass-phrase-3")
    page.goto(site + "/admin/login/")
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill("a-long-pass-phrase-3")
    page.get_by_role("button", name="Log in").click()


def test_an_admin_imports_a_report_and_sees_it_on_the_timeline(
    page, site, django_user_model, bedford_report_not_yet_loaded
):
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in_to_the_admin(page, site, django_user_model)

    # The home page's import module sits in the main column, boxed like each app's module.
    module = page.locator("#content-main > #import-letter.module")
    expect(module).to_be_visible()
    expect(module.locator("caption")).to_have_text("Inspection letters")
    link = module.get_by_role("link", name="Import letter")
    assert link.bounding_box()["height"] < 30, "the link wraps a letter a line"
    apps = page.locator("#content-main > .module").nth(1)
    assert module.bounding_box()["width"] == apps.bounding_box()["width"]
    assert module.bounding_box()["x"] == apps.bounding_box()["x"]
    recent = page.locator("#recent-actions-module").bounding_box()
    assert recent["y"] <= module.bounding_box()["y"] + 1, "the sidebar is pushed down"
    screenshot(page, "admin-index-1280")
    check_accessibility(page)

    link.click()
    expect(page.get_by_role("heading", name="Import a letter")).to_be_visible()
    # htmx's script is deferred: wait for it (a timeout here means it did not load).
    wait_for_htmx(page)
    expect(page.locator("#parsing.htmx-indicator")).to_have_count(1)
    check_accessibility(page)
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
    area = page.locator("#import-area")
    expect(area).to_contain_text("Matched to Bedford Borough")
    expect(area).to_contain_text("Areas for improvement (2)")
    expect(page.get_by_label("Outcome")).to_have_value("positive")
    # Only the 2023 framework's fields; the publication date, which the report does not
    # give, from the file's name and the outcomes table, saying so beside its boxes.
    expect(page.get_by_label("WSOA required")).to_have_count(0)
    expect(page.get_by_role("heading", name="Significant weaknesses")).to_have_count(0)
    published = page.get_by_role("group", name="Publication date")
    expect(published).to_have_attribute("aria-describedby", "note-letter_date")
    expect(page.locator("#note-letter_date")).to_have_text(
        "Publication date 4 February 2025, from the file's name and Ofsted's outcomes table."
    )
    for box, value in (("Day", "4"), ("Month", "2"), ("Year", "2025")):
        expect(published.get_by_label(box)).to_have_value(value)
    expect(page.locator("#warning-letter_date")).to_have_count(0)
    expect(page.locator(".import-warning-summary")).to_contain_text("previous inspection")
    # The PDF beside the fields, framed from this site, with a plain link as well.
    frame = page.locator(".import-document iframe")
    expect(frame).to_be_visible()
    fields, document = page.locator(".import-fields"), page.locator(".import-document")
    assert document.bounding_box()["x"] > fields.bounding_box()["x"] + 300, "not side by side"
    pdf = page.request.get(site + frame.get_attribute("src"))
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["x-frame-options"] == "SAMEORIGIN"
    expect(page.get_by_role("link", name="Open the PDF in a new tab")).to_be_visible()
    page.wait_for_timeout(500)  # let the PDF viewer draw, for the screenshot
    screenshot(page, "admin-import-review")
    check_accessibility(page)
    page.get_by_role("button", name="Save inspection").click()

    message = page.locator(".messagelist")
    expect(message).to_contain_text("It now shows on Bedford Borough's timeline")
    inspection = Inspection.objects.get(area__slug="bedford-borough", framework="2023")
    first_improvement = inspection.findings.filter(kind="improvement").order_by("number").first()
    expect(message.get_by_role("link", name="the admin record")).to_have_attribute(
        "href", f"/admin/inspections/inspection/{inspection.pk}/change/"
    )

    message.get_by_role("link", name="Bedford Borough's timeline").click()
    timeline = page.locator(".app-timeline")
    expect(timeline).to_contain_text("Areas for improvement")
    expect(timeline).to_contain_text(first_improvement.text[:50])
    screenshot(page, "bedford-after-import")


def test_a_section_read_short_is_warned_of_beside_it_with_a_link_to_its_page(
    page, site, django_user_model, bedford_report_not_yet_loaded, monkeypatch
):
    # Bedford's report read as if its tables had lost the second area for improvement.
    monkeypatch.setattr("letters.importing.read_letter", read_letter_losing_an_improvement)
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in_to_the_admin(page, site, django_user_model)
    page.goto(site + "/admin/inspections/inspection/import/")
    page.get_by_label("Letter or report (PDF or text file)").set_input_files(BEDFORD)
    page.get_by_role("button", name="Read letter").click()

    section = page.locator("#section-improvements")
    expect(section.get_by_role("heading")).to_have_text("Areas for improvement (1)")
    warning = section.locator("#improvements-warning")
    expect(warning).to_contain_text(
        "The 'Areas for improvement' section (page 5 of the PDF) was read as 1 item, but its "
        "text starts 2 items"
    )
    assert warning.bounding_box()["y"] < section.locator("textarea").first.bounding_box()["y"]
    link = warning.get_by_role("link", name="page 5")
    frame = page.locator(".import-document iframe")
    assert link.get_attribute("href") == frame.get_attribute("src") + "?page=5#page=5"
    link.click()
    page.wait_for_timeout(1000)  # the frame loads the PDF at that page: let the viewer draw
    assert page.frame(name="import-document").url.endswith("/document/?page=5#page=5")
    screenshot(page, "admin-import-review-section-warning")
    check_accessibility(page)


def test_an_admin_imports_a_batch_saving_one_directly_and_reviewing_the_other(
    page, site, django_user_model, bedford_report_not_yet_loaded, tmp_path
):
    # Central Bedfordshire's revisit held without its letter: its letter, with a line added,
    # reads with no warnings, so it may be saved without review.
    revisit = Inspection.objects.get(area__slug="central-bedfordshire", kind="revisit")
    for letter in revisit.sources.filter(kind="letter"):
        revisit.sources.remove(letter)
    central_beds = tmp_path / "central-beds.txt"
    central_beds.write_text(CB_REVISIT.read_text() + "\nPasted by an admin.\n")
    sign_in_to_the_admin(page, site, django_user_model)

    page.goto(site + "/admin/inspections/inspection/import/")
    wait_for_htmx(page)  # the upload posts through htmx, as an admin's would
    batch_loads = []
    page.on(
        "request",
        lambda r: (
            batch_loads.append(r)
            if r.method == "GET" and r.url.endswith("/import/batch/")
            else None
        ),
    )
    page.get_by_label("Letter or report (PDF or text file)").set_input_files(
        [BEDFORD, central_beds]
    )
    page.get_by_role("button", name="Read letter").click()

    # The upload reads nothing: the batch page reads one file a load and moves on by itself
    # (nothing here clicks "read the next file") until none waits.
    batch = page.locator("#import-batch")
    expect(batch).to_contain_text("Ready: no warnings", timeout=30_000)
    expect(page.get_by_role("status")).to_have_count(0)
    assert page.url == site + "/admin/inspections/inspection/import/batch/"
    assert len(batch_loads) == 2, "one load of the batch page a file"
    assert all(r.is_navigation_request() for r in batch_loads), "swapped, not loaded whole"
    bedford = batch.get_by_role("row", name="bedford_04-february-2025.pdf")
    expect(bedford).to_contain_text("Publication date 4 February 2025, from the file's name")
    expect(bedford).to_contain_text("To review")  # what it says of the previous inspection
    expect(bedford).not_to_contain_text("does not give its publication date")
    screenshot(page, "admin-import-batch")
    check_accessibility(page)
    page.get_by_role("button", name="Save the 1 letter with no warnings without review").click()

    expect(page.locator(".messagelist")).to_contain_text("Saved 1 letter without review.")
    saved = batch.get_by_role("row", name="central-beds.txt")
    expect(saved).to_contain_text("Saved")
    expect(saved.get_by_role("link", name="Central Bedfordshire's timeline")).to_be_visible()
    assert revisit.sources.filter(kind="letter").exists()

    page.get_by_role("link", name="Review bedford_04-february-2025.pdf").click()
    expect(page.get_by_role("heading", name="Check the letter before saving")).to_be_visible()
    expect(page.locator(".import-document iframe")).to_be_visible()
    page.get_by_role("button", name="Save inspection").click()

    expect(page.locator(".messagelist")).to_contain_text(
        "It now shows on Bedford Borough's timeline"
    )
    expect(batch.get_by_role("row", name="bedford_04-february-2025.pdf")).to_contain_text("Saved")
    check_accessibility(page)


@pytest.mark.parametrize("width", [390, 1280])
def test_every_error_of_a_review_is_listed_at_the_top_with_a_link_to_its_field(
    page, site, django_user_model, bedford_report_not_yet_loaded, width
):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in_to_the_admin(page, site, django_user_model)
    page.goto(site + "/admin/inspections/inspection/import/")
    page.get_by_label("Letter or report (PDF or text file)").set_input_files(BEDFORD)
    page.get_by_role("button", name="Read letter").click()
    expect(page.get_by_role("heading", name="Check the letter before saving")).to_be_visible()

    # Two mistakes in different places, sent at once.
    published = page.get_by_role("group", name="Publication date")
    published.get_by_label("Day").fill("31")
    published.get_by_label("Month").fill("2")
    page.get_by_label("Area for improvement 1").fill("")
    page.get_by_role("button", name="Save inspection").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading")).to_have_text(
        "There is a problem: nothing has been saved"
    )
    links = summary.get_by_role("link")
    expect(links).to_have_count(2)
    expect(links.nth(0)).to_have_text("Publication date must be a real date")
    expect(links.nth(1)).to_have_text("Enter the text of area for improvement 1")
    # Each field shows its error too, and its link takes the admin to it.
    expect(page.locator(".govuk-form-group--error")).to_have_count(2)
    expect(page.locator("#id_letter_date-error")).to_contain_text(
        "Publication date must be a real date"
    )
    expect(page.locator("#id_improvements-0-text-error")).to_contain_text(
        "Enter the text of area for improvement 1"
    )
    screenshot(page, f"admin-import-review-errors-{width}")
    check_accessibility(page)
    links.nth(1).click()
    expect(page.get_by_label("Area for improvement 1")).to_be_focused()
    links.nth(0).click()
    expect(published.get_by_label("Day")).to_be_focused()
    assert not Inspection.objects.get(pk=bedford_report_not_yet_loaded.pk).findings.exists()
