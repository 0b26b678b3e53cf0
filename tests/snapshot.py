"""The national data, loaded once per test process and put back in a moment where it was emptied.

`load_national_data` takes seconds and thousands of queries. The suite loads it once per process
(tests/conftest.py, `django_db_setup`) and takes a copy of the whole test database straight
after. A transactional test (every browser test: the live server only sees committed rows) ends
with Django flushing every table; the next test that needs the data gets the copy back instead
of a reload:

- SQLite: the whole database, page by page, with SQLite's backup API (milliseconds);
- PostgreSQL: every table the flush empties, with COPY (a fraction of a second).

The copy is the loader's own output, so a restored database holds exactly the rows a reload would
give (the tests of the loader itself still call it).
"""

from __future__ import annotations

import sqlite3

from django.db import connections, transaction

_copies: dict[str, object] = {}


def take(alias: str = "default") -> None:
    """Copy the test database as it is now (just after the national data is loaded)."""
    connection = connections[alias]
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(copy)
        _copies[alias] = copy
    elif connection.vendor == "postgresql":
        tables = connection.introspection.django_table_names(
            only_existing=True, include_views=False
        )
        rows = {}
        with connection.cursor() as cursor:
            for table in tables:
                with cursor.cursor.copy(f'COPY "{table}" TO STDOUT') as copy:
                    rows[table] = b"".join(bytes(block) for block in copy)
        _copies[alias] = rows
    else:  # pragma: no cover - the suite runs on SQLite and PostgreSQL only
        raise NotImplementedError(connection.vendor)


def taken(alias: str = "default") -> bool:
    return alias in _copies


def restore(alias: str = "default") -> None:
    """Put the copy back: every row as it was after the load, and nothing else."""
    from django.contrib.contenttypes.models import ContentType

    connection = connections[alias]
    copy = _copies[alias]
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        if connection.in_atomic_block:
            raise RuntimeError("The test database can only be restored outside a transaction")
        copy.backup(connection.connection)
    else:
        with transaction.atomic(using=alias), connection.cursor() as cursor:
            names = ", ".join(f'"{table}"' for table in copy)
            cursor.execute(f"TRUNCATE {names} CASCADE")
            for table, data in copy.items():
                if data:
                    with cursor.cursor.copy(f'COPY "{table}" FROM STDIN') as stream:
                        stream.write(data)
    # The flush re-created content types (new ids); the copy has the original ones.
    ContentType.objects.clear_cache()


def restore_national_data(alias: str = "default") -> None:
    """The real data again, where a transactional test's flush emptied the database."""
    from areas.models import Area
    from national_data.loading import load_national_data

    connection = connections[alias]
    if Area.objects.using(alias).exists():
        return
    if taken(alias) and (connection.vendor == "postgresql" or not connection.in_atomic_block):
        # On PostgreSQL inside a test's transaction too: rolled back with it.
        restore(alias)
    else:  # SQLite's backup cannot write under an open transaction
        load_national_data()
