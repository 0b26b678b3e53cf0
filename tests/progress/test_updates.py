"""Officers log progress in place; families see public updates beside the inspectors' verdict."""

import datetime as dt

import pytest
from django.db import OperationalError
from django.urls import reverse

from progress.models import ForumResponse, ProgressUpdate
from tests.factories import FullInspectionFactory, PriorityActionFactory
from tests.progress.conftest import date_input, login

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
ADD = reverse("progress:add", args=["weakness", "CB-2019-1"])


def test_an_officer_gets_the_form_as_a_fragment(client, olivia):
    login(client, olivia)
    response = client.get(ADD, headers=HTMX)
    assert response.status_code == 200
    assert response.text.lstrip().startswith("<form") and "<html" not in response.text
    assert 'hx-post="/progress/weakness/CB-2019-1/updates/new/"' in response.text


def test_a_valid_update_swaps_in_the_refreshed_list(client, olivia, ehc_weakness):
    login(client, olivia)
    data = {
        **date_input("2026-11-02"),
        "rag": "amber",
        "summary": "Annual reviews back on track",
        "visibility": "public",
    }
    response = client.post(ADD, data, headers=HTMX)
    assert response.status_code == 200
    assert response.headers["HX-Retarget"] == "#updates-weakness-CB-2019-1"
    assert response.headers["HX-Reswap"] == "outerHTML"
    assert "Annual reviews back on track" in response.text
    assert "Your update has been saved." in response.text and "autofocus" in response.text
    update = ProgressUpdate.objects.get()
    assert (update.weakness, update.author, update.rag) == (ehc_weakness, olivia, "amber")


def test_errors_are_shown_in_place_and_nothing_is_saved(client, olivia):
    login(client, olivia)
    data = {
        **date_input("2099-01-01"),
        "rag": "",
        "summary": "",
        "evidence_links": "not a link",
        "visibility": "public",
    }
    response = client.post(ADD, data, headers=HTMX)
    assert response.status_code == 200
    assert "There is a problem" in response.text and "govuk-error-message" in response.text
    assert "Date must be today or in the past" in response.text
    assert "Line 1 is not a web address" in response.text
    assert "Choose a RAG rating" in response.text and "Enter a one-line summary" in response.text
    assert "<html" not in response.text
    assert not ProgressUpdate.objects.exists()


def test_without_javascript_the_form_is_a_page_and_saving_returns_to_the_weakness(client, olivia):
    login(client, olivia)
    page = client.get(ADD)
    assert "<html" in page.text and "Add a progress update" in page.text
    data = {**date_input("2026-11-02"), "rag": "green", "summary": "Done", "visibility": "public"}
    response = client.post(ADD, data)
    assert response.status_code == 302 and response.url == "/weaknesses/CB-2019-1/"


def test_htmx_writes_need_the_csrf_token(csrf_client, olivia):
    login(csrf_client, olivia)
    data = {**date_input("2026-11-02"), "rag": "amber", "summary": "x", "visibility": "public"}
    assert csrf_client.post(ADD, data, headers=HTMX).status_code == 403
    page = csrf_client.get("/weaknesses/CB-2019-1/")
    token = page.context["csrf_token"]
    assert f'hx-headers=\'{{"x-csrftoken": "{token}"}}\'' in page.text  # sent on every HTMX request
    ok = csrf_client.post(ADD, data, headers={**HTMX, "X-CSRFToken": str(token)})
    assert ok.status_code == 200 and ProgressUpdate.objects.count() == 1


def test_the_public_sees_a_public_update_beside_the_inspectors_verdict(client, amber_update):
    page = client.get("/weaknesses/CB-2019-1/").text
    assert "Not sufficient progress" in page
    assert "Amber: some concerns" in page and "Two thirds of EHC plans now reviewed on time" in page
    area = client.get("/areas/central-bedfordshire/").text
    assert "Amber: some concerns" in area


def test_internal_updates_are_for_that_areas_officers_and_admins_only(
    client, olivia, luke, admin_user, amber_update
):
    amber_update.visibility = "internal"
    amber_update.save()
    assert "Two thirds" not in client.get("/weaknesses/CB-2019-1/").text
    login(client, luke)
    assert "Two thirds" not in client.get("/weaknesses/CB-2019-1/").text
    for user in (olivia, admin_user):
        login(client, user)
        assert "Two thirds" in client.get("/weaknesses/CB-2019-1/").text
    client.logout()
    history = client.get(reverse("progress:history", args=[amber_update.pk]))
    assert history.status_code == 302  # the public is sent to sign in


def test_a_withdrawn_update_is_hidden_but_kept(client, olivia, amber_update):
    login(client, olivia)
    client.post(reverse("progress:withdraw", args=[amber_update.pk]), headers=HTMX)
    client.logout()
    assert "Two thirds" not in client.get("/weaknesses/CB-2019-1/").text
    amber_update.refresh_from_db()
    assert amber_update.withdrawn_at is not None and amber_update.withdrawn_by == olivia


def test_a_forum_response_shows_beside_the_update(client, fiona, amber_update):
    login(client, fiona)
    response = client.post(
        reverse("progress:respond", args=[amber_update.pk]),
        {"text": "Families still wait too long."},
        headers=HTMX,
    )
    assert response.status_code == 200
    client.logout()
    page = client.get("/weaknesses/CB-2019-1/").text
    assert "The parent carer forum responded" in page and "Families still wait too long." in page
    assert ForumResponse.objects.get().author == fiona


def test_every_change_is_kept_in_the_history(client, olivia, amber_update):
    login(client, olivia)
    edit = reverse("progress:edit", args=[amber_update.pk])
    data = {
        **date_input("2026-10-01"),
        "rag": "green",
        "summary": "Reviews on time",
        "visibility": "public",
        "version": amber_update.version,
    }
    client.post(edit, data, headers=HTMX)
    client.post(reverse("progress:withdraw", args=[amber_update.pk]), headers=HTMX)
    records = list(amber_update.history.order_by("history_date"))
    assert [r.rag for r in records] == ["amber", "green", "green"]
    assert records[-1].withdrawn_at is not None and records[1].history_user == olivia
    page = client.get(reverse("progress:history", args=[amber_update.pk])).text
    assert "Created" in page and "Changed" in page and "Withdrawn" in page


def test_the_weakness_page_shows_how_the_rating_moved(
    client, olivia, amber_update, ehc_weakness, central_beds
):
    ProgressUpdate.objects.create(
        area=central_beds, weakness=ehc_weakness, date=dt.date(2026, 11, 10), rag="green",
        summary="All reviews on time", visibility="public", author=olivia,
    )  # fmt: skip
    page = client.get("/weaknesses/CB-2019-1/").text
    journey = page[page.index("How the council's rating has moved") :]
    assert journey.index("1 October 2026") < journey.index("10 November 2026")


def test_changes_to_weaknesses_verdicts_and_decisions_are_kept(admin_client, ehc_weakness):
    ehc_weakness.title = "Quality of EHC plans"
    ehc_weakness.save()
    assert ehc_weakness.history.first().title == "Quality of EHC plans"
    verdict = ehc_weakness.verdicts.get()
    verdict.narrative += " (corrected)"
    verdict.save()
    assert verdict.history.count() >= 1


def test_the_dashboard_shows_my_areas_stale_items_and_counts(client, olivia, amber_update):
    login(client, olivia)
    page = client.get(reverse("progress:dashboard")).text
    assert "Central Bedfordshire" in page and "Area officer" in page
    assert "CB-2019-2" in page  # never updated
    assert "CB-2019-1:" not in page.split("No update for 90 days")[1]  # updated recently
    assert "Amber: some concerns" in page


def test_cancel_swaps_the_list_back_over_the_form(client, olivia):
    login(client, olivia)
    form = client.get(ADD, headers=HTMX).text
    assert 'hx-get="/progress/weakness/CB-2019-1/updates/"' in form
    listing = client.get("/progress/weakness/CB-2019-1/updates/", headers=HTMX)
    assert listing.headers["HX-Retarget"] == "#updates-weakness-CB-2019-1"
    assert "Add a progress update" in listing.text


def test_the_rating_has_no_blank_choice(client, olivia):
    login(client, olivia)
    assert "---------" not in client.get(ADD).text


def test_the_public_sees_who_published_not_usernames_or_old_versions(client, amber_update):
    page = client.get("/weaknesses/CB-2019-1/").text
    assert "Published by Central Bedfordshire Council" in page
    assert "olivia" not in page and "History of this update" not in page


def test_withdrawing_asks_first_and_says_what_happened(client, olivia, amber_update):
    login(client, olivia)
    page = client.get("/weaknesses/CB-2019-1/").text
    withdraw = reverse("progress:withdraw", args=[amber_update.pk])
    assert f'href="{withdraw}" hx-get="{withdraw}"' in page  # the question, not a pop-up
    assert "hx-confirm=" not in page
    response = client.post(reverse("progress:withdraw", args=[amber_update.pk]), headers=HTMX)
    assert "an admin can restore it" in response.text


def test_the_forum_may_read_an_updates_history_but_another_area_may_not(
    client, fiona, luke, amber_update
):
    url = reverse("progress:history", args=[amber_update.pk])
    login(client, fiona)
    assert client.get(url).status_code == 200
    login(client, luke)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("key", ["abc", "1.5", "²", "1e3"])
@pytest.mark.parametrize("action", ["list", "add"])
def test_a_finding_address_that_is_not_a_number_is_not_found(client, olivia, action, key):
    login(client, olivia)
    response = client.get(reverse(f"progress:{action}", args=["finding", key]))
    assert response.status_code == 404


def test_a_forum_representative_cannot_read_internal_history(client, fiona, olivia, amber_update):
    amber_update.visibility = "internal"
    amber_update.save()
    url = reverse("progress:history", args=[amber_update.pk])
    login(client, fiona)
    assert client.get(url).status_code == 404
    login(client, olivia)
    assert client.get(url).status_code == 200


def test_an_officer_may_edit_a_priority_actions_update_on_the_area_page(
    client, olivia, luke, central_beds
):
    action = PriorityActionFactory(
        inspection=FullInspectionFactory(
            area=central_beds,
            visit_start=dt.date(2026, 6, 1),
            visit_end=dt.date(2026, 6, 5),
            published_on=dt.date(2026, 7, 20),
        )
    )
    ProgressUpdate.objects.create(
        area=central_beds, finding=action, date=dt.date(2026, 11, 3), rag="red",
        summary="Plans still late", visibility="public", author=olivia,
    )  # fmt: skip
    login(client, olivia)
    page = client.get("/areas/central-bedfordshire/").text
    assert "Plans still late" in page and "Withdraw<span" in page
    login(client, luke)
    page = client.get("/areas/central-bedfordshire/").text
    assert "Plans still late" in page and "Withdraw<span" not in page


def test_a_forum_reads_only_what_was_public_when_written_and_no_officers_name(
    client, fiona, olivia, amber_update
):
    """An officer logs an internal update naming a child, takes the name out and makes it
    public: the forum's history must not show the first wording, nor who typed it."""
    login(client, olivia)
    amber_update._history_user = olivia  # as the edit form records who saved each version
    amber_update.visibility = "internal"
    amber_update.summary = "Reviewed Jamie Smith's plan and two others on time"
    amber_update.save()
    amber_update.summary = "Reviewed three plans on time"
    amber_update.visibility = "public"
    amber_update.save()
    url = reverse("progress:history", args=[amber_update.pk])

    officers = client.get(url).text
    assert "Jamie Smith" in officers and "olivia" in officers

    login(client, fiona)
    page = client.get(url)
    assert page.status_code == 200
    assert "Reviewed three plans on time" in page.text
    assert "Jamie Smith" not in page.text
    assert "olivia" not in page.text
    assert "Central Bedfordshire" in page.text.split("<tbody")[1]


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_a_save_the_database_cannot_take_keeps_what_was_typed(
    client, olivia, amber_update, monkeypatch, headers
):
    """A locked database ("database is locked" on SQLite) used to give the 503 page, and the
    officer lost what they had typed: now the form comes back with it and says why."""

    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    login(client, olivia)
    monkeypatch.setattr(ProgressUpdate, "save", locked)
    typed = {
        **date_input("2026-11-02"),
        "rag": "amber",
        "summary": "Waiting lists for speech therapy halved",
        "details": "Four new therapists since September.",
        "visibility": "public",
    }
    edit = reverse("progress:edit", args=[amber_update.pk])
    for url, data in ((ADD, typed), (edit, {**typed, "version": amber_update.version})):
        response = client.post(url, data, headers=headers)
        assert response.status_code == 200, url
        assert "could not save this just now" in response.text
        assert "Waiting lists for speech therapy halved" in response.text
        assert "Four new therapists since September." in response.text
    monkeypatch.undo()
    assert not ProgressUpdate.objects.filter(summary__startswith="Waiting lists").exists()
