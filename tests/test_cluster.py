"""The deployment a council runs when one server is not enough (scripts/cluster): Debian's nginx
in front of two app servers over one PostgreSQL and one Redis.

One scenario, in order, on a cluster of its own (a throwaway PostgreSQL database on the local
server, a Redis of its own on a free port):
- a change saved through one server is on the other's pages at the next request, though the
  page was cached there;
- the limits hold across both: five mistake reports an hour from one person, whichever server
  nginx sends each to, while another person (another address) is not held up;
- with Redis stopped, no answer anywhere is a 500: pages, signing in, the dashboard, an update
  saved, an alert sign-up and a mistake report all still work.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.servers import (
    ROOT,
    Browser,
    _admin_sql,
    environment,
    free_port,
    get,
    load_real_data,
    postgres_url,
    run_python,
    stop_process_group,
)

PASSWORD = "a long password for the cluster test"
AREA = "/areas/central-bedfordshire/"
WEAKNESS = "/weaknesses/CB-2019-1/"  # its page shows each update's summary
ADD_UPDATE = "/progress/weakness/CB-2019-1/updates/new/"
MISTAKE = "/areas/luton/report-a-mistake/"
SUBSCRIBE = "/areas/luton/alerts/"


def needed_or_skip() -> None:
    missing = []
    if not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()):
        missing.append("nginx (apt-get install nginx-light, or make test)")
    if not shutil.which("redis-server"):
        missing.append("redis-server")
    try:
        _admin_sql("127.0.0.1", 5432, "postgres", "", "SELECT 1")
    except Exception:
        missing.append("PostgreSQL on 127.0.0.1:5432")
    if missing:
        if os.environ.get("REQUIRE_CLUSTER_TEST") == "1":
            pytest.fail(f"REQUIRE_CLUSTER_TEST=1, but missing: {', '.join(missing)}")
        pytest.skip(f"the cluster test needs {', '.join(missing)}")


@contextlib.contextmanager
def postgres_database() -> Iterator[str]:
    name = f"send_tracker_cluster_{secrets.token_hex(4)}"
    _admin_sql("127.0.0.1", 5432, "postgres", "", f'CREATE DATABASE "{name}"')
    try:
        yield postgres_url(name, "127.0.0.1", 5432)
    finally:
        _admin_sql(
            "127.0.0.1", 5432, "postgres", "", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'
        )


def wait_for(port: int, path: str = "/static/css/application.css", seconds: int = 90) -> None:
    for _ in range(seconds * 2):
        with contextlib.suppress(OSError):
            if get(port, path, timeout=5).status == 200:
                return
        time.sleep(0.5)
    raise AssertionError(f"nothing answered on port {port}")


def sign_in(browser: Browser, username: str) -> None:
    response, _ = browser.request(
        "POST",
        "/accounts/login/",
        {
            "username": username,
            "password": PASSWORD,
            "csrfmiddlewaretoken": browser.csrf_token("/accounts/login/"),
        },
    )
    assert response.status == 302, f"{username} could not sign in ({response.status})"


def add_update(browser: Browser, summary: str) -> int:
    response, _ = browser.request(
        "POST",
        ADD_UPDATE,
        {"csrfmiddlewaretoken": browser.csrf_token(ADD_UPDATE), "date-day": "2",
         "date-month": "11", "date-year": "2026", "rag": "green", "summary": summary,
         "visibility": "public"},
    )  # fmt: skip
    return response.status


def report_mistake(browser: Browser) -> int:
    token = browser.csrf_token(MISTAKE)
    response, text = browser.request(
        "POST",
        MISTAKE,
        {"csrfmiddlewaretoken": token, "what_is_wrong": "The date is a week out.", "email": ""},
    )
    if response.status == 400:
        assert "try again later" in text
    return response.status


def test_two_servers_behind_nginx_share_changes_and_limits_and_survive_redis_stopping(tmp_path):
    needed_or_skip()
    nginx, first, second, redis_port = free_port(), free_port(), free_port(), free_port()
    redis = subprocess.Popen(
        ["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--maxmemory", "64mb", "--maxmemory-policy", "allkeys-lru"],
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    log = tmp_path / "cluster.log"
    cluster = None
    try:
        with postgres_database() as url:
            load_real_data(url)
            run_python(
                url,
                "from django.contrib.auth import get_user_model\n"
                "from areas.models import Area\n"
                "from progress.models import Membership, Role\n"
                f"olivia = get_user_model().objects.create_user('olivia', password={PASSWORD!r})\n"
                "Membership.objects.create(user=olivia, role=Role.OFFICER,\n"
                "    area=Area.objects.get(slug='central-bedfordshire'))\n",
            )
            env = environment(
                url,
                PORT=str(nginx),
                APP_PORTS=f"{first} {second}",
                REDIS_URL=f"redis://127.0.0.1:{redis_port}/0",
                SECRET_KEY=secrets.token_urlsafe(50),
                ALLOWED_HOSTS="127.0.0.1",
                SECURE_SSL_REDIRECT="false",
                STATIC_ROOT=str(tmp_path / "static"),
                ACCESS_LOG="",
                WEB_CONCURRENCY="1",
            )
            with log.open("w") as output:
                cluster = subprocess.Popen(
                    [str(ROOT / "scripts" / "cluster")],
                    cwd=ROOT,
                    env=env,
                    stdout=output,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            for port in (nginx, first, second):
                wait_for(port)

            # A change saved through one server is on the other's pages at the next request.
            assert get(second, WEAKNESS).status == 200
            assert get(second, WEAKNESS).headers.get("x-page-cache") == "hit"
            officer = Browser(first)
            sign_in(officer, "olivia")
            assert add_update(officer, "Saved through the first server") == 302
            assert "Saved through the first server" in get(second, WEAKNESS).body

            # The limits hold across both servers, per person behind nginx.
            parent, carer = Browser(nginx, "127.0.0.1"), Browser(nginx, "127.0.0.2")
            assert [report_mistake(parent) for _ in range(6)] == [302] * 5 + [400]
            assert report_mistake(carer) == 302

            # Redis stops: nothing answers 500, and what people send still arrives.
            redis.terminate()
            redis.wait(timeout=20)
            for path in ("/", "/areas/", AREA, "/weaknesses/CB-2019-1/", "/api/v1/areas/"):
                for port in (nginx, first, second):
                    assert get(port, path).status == 200, (path, port)
            someone = Browser(nginx, "127.0.0.3")
            sign_in(someone, "olivia")
            response, _ = someone.request("GET", "/dashboard/")
            assert response.status == 200
            assert add_update(someone, "Saved with Redis down") == 302
            assert "Saved with Redis down" in get(second, WEAKNESS).body
            assert report_mistake(Browser(nginx, "127.0.0.4")) == 302
            subscriber = Browser(nginx, "127.0.0.5")
            response, _ = subscriber.request(
                "POST",
                SUBSCRIBE,
                {"csrfmiddlewaretoken": subscriber.csrf_token(SUBSCRIBE),
                 "email": "parent@example.org"},
            )  # fmt: skip
            assert response.status == 302
            assert cluster.poll() is None, log.read_text()
    except AssertionError as failure:
        raise AssertionError(
            f"{failure}\n--- scripts/cluster:\n{log.read_text()[-4000:]}"
        ) from None
    finally:
        if cluster is not None:
            stop_process_group(cluster)
        if redis.poll() is None:
            redis.terminate()
            redis.wait(timeout=20)
