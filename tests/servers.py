"""Databases and production servers of their own, for tests that run the site as it is deployed.

Everything here runs in subprocesses (manage.py, scripts/serve, PostgreSQL's own tools) against
a database the test owns: a temporary SQLite file, or, when the suite runs on PostgreSQL, a
throwaway database on the same server, dropped afterwards. Servers listen on free loopback
ports, and every process started here is stopped when its context ends.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
# One value per test run, set by the first process (tests/conftest.py) and inherited by the
# xdist workers it starts: it names what the run's processes share.
RUN_VARIABLE = "SEND_TRACKER_TEST_RUN"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main_database() -> dict:
    """The connection settings the suite itself runs on (for the server's address and user)."""
    return settings.DATABASES["default"]


def on_postgresql() -> bool:
    return main_database()["ENGINE"] == "django.db.backends.postgresql"


def postgres_url(name: str, host: str, port: int | str, user: str = "postgres", password="") -> str:
    auth = f"{user}:{password}" if password else user
    return f"postgres://{auth}@{host}:{port}/{name}"


def _admin_sql(host: str, port, user: str, password: str, *statements: str) -> None:
    """Run statements on a PostgreSQL server's maintenance database, outside a transaction."""
    import psycopg

    with psycopg.connect(
        host=host, port=port, user=user, password=password or None, dbname="postgres",
        autocommit=True, connect_timeout=10,
    ) as conn:  # fmt: skip
        for statement in statements:
            conn.execute(statement)


@contextlib.contextmanager
def throwaway_database(label: str) -> Iterator[str]:
    """A new, empty database; yields its DATABASE_URL and removes it afterwards."""
    if on_postgresql():
        db = main_database()
        host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
        user, password = db["USER"] or "postgres", db["PASSWORD"] or ""
        name = f"send_tracker_{label}_{secrets.token_hex(4)}"
        _admin_sql(host, port, user, password, f'CREATE DATABASE "{name}"')
        try:
            yield postgres_url(name, host, port, user, password)
        finally:
            _admin_sql(host, port, user, password, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        with tempfile.TemporaryDirectory(prefix=f"send-tracker-{label}-") as folder:
            yield f"sqlite:///{folder}/db.sqlite3"


def environment(database_url: str, **extra: str) -> dict[str, str]:
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "true"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(extra)
    return env


def manage(database_url: str, *args: str, check: bool = True, **env) -> subprocess.CompletedProcess:
    """`manage.py ARGS` against that database; fails the test with its output if it fails."""
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=environment(database_url, **env),
        capture_output=True,
        text=True,
        timeout=300,
    )
    if check and result.returncode != 0:
        raise AssertionError(
            f"manage.py {' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
        )
    return result


def run_python(database_url: str, code: str, **env: str) -> subprocess.CompletedProcess:
    """Run Django code (after django.setup()) against that database, in its own process."""
    script = "import django\ndjango.setup()\n" + code
    result = subprocess.run(
        [PYTHON, "-c", script],
        cwd=ROOT,
        env=environment(database_url, DJANGO_SETTINGS_MODULE="config.settings", **env),
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode != 0:
        raise AssertionError(
            f"Python in the test database failed:\n{result.stdout}\n{result.stderr}"
        )
    return result


def build_real_data(database_url: str) -> None:
    """What `make setup` does to a new database: migrate, then load the national data."""
    manage(database_url, "migrate", "--no-input", "-v0")
    manage(database_url, "load_national_data", "-v0")


def _run_folder() -> Path:
    """A folder shared by every process of this test run (each xdist worker, and the controller)."""
    run = os.environ.setdefault(RUN_VARIABLE, secrets.token_hex(6))
    folder = Path(tempfile.gettempdir()) / f"send-tracker-tests-{run}"
    folder.mkdir(exist_ok=True)
    return folder


def _template_name() -> str:
    """The PostgreSQL template's name: one per test run, so runs side by side never meet."""
    return f"send_tracker_tpl_{_run_folder().name.rsplit('-', 1)[-1]}"


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    import fcntl

    with path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def real_data_template() -> str:
    """The DATABASE_URL of a database holding the real data (migrated, then loaded), built the
    first time a test asks and shared by every test and process of the run; never changed.

    SQLite: a file in the run's folder. PostgreSQL: a database on the suite's own server,
    `send_tracker_tpl_*`, dropped at the end of the run (tests/conftest.py).
    """
    folder = _run_folder()
    with _locked(folder / "template.lock"):
        ready = folder / "template.ready"
        if on_postgresql():
            db = main_database()
            host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
            user, password = db["USER"] or "postgres", db["PASSWORD"] or ""
            url = postgres_url(_template_name(), host, port, user, password)
            if not ready.exists():
                name = _template_name()
                _admin_sql(host, port, user, password,
                           f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
                           f'CREATE DATABASE "{name}"')  # fmt: skip
                build_real_data(url)
        else:
            url = f"sqlite:///{folder / 'template.sqlite3'}"
            if not ready.exists():
                build_real_data(url)
        ready.touch()
    return url


def drop_real_data_template() -> None:
    """Remove the run's template (the controller calls this once every process has finished)."""
    folder = _run_folder()
    if (folder / "template.ready").exists() and on_postgresql():
        db = main_database()
        host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
        _admin_sql(host, port, db["USER"] or "postgres", db["PASSWORD"] or "",
                   f'DROP DATABASE IF EXISTS "{_template_name()}" WITH (FORCE)')  # fmt: skip
    shutil.rmtree(folder, ignore_errors=True)


def load_real_data(database_url: str) -> None:
    """Make the new, empty database at `database_url` what `make setup` makes it (migrated, the
    national data loaded), by copying the run's template rather than building it again:

    - a SQLite file: the template's file, copied;
    - a database on the suite's PostgreSQL server: made again from the template
      (`CREATE DATABASE ... TEMPLATE`);
    - any other PostgreSQL server (the outage test's own): the template, through pg_dump.
    """
    template = real_data_template()
    if database_url.startswith("sqlite:///"):
        target = Path(database_url.removeprefix("sqlite:///"))
        source = Path(template.removeprefix("sqlite:///"))
        if template.startswith("sqlite:///"):
            shutil.copyfile(source, target)
            return
    elif on_postgresql():
        db = main_database()
        host, port = db["HOST"] or "127.0.0.1", str(db["PORT"] or 5432)
        user, password = db["USER"] or "postgres", db["PASSWORD"] or ""
        url = urlsplit(database_url)
        name = url.path.lstrip("/")
        if (url.hostname, str(url.port or 5432)) == (host, port):
            _admin_sql(host, port, user, password,
                       f'DROP DATABASE "{name}"',
                       f'CREATE DATABASE "{name}" TEMPLATE "{_template_name()}"')  # fmt: skip
            return
        pg_dump, psql = _postgres_client("pg_dump"), _postgres_client("psql")
        if pg_dump and psql:
            dump = subprocess.run(
                [pg_dump, "--no-owner", "--no-privileges", template],
                capture_output=True, check=True, timeout=120,
            )  # fmt: skip
            subprocess.run(
                [psql, "-q", "-v", "ON_ERROR_STOP=1", database_url],
                input=dump.stdout, capture_output=True, check=True, timeout=120,
            )  # fmt: skip
            return
    build_real_data(database_url)


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: str


def get(port: int, path: str, timeout: float = 30, headers: dict | None = None) -> Answer:
    """One GET on its own connection to 127.0.0.1:port."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        body = response.read().decode("utf-8", "replace")
        return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, body)
    finally:
        conn.close()


@dataclass
class Server:
    port: int
    process: subprocess.Popen
    log: Path

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


@contextlib.contextmanager
def production_server(database_url: str, static_root: Path, **extra_env: str) -> Iterator[Server]:
    """The site served as `make serve` serves it (scripts/serve), on a free loopback port.

    Waits until it answers, then yields; stops gunicorn and its workers afterwards.
    """
    port = free_port()
    log_dir = Path(tempfile.mkdtemp(prefix="send-tracker-serve-"))
    log = log_dir / "server.log"
    env = environment(
        database_url,
        PORT=str(port),
        HOST="127.0.0.1",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        STATIC_ROOT=str(static_root),
        ACCESS_LOG="/dev/null",
        **extra_env,
    )
    with log.open("w") as log_file:
        process = subprocess.Popen(
            [str(ROOT / "scripts" / "serve")],
            cwd=ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: gunicorn and every worker
        )
    server = Server(port, process, log)
    try:
        for _ in range(120):
            if process.poll() is not None:
                raise AssertionError(
                    f"scripts/serve exited ({process.returncode}):\n{server.log_text()}"
                )
            with contextlib.suppress(OSError):
                get(port, "/static/css/application.css", timeout=5)
                break
            time.sleep(0.5)
        else:
            raise AssertionError(f"scripts/serve never answered:\n{server.log_text()}")
        yield server
    finally:
        stop_process_group(process)
        shutil.rmtree(log_dir, ignore_errors=True)


def stop_process_group(process: subprocess.Popen) -> None:
    """SIGTERM to the process group we started (gunicorn stops its workers), then SIGKILL."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
    # Workers left behind by a master that died first are in the same group.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


def _postgres_client(name: str) -> str | None:
    """pg_dump or psql: on the PATH, or beside the server programs."""
    binaries = postgres_binaries()
    found = shutil.which(name) or (binaries and shutil.which(name, path=str(binaries)))
    return found or None


def postgres_binaries() -> Path | None:
    """The folder holding initdb and pg_ctl, if PostgreSQL's server programs are installed."""
    on_path = shutil.which("initdb")
    if on_path:
        return Path(on_path).parent
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), reverse=True)
    return found[0].parent if found else None


@dataclass
class PrivatePostgres:
    """A PostgreSQL cluster of the test's own, in a temporary folder, on its own port."""

    bin: Path
    folder: Path
    port: int

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def _run(self, *args: str, timeout: float = 60) -> None:
        command = [str(self.bin / args[0]), *args[1:]]
        if os.geteuid() == 0:  # PostgreSQL will not run as root
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        if result.returncode != 0:
            log = self.folder / "postgres.log"
            raise AssertionError(
                f"{' '.join(args[:2])} failed:\n{result.stdout}\n{result.stderr}\n"
                + (log.read_text(errors="replace") if log.exists() else "")
            )

    def init(self) -> None:
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                  "--no-sync", "--locale=C.UTF-8")  # fmt: skip

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} -c fsync=off"
            " -c full_page_writes=off"
        )
        self._run("pg_ctl", "-D", str(self.data), "-o", options,
                  "-l", str(self.folder / "postgres.log"), "-w", "-t", "60", "start")  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop")

    def running(self) -> bool:
        return (self.data / "postmaster.pid").exists()

    def url(self, name: str) -> str:
        return postgres_url(name, "127.0.0.1", self.port)

    def create_database(self, name: str) -> str:
        _admin_sql("127.0.0.1", self.port, "postgres", "", f'CREATE DATABASE "{name}"')
        return self.url(name)


@contextlib.contextmanager
def private_postgres() -> Iterator[PrivatePostgres]:
    """initdb into a temporary folder and start it on a free port; stop and remove it after.

    Never touches any other cluster (such as the main one on 5432).
    """
    binaries = postgres_binaries()
    assert binaries, "PostgreSQL's server programs (initdb, pg_ctl) are not installed"
    folder = Path(tempfile.mkdtemp(prefix="send-tracker-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    cluster = PrivatePostgres(binaries, folder, free_port())
    try:
        cluster.init()
        cluster.start()
        yield cluster
    finally:
        if cluster.running():
            with contextlib.suppress(AssertionError, subprocess.TimeoutExpired):
                cluster.stop("immediate")
        shutil.rmtree(folder, ignore_errors=True)


class Browser:
    """A browser, just enough of one: keeps its cookies, posts forms with their CSRF token."""

    def __init__(self, port: int, address: str = "127.0.0.1"):
        self.port = port
        self.address = address  # where it connects from: 127.0.0.2 is another person
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None):
        conn = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=30, source_address=(self.address, 0)
        )
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            conn.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response, text

    def csrf_token(self, path: str) -> str:
        response, text = self.request("GET", path)
        assert response.status == 200, (path, response.status)
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text).group(1)
