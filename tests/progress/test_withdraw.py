"""Withdrawing asks first, on a page of its own (or in place with HTMX), never in a pop-up."""

import re

import pytest
from django.urls import reverse

from progress.models import ProgressUpdate
from tests.progress.conftest import login

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def url(update) -> str:
    return reverse("progress:withdraw", args=[update.pk])


def test_without_javascript_the_question_is_a_page_with_a_button_and_a_way_back(
    client, olivia, amber_update
):
    login(client, olivia)
    response = client.get(url(amber_update))
    assert response.status_code == 200
    page = response.text
    assert "<title>Withdraw a progress update – SEND Inspection Tracker</title>" in page
    assert '<h1 class="govuk-heading-l">Are you sure you want to withdraw this update?</h1>' in page
    assert "Two thirds of EHC plans now reviewed on time" in page and "1 October 2026" in page
    assert "Families will no longer see it. It is kept, and an admin can restore it." in page
    assert (
        f'<form method="post" action="{url(amber_update)}" class="app-withdraw-form" novalidate>'
        in page
    )
    assert "govuk-button--warning" in page and "Yes, withdraw this update" in page
    assert '<a class="govuk-link" href="/weaknesses/CB-2019-1/">Cancel</a>' in page
    assert "hx-post" not in page.split('class="app-withdraw-form"')[1].split(">")[0]
    amber_update.refresh_from_db()
    assert not amber_update.is_withdrawn  # asking changes nothing


def test_confirming_without_javascript_withdraws_and_says_so_on_the_weakness_page(
    client, olivia, amber_update
):
    login(client, olivia)
    response = client.post(url(amber_update))
    assert response.status_code == 302 and response.url == "/weaknesses/CB-2019-1/"
    amber_update.refresh_from_db()
    assert amber_update.is_withdrawn and amber_update.withdrawn_by == olivia
    page = client.get(response.url).text
    notice = page[page.index('id="updates-weakness-CB-2019-1"') :]
    assert "govuk-notification-banner--success" in notice[:800]
    assert "The update was withdrawn" in notice[:800] and "autofocus" in notice[:800]
    assert "Two thirds" not in page
    assert "The update was withdrawn" not in client.get(response.url).text  # said once


def test_with_htmx_the_question_replaces_the_links_and_takes_focus(client, olivia, amber_update):
    login(client, olivia)
    response = client.get(url(amber_update), headers=HTMX)
    assert response.status_code == 200
    fragment = response.text
    assert "<html" not in fragment and "<h1" not in fragment
    assert 'role="group" aria-labelledby="withdraw-' in fragment and "autofocus" in fragment
    assert "Are you sure you want to withdraw this update?" in fragment
    assert f'hx-post="{url(amber_update)}"' in fragment
    assert (
        'hx-get="/progress/weakness/CB-2019-1/updates/"' in fragment
    )  # Cancel swaps the list back


def test_an_internal_update_says_what_withdrawing_it_means(client, olivia, amber_update):
    amber_update.visibility = "internal"
    amber_update.save()
    login(client, olivia)
    page = client.get(url(amber_update)).text
    assert "It will no longer show on the site." in page and "Families" not in page


@pytest.mark.parametrize("who", ["luke", "fiona"])
def test_only_the_areas_officers_are_asked(client, request, amber_update, who):
    login(client, request.getfixturevalue(who))
    assert client.get(url(amber_update)).status_code == 403
    assert client.get(url(amber_update), headers=HTMX).status_code == 403


def test_the_public_is_sent_to_sign_in(client, amber_update):
    response = client.get(url(amber_update))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_a_withdrawn_update_cannot_be_withdrawn_again(client, olivia, amber_update):
    login(client, olivia)
    client.post(url(amber_update))
    assert client.get(url(amber_update)).status_code == 404
    assert client.post(url(amber_update)).status_code == 404
    assert (
        ProgressUpdate.history.filter(id=amber_update.pk, withdrawn_at__isnull=False).count() == 1
    )


def test_a_withdrawal_asked_about_an_older_wording_withdraws_nothing(
    client, olivia, oscar, amber_update
):
    """Olivia opens the question; Oscar then rewrites the update. Her "Yes" was about the old
    words: nothing is withdrawn, and she is shown what it says now and asked again."""
    login(client, olivia)
    page = client.get(url(amber_update)).text
    version = re.search(r'name="version" value="(\d+)"', page)[1]
    amber_update.summary = "All EHC plans now reviewed on time"
    amber_update.save()

    for headers in ({}, HTMX):
        response = client.post(url(amber_update), {"version": version}, headers=headers)
        assert response.status_code == (200 if headers else 409)
        assert "changed after you opened this question" in response.text
        assert "All EHC plans now reviewed on time" in response.text
        amber_update.refresh_from_db()
        assert not amber_update.is_withdrawn

    fresh = re.search(r'name="version" value="(\d+)"', response.text)[1]
    assert client.post(url(amber_update), {"version": fresh}).status_code == 302
    amber_update.refresh_from_db()
    assert amber_update.is_withdrawn
