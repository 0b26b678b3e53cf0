"""When the database is unreachable, pages say so plainly (503), with no traceback."""

import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper
from django.test import Client

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def visitor(settings):
    settings.DEBUG = False
    return Client(raise_request_exception=False)


def test_a_database_that_is_down_gives_a_friendly_503(visitor):
    with mock.patch.object(
        CursorWrapper,
        "execute",
        side_effect=OperationalError("could not connect to server: Connection refused"),
    ):
        response = visitor.get("/")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    content = response.content.decode()
    assert "Sorry, the service is unavailable" in content
    assert "Traceback" not in content and "Connection refused" not in content


def test_other_errors_still_get_the_500_page(visitor):
    with mock.patch("public.area_rows.AreaRow.of", side_effect=ValueError("a bug")):
        response = visitor.get("/")
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()
    assert "a bug" not in response.content.decode()


def test_the_site_answers_again_once_the_database_is_back(visitor):
    with mock.patch.object(CursorWrapper, "execute", side_effect=OperationalError("down")):
        assert visitor.get("/").status_code == 503
    assert visitor.get("/").status_code == 200


def test_persistent_connections_are_checked_before_reuse(settings):
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


def test_with_debug_off_a_failing_page_is_logged_to_standard_error_with_its_cause(tmp_path):
    """Operators read what went wrong in the server's log: the visitor sees only the apology."""
    code = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "response = Client(raise_request_exception=False).get('/')\n"
        "print(response.status_code)\n"
    )
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "false",
        "SECRET_KEY": "a-key-for-this-test-only-" + "x" * 40,
        "ALLOWED_HOSTS": "testserver",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'never-migrated.sqlite3'}",
    }
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.stdout.strip() == "503"
    assert "ERROR django.request" in done.stderr and "no such table" in done.stderr
