"""Expected dates as iCalendar, and the areas expected in the next three months.

Every date is the area's next expected event as stored (`Area.next_expected`): an estimate from the inspection rules, never
an announced date (Ofsted does not announce them). Where only the month is known the event
lasts the month; a date already past the date the data runs to gets no event at all, as
the tracker cannot tell whether it happened.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from icalendar import Calendar, Event

from areas.models import Area
from areas.statuses import Expected
from inspections.models import add_months
from inspections.runs_to import data_runs_to

NOT_ANNOUNCED = "Ofsted does not announce inspection dates in advance"
LOOK_AHEAD_MONTHS = 3  # the /expected/ page says "three": change both together


@dataclass(frozen=True)
class ExpectedDate:
    area: Area
    expected: Expected
    day: dt.date  # the expected event's date: only a dated event goes in a calendar

    @property
    def start(self) -> dt.date:
        return self.day.replace(day=1) if self.expected.precision == "month" else self.day

    @property
    def end(self) -> dt.date:
        """The day after the event: iCalendar's all-day DTEND is exclusive."""
        if self.expected.precision == "month":
            return add_months(self.start, 1)
        return self.start + dt.timedelta(days=1)

    @property
    def when(self) -> str:
        return self.expected.when

    @property
    def description(self) -> str:
        basis = self.expected.basis
        words = [f"Expected {self.when}: an estimate, not an announced date."]
        if basis:
            words.append(f"What it rests on: {basis}")
        if NOT_ANNOUNCED.lower() not in basis.lower():
            words.append(f"{NOT_ANNOUNCED}, so the real date may differ.")
        if self.expected.as_of:
            words.append(f"The tracker's data runs to {self.expected.as_of:%-d %B %Y}.")
        words.append(f"{settings.SITE_URL}{self.area.get_absolute_url()}")
        return "\n\n".join(words)


def expected_date(area: Area, as_of: dt.date | None = None) -> ExpectedDate | None:
    """The area's next expected event, if it has a date the data has not yet passed."""
    expected = area.next_expected(as_of or data_runs_to())
    if expected is None or expected.date is None or expected.overdue:
        return None
    return ExpectedDate(area, expected, expected.date)


def expected_dates(areas: QuerySet[Area]) -> list[ExpectedDate]:
    as_of = data_runs_to()
    found = [expected_date(area, as_of) for area in areas]
    return sorted(filter(None, found), key=lambda e: (e.start, e.area.name))


def in_the_next_months(today: dt.date, months: int = LOOK_AHEAD_MONTHS) -> list[ExpectedDate]:
    """Current areas whose expected date (or month) falls between today and `months` on."""
    until = add_months(today, months)
    return [e for e in expected_dates(Area.objects.current()) if e.start <= until and e.end > today]


def passed_since_data(today: dt.date) -> list[ExpectedDate]:
    """Current areas whose expected date (or month) is after the date the data runs to but
    has passed by today: the tracker cannot say whether these events happened."""
    as_of = data_runs_to()
    found = []
    for area in Area.objects.current():
        expected = area.next_expected(as_of, today)
        if expected is not None and expected.date is not None and expected.passed_since_data:
            found.append(ExpectedDate(area, expected, expected.date))
    return sorted(found, key=lambda e: (e.start, e.area.name))


def calendar(name: str, dates: list[ExpectedDate]) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//SEND Inspection Tracker//Expected dates//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    stamp = timezone.now().replace(microsecond=0)
    for item in dates:
        event = Event()
        event.add("uid", f"next-expected-{item.area.pk}@{settings.SITE_HOST}")
        event.add("dtstamp", stamp)
        event.add("dtstart", item.start)
        event.add("dtend", item.end)
        event.add(
            "summary", f"{item.area.name}: {item.expected.label.lower()} expected {item.when}"
        )
        event.add("description", item.description)
        event.add("url", f"{settings.SITE_URL}{item.area.get_absolute_url()}")
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    return cal.to_ical()
