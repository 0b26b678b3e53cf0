"""The production server answers 64 visitors at once, for 30 seconds, without one error.

The site is started as `make serve` starts it (scripts/serve: gunicorn, DEBUG off, collected
static files) against a database of its own holding the real data. 64 clients, each on its own
connection, then ask for a mix of public pages for 30 seconds. Every answer must be a 200 with
the page in it: no other status, no refused or dropped connection, no client timeout (30 s per
request). How fast the answers come is reported, never asserted.
"""

from __future__ import annotations

import http.client
import statistics
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

import pytest

from tests.servers import load_real_data, production_server, throwaway_database

CLIENTS = 64
SECONDS = 30
REQUEST_TIMEOUT = 30

# Each path with something its answer must hold, so a 200 that is not the page counts as an error.
PAGES = {
    "/": "SEND inspections in every local area",
    "/areas/": "Central Bedfordshire",
    "/areas/?outcome=3": 'href="/areas/bexley/">Bexley</a></th>',
    "/areas/central-bedfordshire/": "Central Bedfordshire",
    "/weaknesses/CB-2019-1/": "CB-2019-1",
    "/api/v1/areas/central-bedfordshire/": '"slug": "central-bedfordshire"',
    "/static/css/application.css": ".govuk-",
}


@dataclass
class Tally:
    statuses: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)
    per_path: Counter = field(default_factory=Counter)
    seconds: list = field(default_factory=list)
    in_flight: int = 0
    most_in_flight: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def visitor(port: int, offset: int, deadline: float, start: threading.Barrier, tally: Tally):
    """One client: its own connection (kept alive while the server keeps it), page after page."""
    paths = list(PAGES)
    conn = None
    start.wait()
    n = offset
    while time.monotonic() < deadline:
        path = paths[n % len(paths)]
        n += 1
        if conn is None:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
        with tally.lock:
            tally.in_flight += 1
            tally.most_in_flight = max(tally.most_in_flight, tally.in_flight)
        began = time.monotonic()
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            body = response.read().decode("utf-8", "replace")
            outcome = None
            if response.status != 200:
                outcome = f"{path}: HTTP {response.status}"
            elif PAGES[path] not in body:
                outcome = f"{path}: 200 without the page"
            if response.will_close:
                conn.close()
                conn = None
        except (OSError, http.client.HTTPException) as error:
            outcome, response = f"{path}: {type(error).__name__}", None
            conn.close()
            conn = None
        with tally.lock:
            tally.in_flight -= 1
            tally.per_path[path] += 1
            tally.seconds.append(time.monotonic() - began)
            if response is not None:
                tally.statuses[response.status] += 1
            if outcome:
                tally.errors[outcome] += 1
    if conn is not None:
        conn.close()


@pytest.fixture(scope="module")
def loaded_site(tmp_path_factory):
    """The production server on a database of its own, holding the real data."""
    with throwaway_database("load") as url:
        load_real_data(url)
        with production_server(url, tmp_path_factory.mktemp("static")) as server:
            yield server


def test_64_visitors_at_once_for_30_seconds_get_every_page(loaded_site, capsys):
    tally = Tally()
    start = threading.Barrier(CLIENTS)
    deadline = time.monotonic() + SECONDS
    threads = [
        threading.Thread(target=visitor, args=(loaded_site.port, i, deadline, start, tally))
        for i in range(CLIENTS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=SECONDS + REQUEST_TIMEOUT + 30)
    assert not any(thread.is_alive() for thread in threads), "a client never finished"

    total = sum(tally.per_path.values())
    ordered = sorted(tally.seconds)
    with capsys.disabled():
        print(
            f"\nLoad: {CLIENTS} connections for {SECONDS} s: {total} requests "
            f"({total / SECONDS:.0f} a second), statuses {dict(tally.statuses)}, "
            f"errors {sum(tally.errors.values())}; answer time median "
            f"{statistics.median(ordered):.2f} s, 95th percentile "
            f"{ordered[int(len(ordered) * 0.95)]:.2f} s, slowest {ordered[-1]:.2f} s"
        )
    assert tally.most_in_flight == CLIENTS, "the clients were never all waiting at once"
    assert set(tally.per_path) == set(PAGES)
    assert not tally.errors, f"{sum(tally.errors.values())} errors: {dict(tally.errors)}"
    assert tally.statuses == Counter({200: total})
    assert loaded_site.process.poll() is None, "the server stopped"
