import os
import secrets

import pytest
from django.contrib.auth import get_user_model

from national_data.loading import load_national_data
from tests import servers, snapshot


def pytest_configure(config):
    # Before any xdist worker starts, so they all inherit it: what the run's processes share.
    os.environ.setdefault(servers.RUN_VARIABLE, secrets.token_hex(6))


def pytest_sessionfinish(session):
    if not hasattr(session.config, "workerinput"):  # the controller, once every worker is done
        servers.drop_real_data_template()


def pytest_itemcollected(item):
    # Schemathesis gives each API operation's test its function's node id, without the
    # operation; xdist tells tests apart by node id, so it would run one of the three and drop
    # the others. Each gets its own id, as a parametrized test would have.
    original = getattr(item, "originalname", item.name)
    if item.name != original and item.nodeid.endswith("::" + original):
        if hasattr(item, "_id"):  # pytest 9 keeps the id structured
            item._id = item.parent.id.child(item.name)
        else:
            item._nodeid = f"{item.parent.nodeid}::{item.name}"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transactional test (every browser test), whose teardown flushed every table,
    put the national data back from its copy (tests/snapshot.py), outside any transaction, so
    whatever runs next in this process finds it, in whatever order xdist hands tests out."""
    result = yield
    if {"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())):
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            snapshot.restore_national_data()
    return result


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # Tests render templates without running collectstatic first.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Each test stores documents in its own empty folders, never in the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PENDING_IMPORTS_ROOT = tmp_path / "pending-imports"
    return settings.MEDIA_ROOT


def stored_files(folder) -> list[str]:
    """Every file under `folder`, as paths relative to it."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The real national data, loaded once into the test database (and never elsewhere).

    Once per test process (each xdist worker has a database of its own), then copied, so a
    test after a transactional one gets it back from the copy (tests/snapshot.py).
    """
    from django.db import connection

    name = str(connection.settings_dict["NAME"])
    if not (name.rsplit("/", 1)[-1].startswith("test_") or "memory" in name):
        raise RuntimeError(f"Refusing to load the test data into {name}: not a test database")
    with django_db_blocker.unblock():
        load_national_data()
        snapshot.take()
    yield
    if connection.vendor == "postgresql":
        # A connection some thread left open (a live server's request thread, say) would stop
        # pytest-django dropping the test database at the end: close them first.
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )


@pytest.fixture
def national_data(db):
    """The real data; put back where a transactional test emptied the database."""
    snapshot.restore_national_data()


@pytest.fixture
def admin_user(db):
    return get_user_model().objects.create_superuser(
        "alice", "alice@example.org", "correct horse battery staple"
    )


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def bedford_report_not_yet_loaded(national_data):
    """The data as it was before Bedford's shipped 2025 report: no findings, no report source.

    Bedford's report is one of those shipped with the data, so importing it again changes
    nothing; import tests that need a new report take it away first.
    """
    return report_not_yet_loaded("bedford-borough")


def report_not_yet_loaded(slug: str):
    """The area's 2023-framework inspection as it was before its shipped report was loaded:
    no findings, no report source (what the outcomes table gave, such as its publication
    date, stays)."""
    from inspections.models import Inspection, SourceKind

    inspection = Inspection.objects.get(area__slug=slug, framework="2023")
    inspection.findings.all().delete()
    for letter in list(inspection.sources.filter(kind=SourceKind.LETTER)):
        inspection.sources.remove(letter)
        letter.reported_dates.all().delete()
        letter.delete()
    return inspection


@pytest.fixture(autouse=True)
def _empty_caches():
    """Each test starts with nothing cached: no page rendered by an earlier test's data."""
    from django.core.cache import caches

    for alias in ("default", "pages"):
        caches[alias].clear()
