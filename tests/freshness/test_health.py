"""Honest freshness: every page says when the tracker last checked for new reports; after more
than two days without a successful check, admins are told and the pages no longer claim to be
current; /healthz gives an uptime monitor the database, the cache and the last check."""

import datetime as dt
import html

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from freshness.models import Check, Result

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("national_data")]


def checked(days_ago: float, result=Result.SUCCEEDED, reason=""):
    started = timezone.now() - dt.timedelta(days=days_ago)
    return Check.objects.create(
        started_at=started, finished_at=started, result=result, reason=reason, rows=96
    )


def footer(client=None) -> str:
    page = (client or Client()).get("/areas/").content.decode()
    return html.unescape(page.split("app-data-date", 1)[1].split("</p>", 1)[0])


def test_a_tracker_that_has_never_checked_says_so():
    assert "has not yet checked the public table of Ofsted's outcomes for new reports" in footer()


def test_pages_say_when_the_last_successful_check_was():
    checked(days_ago=0.5)
    day = timezone.localdate(timezone.now() - dt.timedelta(days=0.5))
    assert (
        f"last checked the public table of Ofsted's outcomes for new reports on {day:%-d %B %Y}"
        in footer()
    )


def test_a_failure_for_a_day_is_not_yet_news_to_the_public():
    checked(days_ago=1.5)
    checked(days_ago=0.5, result=Result.FAILED, reason="The table answered 503.")
    assert "last checked" in footer() and "may not hold" not in footer()


def test_after_more_than_two_days_of_failures_pages_stop_claiming_to_be_current():
    success = checked(days_ago=3)
    checked(days_ago=0.2, result=Result.FAILED, reason="The table answered 503.")
    words = footer()
    assert "has not been able to check for new reports since" in words
    assert f"{timezone.localdate(success.started_at):%-d %B %Y}" in words
    assert "may not hold the newest reports" in words


def test_the_cached_page_changes_when_the_check_goes_stale(settings):
    settings.PAGE_CACHE = True
    checked(days_ago=0.5)
    assert "last checked" in footer()
    Check.objects.update(started_at=timezone.now() - dt.timedelta(days=3))
    from freshness.status import forget

    forget()
    assert "may not hold the newest reports" in footer()


def test_admins_see_a_failing_check_on_the_admin_home_page(admin_client):
    checked(days_ago=3)
    checked(days_ago=0.2, result=Result.FAILED, reason="The table's layout has changed.")
    page = admin_client.get(reverse("admin:index")).content.decode()
    assert 'id="check-failing"' in page
    assert "has not succeeded for more than two days" in page
    assert "The table&#x27;s layout has changed." in page
    assert "0 new reports to review" in page


def test_healthz_is_ok_with_a_recent_check():
    checked(days_ago=0.5)
    response = Client().get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["ok"] and body["database"] == {"ok": True} and body["cache"] == {"ok": True}
    last = body["last_check_for_new_reports"]
    assert last["result"] == "succeeded" and not last["stale"] and last["started_at"]
    assert response["Cache-Control"].startswith("max-age=0")


def test_healthz_fails_once_the_check_has_failed_for_more_than_two_days():
    checked(days_ago=3)
    checked(days_ago=0.2, result=Result.FAILED, reason="No network.")
    response = Client().get("/healthz")
    assert response.status_code == 503
    last = response.json()["last_check_for_new_reports"]
    assert last == {**last, "ok": False, "stale": True, "result": "failed", "reason": "No network."}


def test_healthz_reports_a_cache_that_is_down(monkeypatch):
    checked(days_ago=0.5)

    def broken(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr("freshness.views.cache.set", broken)
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["cache"] == {"ok": False, "error": "ConnectionError"}
