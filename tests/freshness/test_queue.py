"""The admin's queue: a failed download tried again from the admin home page, and a review
opened after its pending copy was cleared."""

import pytest
from django.urls import reverse

from freshness.checking import run_check
from freshness.models import FoundReport, Status
from letters import uploads
from tests.freshness.conftest import REPORTS
from tests.freshness.test_failures import with_row

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("bedford_report_not_yet_loaded")]

BEDFORD = REPORTS / "bedford_04-february-2025.pdf"  # its shipped copy taken away first


def test_a_failed_download_shows_its_reason_and_a_retry_that_can_mend_it(site, admin_client):
    path = with_row(site, code="822", name="bedford")
    run_check()
    found = FoundReport.objects.get()
    home = admin_client.get(reverse("admin:index")).content.decode()
    assert "1 new report to review" in home
    assert "Bedford" in home and "answered 404 Not Found" in home and "Try again" in home
    site.answers[path] = (200, {"Content-Type": "application/pdf"}, BEDFORD.read_bytes())
    retry = reverse("admin:freshness_foundreport_retry", args=[found.pk])
    assert admin_client.get(retry).status_code == 405  # a change: POST only
    assert admin_client.post(retry).status_code == 302
    found.refresh_from_db()
    assert found.status == Status.TO_REVIEW and found.attempts == 2
    assert uploads.find(found.fingerprint)
    home = admin_client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:freshness_foundreport_review", args=[found.pk]) in home


def test_a_review_whose_pending_copy_was_cleared_downloads_it_again(site, admin_client):
    path = with_row(site, code="822", name="bedford")
    site.answers[path] = (200, {"Content-Type": "application/pdf"}, BEDFORD.read_bytes())
    run_check()
    found = FoundReport.objects.get()
    uploads.discard(uploads.find(found.fingerprint))  # as clear_pending_imports does after a day
    opened = admin_client.get(reverse("admin:freshness_foundreport_review", args=[found.pk]))
    assert opened.status_code == 302 and found.fingerprint in opened["Location"]
    assert uploads.find(found.fingerprint)


def test_only_admins_who_may_import_see_or_work_the_queue(site, client, django_user_model):
    with_row(site)
    run_check()
    found = FoundReport.objects.get()
    staff = django_user_model.objects.create_user("bob", password="x", is_staff=True)
    client.force_login(staff)
    assert "new report" not in client.get(reverse("admin:index")).content.decode()
    retry = reverse("admin:freshness_foundreport_retry", args=[found.pk])
    assert client.post(retry).status_code == 403


def test_a_report_already_imported_waits_with_the_reason_rather_than_twice(site):
    path = with_row(site)  # a new Blackpool row, but its link gives the shipped 2024 report
    blackpool = REPORTS / "blackpool_25-july-2024.pdf"
    site.answers[path] = (200, {"Content-Type": "application/pdf"}, blackpool.read_bytes())
    run_check()
    found = FoundReport.objects.get()
    assert found.status == Status.FAILED and "already been imported" in found.reason
