"""The Django side of letter import: match a parsed letter to the database and save it.

`letter_parser` reads the text and knows nothing of the database. Here a parse result
(its JSON form, which an admin may have corrected) is matched to an area and, for a
revisit, to that area's WSOA and its weaknesses; `plan_import` says what would be saved
and what is wrong; `save_import` saves all of it in one transaction, or nothing.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction

from areas.models import Area
from inspections.models import (
    Decision,
    DecisionKind,
    FindingKind,
    Framework,
    Inspection,
    InspectionKind,
    RevisitVerdict,
    SignificantWeakness,
    Source,
    SourceKind,
    WrittenStatementOfAction,
    result_from_counts,
)
from inspections.saving import save, text_fingerprint
from inspections.theme_rules import suggest_theme
from letters.reader import read_letter
from letters.recording import (
    framework_2_finding,
    save_framework_1_findings,
    save_framework_2_findings,
)

OUTCOMES = {"positive": 1, "inconsistent": 2, "widespread": 3}
SAME_WEAKNESS = 0.8  # how alike a revisit's quotation and the WSOA's wording must be


class ImportRefused(Exception):
    """The letter cannot be saved as it stands; the message says why."""


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


class ImportInvalid(ImportRefused):
    """Something the letter would save fails the models' validation; nothing was saved."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(" ".join(problem.message for problem in problems))


@dataclass
class WeaknessMatch:
    number: int
    text: str
    verdict: str | None
    existing: SignificantWeakness | None = None
    theme: str | None = None  # as chosen at the review step


@dataclass
class ImportPlan:
    letter: dict
    text: str
    area: Area | None = None
    wsoa: WrittenStatementOfAction | None = None
    existing_inspection: Inspection | None = None
    duplicate_of: Source | None = None
    duplicate_inspection: Inspection | None = None  # the record that holds it
    weaknesses: list[WeaknessMatch] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def fingerprint(self) -> str:
        return text_fingerprint(self.text)


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower().replace("&", " and ")))


def find_area(name: str | None, slug: str | None = None) -> Area | None:
    """The area a letter names: by slug when given, else by name or alias."""
    if slug:
        return Area.objects.filter(slug=slug).first()
    if not name:
        return None
    wanted = _words(re.sub(r"\b(local area partnership|council|the)\b", "", name, flags=re.I))
    for area in Area.objects.all():
        names = [area.name, *area.also_known_as, area.council_name]
        if any(_words(n) == wanted for n in names if n):
            return area
    # "Bedford Borough" for Bedford, "City of York" for York: the same words once the
    # generic ones are set aside, and only when exactly one area fits.
    generic = {"borough", "city", "of", "county", "metropolitan", "district", "royal"}
    wanted_words = set(wanted.split()) - generic
    candidates = [
        area
        for area in Area.objects.current()
        if wanted_words and set(_words(area.name).split()) - generic == wanted_words
    ]
    return candidates[0] if len(candidates) == 1 else None


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def read_document(data: bytes, *, area_slug: str | None = None) -> tuple[str, dict, ImportPlan]:
    """Reads a letter (PDF or text) and matches it: its text, its JSON form and the plan.

    Raises LetterError when the document cannot be read as a letter.
    """
    text, result = read_letter(data)
    letter = letter_dict(result)
    return text, letter, plan_import(letter, text, area_slug=area_slug)


def own_letter(inspection: Inspection) -> Source | None:
    """The inspection's own letter or report, as against a letter that only cites it (a
    revisit letter is a source of the initial inspection whose weaknesses it quotes)."""
    heading = LETTER_TITLES.get(inspection.kind, "").split("{area}")[0]
    if not heading:
        return None
    return inspection.sources.filter(kind=SourceKind.LETTER, title__startswith=heading).first()


def _holder(letter: Source, kind: str | None) -> Inspection | None:
    inspections = list(letter.inspections.select_related("area").order_by("visit_start"))
    return next(
        (i for i in inspections if i.kind == kind), inspections[-1] if inspections else None
    )


def plan_import(letter: dict, text: str, *, area_slug: str | None = None) -> ImportPlan:
    """Matches a parse result to the database without saving anything."""
    plan = ImportPlan(letter=letter, text=text, warnings=list(letter.get("warnings") or []))
    plan.duplicate_of = Source.objects.filter(content_hash=plan.fingerprint).first()
    plan.area = find_area(letter.get("area"), area_slug)
    if plan.duplicate_of is not None:
        plan.duplicate_inspection = _holder(plan.duplicate_of, letter.get("kind"))
    if plan.area is None:
        plan.errors.append(
            f"No local area matches “{letter.get('area') or 'an unnamed area'}”. "
            "Choose the area by hand."
        )
        return plan
    # The same letter again in another form (pasted text after a PDF, say): same heading.
    plan.duplicate_of = (
        plan.duplicate_of
        or Source.objects.filter(
            kind=SourceKind.LETTER, title=letter_title(letter, plan.area), url=""
        ).first()
    )
    kind, start = letter.get("kind"), _date(letter.get("visit_start"))
    if kind not in InspectionKind.values:
        plan.errors.append("The letter's kind of inspection could not be read.")
        return plan
    plan.existing_inspection = (
        plan.area.inspections.filter(kind=kind, visit_start=start).first() if start else None
    )
    # One extra line pasted is a new fingerprint: the inspection it is about already holding
    # its own letter says it is the same letter.
    if plan.duplicate_of is None and plan.existing_inspection is not None:
        plan.duplicate_of = own_letter(plan.existing_inspection)
    if plan.duplicate_of is not None:
        plan.duplicate_inspection = _holder(plan.duplicate_of, kind)
    if kind == InspectionKind.REVISIT:
        _match_revisit(plan, start)
    elif kind == InspectionKind.INITIAL:
        plan.weaknesses = [
            WeaknessMatch(n, w["text"], None, theme=w.get("theme"))
            for n, w in enumerate(letter["weaknesses"], start=1)
        ]
        if letter.get("wsoa_required") and not plan.weaknesses:
            plan.errors.append("The letter requires a WSOA but no significant weakness was read.")
    return plan


def _match_revisit(plan: ImportPlan, start: dt.date | None) -> None:
    wsoas = WrittenStatementOfAction.objects.filter(inspection__area=plan.area)
    if start:
        wsoas = wsoas.filter(inspection__visit_start__lt=start)
    plan.wsoa = wsoas.order_by("-inspection__visit_start").first()
    if plan.wsoa is None:
        plan.errors.append(
            f"{plan.area.name} has no written statement of action before this revisit to "
            "check: enter the initial inspection first."
        )
        return
    parsed = plan.letter["weaknesses"]
    existing = list(plan.wsoa.weaknesses.all())
    expected = len(existing) or plan.wsoa.reported_weakness_count
    if expected and expected != len(parsed):
        plan.errors.append(
            f"This revisit gives verdicts on {len(parsed)} weaknesses, but {plan.wsoa} has "
            f"{expected}. Check the letter is for this area and this WSOA."
        )
        return
    for number, item in enumerate(parsed, start=1):
        match = WeaknessMatch(number, item["text"], item.get("verdict"), theme=item.get("theme"))
        if existing:
            scored = [
                (difflib.SequenceMatcher(None, _words(w.text), _words(item["text"])).ratio(), w)
                for w in existing
            ]
            score, best = max(scored, key=lambda pair: pair[0])
            if score < SAME_WEAKNESS:
                plan.errors.append(
                    f"Weakness {number} of the revisit (“{item['text'][:80]}…”) matches no "
                    f"weakness in {plan.wsoa}."
                )
            match.existing = best
        if match.verdict not in ("sufficient", "not_sufficient"):
            plan.errors.append(f"No verdict was read for weakness {number}.")
        plan.weaknesses.append(match)


LETTER_TITLES = {
    "initial": "Joint area SEND inspection in {area}",
    "revisit": "Joint area SEND revisit in {area}",
    "full": "Area SEND inspection of {area} local area partnership",
    "monitoring": "Area SEND monitoring inspection of {area}",
}


def letter_title(letter: dict, area: Area) -> str:
    """The letter's own heading, dated by its visit so an area's letters stay apart."""
    title = LETTER_TITLES.get(letter.get("kind"), "Letter about {area}").format(area=area.name)
    start = _date(letter.get("visit_start"))
    return f"{title}, {start:%B %Y}" if start else title


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
        field = places.get(key, "")
        for message in messages:
            if section:
                problems.append(Problem(message, field, section, number))
            elif field:
                problems.append(Problem(message, field))
            else:
                problems.append(Problem(f"{label}: {message}" if label else message))
    return problems


def _refuse(problems: list[Problem]) -> None:
    if problems:
        raise ImportInvalid(problems)


def _source(plan: ImportPlan, filename: str, document: bytes | None) -> Source:
    source = Source(
        kind=SourceKind.LETTER,
        title=letter_title(plan.letter, plan.area),
        published_on=_date(plan.letter.get("letter_date")),
        content_hash=plan.fingerprint,
    )
    _refuse(problems_with(source, {}, label="The letter's source record"))
    source.save()
    if document:
        # The file is written only once the records are committed: a refused import
        # leaves no file behind.
        transaction.on_commit(lambda: _store_document(source.pk, filename, document))
    return source


def _store_document(source_pk: int, filename: str, document: bytes) -> None:
    source = Source.objects.get(pk=source_pk)
    source.document.save(filename, ContentFile(document), save=True)


@transaction.atomic
def save_import(
    plan: ImportPlan, *, filename: str = "letter.txt", document: bytes | None = None
) -> Inspection:
    """Saves the letter and everything in it, or nothing at all.

    Raises ImportRefused for a duplicate or a letter with errors, and ImportInvalid (with each
    problem placed for the review form) for anything the models refuse. The document is
    stored when the transaction commits.
    """
    if plan.duplicate_of is not None:
        raise ImportRefused(
            f"This letter has already been imported ({plan.duplicate_of}). Nothing was changed."
        )
    if plan.errors:
        raise ImportRefused(" ".join(plan.errors))
    try:
        return _save(plan, filename, document)
    except ValidationError as error:  # a rule the checks before each save did not place
        raise ImportInvalid([Problem(message) for message in error.messages]) from error


def _save(plan: ImportPlan, filename: str, document: bytes | None) -> Inspection:
    letter, area = plan.letter, plan.area
    source = _source(plan, filename, document)
    kind = letter["kind"]
    inspection = plan.existing_inspection or Inspection(area=area, kind=kind)
    inspection.framework = (
        Framework.AREA_2023 if letter["framework"] == "2023" else Framework.LOCAL_AREA_2016
    )
    for name in ("visit_start", "visit_end", "letter_date"):
        value = _date(letter.get(name))
        if value:
            setattr(inspection, name, value)
    if letter.get("inspectors"):
        inspection.inspectors = "\n".join(letter["inspectors"])
    if kind == InspectionKind.REVISIT:
        inspection.wsoa = plan.wsoa
        inspection.summary = letter.get("overall") or inspection.summary
        verdicts = [m.verdict for m in plan.weaknesses]
        inspection.revisit_result = result_from_counts(
            verdicts.count("sufficient"), verdicts.count("not_sufficient")
        )
        inspection.reported_sufficient = verdicts.count("sufficient")
        inspection.reported_not_sufficient = verdicts.count("not_sufficient")
        inspection.consequence = letter.get("decision") or ""
    elif kind == InspectionKind.INITIAL:
        inspection.wsoa_required = letter.get("wsoa_required")
        inspection.summary = (
            inspection.summary or "\n\n".join(letter.get("main_findings") or [])[:2000]
        )
    elif kind == InspectionKind.FULL:
        inspection.outcome = OUTCOMES.get(letter.get("outcome") or "")
        inspection.priority_action_plan_required = letter.get("priority_action_plan_required")
        if inspection.priority_action_plan_required is None and inspection.outcome:
            inspection.priority_action_plan_required = inspection.outcome == 3
    _refuse(problems_with(inspection, INSPECTION_PLACES, label="The inspection"))
    save(inspection)
    inspection.sources.add(source)

    if kind == InspectionKind.INITIAL and letter.get("wsoa_required"):
        wsoa, _ = WrittenStatementOfAction.objects.get_or_create(inspection=inspection)
        wsoa.responsible_bodies = letter.get("responsible_bodies") or wsoa.responsible_bodies
        wsoa.reported_weakness_count = len(plan.weaknesses)
        _refuse(problems_with(wsoa, {}, label="The written statement of action"))
        save(wsoa).sources.add(source)
        _save_weaknesses(wsoa, plan.weaknesses, source)
    if kind == InspectionKind.REVISIT:
        wsoa = plan.wsoa
        fit = _date(letter.get("wsoa_fit_for_purpose"))
        if fit and not wsoa.fit_for_purpose_on:
            wsoa.fit_for_purpose_on = fit
            save(wsoa)
        weaknesses = _save_weaknesses(wsoa, plan.weaknesses, source)
        narratives = letter.get("narratives") or [None] * len(weaknesses)
        for weakness, match, narrative in zip(
            weaknesses, plan.weaknesses, narratives, strict=False
        ):
            verdict = RevisitVerdict.objects.filter(revisit=inspection, weakness=weakness).first()
            verdict = verdict or RevisitVerdict(revisit=inspection, weakness=weakness)
            verdict.verdict = match.verdict
            verdict.narrative = narrative or verdict.narrative
            _refuse(
                problems_with(verdict, VERDICT_PLACES, section="weaknesses", number=match.number)
            )
            save(verdict)
        save(inspection)
        _save_decision(inspection, letter, source)
    if kind in (InspectionKind.FULL, InspectionKind.MONITORING):
        # After outcome 3 the next visit is the monitoring inspection, not the full one.
        timing = letter.get("next_inspection")
        if inspection.outcome == 3 and letter.get("next_monitoring_inspection"):
            timing = letter["next_monitoring_inspection"]
        if timing:
            inspection.next_inspection_within = plain_timing(timing)
            save(inspection)
        _save_findings(inspection, letter)
    if kind == InspectionKind.INITIAL:
        save_framework_1_findings(
            inspection,
            letter.get("main_findings") or [],
            letter.get("strengths") or {},
            letter.get("areas_for_development") or {},
        )
    return inspection


def _new_weakness(wsoa, match: WeaknessMatch, source: Source) -> SignificantWeakness:
    """A weakness the letter adds, titled from its words and themed as chosen or suggested."""
    return SignificantWeakness(
        wsoa=wsoa,
        number=match.number,
        text=match.text,
        title=weakness_title(match.text),
        theme=match.theme or suggest_theme(match.text),
        source=source,
    )


def _save_weaknesses(
    wsoa, matches: list[WeaknessMatch], source: Source
) -> list[SignificantWeakness]:
    problems = []
    for match in matches:
        if match.existing is None and not wsoa.weaknesses.filter(number=match.number).exists():
            new = _new_weakness(wsoa, match, source)
            problems += problems_with(
                new, WEAKNESS_PLACES, section="weaknesses", number=match.number
            )
    _refuse(problems)
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


def _save_decision(revisit: Inspection, letter: dict, source: Source) -> None:
    text = (letter.get("decision") or "").lower()
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
    decision.notes = decision.notes or letter.get("decision") or ""
    save(decision).sources.add(source)


NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def plain_timing(text: str) -> str:
    """'within approximately three years' -> '3 years', as the statistics write it."""
    match = re.search(r"(\d+|one|two|three|four|five|six)\s+(months?|years?)", text.lower())
    if not match:
        return text[:40]
    number = NUMBER_WORDS.get(match.group(1), match.group(1))
    return f"{number} {match.group(2)}"


FINDING_SECTIONS = {
    FindingKind.PRIORITY_ACTION: "priority_actions",
    FindingKind.IMPROVEMENT: "areas_for_improvement",
}


def _save_findings(inspection: Inspection, letter: dict) -> None:
    """The report's findings through the same save path as the shipped reports'."""
    themes = letter.get("improvement_themes") or {}
    bodies = letter.get("improvement_bodies") or []
    groups = {
        FindingKind.PRIORITY_ACTION: letter.get("priority_actions") or [],
        FindingKind.IMPROVEMENT: [
            {
                "text": text,
                "responsible_body": bodies[number - 1] if number <= len(bodies) else "",
                "theme": themes.get(str(number)),
            }
            for number, text in enumerate(letter.get("areas_for_improvement") or [], start=1)
        ],
    }
    # Every item checked first, so the review shows all that is wrong at once.
    problems = []
    for kind, items in groups.items():
        for number, item in enumerate(items, start=1):
            finding = framework_2_finding(inspection, kind, number, item)
            problems += problems_with(
                finding, FINDING_PLACES, section=FINDING_SECTIONS[kind], number=number
            )
    _refuse(problems)
    save_framework_2_findings(inspection, groups, chosen=True)


def letter_dict(result) -> dict:
    """The parse result's JSON form plus the extra facts the database keeps."""
    letter = result.to_json_dict()

    def iso(value):
        return value.isoformat() if isinstance(value, dt.date) else value

    letter["responsible_bodies"] = result.responsible_bodies or ""
    letter["wsoa_fit_for_purpose"] = iso(result.wsoa_fit_for_purpose)
    letter["initial_letter_published"] = iso(result.initial_letter_published)
    letter["priority_action_plan_required"] = result.priority_action_plan_required
    letter["narratives"] = [weakness.narrative for weakness in result.weaknesses]
    letter["overall"] = result.overall or ""
    letter["main_findings"] = list(result.main_findings)
    letter["strengths"] = dict(result.strengths)
    letter["areas_for_development"] = dict(result.areas_for_development)
    letter["next_inspection"] = result.next_inspection or ""
    letter["next_monitoring_inspection"] = result.next_monitoring_inspection or ""
    letter["inspectors"] = list(result.inspectors)
    letter["improvement_bodies"] = list(result.improvement_bodies)
    return letter
