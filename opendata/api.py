"""The read-only JSON API at /api/v1/, with its OpenAPI document at /api/v1/openapi.json."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any, Literal

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Query, Schema, Status
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import Field

from areas.models import Area, Region
from inspections import history
from inspections.models import (
    DateEvent,
    Finding,
    Inspection,
    InspectionKind,
    MonitoringFinding,
    Outcome,
    RevisitVerdict,
    SignificantWeakness,
    Theme,
    Verdict,
    WrittenStatementOfAction,
)
from inspections.runs_to import data_runs_to
from opendata import records
from opendata.schemas import (
    AreaDetail,
    AreaSummary,
    Message,
    WeaknessListItem,
)
from progress.models import ProgressUpdate

api = NinjaAPI(
    title="SEND Inspection Tracker open data",
    version="1",
    description=(
        "Read-only data about Ofsted and CQC SEND inspections of every local area in England. "
        "Contains public sector information licensed under the Open Government Licence v3.0. "
        "Field meanings: /data/dictionary/."
    ),
    urls_namespace="api-v1",
    docs_url=None,  # the interactive docs load scripts from a CDN, which the CSP refuses
)


class ValidationErrors(Schema):
    detail: list[dict[str, Any]]


@api.exception_handler(NinjaValidationError)
def validation_errors(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    return api.create_response(request, {"detail": exc.errors}, status=422)


class VerdictFilter(enum.StrEnum):
    SUFFICIENT = Verdict.SUFFICIENT.value
    NOT_SUFFICIENT = Verdict.NOT_SUFFICIENT.value
    NONE = records.NO_VERDICT


# Members copied from the choices, so they cannot drift apart; mypy reads an enum's members only
# from literals, so to it these two have none.
ThemeKey = enum.StrEnum("ThemeKey", {t.name: t.value for t in Theme})  # type: ignore[misc]
RegionKey = enum.StrEnum("RegionKey", {r.name: r.value for r in Region})  # type: ignore[misc]


class WeaknessFilters(Schema):
    theme: ThemeKey | None = Field(None, description="A theme key, such as ehc_plan_quality.")
    verdict: VerdictFilter | None = Field(
        None,
        description="The latest revisit's verdict: sufficient, not_sufficient, or none for "
        "weaknesses not yet given a verdict.",
    )
    region: RegionKey | None = Field(None, description="A region key, such as east-of-england.")


@api.get(
    "/areas/",
    response=list[AreaSummary],
    summary="Every current local area and where it stands",
    tags=["areas"],
)
def list_areas(request: HttpRequest) -> list[dict[str, Any]]:
    as_of = data_runs_to()
    areas = Area.objects.current()
    return [records.area_summary(area, as_of) for area in areas]


# Without ?history=all, one area's record carries its recent history, so it stays the same size
# as years of history and updates accumulate. No area's real history is longer than this yet
# (at most 3 inspections, one WSOA, 4 decisions and 11 events); the *_total fields say how
# much there is in all.
RECENT_INSPECTIONS = 4
RECENT_WSOAS = 1
RECENT_DECISIONS = 6
RECENT_EVENTS = 12
RECENT_UPDATES = 50
HistoryPart = Literal["all"] | None
WHICH_HISTORY = Query(None, alias="history", description="`all` for the whole history")


@api.get(
    "/areas/{slug}/",
    response={200: AreaDetail, 404: Message, 422: ValidationErrors},
    summary="One area's history: the recent part, or all of it with ?history=all",
    tags=["areas"],
)
def area_detail(
    request: HttpRequest, slug: str, history_: HistoryPart = WHICH_HISTORY
) -> dict[str, Any] | Status:
    areas = history.with_full_history(Area.objects.all()).prefetch_related(
        "successors",
        Prefetch(
            "progress_updates",
            queryset=records.public_updates(),
            to_attr="public_updates",
        ),
    )
    area = areas.filter(slug=slug).first()
    if area is None:
        return Status(404, {"detail": f"No area has the slug “{slug}”."})
    as_of = data_runs_to()
    every_inspection = list(area.inspections.all())
    every_wsoa = [
        i.written_statement for i in every_inspection if getattr(i, "written_statement", None)
    ]
    wsoa_starts = {w.pk: w.inspection.visit_start for w in every_wsoa}
    inspection_starts: dict[int | None, dt.date | None] = {
        i.pk: i.visit_start for i in every_inspection
    }
    whole = history_ == "all"
    inspections = every_inspection if whole else every_inspection[-RECENT_INSPECTIONS:]
    wsoas = every_wsoa if whole else every_wsoa[-RECENT_WSOAS:]
    updates = area.public_updates if whole else area.public_updates[:RECENT_UPDATES]
    every_decision = list(area.decisions.all())
    decisions = every_decision if whole else every_decision[-RECENT_DECISIONS:]
    every_event = history.timeline(area, area.next_expected(as_of))
    events = every_event if whole else every_event[-RECENT_EVENTS:]
    return {
        **records.area_summary(area, as_of),
        "council_name": area.council_name,
        "health_partner_name": area.health_partner_name,
        "area_type": records.label(area.area_type, area.get_area_type_display()),
        "abolished_on": area.abolished_on,
        "predecessors": [a.slug for a in area.predecessors.all()],
        "successors": [a.slug for a in area.successors.all()],
        "inspections": [_inspection(i, wsoa_starts) for i in inspections],
        "written_statements": [_wsoa(w) for w in wsoas],
        "decisions": [
            {
                "kind": records.label(d.kind, d.get_kind_display()),
                "decided_on": d.decided_on,
                "date_precision": d.date_precision,
                "notes": d.notes,
                "wsoa_inspection_visit_start": wsoa_starts.get(d.wsoa_id) if d.wsoa_id else None,
                "inspection_visit_start": inspection_starts.get(d.inspection_id),
                "sources": [records.source_of(s) for s in d.sources.all()],
            }
            for d in decisions
        ],
        "progress_updates": [_update(u) for u in updates],
        "whole_history": whole,
        "inspections_total": len(every_inspection),
        "decisions_total": len(every_decision),
        "timeline_total": len(every_event),
        "written_statements_total": len(every_wsoa),
        "progress_updates_total": len(area.public_updates),
        "timeline": [
            {
                "date": e.date,
                "date_end": e.date_end,
                "precision": e.precision,
                "title": e.title,
                "kind": e.kind,
                "expected": e.expected,
            }
            for e in events
        ],
        "data_runs_to": as_of,
    }


@api.get(
    "/weaknesses/",
    response={200: list[WeaknessListItem], 422: ValidationErrors},
    summary="Significant weaknesses, with their verdicts",
    tags=["weaknesses"],
)
def list_weaknesses(request: HttpRequest, filters: Query[WeaknessFilters]) -> list[dict[str, Any]]:
    weaknesses = records.weaknesses()
    if filters.theme:
        weaknesses = weaknesses.filter(theme=filters.theme.value)
    if filters.region:
        weaknesses = weaknesses.filter(wsoa__inspection__area__region=filters.region.value)
    if filters.verdict is VerdictFilter.NONE:
        weaknesses = weaknesses.filter(latest_verdict__isnull=True)
    elif filters.verdict:
        weaknesses = weaknesses.filter(latest_verdict=filters.verdict.value)
    return [_weakness_item(w) for w in weaknesses]


def _inspection(inspection: Inspection, wsoa_starts: dict) -> dict[str, Any]:
    return {
        "framework": records.label(inspection.framework, inspection.get_framework_display()),
        "kind": records.label(inspection.kind, inspection.get_kind_display()),
        "visit_start": inspection.visit_start,
        "visit_end": inspection.visit_end,
        "visit_precision": inspection.visit_precision,
        "letter_date": inspection.letter_date,
        "published_on": inspection.published_on,
        "published_precision": inspection.published_precision,
        "report_url": inspection.report_url,
        "summary": inspection.summary,
        "wsoa_required": inspection.wsoa_required,
        "revisit_of": wsoa_starts.get(inspection.wsoa_id),
        "revisit_result": records.label(
            inspection.revisit_result, inspection.get_revisit_result_display()
        ),
        "reported_sufficient": inspection.reported_sufficient,
        "reported_not_sufficient": inspection.reported_not_sufficient,
        "outcome": inspection.outcome,
        "outcome_label": Outcome(inspection.outcome).label if inspection.outcome else None,
        "outcome_basis": inspection.outcome_basis,
        "next_inspection_by": inspection.next_inspection_by,
        "findings": [_finding(f) for f in inspection.findings.all()],
        # Fetched with the timeline, for monitoring inspections alone.
        "monitoring_findings": [
            _monitoring_finding(f) for f in inspection.monitoring_findings.all()
        ]
        if inspection.kind == InspectionKind.MONITORING
        else [],
        "reported_dates": [
            {
                "event": records.label(r.event, DateEvent(r.event).label),
                "date": r.date,
                "source": records.source_of(r.source),
            }
            for r in inspection.reported_dates.all()
        ],
        "sources": [records.source_of(s) for s in inspection.sources.all()],
    }


def _finding(finding: Finding) -> dict[str, Any]:
    return {
        "kind": records.label(finding.kind, finding.get_kind_display()),
        "heading": records.label(finding.judgement_area, finding.get_judgement_area_display()),
        "number": finding.number,
        "title": finding.title,
        "text": finding.text,
        "theme": records.label(finding.theme, finding.get_theme_display()),
        "responsible_body": finding.responsible_body,
    }


def _monitoring_finding(found: MonitoringFinding) -> dict[str, Any]:
    action = found.priority_action
    return {
        "priority_action": records.label(
            f"{action.kind}-{action.number}", f"{action.get_kind_display()} {action.number}"
        ),
        "verdict": records.label(found.verdict, found.get_verdict_display()),
        "words": found.words,
        "source": records.source_of(found.source) if found.source else None,
    }


def _verdict(verdict: RevisitVerdict) -> dict[str, Any]:
    return {
        "verdict": records.label(verdict.verdict, verdict.get_verdict_display()),
        "basis": records.label(verdict.basis, verdict.get_basis_display()),
        "narrative": verdict.narrative,
        "revisit_visit_start": verdict.revisit.visit_start,
        "revisit_published_on": verdict.revisit.published_on,
    }


def _weakness(weakness: SignificantWeakness) -> dict[str, Any]:
    latest = history.weakness_verdict(weakness)
    return {
        "reference": weakness.reference,
        "number": weakness.number,
        "title": weakness.title,
        "text": weakness.text,
        "wording_complete": weakness.wording_complete,
        "theme": records.label(weakness.theme, weakness.get_theme_display()),
        "latest_verdict": records.label(latest.verdict, latest.get_verdict_display())
        if latest
        else None,
        "verdict_note": "" if latest else weakness.wsoa.without_verdict.words,
        "verdicts": [_verdict(v) for v in weakness.verdicts.all()],
        "page_url": weakness.get_absolute_url(),
    }


def _weakness_item(weakness: SignificantWeakness) -> dict[str, Any]:
    wsoa = weakness.wsoa
    area = wsoa.inspection.area
    return {
        **_weakness(weakness),
        "area": {
            "slug": area.slug,
            "name": area.name,
            "dfe_code": area.code,
            "region": records.label(area.region, area.get_region_display()),
        },
        "inspection_visit_start": wsoa.inspection.visit_start,
        "wsoa_status": records.label(wsoa.status, wsoa.get_status_display()),
    }


def _wsoa(wsoa: WrittenStatementOfAction) -> dict[str, Any]:
    return {
        "inspection_visit_start": wsoa.inspection.visit_start,
        "status": records.label(wsoa.status, wsoa.get_status_display()),
        "responsible_bodies": wsoa.responsible_bodies,
        "submitted_on": wsoa.submitted_on,
        "submitted_precision": wsoa.submitted_precision,
        "fit_for_purpose_on": wsoa.fit_for_purpose_on,
        "fit_for_purpose_precision": wsoa.fit_for_purpose_precision,
        "revisit_due": wsoa.revisit_due,
        "reported_weakness_count": wsoa.reported_weakness_count,
        "weaknesses": [_weakness(w) for w in wsoa.weaknesses.all()],
        "sources": [records.source_of(s) for s in wsoa.sources.all()],
    }


def _update(update: ProgressUpdate) -> dict[str, Any]:
    finding = update.finding
    return {
        "date": update.date,
        "rag": records.label(update.rag, update.get_rag_display()),
        "summary": update.summary,
        "details": update.details,
        "next_steps": update.next_steps,
        "evidence_links": update.evidence_list,
        "weakness_reference": update.weakness.reference if update.weakness else None,
        "finding": records.label(
            f"{finding.kind}-{finding.number}", f"{finding.get_kind_display()} {finding.number}"
        )
        if finding
        else None,
        "updated_at": update.updated_at,
    }
