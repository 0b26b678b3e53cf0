"""An area's progress for board papers: a page to print and a CSV, with internal updates only
for those who may see them."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from inspections.models import FindingKind
from progress.models import ProgressUpdate
from tests.factories import FullInspectionFactory, PriorityActionFactory
from tests.progress.conftest import login, member

pytestmark = pytest.mark.django_db

PRINT = reverse("progress:area_progress", args=["central-bedfordshire"])
CSV = reverse("progress:area_csv", args=["central-bedfordshire"])


def rows(response) -> list[dict]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


@pytest.fixture
def internal_update(olivia, ehc_weakness, central_beds, amber_update):
    return ProgressUpdate.objects.create(
        area=central_beds, weakness=ehc_weakness, date=dt.date(2026, 11, 20), rag="red",
        summary="Backlog grew in November", next_steps="Agency caseworkers from January",
        visibility="internal", author=olivia,
    )  # fmt: skip


def test_the_csv_has_one_row_per_item_with_its_verdict_and_latest_update(
    client, amber_update, ehc_weakness
):
    amber_update.next_steps = "Clear the backlog by March"
    amber_update.save()
    response = client.get(CSV)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="central-bedfordshire-progress-'
    )
    table = rows(response)
    assert list(table[0]) == [
        "Area", "Reference or finding", "Title", "Text", "Inspectors' verdict", "Latest rating",
        "Date of latest rating", "Summary", "Next steps", "Who can see the update",
    ]  # fmt: skip
    assert [row["Reference or finding"] for row in table] == [f"CB-2019-{n}" for n in range(1, 7)]
    first = table[0]
    assert (first["Title"], first["Text"]) == (ehc_weakness.title, ehc_weakness.text)
    assert first["Inspectors' verdict"] == "Not sufficient progress"
    assert first["Latest rating"] == "Amber: some concerns"
    assert first["Date of latest rating"] == "2026-10-01"
    assert first["Summary"] == "Two thirds of EHC plans now reviewed on time"
    assert first["Next steps"] == "Clear the backlog by March"
    assert first["Who can see the update"] == "Public: families can see it"
    assert table[3]["Inspectors' verdict"] == "Sufficient progress"
    assert table[1]["Latest rating"] == "No rating published yet" and table[1]["Summary"] == ""


def test_internal_updates_are_exported_for_the_areas_officers_and_admins_only(
    client, olivia, luke, fiona, admin_user, internal_update
):
    for user in (olivia, admin_user):
        login(client, user)
        first = rows(client.get(CSV))[0]
        assert (first["Latest rating"], first["Summary"]) == (
            "Red: off track",
            "Backlog grew in November",
        )
        assert first["Who can see the update"].startswith("Internal")
        page = client.get(PRINT).text
        assert (
            "Backlog grew in November" in page and "This report includes internal updates" in page
        )
    for user in (None, luke, fiona):
        client.logout()
        if user:
            login(client, user)
        first = rows(client.get(CSV))[0]
        assert first["Latest rating"] == "Amber: some concerns"  # the latest public one
        page = client.get(PRINT).text
        assert "Backlog grew" not in page and "Agency caseworkers" not in page
        assert "This report includes internal updates" not in page


def test_a_withdrawn_update_is_not_exported(client, olivia, amber_update):
    login(client, olivia)
    client.post(reverse("progress:withdraw", args=[amber_update.pk]))
    assert rows(client.get(CSV))[0]["Latest rating"] == "No rating published yet"
    assert "Two thirds" not in client.get(PRINT).text


def test_text_that_a_spreadsheet_would_run_as_a_formula_is_kept_as_text(client, amber_update):
    amber_update.summary = '=HYPERLINK("https://example.org","Click")'
    amber_update.next_steps = "-1 agency worker, +2 permanent"
    amber_update.save()
    first = rows(client.get(CSV))[0]
    assert first["Summary"] == '\'=HYPERLINK("https://example.org","Click")'
    assert first["Next steps"] == "'-1 agency worker, +2 permanent"


def test_a_latest_reports_findings_follow_the_weaknesses(client, central_beds):
    inspection = FullInspectionFactory(
        area=central_beds,
        visit_start=dt.date(2026, 6, 1),
        visit_end=dt.date(2026, 6, 5),
        published_on=dt.date(2026, 7, 20),
    )
    PriorityActionFactory(inspection=inspection, kind=FindingKind.IMPROVEMENT, number=1)
    PriorityActionFactory(inspection=inspection, number=1)
    table = rows(client.get(CSV))
    assert [row["Reference or finding"] for row in table[6:]] == [
        "Area for priority action 1",
        "Area for improvement 1",
    ]
    # A finding shows where it stands itself, not "not applicable".
    assert table[6]["Inspectors' verdict"] == (
        "Found at the June 2026 inspection; no monitoring inspection recorded since"
    )
    assert table[7]["Inspectors' verdict"] == (
        "Found at the June 2026 inspection; looked at again at the next full inspection"
    )
    page = client.get(PRINT).text
    assert page.index("Significant weaknesses") < page.index("Area for priority action 1")
    assert page.index("Area for priority action 1") < page.index("Area for improvement 1")


def test_the_print_page_sets_out_each_item_to_print(client, amber_update):
    amber_update.next_steps = "Clear the backlog by March"
    amber_update.save()
    response = client.get(PRINT)
    assert response.status_code == 200
    page = response.text
    assert "<title>Central Bedfordshire: progress report – SEND Inspection Tracker</title>" in page
    assert '<h1 class="govuk-heading-xl">Progress report</h1>' in page
    item = page[page.index('id="item-weakness-CB-2019-1"') :]
    item = item[: item.index("</section>")]
    assert "Not sufficient progress" in item and "Amber: some concerns" in item
    assert "Two thirds of EHC plans now reviewed on time" in item
    assert "Clear the backlog by March" in item
    assert page.count('class="app-progress-item') == 6
    assert 'class="govuk-body app-no-print">Print this page' in page and CSV in page
    cache = response["Cache-Control"]  # it may hold internal updates
    assert "private" in cache and "no-store" in cache


def test_the_area_page_links_to_both(client):
    page = client.get("/areas/central-bedfordshire/").text
    assert f'href="{PRINT}"' in page and f'href="{CSV}" download' in page


def test_weaknesses_judged_sufficient_are_still_reported(client):
    response = client.get(reverse("progress:area_progress", args=["luton"]))
    assert response.status_code == 200  # Luton's five were all judged sufficient
    assert response.text.count('class="app-progress-item') == 5


def test_an_unknown_area_is_not_found(client):
    assert client.get(reverse("progress:area_progress", args=["atlantis"])).status_code == 404
    assert client.get(reverse("progress:area_csv", args=["atlantis"])).status_code == 404


def test_only_get_is_allowed(client, olivia):
    login(client, olivia)
    assert client.post(CSV).status_code == 405 and client.post(PRINT).status_code == 405


def test_both_run_a_fixed_number_of_queries(
    client, django_user_model, internal_update, django_assert_max_num_queries
):
    login(client, member(django_user_model, "ola", "central-bedfordshire", "officer"))
    for url in (PRINT, CSV):
        client.get(url)
        with django_assert_max_num_queries(12):
            client.get(url)
