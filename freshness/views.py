"""`/healthz`: for an uptime monitor, in JSON: the database, the cache, and the last check for
new reports. 200 when all is well; 503 when the database or cache fails, or when the daily
check has not succeeded for more than CHECK_STALE_DAYS."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from freshness.models import Check


def _database() -> dict[str, Any]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:
        return {"ok": False, "error": error.__class__.__name__}
    return {"ok": True}


def _cache() -> dict[str, Any]:
    key, value = "healthz:probe", secrets.token_hex(8)
    try:
        cache.set(key, value, 10)
        ok = cache.get(key) == value
    except Exception as error:
        return {"ok": False, "error": error.__class__.__name__}
    return {"ok": ok} if ok else {"ok": False, "error": "the value read back differed"}


def _last_check() -> dict[str, Any]:
    from freshness.status import freshness

    try:
        last = Check.objects.finished().first()
        state = freshness()
    except Exception as error:
        return {"ok": False, "error": error.__class__.__name__}
    if last is None:
        return {"ok": True, "checked": False, "stale": False}
    return {
        "ok": not state.stale,
        "checked": True,
        "started_at": last.started_at.isoformat(),
        "finished_at": last.finished_at.isoformat() if last.finished_at else None,
        "result": last.result,
        "reason": last.reason,
        "new_reports": last.new_reports,
        "last_success_at": (state.last_success_at.isoformat() if state.last_success_at else None),
        "stale": state.stale,
        "stale_after_days": settings.CHECK_STALE_DAYS,
    }


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    report = {"database": _database(), "cache": _cache()}
    report["last_check_for_new_reports"] = (
        _last_check() if report["database"]["ok"] else {"ok": False, "error": "no database"}
    )
    healthy = all(part["ok"] for part in report.values())
    return JsonResponse({"ok": healthy, **report}, status=200 if healthy else 503)
