"""Feedback: the beta banner's link on every page, to a form whose reports only admins see."""

import pytest
from django.core.cache import cache
from django.test import Client

from areas.models import Area, MistakeReport

pytestmark = pytest.mark.django_db

URL = "/feedback/"


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/areas/",
        "/areas/luton/",
        "/weaknesses/CB-2019-3/",
        "/search/?q=transport",
        "/themes/",
        "/about/",
        "/areas/luton/report-a-mistake/",
    ],
)
def test_every_page_type_links_to_feedback_from_the_beta_banner(client, path):
    content = client.get(path).content.decode()
    banner = content[content.index("govuk-phase-banner") :]
    banner = banner[: banner.index("</div>")]
    page = path.split("?")[0]
    assert f'href="/feedback/?from={page}">give your feedback</a>' in banner


def test_feedback_from_an_area_page_starts_with_that_area_chosen(client):
    content = client.get(URL, {"from": "/areas/luton/"}).content.decode()
    assert '<option value="luton" selected>Luton</option>' in content
    assert 'name="page" value="/areas/luton/"' in content


def test_feedback_is_kept_for_admins_with_its_area_and_page(client, admin_client):
    response = client.post(
        URL,
        {"what_is_wrong": "The map is hard to tap.", "area": "luton", "page": "/areas/luton/"},
    )
    assert response.status_code == 302 and response.url == "/feedback/sent/"
    assert "Feedback sent" in client.get(response.url).content.decode()
    report = MistakeReport.objects.get()
    assert report.area == Area.objects.get(slug="luton")
    assert report.page == "/areas/luton/" and report.what_is_wrong == "The map is hard to tap."
    listing = admin_client.get("/admin/areas/mistakereport/").content.decode()
    assert "The map is hard to tap." in listing


def test_feedback_about_no_area_is_kept_too(client):
    assert client.post(URL, {"what_is_wrong": "Thank you", "page": "/"}).status_code == 302
    report = MistakeReport.objects.get()
    assert report.area is None and report.page == "/" and str(report).startswith("The site")


@pytest.mark.parametrize("page", ["https://evil.example/", "//evil.example/x", "/\\evil", "areas"])
def test_a_page_that_is_not_on_this_site_is_not_recorded(client, page):
    assert client.post(URL, {"what_is_wrong": "Hello", "page": page}).status_code == 302
    assert MistakeReport.objects.get().page == ""


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"what_is_wrong": ""}, "Enter your feedback"),
        ({"what_is_wrong": "\u200b \u2060"}, "Enter your feedback"),
        ({"what_is_wrong": "x" * 2001}, "2,000 characters or fewer"),
        ({"what_is_wrong": "Hi", "email": "not-an-email"}, "correct format"),
        ({"what_is_wrong": "Hi", "area": "atlantis"}, "Choose a local area from the list"),
    ],
)
def test_bad_feedback_gets_a_clear_message_and_saves_nothing(client, data, message):
    response = client.post(URL, data)
    assert response.status_code == 400
    content = response.content.decode()
    assert "govuk-error-summary" in content and message in content
    assert "<title>Error: Give feedback" in content
    assert not MistakeReport.objects.exists()


def test_feedback_and_mistake_reports_share_one_limit_of_five_an_hour(client):
    for _ in range(3):
        assert client.post(URL, {"what_is_wrong": "Feedback"}).status_code == 302
    for _ in range(2):
        response = client.post("/areas/luton/report-a-mistake/", {"what_is_wrong": "A mistake"})
        assert response.status_code == 302
    response = client.post(URL, {"what_is_wrong": "A sixth"})
    assert response.status_code == 400
    assert "try again later" in response.content.decode()
    assert MistakeReport.objects.count() == 5


def test_the_form_is_protected_against_cross_site_posts():
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(URL, {"what_is_wrong": "Feedback"}).status_code == 403
    assert not MistakeReport.objects.exists()
