"""When the database is unreachable, pages say so plainly (503), with no traceback."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper
from django.test import Client

pytestmark = pytest.mark.django_db


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
    with mock.patch("areas.views.AreaRow.of", side_effect=ValueError("a bug")):
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
