"""What goes wrong, each with a clear recorded reason and nothing changed that should not be:
no network, a timeout, an error page, a changed layout, an unknown area, a link to something
that is not a PDF or is far too big, the same report twice, and two checks at once."""

import datetime as dt
import socket

import pytest
from django.utils import timezone

from freshness.checking import CheckRunning, run_check
from freshness.models import Check, FoundReport, Result, Status
from inspections.models import Inspection
from tests.freshness.conftest import snapshot

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("national_data")]

NEW_ROW = """    <tr>
      <td>80431</td>
      <td>{code}</td>
      <td>NW</td>
      <td>E06000009</td>
      <td>{name}</td>
      <td>2</td>
      <td>03/11/26</td>
      <td>07/11/26</td>
      <td>01/12/26</td>
      <td>3 years</td>
      <td>03/11/29</td>
      <td>The local area partnership’s arrangements lead to inconsistent experiences.</td>
      <td><a href="{link}">ofsted.gov.uk/1</a></td>
    </tr>
  </tbody>"""


def with_row(site, *, code="890", name="blackpool", file_id="99000001"):
    """The first real table with one new row: a 2026 report for an area."""
    row = NEW_ROW.format(code=code, name=name, link=site.link(file_id))
    site.table = (
        snapshot("2024-08-08")
        .replace("https://files.ofsted.gov.uk/", site.files_url())
        .replace("  </tbody>", row, 1)
    )
    return f"/files/v1/file/{file_id}"


def inspections():
    return sorted(Inspection.objects.values_list("pk", "published_on", "outcome", "visit_end"))


def test_no_network_fails_the_check_with_the_reason_and_changes_nothing(site, settings):
    before = inspections()
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    check = run_check(url=f"http://127.0.0.1:{port}/table")
    assert check.result == Result.FAILED
    assert (
        "could not be reached" in check.reason
        and f"tried {settings.FETCH_ATTEMPTS} times" in check.reason
    )
    assert inspections() == before


def test_a_table_that_never_answers_times_out(site, settings):
    settings.FETCH_TIMEOUT_SECONDS = 0.2
    settings.FETCH_ATTEMPTS = 1
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()  # accepts the connection, never answers
    try:
        check = run_check(url=f"http://127.0.0.1:{listener.getsockname()[1]}/table")
    finally:
        listener.close()
    assert check.result == Result.FAILED
    assert "did not answer within 0.2 seconds" in check.reason


def test_a_server_error_is_tried_again_then_recorded(site, settings):
    settings.FETCH_ATTEMPTS = 3
    site.answers["/table"] = (503, {}, b"<html><body>Service Unavailable</body></html>")
    check = run_check()
    assert check.result == Result.FAILED and "503" in check.reason
    assert site.asked.count("/table") == 3


def test_an_html_error_page_is_not_read_as_the_table(site):
    site.answers["/table"] = (200, {}, b"<html><body><h1>Site under maintenance</h1></body></html>")
    check = run_check()
    assert check.result == Result.FAILED and "no table" in check.reason


def test_a_changed_layout_fails_the_check_and_changes_nothing(site):
    before = inspections()
    site.serve_day("2026-06-29")
    site.table = site.table.replace("<th>Outcome Grade</th>", "<th>Grade</th>")
    check = run_check()
    assert check.result == Result.FAILED and "“Outcome Grade”" in check.reason
    assert inspections() == before and not FoundReport.objects.exists()


def test_a_row_naming_no_known_area_is_skipped_with_a_warning(site):
    with_row(site, code="999", name="atlantis")
    check = run_check()
    assert check.result == Result.SUCCEEDED
    assert any("atlantis" in w and "no local area" in w for w in check.warnings)
    assert not FoundReport.objects.exists()


def test_a_new_report_whose_link_is_not_a_pdf_waits_with_the_reason(site):
    path = with_row(site)
    site.answers[path] = (200, {"Content-Type": "text/html"}, b"<!DOCTYPE html><html>Login</html>")
    check = run_check()
    assert check.result == Result.SUCCEEDED and check.new_reports == 1
    found = FoundReport.objects.get()
    assert found.status == Status.FAILED and "is not a PDF" in found.reason
    assert found.inspection.awaiting_review and found.inspection.outcome == 2


def test_a_report_over_the_size_limit_is_not_downloaded(site, settings):
    settings.REPORT_MAX_BYTES = 1000
    path = with_row(site)
    site.answers[path] = (200, {"Content-Type": "application/pdf"}, b"%PDF-1.7\n" + b"0" * 5000)
    run_check()
    found = FoundReport.objects.get()
    assert found.status == Status.FAILED and "over the limit" in found.reason


def test_a_link_off_ofsteds_file_service_is_never_fetched(site):
    with_row(site)
    site.table = site.table.replace(site.link("99000001"), "http://198.51.100.7/report.pdf")
    run_check()
    found = FoundReport.objects.get()
    assert found.status == Status.FAILED and "not on Ofsted's file service" in found.reason


def test_the_same_report_twice_is_queued_once(site):
    with_row(site)
    site.table = site.table.replace(
        "  </tbody>", NEW_ROW.format(code="890", name="blackpool", link=site.link("99000001")), 1
    )
    first = run_check()
    assert any("same report" in w for w in first.warnings)
    second = run_check()  # the next day, the same table
    assert second.new_reports == 0
    assert FoundReport.objects.count() == 1
    assert Inspection.objects.filter(area__slug="blackpool", framework="2023").count() == 2


def test_two_checks_at_once_the_second_does_nothing_and_says_why(site):
    site.serve_day("2026-06-29")
    Check.objects.create(started_at=timezone.now())  # a check running now
    with pytest.raises(CheckRunning):
        run_check()
    skipped = Check.objects.get(result=Result.SKIPPED)
    assert "Another check" in skipped.reason
    assert "/table" not in site.asked


def test_a_check_that_died_does_not_hold_the_lock_forever(site):
    Check.objects.create(started_at=timezone.now() - dt.timedelta(hours=3))
    site.serve_day("2024-08-08")
    assert run_check().result == Result.SUCCEEDED
    assert "Abandoned" in Check.objects.get(result=Result.FAILED).reason


def test_a_failure_part_way_through_the_rows_leaves_none_of_them_saved(site, monkeypatch):
    from freshness import checking

    before = inspections()
    site.serve_day("2026-06-29")
    calls = []
    original = checking._record_row

    def fails_on_the_tenth(*args, **kwargs):
        calls.append(1)
        if len(calls) == 10:
            raise RuntimeError("disk full")
        return original(*args, **kwargs)

    monkeypatch.setattr(checking, "_record_row", fails_on_the_tenth)
    with pytest.raises(RuntimeError):
        run_check()
    assert inspections() == before and not FoundReport.objects.exists()
    check = Check.objects.get()
    assert check.result == Result.FAILED and "disk full" in check.reason


def test_a_report_that_breaks_the_reader_waits_with_the_reason_and_the_check_succeeds(
    site, monkeypatch
):
    path = with_row(site)
    site.answers[path] = (200, {}, b"%PDF-1.7 not really")

    def broken(data):
        raise ZeroDivisionError("the reader tripped")

    monkeypatch.setattr("letters.importing.read_letter", broken)
    check = run_check()
    assert check.result == Result.SUCCEEDED
    found = FoundReport.objects.get()
    assert found.status == Status.FAILED and "the reader tripped" in found.reason
