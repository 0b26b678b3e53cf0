"""How current the tracker is: its last check for new reports, and whether that is too long
ago (`CHECK_STALE_DAYS`) for the pages to say the data is current.

Read by every page's footer, the page cache's keys, the admin home page and `/healthz`: kept
in the cache for a minute, and forgotten whenever a check finishes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import Subquery
from django.utils import timezone

from freshness.models import Check, Result

KEY = "freshness:last-checks"


@dataclass(frozen=True)
class Freshness:
    last_at: dt.datetime | None  # when the last check that ran to an end began
    last_result: str  # its result ("" if none has)
    last_success_at: dt.datetime | None
    now: dt.datetime

    @property
    def ever_checked(self) -> bool:
        return self.last_at is not None

    @property
    def succeeded(self) -> bool:
        return self.last_result == Result.SUCCEEDED

    @property
    def stale(self) -> bool:
        """The daily check has not succeeded for more than CHECK_STALE_DAYS (once it has run
        at all: a tracker that has never checked says so, see `words`)."""
        if self.last_at is None:
            return False
        since = self.last_success_at or self.last_at
        return self.now - since > dt.timedelta(days=settings.CHECK_STALE_DAYS)

    def key(self) -> str:
        """What a cached page's words depend on."""
        if self.last_at is None:
            return "never"
        success = self.last_success_at
        day = timezone.localdate(success).isoformat() if success else "none"
        return f"{day}:{'stale' if self.stale else 'fresh'}"

    def words(self) -> str:
        """The footer's sentence about the check, after the date the data runs to."""
        if self.last_at is None:
            return "The tracker has not yet checked the public table of Ofsted's outcomes for new reports."
        success = self.last_success_at
        if self.stale:
            if success is None:
                return (
                    "The tracker's checks for new reports have failed, so it may not hold "
                    "the newest reports."
                )
            return (
                "The tracker has not been able to check for new reports since "
                f"{timezone.localdate(success):%-d %B %Y}, so it may not hold the newest reports."
            )
        if success is None:
            return "The tracker's first check for new reports failed; it will try again."
        return (
            "It last checked the public table of Ofsted's outcomes for new reports on "
            f"{timezone.localdate(success):%-d %B %Y}."
        )


def freshness(now: dt.datetime | None = None) -> Freshness:
    known = None
    with contextlib.suppress(Exception):  # a cache server that is down: ask the database
        known = cache.get(KEY)
    if known is None:
        success = Check.objects.filter(result=Result.SUCCEEDED).order_by("-started_at")
        row = (
            Check.objects.finished()
            .annotate(success_at=Subquery(success.values("started_at")[:1]))
            .values_list("started_at", "result", "success_at")
            .first()
        )  # one query: it runs for every page not yet cached
        known = row or (None, "", None)
        with contextlib.suppress(Exception):
            cache.set(KEY, known, 60)
    last_at, last_result, success_at = known
    return Freshness(last_at, last_result, success_at, now or timezone.now())


def forget() -> None:
    with contextlib.suppress(Exception):
        cache.delete(KEY)
