"""An area's timeline: every event in its history, oldest first, then what comes next.

Where the area stands (its statuses and next expected event) is worked out in
`inspections/status.py` and stored on the area; the timeline reads the stored next event.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from django.db.models import Model, Prefetch, QuerySet, prefetch_related_objects

from areas.models import Area
from areas.statuses import STATUSES, Expected, Status
from inspections.models import (
    DateEvent,
    Decision,
    DecisionKind,
    Finding,
    FindingKind,
    Framework,
    Inspection,
    InspectionKind,
    JudgementArea,
    MonitoringFinding,
    ReportedDate,
    RevisitVerdict,
    SignificantWeakness,
    Source,
    SourceKind,
    Verdict,
    WrittenStatementOfAction,
    WsoaStatus,
)
from inspections.status import with_history


def inspection_details(prefix: str = "") -> list[Prefetch]:
    """What an inspection's timeline events show: dates per source, sources, verdicts, findings."""
    return [
        Prefetch(
            f"{prefix}reported_dates",
            queryset=ReportedDate.objects.select_related("source").order_by("date"),
        ),
        Prefetch(f"{prefix}sources"),
        Prefetch(
            f"{prefix}verdicts",
            queryset=RevisitVerdict.objects.select_related("weakness").order_by("weakness__number"),
        ),
        Prefetch(f"{prefix}findings"),
    ]


def monitoring_findings(prefix: str = "") -> Prefetch:
    """A monitoring inspection's findings, with the area for priority action each is on."""
    return Prefetch(
        f"{prefix}monitoring_findings",
        queryset=MonitoringFinding.objects.select_related("priority_action", "source").order_by(
            "priority_action__number"
        ),
    )


def monitoring_of(prefix: str = "") -> Prefetch:
    """What monitoring inspections found on each area for priority action, oldest first."""
    return Prefetch(
        f"{prefix}monitoring_findings",
        queryset=MonitoringFinding.objects.select_related("monitoring", "source").order_by(
            "monitoring__visit_start"
        ),
    )


def monitoring_summary(monitoring: Inspection, priority_actions: list[Finding]) -> str:
    """What a monitoring inspection found on the report's areas for priority action, in one
    sentence ("effective action being taken on 2 of 2"); the priority actions come with their
    monitoring findings (`monitoring_of`)."""
    found = [
        f
        for action in priority_actions
        for f in action.monitoring_findings.all()
        if f.monitoring_id == monitoring.pk
    ]
    if not monitoring.visit_start or not priority_actions:
        return ""
    when = f"The monitoring inspection of {monitoring.visit_start:%B %Y}"
    if not found:
        return f"{when} is recorded, but not what it found on each area for priority action."
    counts = Counter(f.get_verdict_display().lower() for f in found)
    findings = "; ".join(
        f"{verdict} on {n} of {len(priority_actions)}" for verdict, n in counts.items()
    )
    missing = len(priority_actions) - len(found)
    unknown = f"; not recorded on {missing}" if missing else ""
    return f"{when} found {findings} areas for priority action{unknown}."


def weakness_verdicts(prefix: str = "") -> Prefetch:
    """Each weakness's verdicts, oldest revisit first (see `weakness_verdict`)."""
    return Prefetch(
        f"{prefix}verdicts",
        queryset=RevisitVerdict.objects.select_related("revisit").order_by("revisit__visit_start"),
    )


def weaknesses_in_order() -> QuerySet[SignificantWeakness]:
    return SignificantWeakness.objects.order_by("number")


def with_full_history(areas: QuerySet[Area]) -> QuerySet[Area]:
    """Adds what the whole timeline shows: dates per source, verdicts, findings."""
    return with_history(areas).prefetch_related(
        *inspection_details("inspections__"),
        "decisions__sources",
        "inspections__written_statement__sources",
        weakness_verdicts("inspections__written_statement__weaknesses__"),
    )


def weakness_verdict(weakness: SignificantWeakness) -> RevisitVerdict | None:
    """The latest revisit verdict on a weakness (verdicts prefetched), if any."""
    verdicts = list(weakness.verdicts.all())
    return verdicts[-1] if verdicts else None


# --- The timeline ------------------------------------------------------------------


@dataclass
class Event:
    date: dt.date | None
    title: str
    kind: str
    body: str = ""
    plain: str = ""
    date_end: dt.date | None = None
    expected: bool = False
    precision: str = "day"
    inspection: Inspection | None = None
    decision: Decision | None = None
    other_dates: list[ReportedDate] = field(default_factory=list)
    tag: Status | None = None
    verdicts: list[RevisitVerdict] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    # A monitoring inspection's finding on each area for priority action it reviewed.
    monitoring_findings: list[MonitoringFinding] = field(default_factory=list)
    progress: tuple[int, int] | None = None  # (sufficient, of how many) at a revisit
    follows: str = ""  # for a decision: the inspection or plan it follows, in words
    note: str = ""  # what the record rests on, where it is not the letter or report itself

    @property
    def finding_groups(self) -> list[tuple[str, list[Finding]]]:
        """The letter's findings under its own headings, in the letter's order.

        2023 framework: areas for priority action, then areas for improvement. 2016
        framework: the main findings, then strengths and areas for development under
        each of the letter's three headings.
        """
        headings = [
            ((FindingKind.PRIORITY_ACTION, ""), "Areas for priority action"),
            ((FindingKind.IMPROVEMENT, ""), "Areas for improvement"),
            ((FindingKind.MAIN_FINDING, ""), "Main findings"),
        ]
        for value, label in JudgementArea.choices:
            headings.append(((FindingKind.STRENGTH, value), f"{label}: strengths"))
            headings.append(
                ((FindingKind.AREA_FOR_DEVELOPMENT, value), f"{label}: areas for development")
            )
        groups = [
            (title, [f for f in self.findings if (f.kind, f.judgement_area) == key])
            for key, title in headings
        ]
        return [(title, items) for title, items in groups if items]

    @property
    def finding_summary(self) -> str:
        """ "2 areas for priority action and 3 areas for improvement", for a details summary."""
        counts = [(title.lower(), len(items)) for title, items in self.finding_groups]
        if self.inspection and self.inspection.framework == Framework.LOCAL_AREA_2016:
            return "the letter's findings, strengths and areas for development"
        return " and ".join(f"{n} {t if n != 1 else t.replace('areas', 'area')}" for t, n in counts)

    sources: list[Source] = field(default_factory=list)


def _other_dates(inspection: Inspection, event: str, shown: dt.date | None) -> list[ReportedDate]:
    """Where sources give other dates than the one shown, each with its source."""
    reported = [r for r in inspection.reported_dates.all() if r.event == event]
    if all(r.date == shown for r in reported):
        return []
    return sorted(reported, key=lambda r: r.date)


def timeline(area: Area, expected: Expected | None, recent: int | None = None) -> list[Event]:
    """Every event in the area's history, oldest first, then what is expected next.

    The area must come from `with_history()`; `expected` is its next expected event (as stored,
    `Area.next_expected`). Only the `recent` latest events (by default all of them) carry their
    sources, other dates, verdicts and findings: those are fetched for them alone, so a long
    history costs no more than its recent part.
    """
    events: list[Event] = []
    revisited = {i.wsoa_id for i in area.inspections.all() if i.wsoa_id}
    for inspection in area.inspections.all():
        events += _inspection_events(inspection, revisited)
    followed = followed_records(area)
    for decision in area.decisions.all():
        events.append(
            Event(
                date=decision.decided_on,
                precision=decision.date_precision,
                title=decision.get_kind_display(),
                kind="decision",
                body=decision.notes,
                decision=decision,
                plain=DECISION_PLAIN.get(decision.kind, ""),
                follows=decision_follows(decision, followed),
            )
        )

    def when(event: Event) -> dt.date:
        # An undated visit sits just before its own report.
        return event.date or getattr(event.inspection, "published_on", None) or dt.date.max

    events.sort(key=lambda e: (when(e), EVENT_ORDER.index(e.kind)))
    if expected and not expected.overdue:
        events.append(
            Event(
                date=expected.date,
                title=expected.label.removesuffix(", by about").removesuffix(" around"),
                kind="expected",
                expected=True,
            )
        )
    shown = events if recent is None else events[max(len(events) - recent, 0) :]
    _add_details(shown)
    return events


Record = TypeVar("Record", bound=Model)


def _inspection_of(event: Event) -> Inspection | None:
    return event.inspection


def _wsoa_of(event: Event) -> WrittenStatementOfAction | None:
    """The WSOA of a "wsoa" or "wsoa-fit" event (only an inspection with one has those)."""
    return event.inspection.written_statement if event.inspection else None


def _decision_of(event: Event) -> Decision | None:
    return event.decision


def _add_details(events: list[Event]) -> None:
    """What the shown events say beyond their dates: fetched for their records alone, and
    only the kinds each event shows."""

    def records(kinds: set[str], of: Callable[[Event], Record | None]) -> list[Record]:
        return list({id(r): r for e in events if e.kind in kinds and (r := of(e))}.values())

    details = {d.prefetch_through: d for d in inspection_details()}
    prefetch_related_objects(
        records({"visit", "letter"}, _inspection_of), details["reported_dates"]
    )
    prefetch_related_objects(records({"letter"}, _inspection_of), details["sources"])
    letters = records({"letter"}, _inspection_of)
    revisits = [i for i in letters if i.kind == InspectionKind.REVISIT]
    prefetch_related_objects(revisits, details["verdicts"])
    prefetch_related_objects([i for i in letters if i not in revisits], details["findings"])
    prefetch_related_objects(
        [i for i in letters if i.kind == InspectionKind.MONITORING], monitoring_findings()
    )
    prefetch_related_objects(
        records({"wsoa"}, _wsoa_of), Prefetch("weaknesses", queryset=weaknesses_in_order())
    )
    prefetch_related_objects(records({"wsoa-fit"}, _wsoa_of), "sources")
    prefetch_related_objects(records({"decision"}, _decision_of), "sources")
    for event in events:
        inspection, decision = event.inspection, event.decision
        if event.kind == "decision" and decision is not None:
            event.sources = list(decision.sources.all())
        elif inspection is None:
            continue  # what is expected next: nothing beyond its date
        elif event.kind == "visit":
            event.other_dates = _other_dates(
                inspection, DateEvent.VISIT_START, inspection.visit_start
            )
        elif event.kind == "letter":
            _add_letter_details(event, inspection)
        elif event.kind == "wsoa":
            event.body = weakness_count_words(inspection.written_statement)
        elif event.kind == "wsoa-fit":
            event.sources = [
                source
                for source in inspection.written_statement.sources.all()
                if source.kind != SourceKind.STATISTICS
            ]


def weakness_count_words(wsoa: WrittenStatementOfAction) -> str:
    """How many significant weaknesses the plan had to put right: the count the statistics
    (or the letter) give, and how many of them are worded here where that is fewer."""
    held = len(wsoa.weaknesses.all())
    count = wsoa.reported_weakness_count or held
    if not count:
        return ""
    words = f"{count} significant weakness{'es' if count != 1 else ''} to put right."
    if held and held < count:
        words += f" The wording of {held} of them is held here."
    elif not held:
        words += " Their wording is not held here yet."
    return words


def _add_letter_details(letter: Event, inspection: Inspection) -> None:
    letter.other_dates = _other_dates(inspection, DateEvent.PUBLISHED, inspection.published_on)
    letter.sources = list(inspection.sources.all())
    if inspection.kind == InspectionKind.MONITORING:
        letter.monitoring_findings = list(inspection.monitoring_findings.all())
    elif inspection.framework == Framework.AREA_2023:
        letter.findings = [
            f
            for f in inspection.findings.all()
            if f.kind in (FindingKind.PRIORITY_ACTION, FindingKind.IMPROVEMENT)
        ]
    elif inspection.kind == InspectionKind.REVISIT:
        letter.verdicts = list(inspection.verdicts.all())
        if letter.verdicts:
            sufficient = sum(v.verdict == Verdict.SUFFICIENT for v in letter.verdicts)
            letter.progress = (sufficient, len(letter.verdicts))
        elif inspection.reported_sufficient is not None:
            total = inspection.reported_sufficient + (inspection.reported_not_sufficient or 0)
            letter.progress = (inspection.reported_sufficient, total)
    else:
        letter.findings = list(inspection.findings.all())


def followed_records(area: Area) -> dict[tuple[str, int], Inspection]:
    """The inspections a decision can follow, from the area's prefetched inspections: each
    2023-framework inspection by its key, and each WSOA's inspection by the WSOA's."""
    followed = {}
    for inspection in area.inspections.all():
        followed[("inspection", inspection.pk)] = inspection
        wsoa = getattr(inspection, "written_statement", None)
        if wsoa is not None:
            followed[("wsoa", wsoa.pk)] = inspection
    return followed


def decision_follows(decision: Decision, followed: dict[tuple[str, int], Inspection]) -> str:
    """What a decision follows, in words (see `Decision.inspection` and `Decision.wsoa`)."""
    if decision.inspection_id and (found := followed.get(("inspection", decision.inspection_id))):
        when = f" of {found.visit_start:%B %Y}" if found.visit_start else ""
        outcome = f" (outcome {found.outcome})" if found.outcome else ""
        return f"After the 2023-framework inspection{when}{outcome}."
    if decision.wsoa_id and (found := followed.get(("wsoa", decision.wsoa_id))):
        when = f"the {found.visit_start:%B %Y} inspection" if found.visit_start else "an inspection"
        return f"On the written statement of action after {when}."
    return ""


EVENT_ORDER = ["visit", "letter", "wsoa", "wsoa-fit", "revisit-due", "decision", "expected"]
DECISION_PLAIN: dict[str, str] = {
    DecisionKind.MONITORING_CEASES: "The government stops its regular check-in visits: the job is done.",
    DecisionKind.NEXT_STEPS_PENDING: "Not every weakness improved enough, so the government decides what happens next.",
    DecisionKind.ACCELERATED_PROGRESS_PLAN: "A plan to speed up improvement, checked by DfE and NHS England every few months.",
    DecisionKind.ACCELERATED_PROGRESS_PLAN_REVIEW: "DfE and NHS England checked how the accelerated progress plan is going: a review, not a new plan.",
    DecisionKind.IMPROVEMENT_NOTICE: "A formal warning from the government that services must improve.",
    DecisionKind.IMPROVEMENT_NOTICE_UPDATED: "The government replaced its formal warning with an updated one: the area is still under an improvement notice.",
    DecisionKind.IMPROVEMENT_NOTICE_LIFTED: "The formal warning has been withdrawn because services improved.",
    DecisionKind.STATUTORY_DIRECTION: "The government legally requires the council to act, often with outside help.",
    DecisionKind.COMMISSIONER_APPOINTED: "An expert is appointed by the government to oversee improvement.",
}


def _inspection_events(inspection: Inspection, revisited: set[int]) -> list[Event]:
    events = []
    f2 = inspection.framework == Framework.AREA_2023
    what = inspection.get_kind_display()
    events.append(
        Event(
            date=inspection.visit_start,
            date_end=inspection.visit_end,
            title=f"{what} visit"
            if inspection.kind != InspectionKind.INITIAL
            else "Inspection visit",
            kind="visit",
            inspection=inspection,
            precision=inspection.visit_precision,
            plain=VISIT_PLAIN[inspection.kind],
        )
    )
    letter_date = inspection.letter_date or inspection.published_on
    letter = Event(
        date=letter_date,
        # A publication known only to its month is shown as the month.
        precision="day" if inspection.letter_date else inspection.published_precision,
        title=("Report" if f2 else "Letter")
        + (" sent" if inspection.letter_date else " published"),
        kind="letter",
        inspection=inspection,
    )
    if f2:
        if inspection.outcome:
            letter.tag = STATUSES[f"outcome-{inspection.outcome}"]
            letter.plain = letter.tag.plain
        letter.body = inspection.outcome_text
        if inspection.kind == InspectionKind.MONITORING:
            letter.plain = (
                "Inspectors reported on each area for priority action of the report before: "
                "a monitoring inspection gives no new outcome."
            )
            if inspection.outcome_basis:
                letter.note = (
                    "The report is not held here: its findings are as public pages report "
                    f"them. {inspection.outcome_basis}."
                )
        elif inspection.outcome_basis:
            letter.note = (
                "The report is not held here: its outcome is as public pages quote it. "
                f"{inspection.outcome_basis}."
            )
    elif inspection.kind == InspectionKind.REVISIT:
        if inspection.revisit_result:
            letter.tag = STATUSES[f"revisit-{inspection.revisit_result}"]
            letter.plain = letter.tag.plain
        letter.body = inspection.summary
    else:
        letter.body = inspection.summary
    events.append(letter)

    wsoa = getattr(inspection, "written_statement", None)
    if inspection.kind == InspectionKind.INITIAL and wsoa is not None:
        events.append(
            Event(
                date=letter_date,
                title="Written statement of action required",
                kind="wsoa",
                inspection=inspection,
                plain="The area had to write a plan showing how it would fix the weaknesses inspectors found.",
            )
        )
        if wsoa.submitted_on:
            events.append(
                Event(
                    date=wsoa.submitted_on,
                    precision=wsoa.submitted_precision,
                    title="Written statement of action submitted",
                    kind="wsoa-fit",
                    inspection=inspection,
                    plain="The area sent its plan to Ofsted and CQC.",
                )
            )
        if wsoa.fit_for_purpose_on:
            events.append(
                Event(
                    date=wsoa.fit_for_purpose_on,
                    precision=wsoa.fit_for_purpose_precision,
                    title="Written statement of action declared fit for purpose",
                    kind="wsoa-fit",
                    inspection=inspection,
                    plain="Ofsted and CQC accepted the plan. A revisit normally follows about 18 months later.",
                )
            )
            revisit_came = wsoa.pk in revisited
            if revisit_came:
                title = "Revisit was due (about 18 months after the plan was accepted)"
                plain = (
                    "Revisits paused from March 2020 to April 2021, so many came later than this."
                )
            else:
                # No revisit is recorded, and none can come: the 2016 framework's last visits
                # were in December 2022. Never "expected", whatever the date 18 months gives.
                title = (
                    "A revisit would have been due (about 18 months after the plan was accepted)"
                )
                plain = (
                    "No revisit of this plan is recorded, and none will come: 2016-framework "
                    "revisits ended in December 2022."
                )
                if wsoa.status == WsoaStatus.SIGNED_OFF:
                    plain = (
                        "No revisit came: DfE and NHS England signed the plan off without one "
                        "(see the sources of the plan's acceptance)."
                    )
            events.append(
                Event(
                    date=wsoa.revisit_due,
                    title=title,
                    kind="revisit-due",
                    # Shown as the month it was due ("expected around") only where a revisit
                    # came; otherwise as a past month, never as something to come.
                    expected=revisit_came,
                    precision="month",
                    inspection=inspection,
                    plain=plain,
                )
            )
    return events


VISIT_PLAIN: dict[str, str] = {
    InspectionKind.INITIAL: "Inspectors from Ofsted and CQC spent a week looking at SEND services in the area.",
    InspectionKind.REVISIT: "Inspectors came back to check progress on each significant weakness.",
    InspectionKind.FULL: "Inspectors looked at how well the local area partnership supports children with SEND.",
    InspectionKind.MONITORING: "Inspectors checked progress on the areas for priority action.",
}
