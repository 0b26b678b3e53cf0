"""An area's story so far: where it stands, what comes next, and its timeline.

Everything here reads from an area fetched with `with_history()`, so a page that
shows one area or all 153 runs the same handful of queries.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Prefetch, QuerySet

from areas.models import Area
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
    Outcome,
    ReportedDate,
    RevisitVerdict,
    SignificantWeakness,
    SourceKind,
    Verdict,
    WsoaStatus,
    add_months,
)


@dataclass(frozen=True)
class Status:
    key: str
    label: str
    colour: str  # a govuk-tag modifier; the label always carries the meaning too
    plain: str


STATUSES = {
    s.key: s
    for s in [
        Status(
            "outcome-1",
            "Outcome 1: typically positive",
            "green",
            "Most families have positive experiences.",
        ),
        Status(
            "outcome-2",
            "Outcome 2: inconsistent",
            "yellow",
            "Experiences vary; the partnership must improve.",
        ),
        Status(
            "outcome-3",
            "Outcome 3: widespread failings",
            "red",
            "Serious concerns; urgent action and a monitoring inspection.",
        ),
        Status(
            "wsoa-open",
            "Written statement of action open",
            "orange",
            "The area must fix significant weaknesses; no revisit yet.",
        ),
        Status(
            "awaiting-revisit",
            "Awaiting revisit",
            "orange",
            "The plan was accepted; inspectors will come back to check progress.",
        ),
        Status(
            "revisit-all",
            "Revisit: progress on all weaknesses",
            "green",
            "Inspectors found enough progress on every weakness.",
        ),
        Status(
            "revisit-some",
            "Revisit: progress on some weaknesses",
            "yellow",
            "Some weaknesses improved enough; others did not.",
        ),
        Status(
            "revisit-none",
            "Revisit: progress on no weaknesses",
            "red",
            "No weakness had improved enough.",
        ),
        Status(
            "dfe-decision",
            "DfE and NHS England intervention",
            "red",
            "The government has stepped in, for example with an improvement notice.",
        ),
        Status(
            "wsoa-superseded",
            "Written statement of action overtaken by the 2023 framework",
            "grey",
            "No revisit: a 2023-framework inspection came first.",
        ),
        Status(
            "wsoa-signed-off",
            "Written statement of action signed off",
            "green",
            "DfE and NHS England signed the plan off without a revisit.",
        ),
        Status(
            "wsoa-never-revisited",
            "Written statement of action: no revisit recorded",
            "orange",
            "No revisit of this plan is recorded, and 2016-framework revisits ended in "
            "December 2022.",
        ),
        Status(
            "intervention-lifted",
            "Improvement notice lifted",
            "green",
            "DfE and NHS England withdrew their formal warning because services improved.",
        ),
        Status(
            "no-wsoa",
            "No significant weaknesses (2016 framework)",
            "grey",
            "The last inspection did not require a written statement of action.",
        ),
        Status(
            "no-own-inspection",
            "Not inspected as this area under the 2016 framework",
            "grey",
            "The area was formed after its 2016-framework inspection: see the former areas.",
        ),
        Status(
            "not-inspected", "Not yet inspected", "grey", "No inspection is recorded for this area."
        ),
        Status(
            "former-area",
            "Replaced by newer areas",
            "grey",
            "This area was reorganised away; the areas that replaced it are inspected instead.",
        ),
        Status(
            "f2-outcome-unknown",
            "Inspected: outcome not held here",
            "grey",
            "Inspectors visited under the 2023 framework, but the tracker does not hold the "
            "outcome: read the report.",
        ),
    ]
}
FRAMEWORK_2_PENDING = Status(
    "f2-pending",
    "Not yet inspected under the 2023 framework",
    "grey",
    "No report under the current framework yet.",
)


def status_of_key(key: str) -> Status:
    """The status a stored key names (Area.framework_1_status and framework_2_status)."""
    return FRAMEWORK_2_PENDING if key == FRAMEWORK_2_PENDING.key else STATUSES[key]


def stored_expected(area: Area, as_of: dt.date | None = None) -> Expected | None:
    """The next expected event as stored on the area by inspections/standing.py."""
    if not area.next_expected_label:
        return None
    return Expected(
        area.next_expected_label,
        area.next_expected_on,
        area.next_expected_basis,
        as_of or data_runs_to(),
        area.next_expected_precision or "month",
    )


INTERVENTIONS = {
    DecisionKind.ACCELERATED_PROGRESS_PLAN,
    DecisionKind.IMPROVEMENT_NOTICE,
    DecisionKind.STATUTORY_DIRECTION,
    DecisionKind.COMMISSIONER_APPOINTED,
}


def with_history(areas: QuerySet[Area]) -> QuerySet[Area]:
    """Prefetches all an area's history needs: six queries whatever the number of areas."""
    inspections = Inspection.objects.select_related("written_statement").order_by(
        "visit_start", "published_on"
    )
    return areas.prefetch_related(
        Prefetch("inspections", queryset=inspections),
        Prefetch("decisions", queryset=Decision.objects.order_by("decided_on")),
        Prefetch(
            "inspections__written_statement__weaknesses",
            queryset=SignificantWeakness.objects.order_by("number"),
        ),
        "predecessors",
    )


def with_full_history(areas: QuerySet[Area]) -> QuerySet[Area]:
    """Adds what one area's timeline shows: dates per source, verdicts, findings."""
    return with_history(areas).prefetch_related(
        Prefetch(
            "inspections__reported_dates",
            queryset=ReportedDate.objects.select_related("source").order_by("date"),
        ),
        "inspections__sources",
        Prefetch(
            "inspections__verdicts",
            queryset=RevisitVerdict.objects.select_related("weakness").order_by("weakness__number"),
        ),
        "inspections__findings",
        "decisions__sources",
        "inspections__written_statement__sources",
        Prefetch(
            "inspections__written_statement__weaknesses__verdicts",
            queryset=RevisitVerdict.objects.select_related("revisit").order_by(
                "revisit__visit_start"
            ),
        ),
    )


def weakness_verdict(weakness: SignificantWeakness) -> RevisitVerdict | None:
    """The latest revisit verdict on a weakness (verdicts prefetched), if any."""
    verdicts = list(weakness.verdicts.all())
    return verdicts[-1] if verdicts else None


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


def latest_intervention(area: Area, wsoa) -> Decision | None:
    """The latest intervention on this WSOA, or its lifting if that came after it."""
    decisions = [
        d
        for d in area.decisions.all()
        if d.wsoa_id == wsoa.pk
        and (d.kind in INTERVENTIONS or d.kind == DecisionKind.IMPROVEMENT_NOTICE_LIFTED)
    ]
    return max(decisions, key=lambda d: d.decided_on, default=None)


def framework_2_status(area: Area) -> Status:
    full = latest_full_inspection(area)
    if full is None:
        return FRAMEWORK_2_PENDING if area.is_current else STATUSES["former-area"]
    if full.outcome is None:
        return STATUSES["f2-outcome-unknown"]
    return STATUSES[f"outcome-{full.outcome}"]


def current_status(area: Area) -> Status:
    """Where the area stands now: its 2023-framework outcome if it has one."""
    status = framework_2_status(area)
    if status is FRAMEWORK_2_PENDING or status.key == "former-area":
        return framework_1_status(area)
    return status


def data_runs_to() -> dt.date | None:
    """The latest publication or decision date the tracker holds (cached until either changes).

    Nothing after it can be known from the data: an expected event past this date is not
    "overdue", it is simply not yet in the data.
    """
    try:
        cached = cache.get(DATA_RUNS_TO_KEY)
    except Exception:  # a cache server that is down: ask the database
        cached = None
    if cached is None:
        dates = (
            Inspection.objects.filter(published_on__isnull=False)
            .order_by()
            .values_list("published_on", flat=True)
            .union(Decision.objects.order_by().values_list("decided_on", flat=True))
            .order_by("-published_on")[:1]
        )
        cached = next(iter(dates), "")
        # Saves clear it in this process; other processes see a change within five minutes.
        with contextlib.suppress(Exception):
            cache.set(DATA_RUNS_TO_KEY, cached, 300)
    return cached or None


DATA_RUNS_TO_KEY = "inspections:data-runs-to"


def forget_data_runs_to(**kwargs) -> None:
    """Signal receiver: an inspection or decision changed, so work the date out again."""
    with contextlib.suppress(Exception):
        cache.delete(DATA_RUNS_TO_KEY)


def after_bulk_changes() -> None:
    """What the save and delete signals do, for writes that send none (bulk_create, update()).

    The one place to call after changing inspections or decisions in bulk (generate_synthetic
    does): anything the signals keep up to date must be brought up to date here too: the
    date the data runs to, and every area's stored standing and change stamp.
    """
    from inspections import standing

    forget_data_runs_to()
    standing.refresh()


@dataclass(frozen=True)
class Expected:
    """What should happen next, when, and what that rests on."""

    label: str
    date: dt.date | None
    basis: str = ""  # the rule or fact the date comes from, in plain words
    as_of: dt.date | None = None  # the date the data runs to
    # "month" where the date comes from a rule of thumb ("about 18 months after"), "day"
    # where a source gives the date itself.
    precision: str = "month"

    @property
    def overdue(self) -> bool:
        """Expected before the data's last date, and not in the data."""
        return self.date is not None and self.as_of is not None and self.date < self.as_of


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
        visited = full.visit_end or full.visit_start
        visit_words = f"the {visited:%B %Y} inspection" if visited else "the latest inspection"
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
        due = full.next_inspection_by or (
            add_months(full.visit_start, 12 * years) if full.visit_start and years else None
        )
        if full.next_inspection_by:
            basis = (
                f"Ofsted's report page gives the next full inspection by this date ({visit_words})."
            )
        elif years:
            basis = f"Outcome {full.outcome} means a full inspection within about {years} years of {visit_words}."
        else:
            basis = "The outcome of the latest inspection is not held here, so no date can be worked out."
        precision = "day" if full.next_inspection_by else "month"
        return Expected("Next full inspection", due, basis, as_of, precision)
    initial, revisit = latest_framework_1(area)
    wsoa = getattr(initial, "written_statement", None) if initial else None
    decided = latest_intervention(area, wsoa) if wsoa else None
    if wsoa and wsoa.status == WsoaStatus.ESCALATED and decided is None:
        return Expected(
            "DfE and NHS England decide the next steps",
            None,
            "Not every weakness made sufficient progress at the revisit, and no decision "
            "on what follows is recorded here yet.",
            as_of,
        )
    basis = "Every area is inspected under the 2023 framework; Ofsted does not announce dates in advance."
    if decided is not None:
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
    progress: tuple[int, int] | None = None  # (sufficient, of how many) at a revisit

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

    sources: list = field(default_factory=list)


def _other_dates(inspection: Inspection, event: str, shown: dt.date | None) -> list[ReportedDate]:
    """Where sources give other dates than the one shown, each with its source."""
    reported = [r for r in inspection.reported_dates.all() if r.event == event]
    if all(r.date == shown for r in reported):
        return []
    return sorted(reported, key=lambda r: r.date)


def timeline(area: Area, as_of: dt.date | None = None) -> list[Event]:
    """Every event in the area's history, oldest first, then what is expected next.

    The area must come from `with_history()` and its inspections must also carry
    `reported_dates`, `sources`, `verdicts` and `findings` (see `timeline_queryset`).
    """
    events: list[Event] = []
    revisited = {i.wsoa_id for i in area.inspections.all() if i.wsoa_id}
    for inspection in area.inspections.all():
        events += _inspection_events(inspection, revisited)
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
                sources=list(decision.sources.all()),
            )
        )

    def when(event: Event) -> dt.date:
        # An undated visit sits just before its own report.
        return event.date or getattr(event.inspection, "published_on", None) or dt.date.max

    events.sort(key=lambda e: (when(e), EVENT_ORDER.index(e.kind)))
    expected = next_expected_event(area, as_of)
    if expected and not expected.overdue:
        events.append(
            Event(
                date=expected.date,
                title=expected.label.removesuffix(", by about").removesuffix(" around"),
                kind="expected",
                expected=True,
            )
        )
    return events


EVENT_ORDER = ["visit", "letter", "wsoa", "wsoa-fit", "revisit-due", "decision", "expected"]
DECISION_PLAIN = {
    DecisionKind.MONITORING_CEASES: "The government stops its regular check-in visits: the job is done.",
    DecisionKind.NEXT_STEPS_PENDING: "Not every weakness improved enough, so the government decides what happens next.",
    DecisionKind.ACCELERATED_PROGRESS_PLAN: "A plan to speed up improvement, checked by DfE and NHS England every few months.",
    DecisionKind.IMPROVEMENT_NOTICE: "A formal warning from the government that services must improve.",
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
            other_dates=_other_dates(inspection, DateEvent.VISIT_START, inspection.visit_start),
        )
    )
    letter_date = inspection.letter_date or inspection.published_on
    letter = Event(
        date=letter_date,
        title=("Report" if f2 else "Letter")
        + (" sent" if inspection.letter_date else " published"),
        kind="letter",
        inspection=inspection,
        other_dates=_other_dates(inspection, DateEvent.PUBLISHED, inspection.published_on),
        sources=list(inspection.sources.all()),
    )
    if f2:
        if inspection.outcome:
            letter.tag = STATUSES[f"outcome-{inspection.outcome}"]
            letter.plain = letter.tag.plain
        letter.body = inspection.outcome_text
        letter.findings = [
            f
            for f in inspection.findings.all()
            if f.kind in (FindingKind.PRIORITY_ACTION, FindingKind.IMPROVEMENT)
        ]
    elif inspection.kind == InspectionKind.REVISIT:
        if inspection.revisit_result:
            letter.tag = STATUSES[f"revisit-{inspection.revisit_result}"]
            letter.plain = letter.tag.plain
        letter.body = inspection.summary
        letter.verdicts = list(inspection.verdicts.all())
        if letter.verdicts:
            sufficient = sum(v.verdict == Verdict.SUFFICIENT for v in letter.verdicts)
            letter.progress = (sufficient, len(letter.verdicts))
        elif inspection.reported_sufficient is not None:
            total = inspection.reported_sufficient + (inspection.reported_not_sufficient or 0)
            letter.progress = (inspection.reported_sufficient, total)
    else:
        letter.body = inspection.summary
        letter.findings = list(inspection.findings.all())
    events.append(letter)

    wsoa = getattr(inspection, "written_statement", None)
    if inspection.kind == InspectionKind.INITIAL and wsoa is not None:
        count = len(wsoa.weaknesses.all()) or wsoa.reported_weakness_count
        events.append(
            Event(
                date=letter_date,
                title="Written statement of action required",
                kind="wsoa",
                inspection=inspection,
                body=f"{count} significant weaknesses to put right." if count else "",
                plain="The area had to write a plan showing how it would fix the weaknesses inspectors found.",
            )
        )
        milestone_sources = [
            source for source in wsoa.sources.all() if source.kind != SourceKind.STATISTICS
        ]
        if wsoa.submitted_on:
            events.append(
                Event(
                    date=wsoa.submitted_on,
                    precision=wsoa.submitted_precision,
                    title="Written statement of action submitted",
                    kind="wsoa-fit",
                    inspection=inspection,
                    plain="The area sent its plan to Ofsted and CQC.",
                    sources=milestone_sources,
                )
            )
        if wsoa.fit_for_purpose_on:
            events.append(
                Event(
                    date=wsoa.fit_for_purpose_on,
                    precision=wsoa.fit_for_purpose_precision,
                    sources=milestone_sources,
                    title="Written statement of action declared fit for purpose",
                    kind="wsoa-fit",
                    inspection=inspection,
                    plain="Ofsted and CQC accepted the plan. A revisit normally follows about 18 months later.",
                )
            )
            events.append(
                Event(
                    date=wsoa.revisit_due,
                    title=(
                        "Revisit was due (about 18 months after the plan was accepted)"
                        if wsoa.pk in revisited
                        else "Revisit expected (about 18 months after the plan was accepted)"
                    ),
                    kind="revisit-due",
                    expected=True,
                    inspection=inspection,
                    plain="Revisits paused from March 2020 to April 2021, so many came later than this.",
                )
            )
    return events


VISIT_PLAIN = {
    InspectionKind.INITIAL: "Inspectors from Ofsted and CQC spent a week looking at SEND services in the area.",
    InspectionKind.REVISIT: "Inspectors came back to check progress on each significant weakness.",
    InspectionKind.FULL: "Inspectors looked at how well the local area partnership supports children with SEND.",
    InspectionKind.MONITORING: "Inspectors checked progress on the areas for priority action.",
}
