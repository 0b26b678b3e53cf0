"""Pages run no more queries as history accumulates: every page type at scale 1 and scale 20.

The national data is multiplied (`synthetic.history.multiply_history`) to scale 1 (the real
history with progress updates, forum responses and officers) and then, separately, to scale 20
(twenty times the history, and twenty times the updates). Each page is fetched at both, and its
queries are counted. Both builds are rolled back: nothing of them reaches other tests.

Each request starts with an empty cache, so it is a real render (the date the data runs to is
worked out afresh: one query on every page that shows it, and any page cache starts empty).
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache, caches
from django.db import transaction
from django.test import Client
from django.test.utils import override_settings

from synthetic.history import multiply_history
from tests.queries import counting_queries
from tests.snapshot import restore_national_data

# Every test here is a database test, so pytest-django keeps them together and the scaled
# history is built once for the module (split, the module's fixture was built twice).
pytestmark = pytest.mark.django_db

SCALES = (1, 20)
OFFICER = "synthetic-officer-central-bedfordshire-1"
FORUM = "synthetic-forum-central-bedfordshire"
# "with history" below is history.with_history(): the areas, then their inspections (with
# WSOAs), decisions, weaknesses and predecessors, 5 queries whatever the number of areas; "full
# history" adds the timeline's reported dates (with sources), sources, verdicts, findings,
# decisions' and WSOAs' sources and the weaknesses' verdicts, 7 more. Lists read each area's
# stored standing (inspections/standing.py), so they need no history. "runs to" is the date
# the data runs to. "version" is the page cache's look-up of the data's version, made for every
# public page asked for by someone not signed in (config/page_cache.py); such pages also
# need "runs to" and "fresh" for their cache key. "fresh" is the last check for new reports
# (freshness/status.py), which every page's footer states (cached for a minute). "signed in" is the session, the user and the user's and
# group permissions (4); signed-in users are never served from the page cache.
BUDGETS = {
    # page: (address, who asks, most queries)
    # version, the current areas with their standing, latest letters, latest decisions, runs to
    "home": ("/", None, 6),
    # version, the current areas with their standing, the count of current areas, runs to
    "area list": ("/areas/", None, 5),
    # version, the filtered areas (their themes in a subquery), every current area for the map,
    # the count, runs to
    "area list, filtered and sorted": ("/areas/?theme=local_offer&sort=-next", None, 6),
    # version, the area with full history (12), its updates with responses and their authors
    # (3), its statistical neighbours with their standing, runs to
    "area page": ("/areas/central-bedfordshire/", None, 18),
    # the same for an area with a 2023-framework report and no decisions, so no decisions'
    # sources to fetch
    "area page, 2023 framework": ("/areas/buckinghamshire/", None, 17),
    # version, the weakness, its updates with responses and authors (3), its verdicts (2), the
    # WSOA's decisions, the area's 2023-framework inspections, runs to
    "weakness page": ("/weaknesses/CB-2019-1/", None, 11),
    # version, weaknesses by theme (with verdicts), findings by theme, what the WSOAs and
    # reports report beside what is entered (2), the WSOAs outside the statistics' table, runs to
    "themes": ("/themes/", None, 8),
    # version, the words' matches (SQLite's index; none on PostgreSQL, which searches each
    # table), the weaknesses with their verdicts and plans' revisits (3), the findings with
    # their monitoring verdicts (2), public updates, runs to
    "search": ("/search/?q=speech+and+language", None, 9),
    # the same (a CSV file has no footer, but the page cache's key reads runs to)
    "search CSV": ("/search/results.csv?q=speech+and+language", None, 9),
    # version, the areas with history (5), their findings, the area choices, runs to
    "compare": ("/compare/?areas=luton,central-bedfordshire,buckinghamshire", None, 10),
    # version, runs to, the current areas with history (5)
    "expected soon": ("/expected/", None, 7),
    # version, runs to, letters, decisions
    "national feed": ("/feeds/latest/", None, 5),
    # version, runs to, the area, its letters, its decisions
    "area feed": ("/areas/central-bedfordshire/feed/", None, 6),
    # version, runs to, the current areas with history (5)
    "national calendar": ("/calendar.ics", None, 7),
    # version, the area, runs to, the area with history (5)
    "area calendar": ("/areas/central-bedfordshire/calendar.ics", None, 8),
    # version, runs to
    "open data page": ("/data/", None, 3),
    # version, runs to, every area with history (5), the successors
    "areas.csv": ("/data/areas.csv", None, 8),
    # version, runs to, inspections, their sources
    "inspections.csv": ("/data/inspections.csv", None, 5),
    # version, runs to, verdicts, weaknesses without one, their plans' revisits (what a
    # weakness without a verdict of its own says)
    "weaknesses.csv": ("/data/weaknesses.csv", None, 6),
    # version, runs to, findings
    "findings.csv": ("/data/findings.csv", None, 4),
    # version, runs to, the current areas with history (5)
    "API: areas": ("/api/v1/areas/", None, 7),
    # version, the area with full history (12), the successors, public updates, runs to
    "API: one area": ("/api/v1/areas/central-bedfordshire/", None, 17),
    # version, runs to, verdicts, weaknesses without one, their plans' revisits
    "API: weaknesses": ("/api/v1/weaknesses/", None, 6),
    # signed in (4), the officer's areas with history (5), verdicts, latest updates, the
    # officer's memberships, runs to, roles in the area, awaiting a response, the plans'
    # revisits (Central Bedfordshire has no 2023-framework report, so no findings to fetch)
    "officer: dashboard": ("/dashboard/", OFFICER, 17),
    # the same for a forum representative, whose awaiting list is the long one
    "forum: dashboard": ("/dashboard/", FORUM, 17),
    # the area with history (5), verdicts, signed in (4), the updates, runs to, the plans'
    # revisits
    "officer: area progress": ("/progress/areas/central-bedfordshire/", OFFICER, 14),
    # the same but runs to: a CSV file has no footer
    "officer: area progress CSV": (
        "/progress/areas/central-bedfordshire/progress.csv",
        OFFICER,
        12,
    ),
    # the area page but the version (17), signed in (4), the officer's roles
    "officer: area page": ("/areas/central-bedfordshire/", OFFICER, 22),
    # the weakness page but the version (9), signed in (4), the officer's roles
    "officer: weakness page": ("/weaknesses/CB-2019-1/", OFFICER, 15),
}
# Pages that show the synthetic history itself, so their counts are of the bigger pages.
SHOW_SYNTHETIC_AT_SCALE_20 = {
    "area page",
    "weakness page",
    "API: one area",
    "weaknesses.csv",
    "officer: dashboard",
    "officer: area progress",
    "officer: weakness page",
}


def measure() -> dict[str, tuple[int, int, bool]]:
    """Each page's (queries, status, whether it shows synthetic records)."""
    client = Client()
    users = {u.username: u for u in get_user_model().objects.filter(username__in=[OFFICER, FORUM])}
    found = {}
    for name, (address, who, _) in BUDGETS.items():
        client.logout()
        if who:
            client.force_login(users[who])
        for alias in ("default", "pages"):
            caches[alias].clear()
        with counting_queries() as queries:
            response = client.get(address)
            body = b"".join(response.streaming_content) if response.streaming else response.content
        found[name] = (queries.total, response.status_code, b"Synthetic" in body)
    return found


@pytest.fixture(scope="module")
def query_counts(django_db_setup, django_db_blocker) -> dict[int, dict]:
    """Every page measured at each scale, each scale built and rolled back in a transaction."""
    counts = {}
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with django_db_blocker.unblock(), override_settings(STORAGES=storages):
        restore_national_data()  # where a transactional test emptied the database
        for scale in SCALES:
            with transaction.atomic():
                multiply_history(scale, seed=2016)
                counts[scale] = measure()
                transaction.set_rollback(True)
        cache.clear()
    return counts


@pytest.mark.parametrize("name", BUDGETS)
def test_each_page_runs_as_many_queries_at_scale_20_as_at_scale_1(query_counts, name):
    (small, small_status, _), (big, big_status, _) = (query_counts[s][name] for s in SCALES)
    assert small_status == big_status == 200
    assert big == small, f"{name}: {small} queries at scale 1, {big} at scale 20"
    assert big <= BUDGETS[name][2], f"{name}: {big} queries, over its budget"


def test_the_pages_measured_show_the_synthetic_history(query_counts):
    shown = {page for page, (_, _, synthetic) in query_counts[20].items() if synthetic}
    assert not SHOW_SYNTHETIC_AT_SCALE_20 - shown


def test_nothing_of_the_scaled_history_is_left_behind(query_counts, db):
    from inspections.models import Inspection
    from progress.models import ProgressUpdate

    assert Inspection.objects.count() == 301
    assert not ProgressUpdate.objects.exists()
    assert not get_user_model().objects.filter(username__startswith="synthetic-").exists()
