"""Feeds' neighbours: calendars and the expected-dates page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from alerts import calendars
from areas.models import Area


def _ics(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_GET
def area_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    area = get_object_or_404(Area, slug=slug)
    dates = calendars.expected_dates(Area.objects.filter(pk=area.pk))
    name = f"{area.name}: expected SEND inspection dates"
    return _ics(calendars.calendar(name, dates), f"{area.slug}.ics")


@require_GET
def national_calendar(request: HttpRequest) -> HttpResponse:
    dates = calendars.expected_dates(Area.objects.current())
    return _ics(
        calendars.calendar("Expected SEND inspection dates in England", dates),
        "send-inspections-expected.ics",
    )


@require_GET
def expected_soon(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "alerts/expected.html",
        {
            "rows": calendars.in_the_next_months(today),
            "today": today,
            "until": calendars.add_months(today, calendars.LOOK_AHEAD_MONTHS),
            "months": calendars.LOOK_AHEAD_MONTHS,
            "nav": "areas",
        },
    )
