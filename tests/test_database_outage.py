"""PostgreSQL stops while the production server is busy; pages say so, and come back by themselves.

A PostgreSQL cluster of this test's own (initdb into a temporary folder, its own port: the
cluster the rest of the suite uses is never touched) holds the real data; the site is served
from it as `make serve` serves it. While requests keep coming the cluster is stopped: every page
must then answer 503 with the short apology and Retry-After, never a traceback or the database's
own error, and the server must stay up. An officer's update being saved at that moment (its transaction
held open half-way, between the update's row and its history row) must be refused in the same
way and leave nothing saved. Then the cluster starts again, and the same pages, and the
officer's dashboard, must answer 200 again without the server being restarted.

Needs PostgreSQL's server programs. Without them it is skipped, unless REQUIRE_OUTAGE_TEST=1
(set by .ci/run), when it fails instead.
"""

from __future__ import annotations

import http.client
import os
import shutil
import socket
import threading
import time
from collections import Counter

import psycopg
import pytest

from tests.servers import (
    Browser,
    get,
    load_real_data,
    postgres_binaries,
    private_postgres,
    production_server,
    run_python,
)

PAGES = [
    "/",
    "/areas/",
    "/areas/central-bedfordshire/",
    "/weaknesses/CB-2019-1/",
    "/api/v1/areas/central-bedfordshire/",
    "/feeds/latest/",
]
APOLOGY = "Sorry, the service is unavailable"
# What must never reach a visitor: a traceback, or the database's own words.
LEAKS = ["traceback", "operationalerror", "interfaceerror", "psycopg", "connection refused",
         "could not connect", "server closed the connection", "terminating connection", "5432"]  # fmt: skip
DATABASE = "send_tracker_outage"
PASSWORD = "a long password for the outage test"
ADD_UPDATE = "/progress/weakness/CB-2019-1/updates/new/"
SUMMARY = "Annual reviews now on time for nine in ten plans"
RECOVERY_ATTEMPTS = 60  # each one a round of every page, half a second apart at most


def postgres_or_skip() -> None:
    missing = None
    if postgres_binaries() is None:
        missing = "PostgreSQL's server programs (initdb, pg_ctl) are not installed"
    elif os.geteuid() == 0 and not shutil.which("runuser"):
        missing = "running as root and runuser (to run PostgreSQL as postgres) is missing"
    if missing:
        if os.environ.get("REQUIRE_OUTAGE_TEST") == "1":
            pytest.fail(f"REQUIRE_OUTAGE_TEST=1, but {missing}")
        pytest.skip(f"the database outage test needs its own PostgreSQL: {missing}")


class Visitor(Browser):
    """An officer's browser on the outage test's server."""

    def add_update(self, summary: str):
        token = self.csrf_token(ADD_UPDATE)
        return self.request(
            "POST",
            ADD_UPDATE,
            {"csrfmiddlewaretoken": token, "date-day": "2", "date-month": "6",
             "date-year": "2025", "rag": "amber", "summary": summary,
             "visibility": "public"},
        )  # fmt: skip

    def sign_in(self, token: str):
        return self.request(
            "POST",
            "/accounts/login/",
            {"username": "olivia", "password": PASSWORD, "csrfmiddlewaretoken": token},
        )


def assert_apology(status: int, retry_after: str | None, body: str, what: str) -> None:
    assert status == 503, f"{what}: {status} while the database is down"
    assert retry_after == "30", f"{what}: Retry-After is {retry_after!r}"
    assert APOLOGY in body, f"{what}: not the apology page"
    lower = body.lower()
    leaked = [word for word in LEAKS if word in lower]
    assert not leaked, f"{what}: the page shows {leaked}"


def worker_pids(master: int) -> set[int]:
    """gunicorn's workers: the master's child processes."""
    children = set()
    for stat in os.listdir("/proc"):
        if stat.isdigit():
            try:
                with open(f"/proc/{stat}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == master:
                children.add(int(stat))
    return children


class Traffic(threading.Thread):
    """Anonymous visitors, one request after another through the whole outage."""

    def __init__(self, port: int):
        super().__init__(daemon=True)
        self.port, self.stopping = port, threading.Event()
        self.statuses, self.problems = Counter(), []

    def run(self):
        n = 0
        while not self.stopping.is_set():
            path = PAGES[n % len(PAGES)]
            n += 1
            try:
                answer = get(self.port, path)
            except (OSError, http.client.HTTPException) as error:
                self.problems.append(f"{path}: {type(error).__name__}: {error}")
                continue
            self.statuses[answer.status] += 1
            if answer.status == 503:
                try:
                    assert_apology(
                        answer.status, answer.headers.get("retry-after"), answer.body, path
                    )
                except AssertionError as problem:
                    self.problems.append(str(problem))
            elif answer.status != 200:
                self.problems.append(f"{path}: HTTP {answer.status}")


class Saving(threading.Thread):
    """The officer's save, in the background: it waits on the database's lock."""

    def __init__(self, officer: Visitor):
        super().__init__(daemon=True)
        self.officer, self.result = officer, None

    def run(self):
        self.result = self.officer.add_update(SUMMARY)


def wait_for_half_way_save(port: int) -> bool:
    """Whether the officer's transaction, its update inserted, now waits to write the history."""
    # Its own connection, outside any transaction, so pg_stat_activity is read afresh each time.
    with psycopg.connect(
        host="127.0.0.1", port=port, user="postgres", dbname=DATABASE, autocommit=True
    ) as watcher:
        for _ in range(200):
            (waiting,) = watcher.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                " AND xact_start IS NOT NULL"
                " AND query LIKE 'INSERT INTO \"progress_historicalprogressupdate\"%'"
            ).fetchone()
            if waiting:
                return True
            time.sleep(0.1)
    return False


@pytest.fixture(scope="module")
def outage_site(tmp_path_factory):
    postgres_or_skip()
    with private_postgres() as cluster:
        url = cluster.create_database(DATABASE)
        load_real_data(url)
        run_python(
            url,
            "from django.contrib.auth import get_user_model\n"
            "from areas.models import Area\n"
            "from progress.models import Membership, Role\n"
            f"user = get_user_model().objects.create_user('olivia', 'o@example.org', {PASSWORD!r})\n"
            "Membership.objects.create(user=user, role=Role.OFFICER,\n"
            "    area=Area.objects.get(slug='central-bedfordshire'))\n",
        )
        with production_server(url, tmp_path_factory.mktemp("static")) as server:
            yield cluster, server


def every_page_answers(port: int, status: int) -> bool:
    return all(get(port, path).status == status for path in PAGES)


def test_pages_say_sorry_while_postgresql_is_down_and_recover_by_themselves(outage_site, capsys):
    cluster, server = outage_site
    port = server.port
    officer = Visitor(port)
    response, _ = officer.sign_in(officer.csrf_token("/accounts/login/"))
    assert response.status == 302 and response.headers["Location"] == "/dashboard/"
    assert officer.request("GET", "/dashboard/")[0].status == 200
    latecomer = Visitor(port)
    latecomer_token = latecomer.csrf_token("/accounts/login/")
    # Several rounds, so every worker thread holds a connection when the database goes.
    for _ in range(3):
        for path in PAGES:
            assert get(port, path).status == 200, path
    workers = worker_pids(server.process.pid)
    assert workers

    traffic = Traffic(port)
    traffic.start()
    saving = None
    try:
        time.sleep(1)
        # An officer saves an update while the database holds its history table locked: the
        # save stops half-way through its transaction, and the database goes down there.
        with psycopg.connect(
            host="127.0.0.1", port=cluster.port, user="postgres", dbname=DATABASE
        ) as blocker:
            blocker.execute("LOCK TABLE progress_historicalprogressupdate IN ACCESS EXCLUSIVE MODE")
            saving = Saving(officer)
            saving.start()
            assert wait_for_half_way_save(cluster.port), "the save never reached the history"
            cluster.stop("fast")
            blocker.close()
        saving.join(timeout=60)
        response, text = saving.result
        # The save the outage cut off: the form comes back with the officer's words and why
        # nothing was saved, never a traceback.
        assert response.status == 200, f"saving an update: {response.status} in the outage"
        assert "could not save this just now" in text and SUMMARY in text
        leaked = [word for word in LEAKS if word in text.lower()]
        assert not leaked, f"saving an update: the form shows {leaked}"
        time.sleep(1)

        for _ in range(3):
            for path in PAGES:
                answer = get(port, path)
                assert_apology(answer.status, answer.headers.get("retry-after"), answer.body, path)
        response, text = officer.request("GET", "/dashboard/")
        assert_apology(
            response.status, response.headers.get("Retry-After"), text, "the officer's dashboard"
        )
        response, text = latecomer.sign_in(latecomer_token)
        assert_apology(response.status, response.headers.get("Retry-After"), text, "signing in")
        # The apology's own stylesheet does not need the database.
        assert get(port, "/static/css/application.css").status == 200
        assert server.process.poll() is None, "the server stopped with the database"

        cluster.start()
        for _ in range(RECOVERY_ATTEMPTS):
            if every_page_answers(port, 200):
                break
            time.sleep(0.5)
        else:
            pytest.fail(f"pages did not recover after {RECOVERY_ATTEMPTS} rounds")
        for _ in range(3):
            for path in PAGES:
                assert get(port, path).status == 200, path
        time.sleep(1)
    finally:
        traffic.stopping.set()
        traffic.join(timeout=60)
        if saving is not None:
            saving.join(timeout=60)

    # The same server, the same workers: nothing was restarted.
    assert server.process.poll() is None
    assert worker_pids(server.process.pid) == workers
    # The officer's session outlived the outage, and signing in works again.
    assert officer.request("GET", "/dashboard/")[0].status == 200
    response, _ = latecomer.sign_in(latecomer.csrf_token("/accounts/login/"))
    assert response.status == 302
    # The update the outage interrupted was not saved half-way; saved again, it is there once.
    assert SUMMARY not in get(port, "/weaknesses/CB-2019-1/").body
    response, _ = officer.add_update(SUMMARY)
    assert response.status == 302
    assert get(port, "/weaknesses/CB-2019-1/").body.count(SUMMARY) == 1

    with capsys.disabled():
        print(f"\nOutage: requests through it answered {dict(traffic.statuses)}")
    assert not traffic.problems, traffic.problems[:10]
    assert traffic.statuses[503] and traffic.statuses[200], traffic.statuses


def test_a_database_that_never_answers_gets_the_apology_not_a_hung_page(tmp_path):
    """A database host that takes connections and then says nothing (a network fault): the
    connection attempt gives up after DATABASE_CONNECT_TIMEOUT, and the visitor gets the 503
    page instead of waiting for as long as the operating system keeps trying."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(64)  # connections complete, and nobody ever answers them
        url = f"postgres://postgres@127.0.0.1:{silent.getsockname()[1]}/send_tracker"
        with production_server(url, tmp_path / "static", DATABASE_CONNECT_TIMEOUT="2") as server:
            for path in ["/areas/", "/api/v1/areas/"]:
                answer = get(server.port, path, timeout=60)
                assert_apology(answer.status, answer.headers.get("retry-after"), answer.body, path)
            assert server.process.poll() is None
