"""Counting the queries a request runs, the page cache's own lookup included."""

import contextlib
import types
from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext

from config import page_cache


@contextlib.contextmanager
def counting_queries():
    """Counts the queries run: Django's, and the data-version lookups the page cache runs on
    the driver's own cursor, which Django's query log does not see. `.total` once done."""
    with (
        CaptureQueriesContext(connection) as queries,
        mock.patch.object(page_cache, "one_row", wraps=page_cache.one_row) as lookups,
    ):
        counted = types.SimpleNamespace(total=None)
        yield counted
    counted.total = len(queries) + lookups.call_count
