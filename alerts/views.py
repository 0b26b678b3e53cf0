"""Feeds' neighbours: calendars, the expected-dates page, and watching an area by email."""

from __future__ import annotations

from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from alerts import calendars, mail
from alerts.forms import SubscribeForm
from alerts.models import Subscription
from areas.models import Area
from inspections.models import add_months
from inspections.runs_to import data_runs_to
from limits.clients import client_address
from limits.counting import over_limit

SUBSCRIBES_PER_HOUR = 5  # from one IP address
CONFIRMATIONS_PER_ADDRESS_PER_HOUR = 3  # so nobody can flood someone else's inbox


def _ics(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_safe
def area_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    area = get_object_or_404(Area, slug=slug)
    dates = calendars.expected_dates(Area.objects.filter(pk=area.pk))
    name = f"{area.name}: expected SEND inspection dates"
    return _ics(calendars.calendar(name, dates), f"{area.slug}.ics")


@require_safe
def national_calendar(request: HttpRequest) -> HttpResponse:
    dates = calendars.expected_dates(Area.objects.current())
    return _ics(
        calendars.calendar("Expected SEND inspection dates in England", dates),
        "send-inspections-expected.ics",
    )


@require_safe
def expected_soon(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "alerts/expected.html",
        {
            "rows": calendars.in_the_next_months(today),
            "passed": calendars.passed_since_data(today),
            "runs_to": data_runs_to(),
            "today": today,
            "until": add_months(today, calendars.LOOK_AHEAD_MONTHS),
            "months": "three",
            "nav": "areas",
        },
    )


@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest, slug: str) -> HttpResponse:
    area = get_object_or_404(Area.objects.current(), slug=slug)
    form = SubscribeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].lower()
        if over_limit(f"alerts:subscribe:{client_address(request)}", SUBSCRIBES_PER_HOUR):
            form.add_error(
                None, "You have asked for several alerts in the last hour: please try again later."
            )
        else:
            if not over_limit(
                f"alerts:confirm-mail:{signing.Signer().signature(email)}",
                CONFIRMATIONS_PER_ADDRESS_PER_HOUR,
            ):
                mail.subscribe(email, area)
            # The same page whatever happened, so it tells nobody who subscribes.
            request.session["alerts_email"] = email
            return redirect("alerts:check_email", slug=area.slug)
    return render(
        request,
        "alerts/subscribe.html",
        {"area": area, "form": form, "nav": "areas"},
        status=400 if form.errors else 200,
    )


@require_safe
def check_email(request: HttpRequest, slug: str) -> HttpResponse:
    area = get_object_or_404(Area, slug=slug)
    return render(
        request,
        "alerts/check_email.html",
        {
            "area": area,
            "email": request.session.get("alerts_email", ""),
            "days": mail.CONFIRM_DAYS,
            "nav": "areas",
        },
    )


def _link_problem(request: HttpRequest, expired: bool = False) -> HttpResponse:
    return render(
        request,
        "alerts/link_problem.html",
        {"expired": expired, "days": mail.CONFIRM_DAYS, "nav": "areas"},
        status=400,
    )


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button, POST confirms: a mail scanner that opens links confirms nothing."""
    try:
        subscription = mail.confirming(token)
    except mail.LinkExpired:
        return _link_problem(request, expired=True)
    except Subscription.DoesNotExist:
        return _link_problem(request)
    if request.method == "POST":
        mail.confirm(subscription)
        return render(
            request,
            "alerts/confirmed.html",
            {"subscription": subscription, "area": subscription.area, "nav": "areas"},
        )
    return render(
        request,
        "alerts/confirm.html",
        {"subscription": subscription, "area": subscription.area, "nav": "areas"},
    )


@csrf_exempt  # the signed token is the proof; mail clients POST here (RFC 8058) with no cookie
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button, POST unsubscribes (a person's click, or a mail client's one-click
    POST): mail scanners, which open every link in an email, unsubscribe nobody."""
    try:
        subscription = mail.unsubscribing(token)
    except Subscription.DoesNotExist:
        return _link_problem(request)
    context = {"subscription": subscription, "area": subscription.area, "nav": "areas"}
    if request.method == "POST":
        mail.unsubscribe(subscription)
        return render(request, "alerts/unsubscribed.html", context)
    if subscription.unsubscribed_at is not None:
        return render(request, "alerts/unsubscribed.html", context)
    return render(request, "alerts/unsubscribe.html", context)
