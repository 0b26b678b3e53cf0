"""Earlier cycles of every area's real history: the real records, copied back 12 years at a
time."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, overload

from django.db import models
from django.db.models import Count
from simple_history.utils import get_history_manager_for_model

from areas.models import Area
from inspections.models import (
    Decision,
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
    Source,
    SourceKind,
    Theme,
    WrittenStatementOfAction,
    WsoaStatus,
)
from synthetic.writer import HistoryRow, _noon, _Writer, stamp, when_made

CYCLE_YEARS = 12
SYNTHETIC_NOTE = (
    "Synthetic record made by generate_synthetic for benchmarks: not a real inspection."
)
HEADINGS = [value for value, _ in JudgementArea.choices]


@overload
def years_back(day: dt.date, years: int) -> dt.date: ...
@overload
def years_back(day: dt.date | None, years: int) -> dt.date | None: ...
def years_back(day: dt.date | None, years: int) -> dt.date | None:
    if day is None:
        return None
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a century year that is not a leap year
        return day.replace(year=day.year - years, day=28)


@dataclass
class _Real:
    """The real records, read once before anything is copied."""

    areas: dict[int, Area]
    sources: list[Source]
    inspections: list[Inspection]
    wsoas: dict[int, WrittenStatementOfAction]  # by inspection
    weaknesses: dict[int, list[SignificantWeakness]]  # by WSOA
    verdicts: list[RevisitVerdict]
    findings: dict[int, list[Finding]]  # by inspection
    decisions: list[Decision]
    reported_dates: list[ReportedDate]
    inspection_sources: list[tuple[int, int]]
    wsoa_sources: list[tuple[int, int]]
    decision_sources: list[tuple[int, int]]
    history_counts: dict[type[models.Model], Counter[int]]  # history rows by record

    @classmethod
    def read(cls) -> _Real:
        weaknesses: defaultdict[int, list[SignificantWeakness]] = defaultdict(list)
        findings: defaultdict[int, list[Finding]] = defaultdict(list)
        for weakness in SignificantWeakness.objects.order_by("wsoa_id", "number"):
            weaknesses[weakness.wsoa_id].append(weakness)
        for finding in Finding.objects.order_by(
            "inspection_id", "kind", "judgement_area", "number"
        ):
            findings[finding.inspection_id].append(finding)
        models_with_history: list[type[models.Model]] = [
            Source,
            Inspection,
            WrittenStatementOfAction,
            SignificantWeakness,
            RevisitVerdict,
            Finding,
            Decision,
        ]
        return cls(
            areas={a.pk: a for a in Area.objects.order_by("pk")},
            sources=list(Source.objects.order_by("pk")),
            inspections=list(Inspection.objects.order_by("pk")),
            wsoas={w.inspection_id: w for w in WrittenStatementOfAction.objects.order_by("pk")},
            weaknesses=weaknesses,
            verdicts=list(RevisitVerdict.objects.order_by("pk")),
            findings=findings,
            decisions=list(Decision.objects.order_by("pk")),
            reported_dates=list(ReportedDate.objects.order_by("pk")),
            inspection_sources=_pairs(Inspection.sources.through, "inspection_id"),
            wsoa_sources=_pairs(
                WrittenStatementOfAction.sources.through, "writtenstatementofaction_id"
            ),
            decision_sources=_pairs(Decision.sources.through, "decision_id"),
            history_counts={
                model: Counter(
                    dict(
                        get_history_manager_for_model(model)
                        .values_list("id")
                        .annotate(n=Count("history_id"))
                        .order_by()
                        .values_list("id", "n")
                    )
                )
                for model in models_with_history
            },
        )

    def check_span(self) -> None:
        dates = [d for i in self.inspections for d in (i.visit_start, i.published_on) if d]
        dates += [d.decided_on for d in self.decisions]
        if years_back(max(dates), CYCLE_YEARS) >= min(dates):
            raise ValueError(
                f"The real history spans {CYCLE_YEARS} years or more, so earlier cycles "
                "shifted back by that much would overlap it: raise CYCLE_YEARS."
            )


def _pairs(through: type[models.Model], owner: str) -> list[tuple[int, int]]:
    return list(through._default_manager.order_by("pk").values_list(owner, "source_id"))


def _first_day(inspection: Inspection) -> dt.date | None:
    return inspection.visit_start or inspection.published_on or inspection.letter_date


def _shifted_history(
    real: _Real,
    writer: _Writer,
    model: type[models.Model],
    pairs: Sequence[tuple[int | None, models.Model]],
) -> None:
    """History rows for copies: as many, "+" then "~", as the real record has (one, for a
    copy of no real record of that model: `real_pk` None)."""
    rows: list[HistoryRow] = []
    counts = real.history_counts[model]
    for real_pk, copy in pairs:
        when = when_made(copy)
        for n in range(max(counts[real_pk] if real_pk is not None else 0, 1)):
            rows.append((copy, "+" if n == 0 else "~", when, None))
    writer.history(model, rows)


def _copy_cycle(real: _Real, writer: _Writer, cycle: int) -> None:
    years = cycle * CYCLE_YEARS

    # Sources: one copy of each, cited as the real one, with no address.
    source_copies = writer.create(
        Source,
        [
            Source(
                kind=s.kind,
                title=f"Synthetic source (cycle {cycle}, from #{s.pk}): {s.title}"[:300],
                published_on=years_back(s.published_on, years),
            )
            for s in real.sources
        ],
    )
    # (Both by pk, looked up by a record's link, which may be empty.)
    sources: dict[int | None, Source] = {
        s.pk: c for s, c in zip(real.sources, source_copies, strict=True)
    }
    for source_copy in source_copies:
        stamp(source_copy, _noon(source_copy.published_on))
    _shifted_history(real, writer, Source, list(zip(sources, source_copies, strict=True)))

    def shifted(inspection: Inspection, **fields: Any) -> Inspection:
        copy = Inspection(
            area_id=inspection.area_id,
            visit_start=years_back(inspection.visit_start, years),
            visit_end=years_back(inspection.visit_end, years),
            visit_precision=inspection.visit_precision,
            letter_date=years_back(inspection.letter_date, years),
            published_on=years_back(inspection.published_on, years),
            inspectors="\n".join(
                f"Synthetic inspector {n}" for n, _ in enumerate(inspection.inspector_list, 1)
            ),
            notes=SYNTHETIC_NOTE,
            **fields,
        )
        stamp(copy, _noon(copy.published_on or copy.visit_start))
        return copy

    def synthetic(text: str) -> str:
        return f"Synthetic: {text}" if text else ""

    # Initial inspections, and 2023-framework ones remade as 2016-framework inspections.
    firsts: list[tuple[Inspection, Inspection]] = []
    for inspection in real.inspections:
        if inspection.kind == InspectionKind.INITIAL:
            copy = shifted(
                inspection,
                framework=Framework.LOCAL_AREA_2016,
                kind=InspectionKind.INITIAL,
                wsoa_required=inspection.wsoa_required,
                summary=synthetic(inspection.summary),
            )
        elif inspection.kind == InspectionKind.FULL:
            priority_actions = [
                f
                for f in real.findings.get(inspection.pk, [])
                if f.kind == FindingKind.PRIORITY_ACTION
            ]
            day = _first_day(inspection)
            copy = shifted(
                inspection,
                framework=Framework.LOCAL_AREA_2016,
                kind=InspectionKind.INITIAL,
                wsoa_required=bool(priority_actions) or inspection.outcome == Outcome.WIDESPREAD,
                summary=f"Synthetic: an earlier cycle modelled on the "
                f"{day:%B %Y} report. {inspection.outcome_text}".strip(),
            )
        else:
            continue
        firsts.append((inspection, copy))
    writer.create(Inspection, [c for _, c in firsts])
    copies: dict[int, Inspection] = {i.pk: c for i, c in firsts}

    # Written statements of action.
    wsoa_pairs: list[tuple[WrittenStatementOfAction | None, Inspection, WrittenStatementOfAction]]
    wsoa_pairs = []
    for inspection, copy in firsts:
        wsoa = real.wsoas.get(inspection.pk)
        if wsoa is not None:
            new = WrittenStatementOfAction(
                inspection=copy,
                responsible_bodies=wsoa.responsible_bodies,
                submitted_on=years_back(wsoa.submitted_on, years),
                submitted_precision=wsoa.submitted_precision,
                fit_for_purpose_on=years_back(wsoa.fit_for_purpose_on, years),
                fit_for_purpose_precision=wsoa.fit_for_purpose_precision,
                status=wsoa.status,
                reported_weakness_count=wsoa.reported_weakness_count,
            )
        elif inspection.framework == Framework.AREA_2023 and copy.wsoa_required:
            actions = [
                f
                for f in real.findings.get(inspection.pk, [])
                if f.kind == FindingKind.PRIORITY_ACTION
            ]
            after = copy.published_on or copy.visit_end or copy.visit_start
            submitted = after + dt.timedelta(days=70) if after else None
            new = WrittenStatementOfAction(
                inspection=copy,
                responsible_bodies="\n".join(dict.fromkeys(f.responsible_body for f in actions)),
                submitted_on=submitted,
                fit_for_purpose_on=submitted + dt.timedelta(days=42) if submitted else None,
                status=WsoaStatus.SIGNED_OFF,
                reported_weakness_count=len(actions) or inspection.reported_priority_actions,
            )
        else:
            continue
        stamp(new, _noon(new.submitted_on) or when_made(copy))
        wsoa_pairs.append((wsoa, inspection, new))
    writer.create(WrittenStatementOfAction, [new for _, _, new in wsoa_pairs])
    wsoa_copies: dict[int | None, WrittenStatementOfAction] = {
        wsoa.pk: new for wsoa, _, new in wsoa_pairs if wsoa is not None
    }
    _shifted_history(
        real,
        writer,
        WrittenStatementOfAction,
        [(wsoa.pk if wsoa else None, new) for wsoa, _, new in wsoa_pairs],
    )

    # Revisits of those plans.
    revisits = [
        (
            inspection,
            shifted(
                inspection,
                framework=Framework.LOCAL_AREA_2016,
                kind=InspectionKind.REVISIT,
                wsoa=wsoa_copies[inspection.wsoa_id],
                revisit_result=inspection.revisit_result,
                reported_sufficient=inspection.reported_sufficient,
                reported_not_sufficient=inspection.reported_not_sufficient,
                summary=synthetic(inspection.summary),
                consequence=synthetic(inspection.consequence),
            ),
        )
        for inspection in real.inspections
        if inspection.kind == InspectionKind.REVISIT
    ]
    writer.create(Inspection, [c for _, c in revisits])
    copies.update({i.pk: c for i, c in revisits})
    inspection_pairs = [(i.pk, c) for i, c in firsts + revisits]
    # A remade 2023-framework inspection has the history its original has.
    _shifted_history(real, writer, Inspection, inspection_pairs)

    # Significant weaknesses: the real ones' copies, and the remade reports' priority actions.
    weakness_copies: dict[int, SignificantWeakness] = {}
    new_weaknesses: list[tuple[tuple[type[models.Model], int], SignificantWeakness]] = []
    for wsoa, inspection, new in wsoa_pairs:
        area = real.areas[inspection.area_id]
        day = _first_day(new.inspection)
        if day is None:
            continue
        reference = f"{area.abbreviation}-{day.year:04d}-{{}}"
        if wsoa is not None:
            for weakness in real.weaknesses.get(wsoa.pk, []):
                weakness_copy = SignificantWeakness(
                    wsoa=new,
                    number=weakness.number,
                    reference=reference.format(weakness.number),
                    title=synthetic(weakness.title)[:120],
                    text=f"Synthetic copy of {weakness.reference}, not a real weakness. "
                    f"{weakness.text}",
                    wording_complete=weakness.wording_complete,
                    numbered_by_letter=weakness.numbered_by_letter,
                    theme=weakness.theme,
                    source=sources.get(weakness.source_id),
                )
                weakness_copies[weakness.pk] = weakness_copy
                new_weaknesses.append(((SignificantWeakness, weakness.pk), weakness_copy))
        else:
            letter = next(
                (
                    sources[s]
                    for i, s in real.inspection_sources
                    if i == inspection.pk and sources[s].kind == SourceKind.LETTER
                ),
                None,
            )
            for finding in real.findings.get(inspection.pk, []):
                if finding.kind != FindingKind.PRIORITY_ACTION:
                    continue
                weakness_copy = SignificantWeakness(
                    wsoa=new,
                    number=finding.number,
                    reference=reference.format(finding.number),
                    title=synthetic(finding.title or finding.text[:60])[:120],
                    text="Synthetic weakness modelled on an area for priority action. "
                    f"{finding.text}",
                    theme=finding.theme or Theme.OTHER,
                    source=letter,
                )
                new_weaknesses.append(((Finding, finding.pk), weakness_copy))
    for _, weakness_copy in new_weaknesses:
        stamp(weakness_copy, when_made(weakness_copy.wsoa))
    writer.create(SignificantWeakness, [c for _, c in new_weaknesses])
    rows: list[HistoryRow] = []
    for (model, real_pk), weakness_copy in new_weaknesses:
        for n in range(max(real.history_counts[model].get(real_pk, 0), 1)):
            rows.append((weakness_copy, "+" if n == 0 else "~", when_made(weakness_copy), None))
    writer.history(SignificantWeakness, rows)

    # Verdicts at the revisits.
    verdicts = []
    for verdict in real.verdicts:
        verdict_copy = RevisitVerdict(
            revisit=copies[verdict.revisit_id],
            weakness=weakness_copies[verdict.weakness_id],
            verdict=verdict.verdict,
            narrative=synthetic(verdict.narrative),
        )
        stamp(verdict_copy, when_made(verdict_copy.revisit))
        verdicts.append((verdict.pk, verdict_copy))
    writer.create(RevisitVerdict, [c for _, c in verdicts])
    _shifted_history(real, writer, RevisitVerdict, verdicts)

    # Findings: 2016-framework ones as they are; areas for improvement as areas for development.
    findings = []
    for inspection, copy in firsts:
        per_heading: Counter[str] = Counter()
        for finding in real.findings.get(inspection.pk, []):
            if finding.kind == FindingKind.PRIORITY_ACTION:
                continue  # a significant weakness of the remade inspection
            kind, heading, number = finding.kind, finding.judgement_area, finding.number
            if finding.kind == FindingKind.IMPROVEMENT:
                kind = FindingKind.AREA_FOR_DEVELOPMENT
                heading = HEADINGS[sum(per_heading.values()) % len(HEADINGS)]
                per_heading[heading] += 1
                number = per_heading[heading]
            finding_copy = Finding(
                inspection=copy,
                kind=kind,
                judgement_area=heading,
                number=number,
                text=synthetic(finding.text),
                title=synthetic(finding.title)[:120],
                theme=finding.theme,
            )
            stamp(finding_copy, when_made(copy))
            findings.append((finding.pk, finding_copy))
    writer.create(Finding, [c for _, c in findings])
    _shifted_history(real, writer, Finding, findings)

    # A decision after a remade 2023-framework report follows the plan that report now has.
    remade_plans: dict[int | None, WrittenStatementOfAction] = {
        inspection.pk: new for wsoa, inspection, new in wsoa_pairs if wsoa is None
    }
    decisions = []
    for decision in real.decisions:
        decision_copy = Decision(
            area_id=decision.area_id,
            wsoa=wsoa_copies.get(decision.wsoa_id) or remade_plans.get(decision.inspection_id),
            kind=decision.kind,
            decided_on=years_back(decision.decided_on, years),
            date_precision=decision.date_precision,
            notes=synthetic(decision.notes) or "Synthetic decision.",
        )
        stamp(decision_copy, _noon(decision_copy.decided_on))
        decisions.append((decision.pk, decision_copy))
    writer.create(Decision, [c for _, c in decisions])
    _shifted_history(real, writer, Decision, decisions)

    writer.create(
        ReportedDate,
        [
            ReportedDate(
                inspection=copies[r.inspection_id],
                event=r.event,
                date=years_back(r.date, years),
                source=sources[r.source_id],
                note=synthetic(r.note),
            )
            for r in real.reported_dates
            if r.inspection_id in copies
        ],
    )

    writer.link(
        Inspection.sources.through,
        "inspection_id",
        [(copies[i].pk, sources[s].pk) for i, s in real.inspection_sources if i in copies],
    )
    wsoa_links = [(wsoa_copies[w].pk, sources[s].pk) for w, s in real.wsoa_sources]
    for wsoa, inspection, new in wsoa_pairs:
        if wsoa is None:  # a remade report: its plan cites the report
            wsoa_links += [
                (new.pk, sources[s].pk) for i, s in real.inspection_sources if i == inspection.pk
            ]
    writer.link(WrittenStatementOfAction.sources.through, "writtenstatementofaction_id", wsoa_links)
    decision_copies = dict(decisions)
    writer.link(
        Decision.sources.through,
        "decision_id",
        [(decision_copies[d].pk, sources[s].pk) for d, s in real.decision_sources],
    )
