"""The published facts about areas, weaknesses and findings, as plain values.

Both the JSON API (`opendata.api`) and the CSV files (`opendata.files`) read from here,
so a status, an expected date or a verdict is said the same way in every format. Where an
area stands is read as stored on the area (worked out by `inspections.status`, stored by
`inspections.standing`), as every page reads it.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery

from areas.models import Area
from areas.statuses import Expected, Status
from inspections.models import (
    FRAMEWORK_2_FINDINGS,
    Finding,
    MonitoringFinding,
    Outcome,
    RevisitVerdict,
    SignificantWeakness,
    Source,
)
from inspections.runs_to import data_runs_to
from progress.models import ProgressUpdate

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

NO_VERDICT = "none"


def label(key: Any, text: str) -> dict[str, Any] | None:
    """A stable key with its words, or None when there is no key."""
    if key in (None, ""):
        return None
    return {"key": str(key), "label": str(text)}


def status_of(status: Status) -> dict[str, str]:
    return {"key": status.key, "label": status.label}


def expected_of(expected: Expected | None) -> dict[str, Any] | None:
    if expected is None:
        return None
    return {
        "label": expected.label,
        "date": expected.date,
        "basis": expected.basis,
        # Never "late": the tracker simply holds no record of it after that date.
        "date_passed_without_record": expected.overdue,
        "date_precision": expected.precision,
        "date_passed_since_data_end": expected.passed_since_data,
    }


def framework_2_outcome(area: Area) -> int | None:
    """The outcome of the area's latest full inspection, if it has one (as stored)."""
    return area.framework_2.outcome


def area_summary(area: Area, as_of: dt.date | None = None) -> dict[str, Any]:
    """Where one area stands: the same facts its page leads with.

    Read from what is stored on the area: no history needs fetching.
    """
    outcome = framework_2_outcome(area)
    return {
        "slug": area.slug,
        "name": area.name,
        "dfe_code": area.code,
        "ons_code": area.ons_code,
        "region": label(area.region, area.get_region_display()),
        "status": status_of(area.current_status),
        "framework_1_status": status_of(area.framework_1),
        "framework_2_status": status_of(area.framework_2),
        "framework_2_outcome": outcome,
        "framework_2_outcome_label": Outcome(outcome).label if outcome else None,
        "next_expected": expected_of(area.next_expected(as_of or data_runs_to())),
        "page_url": area.get_absolute_url(),
    }


def source_of(source: Source) -> dict[str, Any]:
    return {
        "kind": label(source.kind, source.get_kind_display()),
        "title": source.title,
        "url": source.url,
        "published_on": source.published_on,
        "not_linked": "" if source.url else source.not_linked_reason,
        "found_at_url": "" if source.url else source.found_at_url,
    }


def latest_verdict_key() -> Subquery:
    """The verdict of a weakness's latest revisit, as an annotation."""
    return Subquery(
        RevisitVerdict.objects.filter(weakness=OuterRef("pk"))
        .order_by("-revisit__visit_start")
        .values("verdict")[:1]
    )


class LatestVerdict(TypedDict):
    latest_verdict: str | None  # a Verdict, or None before any revisit


def weaknesses() -> QuerySet[WithAnnotations[SignificantWeakness, LatestVerdict]]:
    """Every weakness with its area, WSOA and verdicts: three queries however many there are."""
    return (
        SignificantWeakness.objects.select_related("wsoa__inspection__area")
        .prefetch_related(
            "wsoa__revisits",  # what a weakness without a verdict of its own says
            Prefetch(
                "verdicts",
                queryset=RevisitVerdict.objects.select_related("revisit").order_by(
                    "revisit__visit_start"
                ),
            ),
        )
        .annotate(latest_verdict=latest_verdict_key())
        .order_by("wsoa__inspection__area__name", "wsoa__inspection__visit_start", "number")
    )


class LatestMonitoring(TypedDict):
    latest_monitoring_verdict: str | None  # a MonitoringVerdict, or None if never monitored
    latest_monitoring_visit: dt.date | None


def framework_2_findings() -> QuerySet[WithAnnotations[Finding, LatestMonitoring]]:
    """Every area for priority action and for improvement, with its inspection and area, and
    what the latest monitoring inspection found on it (in the same query)."""
    latest = MonitoringFinding.objects.filter(priority_action=OuterRef("pk")).order_by(
        "-monitoring__visit_start"
    )
    return (
        Finding.objects.filter(kind__in=FRAMEWORK_2_FINDINGS)
        .select_related("inspection__area")
        .annotate(
            latest_monitoring_verdict=Subquery(latest.values("verdict")[:1]),
            latest_monitoring_visit=Subquery(latest.values("monitoring__visit_start")[:1]),
        )
        .order_by("inspection__area__name", "inspection__visit_start", "-kind", "number")
    )


def public_updates() -> QuerySet[ProgressUpdate]:
    """What the public sees of councils' progress updates: public ones, not withdrawn.

    The same rule as the area pages for someone not signed in (`visible_to` an anonymous
    user is `public()`), whoever asks: the open data never carries internal updates.
    """
    return ProgressUpdate.objects.public().select_related("weakness", "finding")
