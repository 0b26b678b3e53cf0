"""DfE and NHS England decisions, and WSOA milestones (submitted, fit for purpose).

A decision follows the area's latest 2023-framework report if one was published by its date,
otherwise the written statement of action of its latest inspection before that date.
"""

from __future__ import annotations

import datetime as dt
import re

from areas.models import Area
from inspections.models import (
    DatePrecision,
    Decision,
    DecisionKind,
    Framework,
    Inspection,
    InspectionKind,
    RevisitResult,
    WrittenStatementOfAction,
    WsoaStatus,
)
from inspections.saving import save
from national_data.common import (
    DATA_DIR,
    LoadReport,
    area_for_code,
    month_in,
    parse_date,
    read_csv,
)
from national_data.sources import (
    addresses_in,
    forget_unsplit_source,
    source_for_address,
    sources_for_cell,
)
from national_data.statistics import latest_wsoa

DECISIONS_CSV = DATA_DIR / "dfe_nhse_decisions.csv"
WSOA_MILESTONES_CSV = DATA_DIR / "wsoa_milestones_and_monitoring.csv"


# --- DfE and NHS England decisions ------------------------------------------------


def load_decisions(report: LoadReport) -> None:
    rows = read_csv(DECISIONS_CSV)
    # The kinds the file gives each area on each day, to recognise a record whose kind the
    # file has since corrected (Worcestershire's plan reviews were once loaded as new plans).
    kinds_on_day: dict[tuple[str, str], set[str]] = {}
    for row in rows:
        kinds_on_day.setdefault((row["ons_code"], row["date"]), set()).add(row["kind"])
    loaded = 0
    for row in rows:
        area = area_for_code(row["ons_code"], {})
        decided_on = parse_date(row["date"])
        if decided_on is None:
            raise ValueError(f"A decision for {area.name} has no date: {row['date']!r}")
        on_day = Decision.objects.filter(area=area, decided_on=decided_on)
        decision = (
            on_day.filter(kind=row["kind"]).first()
            or on_day.exclude(kind__in=kinds_on_day[(row["ons_code"], row["date"])]).first()
            or Decision(area=area, decided_on=decided_on)
        )
        decision.kind = row["kind"]
        decision.date_precision = row["date_precision"].replace(" ", "_")
        decision.notes = row["detail"]
        # A decision after a 2023-framework report belongs to that report's story (Bexley's
        # notice after its outcome 3), not to a written statement of action years older.
        decision.inspection = framework_2_report_before(area, decided_on)
        decision.wsoa = None if decision.inspection else latest_wsoa(area, before=decided_on)
        cited = sources_for_cell(row["source"], area)
        save(decision).sources.add(*cited)
        forget_unsplit_source(decision, row["source"], cited)
        loaded += 1
    report.counts["DfE and NHS England decisions"] = loaded


def framework_2_report_before(area: Area, day: dt.date) -> Inspection | None:
    """The area's latest 2023-framework full inspection whose report was out by `day`."""
    return (
        Inspection.objects.filter(
            area=area,
            framework=Framework.AREA_2023,
            kind=InspectionKind.FULL,
            published_on__lte=day,
        )
        .order_by("-visit_start")
        .first()
    )


def settle_wsoa_statuses() -> None:
    """Sets each WSOA's status from what followed it: revisit, decision or new framework."""
    escalating = {
        DecisionKind.ACCELERATED_PROGRESS_PLAN,
        DecisionKind.ACCELERATED_PROGRESS_PLAN_REVIEW,
        DecisionKind.IMPROVEMENT_NOTICE,
        DecisionKind.IMPROVEMENT_NOTICE_UPDATED,
        DecisionKind.STATUTORY_DIRECTION,
        DecisionKind.COMMISSIONER_APPOINTED,
        DecisionKind.NEXT_STEPS_PENDING,
    }
    wsoas = WrittenStatementOfAction.objects.select_related("inspection__area").prefetch_related(
        "revisits", "decisions"
    )
    reinspected_areas = set(Inspection.objects.framework_2().values_list("area_id", flat=True))
    for wsoa in wsoas:
        revisit = max(wsoa.revisits.all(), key=lambda r: r.visit_start or dt.date.min, default=None)
        decisions = {d.kind for d in wsoa.decisions.all()}
        if revisit:
            status = (
                WsoaStatus.CLOSED
                if revisit.revisit_result == RevisitResult.ALL
                else WsoaStatus.ESCALATED
            )
        elif decisions & escalating:
            status = WsoaStatus.ESCALATED
        elif DecisionKind.MONITORING_CEASES in decisions or wsoa.signed_off:
            status = WsoaStatus.SIGNED_OFF
        elif wsoa.inspection.area_id in reinspected_areas:
            status = WsoaStatus.SUPERSEDED
        else:
            status = WsoaStatus.OPEN
        if wsoa.status != status:
            wsoa.status = status
            wsoa.save(update_fields=["status"])


# A milestone's note saying DfE and NHS England signed the plan off ("signed off the WSOA").
SIGNED_OFF = re.compile(r"\bsigned off the (?:WSOA|written statement of action)\b", re.I)

MILESTONE_FIELDS = {
    "WSOA declared fit for purpose": ("fit_for_purpose_on", "fit_for_purpose_precision"),
    "WSOA accepted": ("fit_for_purpose_on", "fit_for_purpose_precision"),
    "WSOA submitted": ("submitted_on", "submitted_precision"),
}


def load_wsoa_milestones(report: LoadReport) -> None:
    """When WSOAs were submitted and declared fit for purpose, where a public page says.

    Only the first date found for each step is kept (a WSOA sent back and resubmitted
    keeps its first submission), and a date known only to the month is kept as a month.
    """
    loaded = 0
    for row in read_csv(WSOA_MILESTONES_CSV):
        fields = MILESTONE_FIELDS.get(row["event"])
        if fields is None:
            continue
        area = area_for_code(row["area_code"], {})
        date = parse_date(row["start_date"])
        precision = DatePrecision.DAY
        if date is None and row["date_precision"] == "month":
            date, precision = month_in(row["outcome_or_note"]), DatePrecision.MONTH
        if date is None:
            continue  # the page gives no usable date (see its note)
        wsoa = latest_wsoa(area, before=date)
        if wsoa is None:
            continue
        date_field, precision_field = fields
        current = getattr(wsoa, date_field)
        if current is None or (
            getattr(wsoa, precision_field) == DatePrecision.MONTH and precision == DatePrecision.DAY
        ):
            setattr(wsoa, date_field, date)
            setattr(wsoa, precision_field, precision)
            save(wsoa)
        if SIGNED_OFF.search(row["outcome_or_note"]) and not wsoa.signed_off:
            wsoa.signed_off = True  # the page says so, though not when: no date is made up
            save(wsoa)
        first = source_for_address(addresses_in(row["source"])[0], area)
        wsoa.sources.add(first)
        forget_unsplit_source(wsoa, row["source"].split(" ; ")[0], [first])
        loaded += 1
    report.counts["WSOA milestones from public pages"] = loaded
