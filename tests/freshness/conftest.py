"""A local stand-in for the outcomes table's site and Ofsted's file service: no test reaches
the internet.

`site` serves, from a thread of this process, the day's table (one of the five real snapshots
in tests/data/outcomes_table, its report links pointed at this server) at /table, and each
report at /files/v1/file/<id>: the real PDF where letters/data/reports holds it (named by the
table's area and publication date), otherwise 404, as Ofsted's service answers for a file it
does not have. Other answers (an error page, a huge file, no answer) are set per address.
"""

from __future__ import annotations

import datetime as dt
import http.server
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from freshness.table import parse_table
from tests.pdfs import read_letter_once

SNAPSHOTS = Path(__file__).resolve().parent.parent / "data" / "outcomes_table"
DAYS = [
    "2024-08-08",
    "2025-03-25",
    "2025-10-20",
    "2026-02-09",
    "2026-06-29",
]
REPORTS = Path(__file__).resolve().parents[2] / "letters" / "data" / "reports"
OFSTED_FILES = "https://files.ofsted.gov.uk/"


def snapshot(day: str) -> str:
    return (SNAPSHOTS / f"summary_{day}.html").read_text(encoding="utf-8")


def report_file(area_name: str, published: dt.date | None) -> Path | None:
    """The shipped PDF for a table row, by the name Ofsted's report pages give it."""
    if published is None:
        return None
    name = f"{area_name.replace(' ', '-')}_{published:%d-%B-%Y}".lower() + ".pdf"
    path = REPORTS / name
    return path if path.exists() else None


def shipped_reports() -> dict[str, Path]:
    """Every report link the five tables give, against its shipped PDF where there is one."""
    found: dict[str, Path] = {}
    for day in DAYS:
        for row in parse_table(snapshot(day)):
            path = report_file(row.area_name, row.published_on)
            if path is not None:
                found[row.link.removeprefix(OFSTED_FILES)] = path
    return found


@dataclass
class Site:
    base: str = ""
    table: str = ""  # the day's page, as served at /table
    answers: dict[str, tuple[int, dict[str, str], bytes]] = field(default_factory=dict)
    files: dict[str, Path] = field(default_factory=dict)
    asked: list[str] = field(default_factory=list)

    @property
    def table_url(self) -> str:
        return f"{self.base}/table"

    def files_url(self) -> str:
        return f"{self.base}/files/"

    def serve_day(self, day: str) -> None:
        self.table = snapshot(day).replace(OFSTED_FILES, self.files_url())

    def link(self, file_id: str) -> str:
        return f"{self.files_url()}v1/file/{file_id}"


@pytest.fixture(scope="session")
def _server():
    site = Site(files=shipped_reports())

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
            site.asked.append(self.path)
            status, headers, body = self._answer()
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            if "Content-Length" not in headers:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _answer(self) -> tuple[int, dict[str, str], bytes]:
            if self.path in site.answers:
                return site.answers[self.path]
            if self.path == "/table":
                return 200, {"Content-Type": "text/html; charset=utf-8"}, site.table.encode()
            match = re.fullmatch(r"/files/(v1/file/\d+)", self.path)
            if match and match.group(1) in site.files:
                return (
                    200,
                    {"Content-Type": "application/pdf"},
                    site.files[match.group(1)].read_bytes(),
                )
            return 404, {"Content-Type": "text/html"}, b"<html><body>Not found</body></html>"

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield site
    server.shutdown()
    server.server_close()


@pytest.fixture
def site(_server, settings, monkeypatch):
    """The local site, its answers reset, with the check's settings pointed at it."""
    _server.answers.clear()
    _server.asked.clear()
    _server.table = ""
    settings.OUTCOMES_TABLE_URL = _server.table_url
    settings.REPORT_LINK_PREFIXES = [_server.files_url()]
    settings.FETCH_BACKOFF_SECONDS = 0  # retries without waiting
    settings.FETCH_TIMEOUT_SECONDS = 5
    # Each real PDF is read once per test process (tests/pdfs.py).
    monkeypatch.setattr("letters.importing.read_letter", read_letter_once)
    return _server


@pytest.fixture
def tracker_as_of_first_snapshot(national_data):
    """The real data, but with the 2023 framework's inspections only as far as the first
    table (8 August 2024): every later one taken away with its report and findings."""
    from inspections import standing
    from inspections.models import Framework, Inspection

    first = {(row.area_code, row.published_on) for row in parse_table(snapshot(DAYS[0]))}
    later = [
        inspection
        for inspection in Inspection.objects.filter(framework=Framework.AREA_2023).select_related(
            "area"
        )
        if (inspection.area.code, inspection.published_on) not in first
    ]
    with standing.batched():
        _take_away(later)
    return later


def _take_away(later) -> None:
    from django.db.models import Q

    from inspections.models import Decision, MonitoringFinding, SourceKind

    # A monitoring inspection's findings first: they point at it and at the report's actions.
    MonitoringFinding.objects.filter(
        Q(monitoring__in=later) | Q(priority_action__inspection__in=later)
    ).delete()
    # And the decisions that followed those reports (Wirral's updated notice), which came later.
    Decision.objects.filter(inspection__in=later).delete()
    for inspection in later:
        inspection.findings.all().delete()
        letters = list(inspection.sources.filter(kind=SourceKind.LETTER))
        inspection.reported_dates.all().delete()
        inspection.sources.clear()
        inspection.delete()
        for letter in letters:
            if not letter.inspections.exists():
                letter.reported_dates.all().delete()
                letter.delete()
