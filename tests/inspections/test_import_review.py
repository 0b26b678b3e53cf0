"""The admin's import of a 2023-framework report: its publication date taken from the file's
name or the outcomes table, so a batch can save it without review; and the review's errors,
all at once, in a GOV.UK error summary that links to each field."""

import datetime as dt
import re
from html import escape, unescape

import pytest
from django.urls import reverse

from inspections.models import Inspection, Source
from tests.conftest import report_not_yet_loaded
from tests.inspections.test_import_admin import (
    BATCH,
    DATA,
    IMPORT,
    date_boxes,
    read_batch,
    review_data,
    rows_by_file,
    upload,
)

pytestmark = pytest.mark.django_db

# Darlington's report has no warning but the publication date it does not give.
DARLINGTON = DATA / "darlington_04-february-2025.pdf"
PUBLISHED = dt.date(2025, 2, 4)  # as Ofsted's outcomes table has it


@pytest.fixture
def darlington(national_data) -> Inspection:
    inspection = report_not_yet_loaded("darlington")
    assert inspection.published_on == PUBLISHED
    return inspection


def batch_saving_ready(admin_client, filename: str):
    """Uploads Darlington's report as `filename`, asking for letters with no warnings to be
    saved without review; the batch page once every file is read."""
    files = [upload(filename, DARLINGTON.read_bytes())]
    page = admin_client.post(reverse(IMPORT), {"document": files, "save_ready": "on"}, follow=True)
    return read_batch(admin_client, page)


def saved_report(inspection: Inspection) -> Source | None:
    return inspection.sources.filter(kind="letter").first()


# The publication date --------------------------------------------------------------------


def test_a_report_named_as_published_is_saved_without_review(admin_client, darlington):
    page = batch_saving_ready(admin_client, "darlington_04-february-2025.pdf")
    row = rows_by_file(page)["darlington_04-february-2025.pdf"]
    assert row["status"] == "saved" and row["warnings"] == []
    assert "Saved 1 letter without review." in page.text
    note = "Publication date 4 February 2025, from the file's name and Ofsted's outcomes table."
    assert escape(note) in page.text
    report = saved_report(darlington)
    assert report is not None and report.published_on == PUBLISHED
    darlington.refresh_from_db()
    assert darlington.letter_date == PUBLISHED


def test_a_report_with_a_meaningless_name_is_dated_from_the_outcomes_table(
    admin_client, darlington
):
    page = batch_saving_ready(admin_client, "report (3).pdf")
    row = rows_by_file(page)["report (3).pdf"]
    assert row["status"] == "saved"
    assert escape("Publication date 4 February 2025, from Ofsted's outcomes table.") in page.text
    report = saved_report(darlington)
    assert report is not None and report.published_on == PUBLISHED


def test_a_name_and_table_that_disagree_keep_the_report_for_review(admin_client, darlington):
    page = batch_saving_ready(admin_client, "darlington_05-february-2025.pdf")
    row = rows_by_file(page)["darlington_05-february-2025.pdf"]
    assert row["status"] == "warnings"
    assert row["warnings"] == [
        "The file's name gives 5 February 2025 as the publication date, but Ofsted's outcomes "
        "table gives 4 February 2025: enter the right one."
    ]
    assert "Saved 0 letters" not in page.text and saved_report(darlington) is None
    # The review leaves the date to the admin, with the warning beside it.
    review = admin_client.get(row["review_url"])
    assert review.context["form"].initial["letter_date"] is None
    assert 'id="warning-letter_date"' in review.text


def test_a_name_of_another_area_is_not_used_and_says_so(admin_client, darlington):
    page = batch_saving_ready(admin_client, "bedford_06-february-2025.pdf")
    row = rows_by_file(page)["bedford_06-february-2025.pdf"]
    assert row["status"] == "warnings" and saved_report(darlington) is None
    assert row["warnings"] == [
        "The file's name (bedford_06-february-2025.pdf) is of “bedford”, not Darlington, the "
        "area the letter is about: the publication date in it is not used."
    ]
    # The outcomes table's date stands.
    assert escape("Publication date 4 February 2025, from Ofsted's outcomes table.") in page.text


def test_the_review_shows_where_the_publication_date_came_from(admin_client, darlington):
    review = admin_client.post(
        reverse(IMPORT),
        {"document": upload("darlington_04-february-2025.pdf", DARLINGTON.read_bytes())},
    )
    page = review.text
    assert escape("Publication date 4 February 2025, from the file's name and") in page
    assert "does not give its publication date" not in page
    for part, value in (("day", "4"), ("month", "2"), ("year", "2025")):
        assert (
            f'id="id_letter_date-{part}" name="letter_date-{part}" type="text" inputmode="numeric" value="{value}"'
            in page
        )


# The review's errors ---------------------------------------------------------------------


def read_darlington(admin_client):
    return admin_client.post(
        reverse(IMPORT), {"document": upload("report.pdf", DARLINGTON.read_bytes())}
    )


def summary_links(page: str) -> list[tuple[str, str]]:
    """(href, text) of each link in the GOV.UK error summary."""
    start = page.index('class="govuk-error-summary"')
    summary = page[start : page.index("</ul>", start)]
    return [
        (href, unescape(text))
        for href, text in re.findall(r'<a href="([^"]+)">([^<]+)</a>', summary)
    ]


def test_errors_in_different_places_are_all_listed_with_links_to_their_fields(
    admin_client, darlington
):
    review = read_darlington(admin_client)
    data = {
        **review_data(review),
        **date_boxes("visit_end", "31", "2", "2025"),  # no such day
        "improvements-0-text": "",  # the first area for improvement emptied
        "area": "",
    }
    sent_back = admin_client.post(reverse(IMPORT), data)
    page = sent_back.text
    assert "There is a problem" in page
    links = summary_links(page)
    assert ("#id_visit_end-day", "Visit end must be a real date") in links
    assert ("#id_improvements-0-text", "Enter the text of area for improvement 1") in links
    assert ("#id_area", "Choose the local area the letter is about") in links
    for href, _ in links:
        assert f'id="{href[1:]}"' in page, f"{href} links to nothing"
    # Beside each field too, the GOV.UK way.
    assert page.count("govuk-form-group--error") == 3
    assert '<p class="govuk-error-message" id="id_improvements-0-text-error">' in page
    assert 'aria-describedby="id_improvements-0-text-error"' in page
    assert not Source.objects.filter(inspections=darlington, kind="letter").exists()
    # With the area emptied, the page does not say the letter was matched to one.
    assert "Matched to" not in page
    # The browser's own checks would stop the form before the summary could list them.
    assert re.search(r"<form [^>]*import[^>]* novalidate>", page)


def test_the_dates_source_is_not_claimed_for_a_date_the_admin_changed(admin_client, darlington):
    review = admin_client.post(
        reverse(IMPORT),
        {"document": upload("darlington_04-february-2025.pdf", DARLINGTON.read_bytes())},
    )
    data = {
        **review_data(review),
        **date_boxes("letter_date", "5", "2", "2025"),
        "improvements-0-text": "",  # an error elsewhere, so the review comes back
    }
    page = admin_client.post(reverse(IMPORT), data).text
    assert "There is a problem" in page
    assert "from the file&#x27;s name" not in page and "from the file's name" not in page
    data["letter_date-day"] = "4"
    page = admin_client.post(reverse(IMPORT), data).text
    assert escape("Publication date 4 February 2025, from the file's name") in page


def test_a_report_saved_with_no_visit_dates_is_saved_not_a_server_error(admin_client, darlington):
    review = read_darlington(admin_client)
    data = {
        **review_data(review),
        **date_boxes("visit_start", "", "", ""),
        **date_boxes("visit_end", "", "", ""),
        **date_boxes("letter_date", "4", "2", "2025"),
    }
    response = admin_client.post(reverse(IMPORT), data)
    assert response.status_code == 302
    assert Source.objects.filter(kind="letter", title__contains="Darlington").exists()


def test_an_added_row_with_only_a_theme_is_ignored(admin_client, darlington):
    review = read_darlington(admin_client)
    data = review_data(review)
    count = data["improvements-TOTAL_FORMS"]
    data.update(
        {
            "improvements-TOTAL_FORMS": count + 1,
            f"improvements-{count}-text": "",
            f"improvements-{count}-theme": "therapies",
        }
    )
    saved = admin_client.post(reverse(IMPORT), data, follow=True)
    assert "It now shows on" in saved.text
    assert darlington.findings.filter(kind="improvement").count() == count


def test_a_theme_for_a_row_with_text_is_still_taken(admin_client, darlington):
    review = read_darlington(admin_client)
    data = review_data(review)
    count = data["improvements-TOTAL_FORMS"]
    data.update(
        {
            "improvements-TOTAL_FORMS": count + 1,
            f"improvements-{count}-text": "Share plans with families.",
            f"improvements-{count}-theme": "therapies",
        }
    )
    admin_client.post(reverse(IMPORT), data)
    added = darlington.findings.get(kind="improvement", number=count + 1)
    assert added.text == "Share plans with families." and added.theme == "therapies"


@pytest.mark.parametrize(
    ("boxes", "message"),
    [
        (("31", "2", "2025"), "Publication date must be a real date"),
        (("4", "2", ""), "Publication date must include a year"),
        (("4", "", "2025"), "Publication date must include a month"),
    ],
)
def test_a_wrong_publication_date_is_refused_with_a_message(
    admin_client, darlington, boxes, message
):
    review = read_darlington(admin_client)
    data = {**review_data(review), **date_boxes("letter_date", *boxes)}
    page = admin_client.post(reverse(IMPORT), data).text
    assert message in [text for _, text in summary_links(page)]
    assert f'<span class="govuk-visually-hidden">Error:</span> {message}' in page
    assert saved_report(darlington) is None


def test_a_publication_date_typed_in_three_boxes_is_saved(admin_client, darlington):
    review = read_darlington(admin_client)
    data = {**review_data(review), **date_boxes("letter_date", "5", "2", "2025")}
    admin_client.post(reverse(IMPORT), data)
    report = saved_report(darlington)
    assert report is not None and report.published_on == dt.date(2025, 2, 5)


def test_the_batch_page_is_where_a_review_of_a_batch_goes_back_to(admin_client, darlington):
    page = batch_saving_ready(admin_client, "darlington_05-february-2025.pdf")
    review = admin_client.get(rows_by_file(page)["darlington_05-february-2025.pdf"]["review_url"])
    data = {**review_data(review), **date_boxes("letter_date", "4", "2", "2025")}
    saved = admin_client.post(reverse(IMPORT), data, follow=True)
    assert saved.redirect_chain[-1][0] == reverse(BATCH)
    assert rows_by_file(saved)["darlington_05-february-2025.pdf"]["status"] == "saved"
    assert saved_report(darlington).published_on == PUBLISHED
