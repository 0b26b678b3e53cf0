"""Reporting a mistake: a short form whose reports only admins see."""

import pytest
from django.core.cache import cache
from django.test import Client

from areas.models import Area, MistakeReport

pytestmark = pytest.mark.django_db

URL = "/areas/luton/report-a-mistake/"


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()


def test_every_area_page_links_to_the_form(client):
    assert URL in client.get("/areas/luton/").content.decode()


def test_a_report_is_kept_for_admins_and_shown_nowhere(client, admin_client):
    response = client.post(
        URL, {"what_is_wrong": "The revisit was in October 2022, not November.", "email": ""}
    )
    assert response.status_code == 302 and response.url == "/areas/luton/"
    report = MistakeReport.objects.get()
    assert report.area == Area.objects.get(slug="luton") and not report.dealt_with
    assert "editors will check what you sent" in client.get("/areas/luton/").content.decode()
    assert "October 2022, not November" not in client.get("/areas/luton/").content.decode()
    assert (
        "October 2022, not November"
        in admin_client.get("/admin/areas/mistakereport/").content.decode()
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"what_is_wrong": ""}, "Enter what is wrong"),
        ({"what_is_wrong": "\u200b\u200b \u2060"}, "Enter what is wrong"),
        ({"what_is_wrong": "x" * 2001}, "2,000 characters or fewer"),
        ({"what_is_wrong": "Wrong date", "email": "not-an-email"}, "correct format"),
    ],
)
def test_bad_input_gets_a_clear_message_and_saves_nothing(client, data, message):
    response = client.post(URL, data)
    assert response.status_code == 400
    content = response.content.decode()
    assert "govuk-error-summary" in content and message in content
    assert content.count("<title>Error: ") == 1 and "Error: Error:" not in content
    assert not MistakeReport.objects.exists()


def test_reports_are_rate_limited(client):
    for _ in range(5):
        assert client.post(URL, {"what_is_wrong": "A mistake"}).status_code == 302
    response = client.post(URL, {"what_is_wrong": "A sixth"})
    assert response.status_code == 400
    assert "try again later" in response.content.decode()
    assert MistakeReport.objects.count() == 5


def test_the_form_is_protected_against_cross_site_posts():
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(URL, {"what_is_wrong": "A mistake"}).status_code == 403
    assert not MistakeReport.objects.exists()


def test_where_to_get_help_is_on_area_pages_and_the_glossary(client):
    for url in ("/areas/luton/", "/about/glossary/"):
        content = client.get(url).content.decode()
        assert "Where to get help" in content
        for address in ("https://www.ipsea.org.uk/", "https://contact.org.uk/"):
            assert address in content, url
        assert "SENDIASS" in content
