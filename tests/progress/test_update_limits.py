"""What an update may hold: sizes, dates and text that is really there, said plainly when not."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from progress.models import ForumResponse, ProgressUpdate
from tests.progress.conftest import date_input, login

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
ADD = reverse("progress:add", args=["weakness", "CB-2019-1"])
VALID = {
    **date_input("2026-11-02"),
    "rag": "amber",
    "summary": "Reviews on time",
    "visibility": "public",
}
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u00a0\u3000\u3164 \t"


def refused(client, **fields) -> str:
    response = client.post(ADD, {**VALID, **fields}, headers=HTMX)
    assert response.status_code == 200
    assert "There is a problem" in response.text and "govuk-error-message" in response.text
    assert not ProgressUpdate.objects.exists()
    return response.text


def test_a_million_characters_of_details_are_refused(client, olivia):
    login(client, olivia)
    page = refused(client, details="x" * 1_000_000)
    assert "Details must be 10,000 characters or fewer" in page


@pytest.mark.parametrize(
    ("field", "length", "message"),
    [
        ("summary", 201, "Summary must be 200 characters or fewer"),
        ("details", 10_001, "Details must be 10,000 characters or fewer"),
        ("next_steps", 5_001, "Next steps must be 5,000 characters or fewer"),
    ],
)
def test_each_text_has_a_limit_said_plainly(client, olivia, field, length, message):
    login(client, olivia)
    assert message in refused(client, **{field: "x" * length})
    assert client.post(ADD, {**VALID, field: "x" * (length - 1)}).status_code == 302


def test_five_thousand_evidence_links_are_refused_and_twenty_are_enough(client, olivia):
    login(client, olivia)
    links = [f"https://example.org/evidence/{n}" for n in range(5000)]
    assert "Enter no more than 20 evidence links" in refused(
        client, evidence_links="\n".join(links)
    )
    assert "Enter no more than 20 evidence links" in refused(
        client, evidence_links="\n".join(links[:21])
    )
    assert "Enter no more than 20 evidence links" in refused(
        client, evidence_links="https://example.org/a" + "\n" * 20_000 + "https://example.org/b"
    )
    response = client.post(ADD, {**VALID, "evidence_links": "\n".join(links[:20])})
    assert response.status_code == 302


def test_an_overlong_evidence_link_is_refused(client, olivia):
    login(client, olivia)
    long_link = "https://example.org/" + "a" * 481
    page = refused(client, evidence_links=f"https://example.org/\n{long_link}")
    assert "Line 2 must be 500 characters or fewer" in page


def test_a_summary_of_invisible_characters_counts_as_blank(client, olivia):
    login(client, olivia)
    assert "Enter a one-line summary" in refused(client, summary=INVISIBLE)


def test_invisible_characters_around_the_text_are_dropped(client, olivia):
    login(client, olivia)
    response = client.post(
        ADD, {**VALID, "summary": "\u200bReviews on time\ufeff", "details": INVISIBLE}
    )
    assert response.status_code == 302
    update = ProgressUpdate.objects.get()
    assert (update.summary, update.details) == ("Reviews on time", "")


@pytest.mark.parametrize("date", ["0001-01-01", "1999-06-30", "2013-12-31"])
def test_a_date_before_the_send_reforms_is_refused(client, olivia, date):
    login(client, olivia)
    page = refused(client, **date_input(date))
    assert "Date must be the same as or after 1 January 2014" in page


def test_the_first_day_of_2014_is_accepted(client, olivia):
    login(client, olivia)
    assert client.post(ADD, {**VALID, **date_input("2014-01-01")}).status_code == 302


def test_the_model_refuses_the_same_in_the_admin(amber_update):
    amber_update.summary = INVISIBLE
    amber_update.details = "x" * 10_001
    amber_update.evidence_links = "\n".join(f"https://example.org/{n}" for n in range(21))
    amber_update.date = dt.date(1, 1, 1)
    with pytest.raises(ValidationError) as refusal:
        amber_update.full_clean()
    assert set(refusal.value.message_dict) == {"summary", "details", "evidence_links", "date"}


def test_a_forum_response_must_say_something_and_not_too_much(client, fiona, amber_update):
    login(client, fiona)
    respond = reverse("progress:respond", args=[amber_update.pk])
    blank = client.post(respond, {"text": INVISIBLE}, headers=HTMX).text
    assert "Enter the forum&#x27;s response" in blank
    long = client.post(respond, {"text": "x" * 5_001}, headers=HTMX).text
    assert "The response must be 5,000 characters or fewer" in long
    assert not ForumResponse.objects.exists()
