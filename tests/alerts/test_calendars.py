"""Expected dates as iCalendar, and the page of areas expected in the next three months."""

import datetime as dt

import pytest
from icalendar import Calendar

from alerts import views
from areas.models import Area
from inspections.runs_to import data_runs_to
from inspections.status import next_expected_event, with_history
from tests.factories import AreaFactory, FullInspectionFactory

pytestmark = pytest.mark.django_db


def events(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def area_with_report(visit_start, outcome, **fields):
    area = AreaFactory()
    FullInspectionFactory(
        area=area,
        visit_start=visit_start,
        visit_end=visit_start + dt.timedelta(days=4),
        published_on=visit_start + dt.timedelta(days=50),
        outcome=outcome,
        **fields,
    )
    return area


def test_the_national_calendar_has_one_event_per_area_expected_after_the_data_runs_out(client):
    found = events(client, "/calendar.ics")
    as_of = data_runs_to()
    expected = {}
    for area in with_history(Area.objects.current()):
        next_event = next_expected_event(area)
        if next_event and next_event.date and next_event.date >= as_of:
            expected[f"next-expected-{area.pk}@127.0.0.1"] = (area, next_event)
    assert expected and set(found) == set(expected)
    for uid, (area, next_event) in expected.items():
        event = found[uid]
        assert str(event["SUMMARY"]).startswith(
            f"{area.name}: {next_event.label.lower()} expected "
            + ("around" if next_event.precision == "month" else "by")
        )
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert isinstance(start, dt.date) and not isinstance(start, dt.datetime)
        if next_event.precision == "month":
            assert start == next_event.date.replace(day=1)
            assert end.day == 1 and (end - start).days in (28, 29, 30, 31)
        else:
            assert start == next_event.date and end == start + dt.timedelta(days=1)
        description = str(event["DESCRIPTION"])
        assert next_event.basis in description
        assert "Ofsted does not announce inspection dates in advance" in description


def test_a_month_known_only_as_a_month_lasts_the_month(client):
    area = area_with_report(dt.date(2024, 1, 8), outcome=1)  # next full inspection about 2029
    (event,) = events(client, f"/areas/{area.slug}/calendar.ics").values()
    assert event.decoded("DTSTART") == dt.date(2029, 1, 1)
    assert event.decoded("DTEND") == dt.date(2029, 2, 1)
    assert str(event["SUMMARY"]).endswith("next full inspection expected around January 2029")
    assert "within about 5 years" in str(event["DESCRIPTION"])
    assert str(event["URL"]).endswith(f"/areas/{area.slug}/")


def test_a_date_ofsted_gives_is_a_one_day_event(client):
    area = area_with_report(dt.date(2024, 1, 8), outcome=2, next_inspection_by=dt.date(2027, 1, 31))
    (event,) = events(client, f"/areas/{area.slug}/calendar.ics").values()
    assert event.decoded("DTSTART") == dt.date(2027, 1, 31)
    assert event.decoded("DTEND") == dt.date(2027, 2, 1)


def test_a_date_the_data_has_already_passed_gets_no_event(client):
    # Outcome 3 in early 2023: a monitoring inspection was due by about mid-2024, before
    # the date the data runs to; the tracker cannot say whether it happened, so it is silent.
    area = area_with_report(dt.date(2023, 1, 9), outcome=3)
    assert next_expected_event(with_history(Area.objects.filter(pk=area.pk)).get()).overdue
    assert events(client, f"/areas/{area.slug}/calendar.ics") == {}
    assert f"next-expected-{area.pk}@127.0.0.1" not in events(client, "/calendar.ics")


def test_an_area_with_no_expected_date_has_an_empty_calendar(client):
    # Central Bedfordshire waits on a DfE and NHS England decision: no date to give.
    assert events(client, "/areas/central-bedfordshire/calendar.ics") == {}


def test_the_expected_page_lists_areas_due_in_the_next_three_months(client, monkeypatch):
    monkeypatch.setattr(views.timezone, "localdate", lambda: dt.date(2026, 12, 2))
    soon = area_with_report(dt.date(2024, 1, 8), outcome=2)  # about January 2027
    later = area_with_report(dt.date(2024, 6, 10), outcome=2)  # about June 2027
    response = client.get("/expected/")
    assert response.status_code == 200
    content = response.content.decode()
    assert soon.name in content and later.name not in content
    assert "Around January 2027" in content
    assert "Ofsted does not announce inspection dates in advance" in content
    rows = response.context["rows"]
    assert [r.start for r in rows] == sorted(r.start for r in rows)
    assert all(dt.date(2026, 12, 1) <= r.start <= dt.date(2027, 3, 2) for r in rows)
