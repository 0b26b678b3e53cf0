"""The one save path for a letter or report: the reader's typed result, matched to its area
(and, for a revisit, to the WSOA and its weaknesses), recorded as the inspection, its WSOA,
weaknesses, verdicts, decision and findings.

The admin import (`letters.importing`) and the national-data load (the seed letters and the
shipped reports, `national_data.shipped_letters`) both record letters through `record_letter`.
Every record is checked against the models' rules before it is saved; what they refuse is
raised as `ImportInvalid`, each problem placed where the review form can show it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models

from areas.models import Area
from inspections.models import (
    Decision,
    DecisionKind,
    Finding,
    FindingKind,
    Framework,
    Inspection,
    InspectionKind,
    JudgementArea,
    Outcome,
    RevisitVerdict,
    SignificantWeakness,
    Source,
    SourceKind,
    Verdict,
    VerdictBasis,
    WrittenStatementOfAction,
    result_from_counts,
)
from inspections.saving import save
from inspections.theme_rules import suggest_theme
from letters.reader import LetterResult

# The reader's words for outcomes, mapped once.
OUTCOMES = {
    "positive": Outcome.POSITIVE,
    "inconsistent": Outcome.INCONSISTENT,
    "widespread": Outcome.WIDESPREAD,
}
FRAMEWORKS = {"2016": Framework.LOCAL_AREA_2016, "2023": Framework.AREA_2023}


def outcome_of(result: LetterResult) -> Outcome | None:
    return OUTCOMES.get(result.outcome or "")


def outcome_word(outcome: int | None) -> str | None:
    """The reader's word for a stored outcome."""
    return next((word for word, value in OUTCOMES.items() if value == outcome), None)


def verdict_of(verdict: str | None) -> Verdict | None:
    """The reader's verdict ("sufficient", "not_sufficient") as the models' Verdict."""
    return Verdict(verdict) if verdict in Verdict.values else None


@dataclass(frozen=True)
class Problem:
    """One thing the models refuse, placed where the review form can show it.

    `field` is a review field ("visit_end") or, with `section` and `number`, a field of one
    item ("responsible_body" of area for priority action 2); empty, it concerns the letter.
    """

    message: str
    field: str = ""
    section: str = ""  # "weaknesses", "priority_actions" or "areas_for_improvement"
    number: int = 0  # the item's place among those saved, from 1


class ImportRefused(Exception):
    """The letter cannot be saved as it stands; the message says why."""


class ImportInvalid(ImportRefused):
    """Something the letter would save fails the models' validation; nothing was saved."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(" ".join(problem.message for problem in problems))


@dataclass
class WeaknessMatch:
    """A weakness the letter names, with the stored weakness it is (when known)."""

    number: int
    text: str
    verdict: Verdict | None = None  # revisits
    narrative: str = ""  # revisits: what the inspectors found
    existing: SignificantWeakness | None = None
    theme: str | None = None  # as chosen at the review step (or shipped)
    title: str | None = None  # as shipped; else made from the text


@dataclass(frozen=True)
class Themes:
    """The themes chosen for a letter's weaknesses and findings, each in the letter's order;
    None (or none given): let the rules suggest one."""

    weaknesses: tuple[str | None, ...] = ()
    priority_actions: tuple[str | None, ...] = ()
    areas_for_improvement: tuple[str | None, ...] = ()


NO_THEMES = Themes()


@dataclass
class Matched:
    """Where a letter belongs: its area, its inspection if already stored, and for a revisit
    the WSOA it checks and the weaknesses it gives verdicts on."""

    area: Area
    inspection: Inspection | None = None
    wsoa: WrittenStatementOfAction | None = None
    weaknesses: list[WeaknessMatch] = field(default_factory=list)


# Where the models' own rules are shown on the review form: each model field or named
# constraint against the review field it concerns (the rest concern the letter as a whole).
INSPECTION_PLACES = {
    "area": "area",
    "framework": "framework",
    "kind": "kind",
    "visit_start": "visit_start",
    "visit_end": "visit_end",
    "letter_date": "letter_date",
    "outcome": "outcome",
    "wsoa_required": "wsoa_required",
    "consequence": "decision",
    "inspections_inspection_one_per_area_per_date": "visit_start",
    "inspections_inspection_visit_ends_after_start": "visit_end",
    "inspections_inspection_letter_after_visit": "letter_date",
    "inspections_inspection_published_after_visit": "visit_start",
    "inspections_inspection_kind_fits_framework": "kind",
    "inspections_inspection_revisit_result_on_revisit": "kind",
    "inspections_inspection_wsoa_decision_on_initial": "wsoa_required",
    "inspections_inspection_outcome_on_full": "outcome",
    "inspections_inspection_priority_plan_on_framework_2": "framework",
}
FINDING_PLACES = {
    "text": "text",
    "title": "text",
    "responsible_body": "responsible_body",
    "theme": "theme",
    "inspections_finding_priority_action_has_body": "responsible_body",
}
WEAKNESS_PLACES = {"text": "text", "title": "text", "theme": "theme"}
VERDICT_PLACES = {"verdict": "verdict"}


def problems_with(
    instance: models.Model,
    places: dict[str, str],
    *,
    section: str = "",
    number: int = 0,
    label: str = "",
) -> list[Problem]:
    """What full_clean would refuse in `instance`, each message placed by `places`.

    Checked rule by rule (fields, clean(), each constraint) so that a constraint's message,
    which Django gives no field, can still be shown beside the field it is about.
    """
    found: dict[str, list[str]] = {}
    failed: set[str] = set()

    def note(error: ValidationError, key: str = NON_FIELD_ERRORS) -> None:
        if hasattr(error, "error_dict"):
            for name, messages in error.message_dict.items():
                found.setdefault(name, []).extend(messages)
        else:
            found.setdefault(key, []).extend(error.messages)

    try:
        instance.clean_fields()
    except ValidationError as error:
        failed.update(error.error_dict)
        note(error)
    try:
        instance.clean()
    except ValidationError as error:
        note(error)
    for constraint in instance._meta.constraints:
        try:
            constraint.validate(type(instance), instance, exclude=failed)
        except ValidationError as error:
            note(error, constraint.name)
    try:
        instance.validate_unique(exclude=failed)
    except ValidationError as error:
        note(error)
    problems = []
    for key, messages in found.items():
        field_name = places.get(key, "")
        for message in messages:
            if section:
                problems.append(Problem(message, field_name, section, number))
            elif field_name:
                problems.append(Problem(message, field_name))
            else:
                problems.append(Problem(f"{label}: {message}" if label else message))
    return problems


def refuse(problems: list[Problem]) -> None:
    if problems:
        raise ImportInvalid(problems)


# --- The save path ----------------------------------------------------------------


def record_letter(
    result: LetterResult,
    matched: Matched,
    source: Source,
    *,
    themes: Themes = NO_THEMES,
    themes_chosen: bool = True,
    weakness_source: Source | None = None,
    decisions_known: bool = False,
) -> Inspection:
    """Records the letter `result` where `matched` places it, citing `source`.

    `themes_chosen` says the findings' themes were chosen just now (at the review step), so
    they replace any an admin set before; otherwise a stored theme is kept. New weaknesses
    cite `weakness_source` (the letter that first listed them) or else `source`. A revisit's
    closing decision is recorded too, unless `decisions_known` says a richer source records
    the decisions (the national data's table of them). Raises ImportInvalid, before saving
    the record concerned, for anything the models refuse: call it in a transaction.
    """
    kind = result.kind
    inspection = matched.inspection or Inspection(area=matched.area, kind=kind)
    inspection.framework = FRAMEWORKS.get(result.framework, Framework.LOCAL_AREA_2016)
    for name in ("visit_start", "visit_end", "letter_date"):
        value = getattr(result, name)
        if value:
            setattr(inspection, name, value)
    if result.inspectors:
        inspection.inspectors = "\n".join(result.inspectors)
    if kind == InspectionKind.REVISIT:
        inspection.wsoa = matched.wsoa
        inspection.summary = result.overall or inspection.summary
        verdicts = [match.verdict for match in matched.weaknesses]
        sufficient = verdicts.count(Verdict.SUFFICIENT)
        not_sufficient = verdicts.count(Verdict.NOT_SUFFICIENT)
        inspection.revisit_result = result_from_counts(sufficient, not_sufficient)
        inspection.reported_sufficient = sufficient
        inspection.reported_not_sufficient = not_sufficient
        inspection.consequence = result.decision or ""
    elif kind == InspectionKind.INITIAL:
        inspection.wsoa_required = result.wsoa_required
        inspection.summary = inspection.summary or "\n\n".join(result.main_findings)[:2000]
    elif kind == InspectionKind.FULL:
        inspection.outcome = outcome_of(result)
        inspection.priority_action_plan_required = result.priority_action_plan_required
        if inspection.priority_action_plan_required is None and inspection.outcome:
            inspection.priority_action_plan_required = inspection.outcome == Outcome.WIDESPREAD
    # Recorded from its own letter or report, read and confirmed: no longer only what the
    # outcomes table said of it.
    inspection.awaiting_review = False
    refuse(problems_with(inspection, INSPECTION_PLACES, label="The inspection"))
    save(inspection)
    inspection.sources.add(source)

    if kind == InspectionKind.INITIAL and result.wsoa_required:
        wsoa, _ = WrittenStatementOfAction.objects.get_or_create(inspection=inspection)
        wsoa.responsible_bodies = result.responsible_bodies or wsoa.responsible_bodies
        wsoa.reported_weakness_count = len(matched.weaknesses)
        refuse(problems_with(wsoa, {}, label="The written statement of action"))
        save(wsoa).sources.add(source)
        _save_weaknesses(wsoa, matched.weaknesses, weakness_source or source)
    if kind == InspectionKind.REVISIT:
        _record_verdicts(inspection, result, matched, weakness_source or source)
        if not decisions_known:
            _save_decision(inspection, result, source)
    if kind in (InspectionKind.FULL, InspectionKind.MONITORING):
        # After outcome 3 the next visit is the monitoring inspection, not the full one.
        timing = result.next_inspection
        if inspection.outcome == Outcome.WIDESPREAD and result.next_monitoring_inspection:
            timing = result.next_monitoring_inspection
        if timing:
            inspection.next_inspection_within = plain_timing(timing)
            save(inspection)
        _save_findings(inspection, result, themes, chosen=themes_chosen)
    if kind == InspectionKind.FULL:
        _record_partners(matched.area, inspection, result)
    if kind == InspectionKind.INITIAL:
        save_framework_1_findings(
            inspection, result.main_findings, result.strengths, result.areas_for_development
        )
    return inspection


def _record_partners(area: Area, inspection: Inspection, result: LetterResult) -> None:
    """The council and integrated care board(s) a report names become the area's, unless a
    later report is held (its names are the newer). A later inspection known only from the
    outcomes table (Cornwall's 2026 one) names no one, so the report before it still does."""
    # Undated, it cannot be told whether a later report is held: the names stay as they are.
    if not (result.council_name and result.integrated_care_boards) or not inspection.visit_start:
        return
    later = area.inspections.filter(
        kind=InspectionKind.FULL,
        visit_start__gt=inspection.visit_start,
        sources__kind=SourceKind.LETTER,
    )
    if later.exists():
        return
    area.council_name = result.council_name
    area.health_partner_name = " and ".join(result.integrated_care_boards)
    save(area)


def _record_verdicts(
    revisit: Inspection,
    result: LetterResult,
    matched: Matched,
    weakness_source: Source,
) -> None:
    """The revisit's verdict on each weakness of the WSOA it checks, and what the letter
    says of that WSOA (its responsible bodies where none is known, when it was fit)."""
    wsoa = revisit.wsoa
    assert wsoa is not None  # a revisit without one was refused before it was saved
    if (result.responsible_bodies and not wsoa.responsible_bodies) or (
        result.wsoa_fit_for_purpose and not wsoa.fit_for_purpose_on
    ):
        # Neither known (only the fit date is new): still none, not NULL, which the column refuses.
        wsoa.responsible_bodies = wsoa.responsible_bodies or result.responsible_bodies or ""
        wsoa.fit_for_purpose_on = wsoa.fit_for_purpose_on or result.wsoa_fit_for_purpose
        refuse(problems_with(wsoa, {}, label="The written statement of action"))
        save(wsoa)
    weaknesses = _save_weaknesses(wsoa, matched.weaknesses, weakness_source)
    for weakness, match in zip(weaknesses, matched.weaknesses, strict=False):
        verdict = RevisitVerdict.objects.filter(revisit=revisit, weakness=weakness).first()
        verdict = verdict or RevisitVerdict(revisit=revisit, weakness=weakness)
        # No verdict read stays None, for full_clean to refuse as missing (not as blank).
        verdict.verdict = match.verdict  # type: ignore[assignment]
        verdict.basis = VerdictBasis.LETTER  # the letter's own word replaces a counted one
        verdict.narrative = match.narrative or verdict.narrative
        refuse(problems_with(verdict, VERDICT_PLACES, section="weaknesses", number=match.number))
        save(verdict)
    save(revisit)  # re-validates the result against the verdict counts


def _new_weakness(
    wsoa: WrittenStatementOfAction, match: WeaknessMatch, source: Source
) -> SignificantWeakness:
    """A weakness the letter adds, titled from its words and themed as chosen or suggested."""
    return SignificantWeakness(
        wsoa=wsoa,
        number=match.number,
        text=match.text,
        title=match.title or weakness_title(match.text),
        theme=match.theme or suggest_theme(match.text),
        source=source,
    )


def _save_weaknesses(
    wsoa: WrittenStatementOfAction, matches: list[WeaknessMatch], source: Source
) -> list[SignificantWeakness]:
    problems = []
    for match in matches:
        if match.existing is None and not wsoa.weaknesses.filter(number=match.number).exists():
            new = _new_weakness(wsoa, match, source)
            problems += problems_with(
                new, WEAKNESS_PLACES, section="weaknesses", number=match.number
            )
    refuse(problems)
    saved = []
    for match in matches:
        weakness = match.existing or wsoa.weaknesses.filter(number=match.number).first()
        if weakness is None:
            weakness = save(_new_weakness(wsoa, match, source))
        elif match.theme and match.theme != weakness.theme:
            weakness.theme = match.theme  # chosen at the review step
            save(weakness)
        saved.append(weakness)
    return saved


def weakness_title(text: str) -> str:
    first = re.split(r"(?<=[.;:])\s", text.strip(), maxsplit=1)[0].rstrip(".;:")
    first = first[0].upper() + first[1:] if first else "Significant weakness"
    return first if len(first) <= 110 else first[:107].rsplit(" ", 1)[0] + "…"


def _save_decision(revisit: Inspection, result: LetterResult, source: Source) -> None:
    text = (result.decision or "").lower()
    if "cease" in text:
        kind = DecisionKind.MONITORING_CEASES
    elif "determine the next steps" in text or "determine next steps" in text:
        kind = DecisionKind.NEXT_STEPS_PENDING
    else:
        return
    day = revisit.letter_date or revisit.published_on or revisit.visit_end
    if day is None:
        return
    decision = Decision.objects.filter(area=revisit.area, kind=kind, decided_on=day).first()
    decision = decision or Decision(area=revisit.area, kind=kind, decided_on=day)
    decision.wsoa = revisit.wsoa
    decision.notes = decision.notes or result.decision or ""
    save(decision).sources.add(source)


NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def plain_timing(text: str) -> str:
    """'within approximately three years' -> '3 years', as the statistics write it."""
    match = re.search(r"(\d+|one|two|three|four|five|six)\s+(months?|years?)", text.lower())
    if not match:
        return text[:40]
    number = NUMBER_WORDS.get(match.group(1), match.group(1))
    return f"{number} {match.group(2)}"


# --- Findings ---------------------------------------------------------------------


def save_framework_1_findings(
    inspection: Inspection,
    main_findings: list[str],
    strengths: dict[str, list[str]],
    areas_for_development: dict[str, list[str]],
) -> None:
    """A framework-1 letter's main findings, and its strengths and areas for development
    under each of the three headings, numbered as the letter lists them."""
    groups = [(FindingKind.MAIN_FINDING, "", main_findings)]
    for heading in JudgementArea.values:
        groups.append((FindingKind.STRENGTH, heading, strengths.get(heading, [])))
        groups.append(
            (FindingKind.AREA_FOR_DEVELOPMENT, heading, areas_for_development.get(heading, []))
        )
    for kind, heading, texts in groups:
        for number, text in enumerate(texts, start=1):
            key = {"kind": kind, "judgement_area": heading, "number": number}
            finding = inspection.findings.filter(**key).first() or Finding(
                inspection=inspection, **key
            )
            finding.text = text
            save(finding)


@dataclass(frozen=True)
class FindingItem:
    """One area for priority action or for improvement, as a report lists it."""

    text: str
    responsible_body: str
    theme: str | None


FINDING_SECTIONS: dict[str, str] = {
    FindingKind.PRIORITY_ACTION: "priority_actions",
    FindingKind.IMPROVEMENT: "areas_for_improvement",
}


def finding_items(result: LetterResult, themes: Themes) -> dict[str, list[FindingItem]]:
    """The report's findings by kind, each with its responsible body and chosen theme."""

    def theme(chosen: tuple[str | None, ...], number: int) -> str | None:
        return chosen[number - 1] if number <= len(chosen) else None

    bodies = result.improvement_bodies
    return {
        FindingKind.PRIORITY_ACTION: [
            FindingItem(
                action.text, action.responsible_body or "", theme(themes.priority_actions, n)
            )
            for n, action in enumerate(result.priority_actions, start=1)
        ],
        FindingKind.IMPROVEMENT: [
            FindingItem(
                text,
                bodies[n - 1] if n <= len(bodies) else "",
                theme(themes.areas_for_improvement, n),
            )
            for n, text in enumerate(result.areas_for_improvement, start=1)
        ],
    }


def _finding(inspection: Inspection, kind: str, number: int, item: FindingItem) -> Finding:
    """The finding stored at this place in the report (or a new one), with the item's words."""
    finding = inspection.findings.filter(kind=kind, number=number).first() or Finding(
        inspection=inspection, kind=kind, number=number
    )
    finding.text = item.text
    finding.responsible_body = item.responsible_body
    return finding


def _save_findings(
    inspection: Inspection, result: LetterResult, themes: Themes, *, chosen: bool
) -> None:
    """A report's areas for priority action and for improvement, numbered as it lists them.

    A theme left empty is suggested by the rules. A theme an admin already set on a stored
    finding is kept, unless `chosen` says these themes were chosen by an admin just now.
    Every item is checked first, so the review shows all that is wrong at once.
    """
    groups = finding_items(result, themes)
    problems = []
    for kind, items in groups.items():
        for number, item in enumerate(items, start=1):
            problems += problems_with(
                _finding(inspection, kind, number, item),
                FINDING_PLACES,
                section=FINDING_SECTIONS[kind],
                number=number,
            )
    refuse(problems)
    for kind, items in groups.items():
        for number, item in enumerate(items, start=1):
            finding = _finding(inspection, kind, number, item)
            given = item.theme or ""
            if chosen and given:
                finding.theme = given
            else:
                finding.theme = finding.theme or given or suggest_theme(item.text)
            save(finding)
