"""A form opened on a page of its own (from the dashboard, or without JavaScript) is a plain
form, and after it is sent the item's page says what happened, where focus lands."""

import datetime as dt

import pytest
from django.urls import reverse

from progress.models import ForumResponse, ProgressUpdate
from tests.factories import FullInspectionFactory, PriorityActionFactory
from tests.progress.conftest import date_input, login

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
ADD = reverse("progress:add", args=["weakness", "CB-2019-1"])
VALID = {**date_input("2026-11-02"), "rag": "green", "summary": "Done", "visibility": "public"}


def form_tag(html: str) -> str:
    start = html.index('<form method="post" action="/progress/')
    return html[start : html.index(">", start)]


@pytest.mark.parametrize("form_page", ["add", "edit", "respond"])
def test_on_its_own_page_a_form_posts_plainly_and_cancel_is_a_link(
    client, olivia, fiona, amber_update, form_page
):
    login(client, fiona if form_page == "respond" else olivia)
    url = {
        "add": ADD,
        "edit": reverse("progress:edit", args=[amber_update.pk]),
        "respond": reverse("progress:respond", args=[amber_update.pk]),
    }[form_page]
    own_page = client.get(url).text
    assert "<html" in own_page
    assert "hx-post" not in form_tag(own_page) and "autofocus" not in own_page
    assert '<a class="govuk-link" href="/weaknesses/CB-2019-1/">Cancel</a>' in own_page
    in_place = client.get(url, headers=HTMX).text
    assert f'hx-post="{url}"' in form_tag(in_place) and "autofocus" in in_place
    assert 'hx-get="/progress/weakness/CB-2019-1/updates/"' in in_place


def test_after_a_plain_save_the_weakness_page_says_so_once_at_the_top_of_its_updates(
    client, olivia
):
    login(client, olivia)
    response = client.post(ADD, VALID)
    assert response.status_code == 302 and ProgressUpdate.objects.count() == 1
    page = client.get(response.url).text
    updates = page[page.index('<div id="updates-weakness-CB-2019-1"') :]
    banner = updates[: updates.index("</div></div>")]
    assert 'role="alert" tabindex="-1" autofocus' in banner
    assert "Your update has been saved." in banner
    assert "Your update has been saved." not in client.get(response.url).text


def test_a_findings_notice_shows_in_that_findings_section(client, olivia, central_beds):
    inspection = FullInspectionFactory(
        area=central_beds,
        visit_start=dt.date(2026, 6, 1),
        visit_end=dt.date(2026, 6, 5),
        published_on=dt.date(2026, 7, 20),
    )
    first, second = (
        PriorityActionFactory(inspection=inspection),
        PriorityActionFactory(inspection=inspection),
    )
    login(client, olivia)
    response = client.post(reverse("progress:add", args=["finding", second.pk]), VALID)
    assert response.url == f"/areas/central-bedfordshire/#finding-{second.pk}"
    page = client.get(response.url).text
    assert page.count("Your update has been saved.") == 1
    section = page[page.index(f'<div id="updates-finding-{second.pk}"') :]
    assert section.index("Your update has been saved.") < section.index("</section>")
    assert page.index(f'id="finding-{first.pk}"') < page.index("Your update has been saved.")


def test_a_forum_response_without_javascript_lands_on_the_notice_beside_it(
    client, fiona, amber_update
):
    login(client, fiona)
    url = reverse("progress:respond", args=[amber_update.pk])
    response = client.post(url, {"text": "Families still wait too long."})
    assert response.status_code == 302 and response.url == "/weaknesses/CB-2019-1/"
    reply = ForumResponse.objects.get()
    assert (reply.update, reply.author) == (amber_update, fiona)
    page = client.get(response.url).text
    assert "The forum&#x27;s response has been published." in page
    assert f'id="response-{reply.pk}"' in page


def test_a_forum_response_in_place_focuses_the_notice(client, fiona, amber_update):
    login(client, fiona)
    url = reverse("progress:respond", args=[amber_update.pk])
    response = client.post(url, {"text": "Families still wait too long."}, headers=HTMX)
    assert response.headers["HX-Retarget"] == "#updates-weakness-CB-2019-1"
    assert 'role="alert" tabindex="-1" autofocus' in response.text
    assert "<html" not in response.text


def test_a_blank_response_is_refused_the_govuk_way(client, fiona, amber_update):
    login(client, fiona)
    url = reverse("progress:respond", args=[amber_update.pk])
    page = client.post(url, {"text": ""}).text
    assert "<title>Error: Respond to an update" in page
    assert (
        f'<a href="#response-to-{amber_update.pk}-text">Enter the forum&#x27;s response</a>' in page
    )
    assert "govuk-form-group--error" in page and "govuk-textarea--error" in page
    assert not ForumResponse.objects.exists()
