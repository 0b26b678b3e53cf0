"""Schemathesis checks every API operation against its OpenAPI document.

Requests go through Django's WSGI application in the test's own thread, so they read the
test database with the national data in it. Examples are few, to keep the suite quick.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture(autouse=True)
def _localhost(settings):
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]


@pytest.fixture(autouse=True)
def _keep_the_tests_connection():
    """As Django's test client does: a request must not close the test's database
    connection (on PostgreSQL it would, being inside the test's transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.usefixtures("national_data")
@schema.parametrize()
@settings(
    max_examples=5,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_keeps_to_its_openapi_document(case):
    # Its WSGI transport asks for gzip but does not unpack it; tests/test_compression.py
    # checks the compressed answers.
    case.call_and_validate(headers={"Accept-Encoding": "identity"})
