"""Public pages, rendered once and served again to everyone who is not signed in.

When a revisit letter is published, a whole county opens the same area page at once. Each
public page is kept, once rendered, under a key made from what it shows: the page's address
(with its query and whether htmx asked for a fragment), the version of the data it rests on,
the day (statuses and "expected" lines are read against today), the date the data runs to
(every page's footer) and the release of the code. The data's version is `Area.changed_at`,
stamped by inspections/standing.py whenever a record an area's pages show changes:

- an area's own pages (its page, feed, calendar and API record) and its weaknesses' pages
  follow that area's stamp, which also moves when a statistical neighbour's status does;
- pages about every area (/, /areas/, themes, feeds, the open data) follow the latest stamp.

So a change to Luton's records is on Luton's page at the next request, while Kent's page
stays cached. Nothing is ever deleted from the cache: an old version's key is simply never
asked for again, and expires. The same key is the page's ETag, so a browser that already
has this version gets "304 Not Modified" without the page being rendered or even fetched.

Signed-in users (who may see internal updates), anyone with a message waiting, pages that
set a cookie or use a CSRF token, and anything but a 200 are never stored. A cache that is
down (Redis restarting) is treated as empty: pages are rendered as usual.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import logging
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date

from areas.models import Area

logger = logging.getLogger(__name__)

# Pages about one area, by the name of the address argument that holds its slug.
AREA_PAGES = {
    "areas:detail",
    "alerts:area_feed",
    "alerts:area_calendar",
    "api-v1:area_detail",
}
WEAKNESS_PAGES = {"inspections:weakness"}
NATIONAL_PAGES = {
    "inspections:home",
    "areas:list",
    "compare",
    "inspections:themes",
    "inspections:about",
    "inspections:glossary",
    "alerts:latest_feed",
    "alerts:national_calendar",
    "alerts:expected",
    "opendata:data",
    "opendata:dictionary",
    "opendata:download",
    "api-v1:list_areas",
    "api-v1:list_weaknesses",
}
# Pages made from the code alone: they change only with a release.
CODE_PAGES = {"api-v1:openapi-json"}
CODE_ONLY = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
LARGEST_STORED = 2_000_000  # bytes; bigger responses are rendered each time
CACHE_CONTROL = "no-cache"  # browsers keep the page but ask (with its ETag) before reuse


def data_version(view_name: str, kwargs: dict) -> dt.datetime | None:
    """When the data this page shows last changed, or None if it is not a cached page.

    One short query in plain SQL: on a cache hit it is most of the work, and building it
    with the ORM would take longer than running it.
    """
    if view_name in CODE_PAGES:
        return CODE_ONLY
    area = Area._meta.db_table
    if view_name in AREA_PAGES:
        sql, params = f"SELECT changed_at FROM {area} WHERE slug = %s", [kwargs.get("slug")]
    elif view_name in WEAKNESS_PAGES:
        from inspections.models import Inspection, SignificantWeakness, WrittenStatementOfAction

        sql = (
            f"SELECT a.changed_at FROM {area} a"
            f" JOIN {Inspection._meta.db_table} i ON i.area_id = a.id"
            f" JOIN {WrittenStatementOfAction._meta.db_table} w ON w.inspection_id = i.id"
            f" JOIN {SignificantWeakness._meta.db_table} s ON s.wsoa_id = w.id"
            " WHERE s.reference = %s"
        )
        params = [kwargs.get("reference")]
    elif view_name in NATIONAL_PAGES:
        sql, params = f"SELECT MAX(changed_at) FROM {area}", []
    else:
        return None
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    value = row[0] if row else None  # None: no such area or weakness, so a 404: not cached
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):  # SQLite: stored in UTC, unmarked
        value = value.replace(tzinfo=dt.UTC)
    return value


@functools.lru_cache(maxsize=4096)
def page_of(path: str) -> tuple[str, dict] | None:
    """The page an address names (view name and arguments), remembered: addresses always
    resolve the same way, and resolving is a good part of serving a cached page."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.view_name not in CODE_PAGES | AREA_PAGES | WEAKNESS_PAGES | NATIONAL_PAGES:
        return None
    return match.view_name, match.kwargs


def is_anonymous(request: HttpRequest) -> bool:
    """No session (so not signed in) and no message waiting to be shown."""
    cookies = request.COOKIES
    return not cookies.get(settings.SESSION_COOKIE_NAME) and not cookies.get("messages")


class PublicPageCache:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.method not in ("GET", "HEAD")
            or not settings.PAGE_CACHE
            or not is_anonymous(request)
        ):
            return self.get_response(request)
        host = request.get_host()  # refuses a host not in ALLOWED_HOSTS, as Django would
        page = page_of(request.path_info)
        if page is None:
            return self.get_response(request)
        changed_at = data_version(*page)
        if changed_at is None:
            return self.get_response(request)

        from inspections.history import data_runs_to

        today = timezone.localdate()
        key = hashlib.sha256(
            "\n".join(
                [
                    settings.RELEASE,
                    today.isoformat(),
                    "" if changed_at is CODE_ONLY else str(data_runs_to()),
                    changed_at.isoformat(),
                    host,
                    request.get_full_path(),
                    request.headers.get("HX-Request", ""),
                    request.headers.get("HX-History-Restore-Request", ""),
                ]
            ).encode()
        ).hexdigest()[:40]
        etag = f'W/"{key}"'
        midnight = timezone.make_aware(dt.datetime.combine(today, dt.time()))
        last_modified = int(max(changed_at, midnight).timestamp())  # HTTP dates are in seconds

        not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if not_modified is not None:
            return self._headed(not_modified, etag, last_modified, "not-modified")

        stored = self._get(f"page:{key}")
        if stored is not None:
            status, headers, content = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            return self._headed(response, etag, last_modified, "hit")

        response = self.get_response(request)
        if not self._same_for_everyone(request, response):
            return response
        if response.streaming or len(response.content) > LARGEST_STORED:
            # Made afresh each time (the CSV files), but a browser's copy is still current.
            return self._headed(response, etag, last_modified, "not-stored")
        headers = [(n, v) for n, v in response.items() if n.lower() != "set-cookie"]
        self._set(f"page:{key}", (response.status_code, headers, response.content))
        return self._headed(response, etag, last_modified, "miss")

    @staticmethod
    def _same_for_everyone(request: HttpRequest, response: HttpResponse) -> bool:
        return (
            response.status_code == 200
            and not response.cookies  # a session or message saved, a CSRF cookie sent
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # a CSRF token on the page
            and "no-store" not in response.get("Cache-Control", "")
        )

    @staticmethod
    def _headed(response: HttpResponse, etag: str, last_modified: float, state: str):
        response["ETag"] = etag
        response["Last-Modified"] = http_date(last_modified)
        response["Cache-Control"] = CACHE_CONTROL
        response["X-Page-Cache"] = state
        # Signed-in visitors see other things (internal updates); htmx gets fragments.
        patch_vary_headers(response, ("Cookie", "HX-Request"))
        return response

    @staticmethod
    def _get(key: str):
        try:
            return caches["pages"].get(key)
        except Exception:  # a cache server that is down is an empty cache
            logger.warning("Page cache unreachable; rendering the page", exc_info=True)
            return None

    @staticmethod
    def _set(key: str, value) -> None:
        try:
            caches["pages"].set(key, value)
        except Exception:
            logger.warning("Page cache unreachable; page not stored", exc_info=True)
