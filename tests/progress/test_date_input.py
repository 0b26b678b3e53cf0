"""The update's date is typed as day, month and year (GOV.UK's date input), not picked."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from progress.models import ProgressUpdate
from tests.progress.conftest import date_input, login

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
ADD = reverse("progress:add", args=["weakness", "CB-2019-1"])
VALID = {"rag": "amber", "summary": "Reviews on time", "visibility": "public"}
DATE = "new-weakness-CB-2019-1-date"  # the date's id: its form's own, as two may be open


def boxes(html: str) -> dict[str, str]:
    """Each date box's class attribute, by its name."""
    found = re.findall(rf'<input class="([^"]*)" id="{DATE}-(\w+)" name="date-\2"', html)
    return {part: classes for classes, part in found}


def wrong(html: str) -> set[str]:
    return {part for part, classes in boxes(html).items() if "govuk-input--error" in classes}


def test_the_form_has_three_boxes_not_a_date_picker(client, olivia):
    login(client, olivia)
    form = client.get(ADD, headers=HTMX).text
    assert 'type="date"' not in form
    assert f'class="govuk-date-input" id="{DATE}"' in form
    assert f'<fieldset class="govuk-fieldset" role="group" aria-describedby="{DATE}-hint">' in form
    for part in ("Day", "Month", "Year"):
        assert f'govuk-date-input__label" for="{DATE}-{part.lower()}">{part}</label>' in form
    assert set(boxes(form)) == {"day", "month", "year"}
    assert 'inputmode="numeric"' in form and "govuk-input--width-4" in form


def test_a_new_update_starts_at_todays_date_in_england(client, olivia, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: dt.date(2026, 3, 27))
    login(client, olivia)
    form = client.get(ADD).text
    assert 'name="date-day" type="text" inputmode="numeric" value="27"' in form
    assert 'name="date-month" type="text" inputmode="numeric" value="3"' in form
    assert 'name="date-year" type="text" inputmode="numeric" value="2026"' in form


def test_the_edit_form_shows_the_updates_date(client, olivia, amber_update):
    login(client, olivia)
    form = client.get(reverse("progress:edit", args=[amber_update.pk]), headers=HTMX).text
    assert 'name="date-day" type="text" inputmode="numeric" value="1"' in form
    assert 'name="date-month" type="text" inputmode="numeric" value="10"' in form


@pytest.mark.parametrize(
    ("day", "month", "year", "message", "marked"),
    [
        ("", "", "", "Enter the date of the update", {"day", "month", "year"}),
        ("2", "", "2026", "Date must include a month", {"month"}),
        ("", "", "2026", "Date must include a day and month", {"day", "month"}),
        ("2", "11", "", "Date must include a year", {"year"}),
        ("31", "2", "2026", "Date must be a real date", {"day", "month", "year"}),
        ("2", "13", "2026", "Date must be a real date", {"day", "month", "year"}),
        ("two", "11", "2026", "Date must be a real date", {"day"}),
        ("2", "11", "26", "Year must include 4 numbers", {"year"}),
        ("²", "11", "2026", "Date must be a real date", {"day"}),
        ("1", "1", "2099", "Date must be today or in the past", {"day", "month", "year"}),
        ("31", "12", "2013", "Date must be the same as or after 1 January 2014, the year of the SEND reforms", {"day", "month", "year"}),
    ],
)  # fmt: skip
def test_a_wrong_date_is_said_the_govuk_way(client, olivia, day, month, year, message, marked):
    login(client, olivia)
    data = {**VALID, "date-day": day, "date-month": month, "date-year": year}
    response = client.post(ADD, data, headers=HTMX)
    assert response.status_code == 200 and "<html" not in response.text
    page = response.text
    assert "There is a problem" in page
    assert f'<p class="govuk-error-message" id="{DATE}-error"><span class="govuk-visually-hidden">Error:</span> {message}</p>' in page  # fmt: skip
    assert f'aria-describedby="{DATE}-hint {DATE}-error"' in page
    assert wrong(page) == marked
    first = next(part for part in ("day", "month", "year") if part in marked)
    assert f'<a href="#{DATE}-{first}">{message}</a>' in page  # the summary links to the box
    assert f'value="{day}"' in page  # what was typed is kept
    assert not ProgressUpdate.objects.exists()


def test_only_one_message_is_given_for_the_date(client, olivia):
    login(client, olivia)
    page = client.post(ADD, {**VALID, **date_input("2099-01-01")}, headers=HTMX).text
    assert page.count("govuk-error-message") == 1


@pytest.mark.parametrize("month", ["11", "011", " 11 ", "November", "nov", "NOV"])
def test_a_month_may_be_a_number_or_its_name(client, olivia, month):
    login(client, olivia)
    data = {**VALID, "date-day": "02", "date-month": month, "date-year": "2026"}
    assert client.post(ADD, data).status_code == 302
    assert ProgressUpdate.objects.get().date == dt.date(2026, 11, 2)


def test_a_post_with_the_old_single_date_box_is_refused(client, olivia):
    login(client, olivia)
    page = client.post(ADD, {**VALID, "date": "2026-11-02"}, headers=HTMX).text
    assert "Enter the date of the update" in page
    assert not ProgressUpdate.objects.exists()
