"""The date the data runs to: the latest publication or decision date the tracker holds.

Nothing after it can be known from the data: an expected event past this date is not
"overdue", it is simply not yet in the data. Cached, and forgotten whenever an inspection
or decision is saved or deleted (the receiver is connected in inspections/apps.py).
"""

from __future__ import annotations

import contextlib
import datetime as dt

from django.core.cache import cache

from inspections.models import Decision, Inspection

DATA_RUNS_TO_KEY = "inspections:data-runs-to"


def data_runs_to() -> dt.date | None:
    """The latest publication or decision date the tracker holds (cached until either changes)."""
    try:
        cached = cache.get(DATA_RUNS_TO_KEY)
    except Exception:  # a cache server that is down: ask the database
        cached = None
    if cached is None:
        dates = (
            Inspection.objects.filter(published_on__isnull=False)
            .order_by()
            .values_list("published_on", flat=True)
            .union(Decision.objects.order_by().values_list("decided_on", flat=True))
            .order_by("-published_on")[:1]
        )
        cached = next(iter(dates), "")
        # Saves clear it in this process; other processes see a change within five minutes.
        with contextlib.suppress(Exception):
            cache.set(DATA_RUNS_TO_KEY, cached, 300)
    return cached or None


def forget_data_runs_to(**kwargs: object) -> None:
    """Signal receiver: an inspection or decision changed, so work the date out again."""
    with contextlib.suppress(Exception):
        cache.delete(DATA_RUNS_TO_KEY)
