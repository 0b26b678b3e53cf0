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
set a cookie or use a CSRF token, and anything but a 200 are never stored. Pages are stored
gzip-compressed (config/compression.py), sent so to every browser that accepts it (all do),
and unpacked for a client that does not. A cache that is
down (Redis restarting) is treated as empty: pages are rendered as usual.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from http.client import responses
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.cache import caches
from django.core.handlers.wsgi import WSGIRequest, get_path_info
from django.db import DEFAULT_DB_ALIAS, close_old_connections, connections
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date

from areas.models import Area
from config.compression import accepts_gzip, compressible, gunzipped, gzipped

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

logger = logging.getLogger(__name__)

# Pages about one area, by the name of the address argument that holds its slug.
AREA_PAGES = {
    "public:area",
    "alerts:area_feed",
    "alerts:area_calendar",
    "api-v1:area_detail",
}
WEAKNESS_PAGES = {"public:weakness"}
NATIONAL_PAGES = {
    "public:home",
    "public:areas",
    "public:compare",
    "public:themes",
    "public:search",
    "public:search_csv",
    "public:about",
    "public:glossary",
    "alerts:latest_feed",
    "alerts:national_calendar",
    "alerts:expected",
    "opendata:data",
    "opendata:dictionary",
    "opendata:download",
    "api-v1:list_areas",
    "api-v1:list_weaknesses",
}
# The query parameters each page reads; any other page reads none. An address with a parameter
# its page does not read (a made-up one, a campaign tag) is rendered but never stored, so
# made-up query strings cannot fill the cache.
READS = {
    "public:areas": {"q", "region", "status", "outcome", "theme", "sort", "from"},
    "public:area": {"history"},
    "public:compare": {"areas"},
    "public:search": {"q", "framework", "outcome", "theme", "region", "year"},
    "public:search_csv": {"q", "framework", "outcome", "theme", "region", "year"},
    "api-v1:area_detail": {"history"},
    "api-v1:list_weaknesses": {"theme", "verdict", "region"},
}
# Pages made from the code alone: they change only with a release.
CODE_PAGES = {"api-v1:openapi-json"}
CODE_ONLY = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
LARGEST_STORED = 2_000_000  # bytes; bigger responses are rendered each time
CACHE_CONTROL = "no-cache"  # browsers keep the page but ask (with its ETag) before reuse


def data_version(view_name: str, kwargs: dict) -> dt.datetime | None:
    """When the data this page shows last changed, or None if it is not a cached page.

    One short query in plain SQL: on a cache hit it is most of the work, and building it
    with the ORM, or even running it through Django's cursor, would take longer than the
    query itself.
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
    row = one_row(sql, params)
    value = row[0] if row else None  # None: no such area or weakness, so a 404: not cached
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):  # SQLite: stored in UTC, unmarked
        value = value.replace(tzinfo=dt.UTC)
    return value


def one_row(sql: str, params: list) -> tuple | None:
    """One row, by plain SQL on the database driver's own cursor: Django's cursor wrapper
    costs several times what this query takes. As through the wrapper, the connection is
    health-checked first (CONN_HEALTH_CHECKS) and errors are Django's own, marking the
    connection to be checked again. Django's query log does not see it."""
    db = connections[DEFAULT_DB_ALIAS]  # looked up once: each lookup goes through a local
    db.ensure_connection()
    db.close_if_health_check_failed()
    db.ensure_connection()  # again, if the check closed it
    if db.vendor == "sqlite":
        sql = sql.replace("%s", "?")
    with db.wrap_database_errors:
        cursor = db.connection.cursor()
        try:
            cursor.execute(sql, params)
            return cursor.fetchone()
        finally:
            cursor.close()


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


@dataclass(frozen=True)
class Answer:
    """A response served from the cache (or a 304), as status, headers and body."""

    status: int
    headers: list[tuple[str, str]]
    content: bytes = b""

    def as_response(self) -> HttpResponse:
        response = HttpResponse(self.content, status=self.status)
        for name, value in self.headers:
            response[name] = value
        return response


@dataclass(frozen=True)
class CachedPage:
    """A public page as this request asks for it: its key in the cache, which is also its
    ETag, and when its data last changed."""

    key: str
    etag: str
    last_modified: int  # HTTP dates are in seconds

    @classmethod
    def of(cls, request: HttpRequest) -> CachedPage | None:
        """The page, when it is one that may come from the cache for this request."""
        if (
            request.method not in ("GET", "HEAD")
            or not settings.PAGE_CACHE
            or not is_anonymous(request)
        ):
            return None
        host = request.get_host()  # refuses a host not in ALLOWED_HOSTS, as Django would
        page = page_of(request.path_info)
        if page is None or set(request.GET) - READS.get(page[0], set()):
            return None
        changed_at = data_version(*page)
        if changed_at is None:
            return None

        from freshness.status import freshness
        from inspections.runs_to import data_runs_to

        now = dt.datetime.now(timezone.get_default_timezone())  # the site never switches zone
        today = now.date()
        key = hashlib.sha256(
            "\n".join(
                [
                    settings.RELEASE,
                    today.isoformat(),
                    "" if changed_at is CODE_ONLY else str(data_runs_to()),
                    # Every page's footer says whether the daily check is keeping it current
                    # (a page made from the code alone, such as the API's schema, has none).
                    "" if changed_at is CODE_ONLY else freshness().key(),
                    changed_at.isoformat(),
                    # http is redirected to https, never stored, in production
                    request.scheme or "",
                    host,
                    request.get_full_path(),
                    request.META.get("HTTP_HX_REQUEST", ""),
                    request.META.get("HTTP_HX_HISTORY_RESTORE_REQUEST", ""),
                ]
            ).encode()
        ).hexdigest()[:40]
        midnight = dt.datetime.combine(today, dt.time(), tzinfo=now.tzinfo)
        return cls(key, f'W/"{key}"', int(max(changed_at, midnight).timestamp()))

    def answer(self, request: HttpRequest) -> Answer | None:
        """A 304 when the browser has this version, the stored page when there is one."""
        conditional = get_conditional_response(
            request, etag=self.etag, last_modified=self.last_modified
        )
        if conditional is not None:
            return Answer(
                conditional.status_code,
                [*conditional.items(), *self.headers("not-modified")],
            )
        stored = _get(f"page:{self.key}")
        if stored is None:
            return None
        status, headers, content = stored
        if not accepts_gzip(request) and ("Content-Encoding", "gzip") in headers:
            content = gunzipped(content)
            headers = [
                (n, str(len(content)) if n == "Content-Length" else v)
                for n, v in headers
                if n != "Content-Encoding"
            ]
        return Answer(status, [*headers, ("X-Page-Cache", "hit")], content)

    def keep(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        """Stores a freshly rendered page when it is the same for everyone."""
        if not _same_for_everyone(request, response):
            return response
        for name, value in self.headers("miss"):
            response[name] = value
        # Signed-in visitors see other things (internal updates); htmx gets fragments.
        patch_vary_headers(response, ("Cookie", "HX-Request"))
        if response.streaming or len(response.content) > LARGEST_STORED:
            # Made afresh each time (the CSV files), but a browser's copy is still current.
            response["X-Page-Cache"] = "not-stored"
            return response
        content, stored = response.content, dict(response.headers)
        if compressible(response):  # not compressed for this client: stored compressed
            packed = gzipped(content)
            if len(packed) < len(content):
                content = packed
                stored.update({"Content-Encoding": "gzip", "Content-Length": str(len(packed))})
        if stored.get("Content-Encoding") == "gzip":
            patch_vary_headers(response, ("Accept-Encoding",))
            stored["Vary"] = response["Vary"]
        headers = [
            (n, v) for n, v in stored.items() if n.lower() not in ("set-cookie", "x-page-cache")
        ]
        _set(f"page:{self.key}", (response.status_code, headers, content))
        return response

    def headers(self, state: str) -> list[tuple[str, str]]:
        headers = [
            ("ETag", self.etag),
            ("Last-Modified", http_date(self.last_modified)),
            ("Cache-Control", CACHE_CONTROL),
            ("X-Page-Cache", state),
        ]
        if state == "not-modified":
            headers.append(("Vary", "Cookie, HX-Request, Accept-Encoding"))
        return headers


class PublicPageCache:
    """The middleware, first of all: it stores public pages as the browser gets them, with
    every other middleware's headers, and serves them when no faster way did
    (CachedPagesFirst, below, serves them before Django handles the request at all)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        page = CachedPage.of(request)
        if page is None:
            return self.get_response(request)
        answer = page.answer(request)
        if answer is not None:
            return answer.as_response()
        return page.keep(request, self.get_response(request))


class CachedPagesFirst:
    """Wraps the WSGI application (config/wsgi.py): a page in the cache is served without
    Django's request handling, middleware and response objects, which take most of the time
    of serving it. Anything it cannot answer, Django answers as usual: pages not in the
    cache, signed-in users, a host the site does not serve (400), and a database that is
    down (503, with its friendly page)."""

    def __init__(self, application: WSGIApplication) -> None:
        self.application = application

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if settings.PAGE_CACHE and environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            answer = self.answer(environ)
            if answer is not None:
                reason = responses.get(answer.status, "")
                start_response(f"{answer.status} {reason}", answer.headers)
                return [answer.content]
        return self.application(environ, start_response)

    @staticmethod
    def answer(environ: WSGIEnvironment) -> Answer | None:
        if page_of(get_path_info(environ)) is None:
            return None
        try:
            close_old_connections()  # as Django does at the start of each request
            # A copy: WSGIRequest writes the decoded path back into the environ it is given,
            # and Django, reading it again, cannot encode a path beyond Latin-1 (a 500).
            request = WSGIRequest(dict(environ))
            page = CachedPage.of(request)
            return page.answer(request) if page else None
        except Exception:  # Django answers instead, and reports what went wrong
            return None


def _same_for_everyone(request: HttpRequest, response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.cookies  # a session or message saved, a CSRF cookie sent
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # a CSRF token on the page
        and "no-store" not in response.get("Cache-Control", "")
    )


def _get(key: str) -> Any:
    try:
        return caches["pages"].get(key)
    except Exception:  # a cache server that is down is an empty cache
        logger.warning("Page cache unreachable; rendering the page", exc_info=True)
        return None


def _set(key: str, value: Any) -> None:
    try:
        caches["pages"].set(key, value)
    except Exception:
        logger.warning("Page cache unreachable; page not stored", exc_info=True)
