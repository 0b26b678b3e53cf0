"""The dashboard: what is still to put right in my areas, and what awaits my forum's response."""

import datetime as dt

import pytest
from django.urls import reverse

from progress.models import ForumResponse, ProgressUpdate
from tests.factories import FullInspectionFactory, PriorityActionFactory
from tests.progress.conftest import login, member

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("progress:dashboard")


def section(page: str, heading: str) -> str:
    start = page.index(heading)
    end = page.find("<h2", start)
    return page[start : end if end > 0 else None]


def test_only_what_is_still_to_put_right_is_listed_each_with_an_add_link(client, olivia):
    login(client, olivia)
    page = section(client.get(DASHBOARD).text, "Still to put right")
    for open_reference in ("CB-2019-1", "CB-2019-2", "CB-2019-3"):  # not sufficient at revisit
        add = reverse("progress:add", args=["weakness", open_reference])
        assert f'<a class="govuk-link" href="{add}">Add an update' in page
    for sufficient in ("CB-2019-4", "CB-2019-5", "CB-2019-6"):
        assert sufficient not in page
    assert "Not sufficient progress" in page and "Sufficient progress<" not in page


def test_a_latest_reports_findings_are_open_with_add_links(client, olivia, central_beds):
    action = PriorityActionFactory(
        inspection=FullInspectionFactory(
            area=central_beds,
            visit_start=dt.date(2026, 6, 1),
            visit_end=dt.date(2026, 6, 5),
            published_on=dt.date(2026, 7, 20),
        )
    )
    login(client, olivia)
    page = section(client.get(DASHBOARD).text, "Still to put right")
    add = reverse("progress:add", args=["finding", action.pk])
    assert f"Area for priority action {action.number}" in page and add in page


def test_the_latest_rating_shows_beside_each_item(client, olivia, amber_update):
    login(client, olivia)
    page = section(client.get(DASHBOARD).text, "Still to put right")
    row = page[page.index("CB-2019-1") :]
    row = row[: row.index("</tr>")]
    assert "Amber: some concerns" in row and "1 October 2026" in row


def test_stale_items_and_counts_leave_out_what_was_judged_sufficient(
    client, olivia, central_beds, amber_update
):
    sufficient = central_beds.inspections.get(kind="initial").written_statement.weaknesses.get(
        number=4
    )
    ProgressUpdate.objects.create(
        area=central_beds, weakness=sufficient, date=dt.date(2026, 11, 1), rag="red",
        summary="Strategy refresh", visibility="public", author=olivia,
    )  # fmt: skip
    login(client, olivia)
    page = client.get(DASHBOARD).text
    stale = section(page, "No update for 90 days")
    assert "CB-2019-2" in stale and "CB-2019-1:" not in stale  # never updated; updated lately
    assert "CB-2019-5" not in stale  # never updated, but judged sufficient
    counts = " ".join(section(page, "Latest ratings of what is still to put right").split())
    assert "Red: off track</strong> <strong>0</strong>" in counts  # CB-2019-4's is not counted
    assert "Amber: some concerns</strong> <strong>1</strong>" in counts


def test_a_forum_representative_gets_no_add_links(client, fiona):
    login(client, fiona)
    page = client.get(DASHBOARD).text
    assert "CB-2019-1" in section(page, "Still to put right")
    assert "Add an update" not in page


def test_another_areas_officer_sees_none_of_it(client, luke, amber_update):
    login(client, luke)
    page = client.get(DASHBOARD).text
    assert "Central Bedfordshire" not in page and "CB-2019-1" not in page
    assert "LUT-2018-1" not in section(page, "Still to put right")  # all sufficient at revisit


def test_an_internal_update_counts_for_the_areas_officers_only(client, olivia, fiona, amber_update):
    amber_update.visibility = "internal"
    amber_update.save()
    login(client, olivia)
    row = section(client.get(DASHBOARD).text, "Still to put right")
    assert "(internal)" in row[row.index("CB-2019-1") :].split("</tr>")[0]
    login(client, fiona)
    page = client.get(DASHBOARD).text
    row = section(page, "Still to put right")
    assert "Amber" not in row[row.index("CB-2019-1") :].split("</tr>")[0]
    assert "CB-2019-1:" in section(page, "No update for 90 days")  # nothing she may see


def test_the_forum_sees_public_updates_awaiting_its_response(
    client, fiona, olivia, amber_update, ehc_weakness, central_beds
):
    internal = ProgressUpdate.objects.create(
        area=central_beds, weakness=ehc_weakness, date=dt.date(2026, 11, 5), rag="red",
        summary="Internal only", visibility="internal", author=olivia,
    )  # fmt: skip
    login(client, fiona)
    page = section(client.get(DASHBOARD).text, "Updates awaiting your forum's response")
    respond = reverse("progress:respond", args=[amber_update.pk])
    assert f'<a class="govuk-link" href="{respond}">Respond' in page
    assert "Two thirds of EHC plans now reviewed on time" in page and "CB-2019-1" in page
    assert "Internal only" not in page
    assert reverse("progress:respond", args=[internal.pk]) not in page


def test_an_update_the_forum_answered_no_longer_awaits(client, fiona, amber_update):
    login(client, fiona)
    client.post(reverse("progress:respond", args=[amber_update.pk]), {"text": "Thank you."})
    assert "awaiting your forum" not in client.get(DASHBOARD).text


def test_a_fellow_representatives_answer_counts_but_an_admins_or_a_withdrawn_one_does_not(
    client, django_user_model, fiona, admin_user, amber_update
):
    admin_reply = ForumResponse.objects.create(update=amber_update, author=admin_user, text="Noted")
    login(client, fiona)
    assert "awaiting your forum" in client.get(DASHBOARD).text
    colleague = member(django_user_model, "farah", "central-bedfordshire", "forum")
    reply = ForumResponse.objects.create(update=amber_update, author=colleague, text="Agreed")
    assert "awaiting your forum" not in client.get(DASHBOARD).text
    reply.withdrawn_at = reply.created_at
    reply.save()
    assert "awaiting your forum" in client.get(DASHBOARD).text
    assert admin_reply.pk


def test_another_areas_forum_sees_nothing_awaiting(client, django_user_model, amber_update):
    login(client, member(django_user_model, "lara", "luton", "forum"))
    page = client.get(DASHBOARD).text
    assert "awaiting your forum" not in page and "Two thirds" not in page


def test_withdrawn_updates_do_not_await_a_response(client, fiona, olivia, amber_update):
    login(client, olivia)
    client.post(reverse("progress:withdraw", args=[amber_update.pk]))
    login(client, fiona)
    assert "awaiting your forum" not in client.get(DASHBOARD).text


def test_the_dashboard_links_to_each_areas_progress_report(client, olivia):
    login(client, olivia)
    page = client.get(DASHBOARD).text
    assert reverse("progress:area_progress", args=["central-bedfordshire"]) in page
    assert reverse("progress:area_csv", args=["central-bedfordshire"]) in page


def test_the_dashboard_runs_a_fixed_number_of_queries(
    client, olivia, amber_update, django_assert_max_num_queries
):
    login(client, olivia)
    client.get(DASHBOARD)
    with django_assert_max_num_queries(20):
        client.get(DASHBOARD)
