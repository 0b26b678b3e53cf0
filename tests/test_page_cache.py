"""Public pages are rendered once per version of their data and served again to everyone
not signed in; each area's stored standing follows its records."""

import datetime as dt
from unittest import mock

import pytest
from django.core.cache import caches
from django.test import Client

from areas.models import Area
from inspections import standing, status
from inspections.models import Framework, Inspection, InspectionKind, SignificantWeakness
from progress.models import ProgressUpdate, Rag, Role, Visibility
from tests.progress.conftest import member
from tests.queries import counting_queries

pytestmark = pytest.mark.django_db

LUTON = "/areas/luton/"
KENT = "/areas/kent/"
CENTRAL_BEDS = "/areas/central-bedfordshire/"
WEAKNESS = "/weaknesses/CB-2019-1/"


def queries_for(client: Client, url: str, **headers) -> tuple[int, object]:
    with counting_queries() as queries:
        response = client.get(url, headers=headers)
    return queries.total, response


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
    for area in status.with_history(Area.objects.all()):
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
    from national_data.loading import load_national_data

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
        "/search/?q=speech+and+language&framework=2023",
        "/search/results.csv?q=waiting",
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


# --- Served before Django handles the request (config/wsgi.py) ----------------------------


def serve(path: str, application=None, **environ) -> tuple[int, dict, bytes, int]:
    """A request to the WSGI application the server runs: its status, headers and body,
    and how many times Django's own request handling started."""
    from urllib.parse import unquote_to_bytes

    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections
    from django.test import RequestFactory

    from config import page_cache

    if application is None:
        from config.wsgi import application

    started = []

    def count(**kwargs):
        started.append(1)

    request = RequestFactory().get(path, **environ)
    # What a WSGI server hands over: the path's bytes as Latin-1 (making the request above
    # wrote the decoded path into its environ).
    wsgi_environ = {
        **request.environ,
        "PATH_INFO": unquote_to_bytes(path.split("?")[0]).decode("iso-8859-1"),
    }
    answered = {}

    def start_response(status, headers, exc_info=None):
        answered.update(status=int(status.split()[0]), headers=dict(headers))

    # As Django's test client does: the test's transaction keeps its connection open.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    request_started.connect(count)
    try:
        with mock.patch.object(page_cache, "close_old_connections"):
            body = b"".join(application(wsgi_environ, start_response))
    finally:
        request_started.disconnect(count)
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return answered["status"], answered["headers"], body, len(started)


def test_the_server_answers_a_stored_page_without_djangos_request_handling(client):
    first = client.get(LUTON)
    with counting_queries() as queries:
        status, headers, body, django_started = serve(LUTON)

    assert (status, headers["X-Page-Cache"], django_started) == (200, "hit", 0)
    assert body == first.content and queries.total == 1  # the data's version, nothing else
    # The stored headers are the ones the browser got first, every middleware's included.
    for header in ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy"):
        assert headers[header] == first[header]
    assert headers["ETag"] == first["ETag"] and "Cookie" in headers["Vary"]


def test_the_server_answers_304_to_a_browser_holding_this_version(client):
    etag = client.get(LUTON)["ETag"]
    status, headers, body, django_started = serve(LUTON, HTTP_IF_NONE_MATCH=etag)
    assert (status, body, django_started) == (304, b"", 0)
    assert headers["ETag"] == etag and headers["Cache-Control"] == "no-cache"


def test_what_the_server_cannot_answer_from_the_cache_django_answers(client, django_user_model):
    client.get(LUTON)

    # Not yet stored: Django renders it, and stores it.
    status, headers, _, django_started = serve(KENT)
    assert (status, headers["X-Page-Cache"], django_started) == (200, "miss", 1)
    # Signed in: their own page.
    officer = member(django_user_model, "luke", "luton", Role.OFFICER)
    client.force_login(officer)
    session = client.cookies["sessionid"].value
    status, headers, _, django_started = serve(LUTON, HTTP_COOKIE=f"sessionid={session}")
    assert (status, django_started) == (200, 1) and "X-Page-Cache" not in headers
    # A host the site does not serve is refused, as Django refuses it.
    status, _, _, django_started = serve(LUTON, HTTP_HOST="evil.example")
    assert (status, django_started) == (400, 1)


def test_a_stored_https_page_is_never_served_over_http(client, settings):
    from django.core.wsgi import get_wsgi_application

    from config.page_cache import CachedPagesFirst

    settings.SECURE_SSL_REDIRECT = True
    application = CachedPagesFirst(get_wsgi_application())  # made with this setting
    assert client.get(LUTON, secure=True)["X-Page-Cache"] == "miss"

    status, headers, _, _ = serve(LUTON, application)
    assert status == 301 and headers["Location"] == "https://testserver/areas/luton/"
    status, headers, _, django_started = serve(LUTON, application, secure=True)
    assert (status, headers["X-Page-Cache"], django_started) == (200, "hit", 0)


def test_a_database_that_fails_the_version_lookup_gets_the_friendly_503(client, monkeypatch):
    from django.db import OperationalError

    from config import page_cache

    client.get(LUTON)

    def down(*args):
        raise OperationalError("connection refused")

    monkeypatch.setattr(page_cache, "data_version", down)
    status, headers, body, django_started = serve(LUTON)
    assert (status, django_started) == (503, 1)
    assert headers["Retry-After"] == "30" and b"Traceback" not in body


@pytest.mark.parametrize("path", ["/weaknesses/%C4%B0stanbul/", "/areas/%E2%82%AC/"])
def test_a_path_with_characters_beyond_latin_1_gets_not_found_rather_than_an_error(path):
    """The cache's look at the request must leave the server's environ as it found it:
    Django reads the path again from it, and a decoded "İ" there made every such path a 500."""
    status, _, body, django_started = serve(path)
    assert (status, django_started) == (404, 1)
    assert b"Page not found" in body


def test_a_parameter_the_page_does_not_read_is_rendered_but_never_stored(client):
    """Made-up query strings (tracking tags, a crawler's noise) must not fill the cache: only
    addresses whose every parameter the page reads are kept."""
    for url in ("/areas/?utm_source=newsletter", "/?x=1", f"{LUTON}?junk=2", LUTON + "?q=kent"):
        first, second = client.get(url), client.get(url)
        assert first.status_code == second.status_code == 200
        assert "X-Page-Cache" not in first and "X-Page-Cache" not in second, url

    client.get("/areas/?region=london&sort=-name")
    assert client.get("/areas/?region=london&sort=-name")["X-Page-Cache"] == "hit"
    assert client.get(f"{LUTON}?history=all")["X-Page-Cache"] == "miss"
    assert client.get(f"{LUTON}?history=all")["X-Page-Cache"] == "hit"
