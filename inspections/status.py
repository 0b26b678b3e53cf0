"""Where an area stands, worked out from its history: its two statuses and what comes next.

The one place these are worked out. Only `inspections/standing.py` calls it, to store the
result on the area (`Area.framework_1_status` and the rest); every page, list, file and feed
reads that stored copy (`Area.current_status`, `Area.next_expected`). What each status shows
is in `areas/statuses.py`.

Everything here reads from an area fetched with `with_records()` (or `with_history()`), so
working out one area or all 153 runs the same handful of queries.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, QuerySet

from areas.models import Area
from areas.statuses import STATUSES, Expected, Status, StatusKey
from inspections.models import (
    DatePrecision,
    Decision,
    DecisionKind,
    Framework,
    Inspection,
    InspectionKind,
    Outcome,
    SignificantWeakness,
    WrittenStatementOfAction,
    WsoaStatus,
    add_months,
)
from inspections.runs_to import data_runs_to

INTERVENTIONS = {
    DecisionKind.ACCELERATED_PROGRESS_PLAN,
    DecisionKind.IMPROVEMENT_NOTICE,
    DecisionKind.IMPROVEMENT_NOTICE_UPDATED,  # a notice replaced by another: still a notice
    DecisionKind.STATUTORY_DIRECTION,
    DecisionKind.COMMISSIONER_APPOINTED,
}
# The later steps of an intervention: a review of a plan says the plan is still in place (it
# is no new plan); a lifted notice ends the notice.
INTERVENTION_STEPS = INTERVENTIONS | {
    DecisionKind.ACCELERATED_PROGRESS_PLAN_REVIEW,
    DecisionKind.IMPROVEMENT_NOTICE_LIFTED,
}
IMPROVEMENT_NOTICE_STEPS = {
    DecisionKind.IMPROVEMENT_NOTICE,
    DecisionKind.IMPROVEMENT_NOTICE_UPDATED,
    DecisionKind.IMPROVEMENT_NOTICE_LIFTED,
}


def with_records(areas: QuerySet[Area]) -> QuerySet[Area]:
    """Prefetches what the calculation reads: the area's inspections (with their WSOAs),
    decisions and predecessors, in four queries whatever the number of areas."""
    inspections = Inspection.objects.select_related("written_statement").order_by(
        "visit_start", "published_on"
    )
    return areas.prefetch_related(
        Prefetch("inspections", queryset=inspections),
        Prefetch("decisions", queryset=Decision.objects.order_by("decided_on")),
        "predecessors",
    )


def with_history(areas: QuerySet[Area]) -> QuerySet[Area]:
    """`with_records`, and each WSOA's weaknesses: five queries whatever the number of areas."""
    return with_records(areas).prefetch_related(
        Prefetch(
            "inspections__written_statement__weaknesses",
            queryset=SignificantWeakness.objects.order_by("number"),
        ),
    )


def _framework(area: Area, framework: str) -> list[Inspection]:
    return [i for i in area.inspections.all() if i.framework == framework]


def latest_framework_1(area: Area) -> tuple[Inspection | None, Inspection | None]:
    """The latest initial inspection and, if any, the revisit of its WSOA."""
    inspections = _framework(area, Framework.LOCAL_AREA_2016)
    initial = next((i for i in reversed(inspections) if i.kind == InspectionKind.INITIAL), None)
    wsoa = getattr(initial, "written_statement", None) if initial else None
    revisit = next(
        (i for i in reversed(inspections) if wsoa and i.wsoa_id == wsoa.pk),
        None,
    )
    return initial, revisit


def latest_full_inspection(area: Area) -> Inspection | None:
    full = [i for i in _framework(area, Framework.AREA_2023) if i.kind == InspectionKind.FULL]
    return full[-1] if full else None


def framework_1_status(area: Area) -> Status:
    initial, revisit = latest_framework_1(area)
    if initial is None:
        if area.inspections.all() or any(p.abolished_on for p in area.predecessors.all()):
            # Dorset, Cumberland: a 2023-framework outcome, or a former area inspected.
            return STATUSES["no-own-inspection"]
        if not area.is_current:
            # Bournemouth, Poole: abolished with no inspection, so "not yet" cannot apply.
            return STATUSES[StatusKey.FORMER_NOT_INSPECTED]
        return STATUSES["not-inspected"]
    wsoa = getattr(initial, "written_statement", None)
    if wsoa is None:
        return STATUSES["no-wsoa"]
    intervention = latest_intervention(area, wsoa)
    if intervention is not None:
        if intervention.kind == DecisionKind.IMPROVEMENT_NOTICE_LIFTED:
            return STATUSES["intervention-lifted"]
        return STATUSES["dfe-decision"]
    if revisit and revisit.revisit_result:
        return STATUSES[f"revisit-{revisit.revisit_result}"]
    if wsoa.status == WsoaStatus.SUPERSEDED:
        return STATUSES["wsoa-superseded"]
    if wsoa.status == WsoaStatus.SIGNED_OFF:
        return STATUSES["wsoa-signed-off"]
    if wsoa.status == WsoaStatus.OPEN:
        return STATUSES["wsoa-never-revisited"]
    return STATUSES["wsoa-open"]


def latest_intervention(area: Area, wsoa: WrittenStatementOfAction) -> Decision | None:
    """The latest intervention on this WSOA, or its latest step (a review, a lifting)."""
    decisions = [
        d for d in area.decisions.all() if d.wsoa_id == wsoa.pk and d.kind in INTERVENTION_STEPS
    ]
    return max(decisions, key=lambda d: d.decided_on, default=None)


def step_after(area: Area, inspection: Inspection) -> Decision | None:
    """The latest intervention, or its latest step, that follows this 2023-framework
    inspection (`Decision.inspection`), as `latest_intervention` for a WSOA."""
    decisions = [
        d
        for d in area.decisions.all()
        if d.inspection_id == inspection.pk and d.kind in INTERVENTION_STEPS
    ]
    return max(decisions, key=lambda d: d.decided_on, default=None)


def notice_in_force_after(area: Area, inspection: Inspection) -> Decision | None:
    """The improvement notice (or updated notice) that follows this inspection, unless a
    later decision lifted it."""
    notices = [
        d
        for d in area.decisions.all()
        if d.inspection_id == inspection.pk and d.kind in IMPROVEMENT_NOTICE_STEPS
    ]
    latest = max(notices, key=lambda d: d.decided_on, default=None)
    return None if latest is None or latest.kind not in INTERVENTIONS else latest


def framework_2_status(area: Area) -> Status:
    full = latest_full_inspection(area)
    if full is None:
        return STATUSES[StatusKey.F2_PENDING if area.is_current else StatusKey.FORMER_AREA]
    if full.outcome is None:
        return STATUSES["f2-outcome-unknown"]
    if full.outcome == Outcome.WIDESPREAD and notice_in_force_after(area, full):
        return STATUSES[StatusKey.OUTCOME_3_IMPROVEMENT_NOTICE]
    return STATUSES[f"outcome-{full.outcome}"]


def monitoring_after(area: Area, full: Inspection) -> Inspection | None:
    """The latest monitoring inspection after this full inspection, if one is recorded."""
    later = [
        i
        for i in area.inspections.all()
        if i.kind == InspectionKind.MONITORING
        and i.visit_start
        and full.visit_start
        and i.visit_start > full.visit_start
    ]
    return later[-1] if later else None


def _after(inspections: list[Inspection], day: dt.date | None, kind: str) -> bool:
    return any(
        i.kind == kind and i.visit_start and day and i.visit_start > day for i in inspections
    )


def next_expected_event(area: Area, as_of: dt.date | None = None) -> Expected | None:
    """The next event the rules expect, with the rule it rests on.

    `as_of` is the date the data runs to (by default `data_runs_to()`): an expected date
    before it with no record is reported as such, never as late.
    """
    as_of = as_of or data_runs_to()
    if not area.is_current:
        return None  # its successors carry on its story
    full = latest_full_inspection(area)
    if full:
        # Dates are counted from the visit's first day, so the words name that day's month.
        if full.visit_start is None:
            visit_words = "the latest inspection"
        elif full.visit_precision == DatePrecision.MONTH:
            visit_words = f"the inspection that began in {full.visit_start:%B %Y}"
        else:
            visit_words = f"the inspection that began on {full.visit_start:%-d %B %Y}"
        if full.outcome == Outcome.WIDESPREAD and not _after(
            list(area.inspections.all()), full.visit_start, InspectionKind.MONITORING
        ):
            due = add_months(full.visit_start, 18) if full.visit_start else None
            return Expected(
                "Monitoring inspection",
                due,
                f"Outcome 3 reports say a monitoring inspection follows within about 18 "
                f"months of {visit_words}.",
                as_of,
            )
        years = {1: 5, 2: 3, 3: 3}.get(full.outcome or 0)
        # After outcome 3 the report page's date is the monitoring inspection's (within 18
        # months), not the next full inspection's: that one follows the three-year rule.
        by = full.next_inspection_by if full.outcome != Outcome.WIDESPREAD else None
        due = by or (
            add_months(full.visit_start, 12 * years) if full.visit_start and years else None
        )
        if by:
            basis = (
                f"Ofsted's report page gives the next full inspection by this date ({visit_words})."
            )
        elif years:
            basis = f"Outcome {full.outcome} means a full inspection within about {years} years of {visit_words}."
            monitored = monitoring_after(area, full)
            if monitored is not None and monitored.visit_start:
                basis += (
                    " The monitoring inspection that outcome 3 brings took place in "
                    f"{monitored.visit_start:%B %Y}; the full inspection comes next."
                )
        else:
            basis = "The outcome of the latest inspection is not held here, so no date can be worked out."
        precision = "day" if by else "month"
        return Expected("Next full inspection", due, basis, as_of, precision)
    initial, revisit = latest_framework_1(area)
    wsoa = getattr(initial, "written_statement", None) if initial else None
    decided = latest_intervention(area, wsoa) if wsoa else None
    basis = "Every area is inspected under the 2023 framework; Ofsted does not announce dates in advance."
    if wsoa and wsoa.status == WsoaStatus.ESCALATED and decided is None:
        # Years after the revisit, "DfE and NHS England decide" is no longer what comes next:
        # the 2023-framework inspection is, whatever they decided.
        basis = (
            "Not every weakness made sufficient progress at the revisit, and DfE and NHS England "
            "were to decide the next steps; no decision is recorded here. The next inspection is "
            "a full one under the 2023 framework, and Ofsted does not announce dates in advance."
        )
    elif decided is not None:
        basis = (
            f"After the revisit, DfE and NHS England's latest step was: "
            f"{decided.get_kind_display().lower()}. The next inspection is a full one under the "
            "2023 framework, and Ofsted does not announce dates in advance."
        )
    elif wsoa and not revisit and wsoa.status == WsoaStatus.OPEN:
        basis = (
            "The official statistics (to 31 August 2022) record no revisit of this written "
            "statement of action and the tracker knows of no later one; 2016-framework "
            "revisits ended in December 2022, so the next inspection is a full one under the "
            "2023 framework. Ofsted does not announce dates in advance."
        )
    return Expected("Full inspection under the 2023 framework", None, basis, as_of)
