"""Public pages are rendered once per version of their data and served again to everyone
not signed in; each area's stored standing follows its records."""

import datetime as dt

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from areas.models import Area
from inspections import history, standing
from inspections.models import Framework, Inspection, InspectionKind, SignificantWeakness
from progress.models import ProgressUpdate, Rag, Role, Visibility
from tests.progress.conftest import member

pytestmark = pytest.mark.django_db

LUTON = "/areas/luton/"
KENT = "/areas/kent/"
CENTRAL_BEDS = "/areas/central-bedfordshire/"
WEAKNESS = "/weaknesses/CB-2019-1/"


def queries_for(client: Client, url: str, **headers) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    return len(queries), response


def outcome_3_for_luton() -> Inspection:
    return Inspection.objects.create(
        area=Area.objects.get(slug="luton"),
        framework=Framework.AREA_2023,
        kind=InspectionKind.FULL,
        visit_start=dt.date(2026, 9, 7),
        visit_end=dt.date(2026, 9, 11),
        published_on=dt.date(2026, 11, 2),
        outcome=3,
    )


def central_beds_update(author, visibility=Visibility.PUBLIC, summary="Waiting lists halved"):
    ProgressUpdate.objects.create(
        area=Area.objects.get(slug="central-bedfordshire"),
        weakness=SignificantWeakness.objects.get(reference="CB-2019-1"),
        date=dt.date(2026, 11, 20),
        rag=Rag.GREEN,
        summary=summary,
        visibility=visibility,
        author=author,
    )


# --- Where each area stands, stored -------------------------------------------------------


def test_every_areas_stored_standing_is_what_its_history_works_out():
    for area in history.with_history(Area.objects.all()):
        assert {name: getattr(area, name) for name in standing.STORED_FIELDS} == (
            standing.standing_of(area)
        ), area.slug


def test_a_new_outcome_moves_the_area_into_the_filtered_list_at_once(client):
    assert ">Luton</a>" not in client.get("/areas/?outcome=3").text
    outcome_3_for_luton()

    assert Area.objects.get(slug="luton").framework_2_status == "outcome-3"
    listed = client.get("/areas/?outcome=3").text
    assert ">Luton</a>" in listed
    assert "Outcome 3" in client.get(LUTON).text


def test_a_change_stamps_the_area_and_those_whose_pages_show_its_status_only():
    before = dict(Area.objects.values_list("slug", "changed_at"))
    outcome_3_for_luton()
    after = dict(Area.objects.values_list("slug", "changed_at"))

    moved = {slug for slug in after if after[slug] != before[slug]}
    # Luton, and the twelve areas that list Luton among their statistical neighbours.
    assert {"luton", "slough", "peterborough", "coventry"} <= moved
    assert "kent" not in moved and "cornwall" not in moved


def test_reloading_the_data_unchanged_stamps_nothing():
    from inspections.loaders import load_national_data

    before = dict(Area.objects.values_list("slug", "changed_at"))
    load_national_data()
    assert dict(Area.objects.values_list("slug", "changed_at")) == before


# --- Cached pages -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/areas/",
        "/areas/?outcome=2&sort=-next",
        LUTON,
        "/weaknesses/CB-2019-1/",
        "/themes/",
        "/api/v1/areas/central-bedfordshire/",
        "/api/v1/areas/",
        "/areas/luton/feed/",
    ],
)
def test_a_public_page_is_rendered_once_then_served_with_one_query(client, url):
    rendered, first = queries_for(client, url)
    served, again = queries_for(client, url)

    assert first.status_code == again.status_code == 200
    assert (first["X-Page-Cache"], again["X-Page-Cache"]) == ("miss", "hit")
    assert again.content == first.content
    assert rendered > 1 and served == 1  # only the data's version is looked up
    assert again["Content-Type"] == first["Content-Type"]
    assert again["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_a_browser_holding_this_version_gets_304_without_the_page(client):
    etag = client.get(LUTON)["ETag"]
    served, response = queries_for(client, LUTON, if_none_match=etag)

    assert response.status_code == 304 and response.content == b""
    assert response["ETag"] == etag and served == 1
    assert response["Cache-Control"] == "no-cache"
    last_modified = client.get(LUTON)["Last-Modified"]
    assert client.get(LUTON, headers={"if-modified-since": last_modified}).status_code == 304


def test_a_new_update_shows_on_the_areas_pages_at_once_and_leaves_other_areas_cached(
    client, django_user_model
):
    old_etag = client.get(CENTRAL_BEDS)["ETag"]
    client.get("/weaknesses/CB-2019-1/")
    client.get(KENT)
    client.get("/api/v1/areas/")
    officer = member(django_user_model, "olivia", "central-bedfordshire", Role.OFFICER)

    central_beds_update(officer)

    # The browser's copy is out of date, so it gets the new page, not a 304.
    response = client.get(CENTRAL_BEDS, headers={"if-none-match": old_etag})
    assert response.status_code == 200 and response["X-Page-Cache"] == "miss"
    assert 'Updates<span class="govuk-visually-hidden"> on CB-2019-1' in response.text
    assert response["ETag"] != old_etag
    weakness = client.get("/weaknesses/CB-2019-1/")
    assert weakness["X-Page-Cache"] == "miss" and "Waiting lists halved" in weakness.text
    assert client.get(KENT)["X-Page-Cache"] == "hit"
    # Pages about every area follow the latest change anywhere.
    assert client.get("/api/v1/areas/")["X-Page-Cache"] == "miss"


def test_signed_in_officers_get_their_own_page_and_never_a_cached_one(client, django_user_model):
    officer = member(django_user_model, "olivia", "central-bedfordshire", Role.OFFICER)
    central_beds_update(officer, Visibility.INTERNAL, summary="Internal: budget not yet agreed")
    public = client.get(WEAKNESS)
    assert "budget not yet agreed" not in public.text

    client.force_login(officer)
    own = client.get(WEAKNESS)
    assert "budget not yet agreed" in own.text
    assert "X-Page-Cache" not in own

    client.logout()
    anonymous = Client()
    assert "budget not yet agreed" not in anonymous.get(WEAKNESS).text
    assert anonymous.get(WEAKNESS)["X-Page-Cache"] == "hit"


def test_a_thank_you_message_is_shown_rather_than_the_cached_page(client):
    client.get(LUTON)
    response = client.post(
        "/areas/luton/report-a-mistake/",
        {"what_is_wrong": "The 2019 revisit date is a week out."},
        follow=True,
    )
    assert "Thank you: the tracker" in response.text
    assert client.get(LUTON)["X-Page-Cache"] == "hit"  # the message is not kept


def test_pages_with_a_form_are_never_stored(client):
    first = client.get("/areas/luton/alerts/")
    assert first.status_code == 200 and "csrfmiddlewaretoken" in first.text
    assert "X-Page-Cache" not in client.get("/areas/luton/alerts/")


def test_a_host_the_site_does_not_serve_is_refused_even_when_the_page_is_cached(client):
    client.get(LUTON)
    assert client.get(LUTON, headers={"host": "evil.example"}).status_code == 400


def test_a_cache_server_that_is_down_means_pages_are_rendered_as_usual(client, settings):
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens on the discard port
        },
    }
    assert caches["pages"].__class__.__name__ == "RedisCache"
    first = client.get(LUTON)
    assert first.status_code == 200 and "Luton" in first.text
    assert client.get(LUTON).status_code == 200
