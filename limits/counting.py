"""Counting limited actions (sign-ups, mistake reports) per client per hour."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from limits.models import Tally

WINDOW = dt.timedelta(hours=1)
KEPT = dt.timedelta(days=1)


def _window_start(now: dt.datetime) -> dt.datetime:
    return now.replace(minute=0, second=0, microsecond=0)


def over_limit(key: str, limit: int) -> bool:
    """Counts one more try under `key` in this hour's window; True once past `limit`.

    The count is one UPDATE in the database every worker shares, so it is the same whichever
    worker or server is asked, and never lost to a race between two requests.
    """
    now = timezone.now()
    start = _window_start(now)
    with transaction.atomic():
        Tally.objects.bulk_create(
            [Tally(key=key, window_start=start)],
            ignore_conflicts=True,
        )
        tallies = Tally.objects.filter(key=key, window_start=start)
        tallies.update(count=F("count") + 1)
        count = tallies.values_list("count", flat=True).get()
    if now.minute == 0 and now.second < 5:
        Tally.objects.filter(window_start__lt=now - KEPT).delete()
    return count > limit
