"""Replaying the five real tables, in order, against a tracker whose 2023-framework data goes
only as far as the first: what it holds after each day, what waits for review, and the alerts
that follow the review."""

import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from alerts.mail import confirm
from alerts.models import Subscription
from areas.models import Area
from freshness.checking import run_check
from freshness.models import FoundReport, Result, Status
from freshness.table import parse_table
from inspections import status
from inspections.models import Framework, Inspection, InspectionKind
from letters import uploads
from tests.freshness.conftest import DAYS, snapshot
from tests.inspections.test_import_admin import review_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tracker_as_of_first_snapshot")]


def held(row) -> Inspection | None:
    area = Area.objects.with_code(row.area_code)
    return Inspection.objects.filter(
        area=area,
        framework=Framework.AREA_2023,
        kind=InspectionKind.FULL,
        published_on=row.published_on,
    ).first()


def replay(site, days=DAYS):
    checks = {}
    for day in days:
        site.serve_day(day)
        checks[day] = run_check()
        assert checks[day].result == Result.SUCCEEDED, checks[day].reason
    return checks


def test_after_each_day_the_tracker_holds_that_days_table_and_queues_each_new_report_once(
    site,
):
    first = {row.link for row in parse_table(snapshot(DAYS[0]))}
    expected_new: set[str] = set()
    for day in DAYS:
        site.serve_day(day)
        check = run_check()
        assert check.result == Result.SUCCEEDED, check.reason
        rows = parse_table(snapshot(day))
        for row in rows:
            inspection = held(row)
            assert inspection is not None, f"{day}: {row.describe()} is not held"
            if row.grade is not None:
                assert inspection.outcome == row.grade, f"{day}: {row.describe()}"
        new_today = {row.link for row in rows} - first - expected_new
        assert check.new_reports == len(new_today), day
        expected_new |= new_today
        found = {
            f.link.replace(site.files_url(), "https://files.ofsted.gov.uk/"): f
            for f in FoundReport.objects.all()
        }
        assert set(found) == expected_new, day  # each once: the link is unique
    # Every report found is waiting: the shipped ones downloaded and read, the rest with the
    # reason they could not be fetched.
    waiting = list(FoundReport.objects.queued())
    assert len(waiting) == len(expected_new) == 58
    for found in waiting:
        assert found.inspection.awaiting_review
        file_id = found.link.removeprefix(site.files_url())
        if file_id in site.files:
            assert found.status == Status.TO_REVIEW, (found, found.reason)
            assert uploads.find(found.fingerprint), found
        else:
            assert found.status == Status.FAILED
            assert "answered 404" in found.reason
    assert sum(f.status == Status.TO_REVIEW for f in waiting) == len(
        set(site.files) - {link.removeprefix("https://files.ofsted.gov.uk/") for link in first}
    )


def test_cornwalls_2026_inspection_joins_its_2023_one_and_leads_where_things_stand(site):
    replay(site)
    cornwall = Area.objects.get(slug="cornwall")
    full = cornwall.inspections.filter(framework=Framework.AREA_2023).order_by("visit_start")
    assert [(i.visit_start.year, i.awaiting_review) for i in full] == [(2023, False), (2026, True)]
    assert status.latest_full_inspection(cornwall).visit_start.year == 2026
    page = Client().get("/areas/cornwall/").content.decode()
    assert (
        "New report:</strong> outcome 2, published 27 May 2026; its findings are being checked"
        in page
    )


def test_a_record_an_admin_corrected_is_never_overwritten_the_disagreement_is_a_warning(
    site, admin_user
):
    site.serve_day(DAYS[0])
    run_check()
    blackpool = Inspection.objects.get(area__slug="blackpool", framework=Framework.AREA_2023)
    blackpool.next_inspection_by = blackpool.next_inspection_by.replace(day=1)
    blackpool._history_user = admin_user  # as the admin's change form records it
    blackpool.save()
    checks = replay(site, DAYS[1:])
    blackpool.refresh_from_db()
    assert blackpool.next_inspection_by.day == 1
    warnings = [w for w in checks[DAYS[-1]].warnings if w.startswith("Blackpool")]
    assert len(warnings) == 1 and "disagrees with the record an admin confirmed" in warnings[0]


def test_a_report_reviewed_by_an_admin_sends_one_alert_to_its_watchers(
    site, admin_client, django_capture_on_commit_callbacks
):
    replay(site, DAYS[:2])
    found = FoundReport.objects.get(inspection__area__slug="bedford-borough")
    assert found.status == Status.TO_REVIEW
    watcher = Subscription.objects.create(
        email="forum@bedford.example.org", area=found.inspection.area
    )
    confirm(watcher)  # what the area already has is known, not sent
    call_command("send_alerts", stdout=io.StringIO())
    assert mail.outbox == []  # nothing about a report not yet reviewed

    home = admin_client.get(reverse("admin:index")).content.decode()
    assert "new reports to review" in home and "Bedford" in home
    opened = admin_client.get(reverse("admin:freshness_foundreport_review", args=[found.pk]))
    assert opened.status_code == 302
    review = admin_client.get(opened["Location"])
    assert review.status_code == 200 and "Check the letter before saving" in review.text
    with django_capture_on_commit_callbacks(execute=True):
        saved = admin_client.post(
            reverse("admin:inspections_inspection_import"), review_data(review)
        )
    assert saved.status_code == 302
    found.refresh_from_db()
    assert found.status == Status.REVIEWED
    inspection = found.inspection
    inspection.refresh_from_db()
    assert not inspection.awaiting_review and inspection.findings.exists()
    assert len(mail.outbox) == 1 and "Bedford" in mail.outbox[0].subject
    call_command("send_alerts", stdout=io.StringIO())
    assert len(mail.outbox) == 1  # once only
