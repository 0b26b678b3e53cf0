"""Reading an Ofsted/CQC area SEND letter or report into a `LetterResult`.

Four kinds of document, told apart by their titles:

- framework 1 (2016-2022) initial inspection: "Joint area SEND inspection in <area>";
- framework 1 revisit: "Joint area SEND revisit in <area>";
- framework 2 (2023-) full inspection: "Area SEND inspection of <area> Local Area Partnership";
- framework 2 monitoring inspection: a title with "monitoring inspection" in it.

Everything is found by the letters' stable wording and section headings, never by
position. Whenever something expected is missing or does not add up, the result carries a
warning in plain English rather than a guess passed off as a fact.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, fields

from . import dates
from .errors import LetterError, NotALetterError
from .tables import IMPROVEMENT, PRIORITY_ACTION, TableItem
from .text import Block, collapse, join_lines, match_key, normalise, straighten

JSON_KEYS = (
    "area",
    "framework",
    "kind",
    "visit_start",
    "visit_end",
    "letter_date",
    "previous_inspection_start",
    "previous_inspection_end",
    "outcome",
    "wsoa_required",
    "weaknesses",
    "priority_actions",
    "areas_for_improvement",
    "decision",
    "warnings",
)
FRAMEWORKS = ("2016", "2023")
KINDS = ("initial", "revisit", "full", "monitoring")
OUTCOMES = ("positive", "inconsistent", "widespread")
VERDICTS = ("sufficient", "not_sufficient")
HEADING_KEYS = ("identifying", "meeting", "outcomes")


@dataclass
class Weakness:
    text: str
    verdict: str | None = None  # "sufficient", "not_sufficient" or None
    narrative: str = ""  # revisits: what inspectors found, paragraphs separated by blank lines
    verdict_sentence: str | None = None


@dataclass
class PriorityAction:
    text: str
    responsible_body: str | None = None


@dataclass
class LetterResult:
    area: str
    framework: str  # "2016" or "2023"
    kind: str  # "initial", "revisit", "full" or "monitoring"
    visit_start: dt.date | None = None
    visit_end: dt.date | None = None
    letter_date: dt.date | None = None
    previous_inspection_start: dt.date | None = None
    previous_inspection_end: dt.date | None = None
    outcome: str | None = None  # "positive", "inconsistent", "widespread"
    wsoa_required: bool | None = None
    weaknesses: list[Weakness] = field(default_factory=list)
    priority_actions: list[PriorityAction] = field(default_factory=list)
    areas_for_improvement: list[str] = field(default_factory=list)
    decision: str | None = None
    warnings: list[str] = field(default_factory=list)

    # More structure for the Django layer (not in to_json_dict).
    responsible_bodies: str | None = None
    initial_letter_published: dt.date | None = None  # revisits
    wsoa_fit_for_purpose: dt.date | None = None  # revisits
    overall: str | None = None  # revisits: the summary of progress
    stated_weakness_count: int | None = None  # "the six significant weaknesses"
    main_findings: list[str] = field(default_factory=list)  # initial letters
    strengths: dict[str, list[str]] = field(default_factory=dict)  # by heading
    areas_for_development: dict[str, list[str]] = field(default_factory=dict)  # by heading
    effective_practice: list[str] = field(default_factory=list)  # framework 2
    needs_to_do_better: list[str] = field(default_factory=list)  # framework 2
    improvement_bodies: list[str] = field(
        default_factory=list
    )  # beside each, if the table has them
    next_inspection: str | None = None  # "within approximately three years"
    next_monitoring_inspection: str | None = None  # "within approximately 18 months"
    priority_action_plan_required: bool | None = None
    strategic_plan_requested: bool | None = None
    previous_inspection_text: str | None = None  # as the report words it
    previous_revisit_date: dt.date | None = None
    inspectors: list[str] = field(default_factory=list)

    def to_json_dict(self) -> dict:
        def iso(value: dt.date | None) -> str | None:
            return value.isoformat() if value else None

        return {
            "area": self.area,
            "framework": self.framework,
            "kind": self.kind,
            "visit_start": iso(self.visit_start),
            "visit_end": iso(self.visit_end),
            "letter_date": iso(self.letter_date),
            "previous_inspection_start": iso(self.previous_inspection_start),
            "previous_inspection_end": iso(self.previous_inspection_end),
            "outcome": self.outcome,
            "wsoa_required": self.wsoa_required,
            "weaknesses": [{"text": w.text, "verdict": w.verdict} for w in self.weaknesses],
            "priority_actions": [
                {"text": a.text, "responsible_body": a.responsible_body}
                for a in self.priority_actions
            ],
            "areas_for_improvement": list(self.areas_for_improvement),
            "decision": self.decision,
            "warnings": list(self.warnings),
        }

    @classmethod
    def from_json_dict(cls, data: dict) -> LetterResult:
        """The result from to_json_dict's form, or from any of its fields so written (dates
        as ISO text, weaknesses and priority actions as dicts); other keys are left out."""
        names = {f.name for f in fields(cls)}
        values = {key: value for key, value in data.items() if key in names}
        for name in _DATE_FIELDS:
            if values.get(name):
                values[name] = dt.date.fromisoformat(values[name])
        values["weaknesses"] = [_typed(Weakness, w) for w in values.get("weaknesses") or []]
        values["priority_actions"] = [
            _typed(PriorityAction, a) for a in values.get("priority_actions") or []
        ]
        return cls(**values)

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)


_DATE_FIELDS = (
    "visit_start",
    "visit_end",
    "letter_date",
    "previous_inspection_start",
    "previous_inspection_end",
    "initial_letter_published",
    "wsoa_fit_for_purpose",
    "previous_revisit_date",
)


def _typed(kind: type, data: dict):
    names = {f.name for f in fields(kind)}
    return kind(**{key: value for key, value in data.items() if key in names})


def parse_letter(text: str, finding_tables: list[TableItem] | None = None) -> LetterResult:
    """Read a letter or report. Raises NotALetterError (or another LetterError) only.

    `finding_tables`, read from a PDF's table cells (see `tables`), replace the findings
    the text alone gives for a 2023-framework report, where they hold any.
    """
    try:
        return _parse_letter(text, finding_tables or [])
    except LetterError:
        raise
    except Exception as exc:  # a bug must not reach the user as a server error
        raise LetterError(
            "This document could not be read automatically. Enter its details by hand, "
            f"and please report the problem ({type(exc).__name__})."
        ) from exc


def _parse_letter(text: str, finding_tables: list[TableItem] | None = None) -> LetterResult:
    if not isinstance(text, str):
        raise NotALetterError("There is no text to read: a letter's text was expected.")
    if not text.strip():
        raise NotALetterError("There is no text to read: the document is empty.")
    blocks = normalise(text).blocks
    found = _identify(blocks)
    if found is None:
        raise NotALetterError()
    framework, kind, area, title_index = found
    result = LetterResult(area=area, framework=framework, kind=kind)
    if framework == "2016":
        _parse_framework_1(result, blocks, title_index)
    else:
        _parse_framework_2(result, blocks, title_index, finding_tables or [])
    return result


# ---------------------------------------------------------------------------------------
# What the document is

_F1_TITLE = re.compile(
    r"^joint (?:local )?area (?:special educational needs and/or disabilities \(send\)|send)"
    r" (?P<kind>inspection|revisit|re-visit) in (?:the )?(?P<area>[^\t]{2,80}?)[\s.:]*$",
    re.IGNORECASE,
)
_F2_TITLE = re.compile(
    r"^(?:(?:joint )?area send (?P<m1>monitoring )?(?:re-?)?(?:inspection|visit)"
    r"|(?P<m2>monitoring) (?:inspection|visit)|area send (?P<m3>monitoring))"
    r"(?: (?:report|letter))? of (?:the )?(?P<area>[^\t]{2,80}?) local area partnership\b",
    re.IGNORECASE,
)


def _identify(blocks: list[Block]) -> tuple[str, str, str, int] | None:
    """(framework, kind, area, index of the title block), from the document's title."""
    for index, block in enumerate(blocks[:80]):
        # A framework-1 title is a line of its own (short blocks only: not running text).
        lines = block.lines if block.kind == "heading" or len(block.lines) < 4 else []
        for line in lines:
            match = _F1_TITLE.match(collapse(straighten(line)))
            area = _clean_area(line, match) if match else ""
            if area:
                kind = "initial" if match.group("kind").lower() == "inspection" else "revisit"
                return "2016", kind, area, index
        match = _F2_TITLE.match(straighten(block.text))
        area = _clean_area(block.text, match) if match else ""
        if area:
            monitoring = match.group("m1") or match.group("m2") or match.group("m3")
            return "2023", "monitoring" if monitoring else "full", area, index
    return None


def _clean_area(original: str, match: re.Match) -> str:
    """The area's name with the document's own characters (curly apostrophes kept)."""
    text = collapse(original)
    area = text[match.start("area") : match.end("area")]
    return area.strip(" .,:;*").strip()


# ---------------------------------------------------------------------------------------
# Helpers over blocks


def _section(
    blocks: list[Block], start: int, stop: tuple[str, ...] | None = None
) -> tuple[list[Block], int]:
    """The blocks after blocks[start] up to the next heading (or one whose key is in stop)."""
    out = []
    index = start + 1
    while index < len(blocks):
        block = blocks[index]
        if block.kind == "heading" and (stop is None or _heading_key(block) in stop):
            break
        out.append(block)
        index += 1
    return out, index


def _heading_key(block: Block) -> str:
    return block.key.rstrip(":").strip()


def _find_heading(blocks: list[Block], key: str, start: int = 0) -> int | None:
    for index in range(start, len(blocks)):
        if blocks[index].kind == "heading" and _heading_key(blocks[index]) == key:
            return index
    return None


def _sentences(text: str) -> list[str]:
    parts = re.split(r"(?<=[.!?])[\"'’”)]*\s+(?=[A-Z0-9(\"“‘'])", collapse(text))
    return [part for part in (p.strip() for p in parts) if part]


_NUMBER_WORDS = {
    "no": 0,
    "none": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
}
_NUMBER = r"(?:\d{1,2}|" + "|".join(_NUMBER_WORDS) + r")"


def _number(word: str) -> int:
    word = word.lower()
    return int(word) if word.isdigit() else _NUMBER_WORDS[word]


def _date_text(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


def _search_blocks(blocks: list[Block], pattern: re.Pattern) -> tuple[Block, re.Match] | None:
    for block in blocks:
        match = pattern.search(block.key)
        if match:
            return block, match
    return None


def _original(block: Block, match: re.Match, group: str | int) -> str:
    """The matched group in the block's own text (the key has the same length)."""
    text = collapse(block.text.replace("\t", " "))
    return text[match.start(group) : match.end(group)]


def _item_text(block: Block) -> str:
    return collapse(block.text)


# ---------------------------------------------------------------------------------------
# Framework 1: initial inspections and revisits

_VISIT_RE = re.compile(rf"\bbetween (?P<range>{dates.DATE_OR_RANGE_PATTERN})", re.IGNORECASE)
_PUBLISHED_RE = re.compile(rf"\bpublished on (?P<date>{dates.DATE_CORE})")
_FIT_RE = re.compile(
    rf"\b(?:declared|deemed|judged|confirmed as|found to be|considered) fit for purpose"
    rf"(?: by [a-z ]{{3,40}}?)? on (?P<date>{dates.DATE_CORE})"
)
_BODIES_RE = re.compile(
    r"\bdetermined that (?P<bodies>[^.]{3,300}?) (?:were|was|are|is|would be|will be) "
    r"(?:jointly )?responsible for (?:submitting|producing)"
)
_WSOA_YES = (
    re.compile(r"\b(?:written statement of action|wsoa)(?: \(wsoa\))? (?:is|was|were) required"),
    re.compile(
        r"\brequired to (?:produce|submit|prepare)(?: and (?:submit|produce))? (?:a|an|the) "
        r"(?:written statement of action|wsoa)"
    ),
)
_WSOA_NO = (
    re.compile(r"\b(?:written statement of action|wsoa)(?: \(wsoa\))? (?:is|was) not required"),
    re.compile(r"\bnot (?:be )?required to (?:produce|submit) (?:a|an) (?:written statement|wsoa)"),
)
_AT_INITIAL = re.compile(
    r"^(?:at|during) the (?:initial|previous|last|original|first) inspection,? "
    r"(?:inspectors|it was|the inspection team) (?:found|identified)(?: the following| that)?"
    r"\s*:?\s*"
)
_VERDICT = re.compile(
    r"(?:^|(?<=[.!?] ))(?:the|this) (?:local )?area has (?P<not>not (?:yet )?)?made "
    r"(?P<insufficient>insufficient |sufficient |enough |adequate )?progress "
    r"(?:to (?:improve|address|tackle)|in (?:addressing|improving|tackling|relation to)"
    r"|towards addressing|against) this\b[^.!?]*[.!?]?"
)
_DECISION_CUES = re.compile(
    r"\bdfe\b|department for education|nhs england|secretary of state|support and challenge"
    r"|will cease|next steps|accelerated progress plan|improvement notice|commissioner"
)
_WEAKNESS_LIST_RE = re.compile(
    r"(?:following|these) (?:areas of )?(?:significant )?(?:areas of )?weakness(?:es)?\s*:?$"
)
_FINDINGS_END_RE = re.compile(
    r"^the inspection raises significant concerns|written statement of action|\bwsoa\b"
    r"|following (?:areas of )?significant (?:areas of )?weakness"
)
_DATE_LINE_RE = re.compile(rf"^(?:{dates.DATE_CORE})$", re.IGNORECASE)


def _parse_framework_1(result: LetterResult, blocks: list[Block], title: int) -> None:
    _f1_letter_date(result, blocks, title)
    body = blocks[title + 1 :]

    found = _search_blocks(body, _VISIT_RE)
    if found:
        start, end, was_range = dates.parse_range_or_date(_original(*found, "range"))
        result.visit_start, result.visit_end = (start, end) if was_range else (end, end)
        if end is not None and not was_range:
            result.warn(f"The letter gives a single day for the visit ({_date_text(end)}).")
    if result.visit_end is None:
        result.warn('The dates of the visit ("Between … and …") could not be read.')

    found = _search_blocks(body, _BODIES_RE)
    if found:
        result.responsible_bodies = collapse(_original(*found, "bodies"))

    wsoa = None
    if any(_search_blocks(body, pattern) for pattern in _WSOA_NO):
        wsoa = False
    elif any(_search_blocks(body, pattern) for pattern in _WSOA_YES):
        wsoa = True
    result.wsoa_required = wsoa

    if result.kind == "revisit":
        _parse_revisit(result, blocks, title)
    else:
        _parse_initial(result, blocks, title)
    result.inspectors = _f1_inspectors(blocks)
    if not result.inspectors:
        result.warn("The inspectors' names could not be found in the signature block.")


def _f1_letter_date(result: LetterResult, blocks: list[Block], title: int) -> None:
    for block in blocks[:title]:
        for line in block.lines:
            if _DATE_LINE_RE.match(collapse(line).strip("* ")):
                result.letter_date = dates.parse_date(line)
                if result.letter_date:
                    return
    result.warn("The letter's date (the date line above 'Dear …') could not be found.")


def _parse_revisit(result: LetterResult, blocks: list[Block], title: int) -> None:
    body = blocks[title + 1 :]
    if result.wsoa_required is None:
        result.warn(
            "The letter does not say that a written statement of action was required, "
            "which a revisit letter normally does."
        )

    found = _search_blocks(body, _PUBLISHED_RE)
    if found:
        result.initial_letter_published = dates.parse_date(_original(*found, "date"))
    else:
        result.warn(
            "The publication date of the initial inspection letter "
            '("… letter published on …") could not be read.'
        )
    found = _search_blocks(body, _FIT_RE)
    if found:
        result.wsoa_fit_for_purpose = dates.parse_date(_original(*found, "date"))
    else:
        result.warn(
            "The date the written statement of action was declared fit for purpose "
            "could not be read."
        )

    findings = _find_heading(blocks, "main findings", title)
    end = _find_heading(blocks, "yours sincerely", title)
    end = len(blocks) if end is None else end
    start = findings if findings is not None else title
    region = blocks[start + 1 : end]
    intro = blocks[title + 1 : start] if findings is not None else []

    counts = _stated_counts(intro or region[:6])
    overall = _overall_statement(intro or region[:6])
    result.overall = overall
    result.stated_weakness_count = counts.get("total")

    weaknesses, last_used = _revisit_weaknesses(region)
    result.weaknesses = weaknesses
    if not weaknesses:
        result.warn(
            "No weaknesses were found: the letter has no paragraphs introduced by "
            "'At the initial inspection, inspectors found the following:'."
        )
    for number, weakness in enumerate(weaknesses, start=1):
        if weakness.verdict is None:
            result.warn(
                f"No verdict ('The area has (not) made sufficient progress …') was found "
                f"for weakness {number}."
            )

    closing = region[last_used + 1 :] if weaknesses else region
    result.decision = _decision(closing)
    if result.decision is None:
        result.warn("The closing decision (what DfE and NHS England do next) could not be found.")
    if overall is None:
        result.warn("The letter's summary of progress could not be found.")
    _check_revisit_counts(result, counts)


def _overall_statement(blocks: list[Block]) -> str | None:
    for block in blocks:
        sentences = [
            s
            for s in _sentences(block.text)
            if re.search(r"\bmade (?:sufficient|enough|insufficient) progress\b", match_key(s))
        ]
        if sentences:
            return " ".join(sentences)
    return None


def _stated_counts(blocks: list[Block]) -> dict[str, int]:
    """What the opening paragraphs say about the number of weaknesses and verdicts."""
    counts: dict[str, int] = {}
    for block in blocks:
        key = block.key
        match = re.search(
            rf"\bhas made sufficient progress in addressing (?P<some>{_NUMBER}) of the "
            rf"(?P<total>{_NUMBER}) (?:significant )?(?:areas of )?weakness",
            key,
        )
        if match:
            counts.setdefault("sufficient", _number(match.group("some")))
            counts.setdefault("total", _number(match.group("total")))
        match = re.search(
            rf"\bhas not made sufficient progress in addressing (?:the (?:other |remaining )?)?"
            rf"(?P<some>{_NUMBER}) (?:other |remaining )?(?:significant )?(?:areas of )?weakness",
            key,
        )
        if match:
            counts.setdefault("not_sufficient", _number(match.group("some")))
        match = re.search(
            rf"\bhas made sufficient progress in addressing all (?:(?P<n1>{_NUMBER}) )?(?:of )?"
            rf"the (?:(?P<n2>{_NUMBER}) )?(?:significant )?(?:areas of )?weakness",
            key,
        )
        if match:
            counts.setdefault("all_sufficient", 1)
            if match.group("n1") or match.group("n2"):
                counts.setdefault("total", _number(match.group("n1") or match.group("n2")))
        match = re.search(
            rf"\bhas not made sufficient progress in addressing (?:any|all) (?:of )?the "
            rf"(?:(?P<n>{_NUMBER}) )?(?:significant )?(?:areas of )?weakness",
            key,
        )
        if match:
            counts.setdefault("none_sufficient", 1)
            if match.group("n"):
                counts.setdefault("total", _number(match.group("n")))
        match = re.search(
            rf"\b(?:the|all) (?P<total>{_NUMBER}) (?:significant )?(?:areas of )?weakness",
            key,
        )
        if match and _number(match.group("total")) > 0:
            counts.setdefault("total", _number(match.group("total")))
    return counts


def _revisit_weaknesses(region: list[Block]) -> tuple[list[Weakness], int]:
    weaknesses: list[Weakness] = []
    index = 0
    last_used = -1
    while index < len(region):
        block = region[index]
        match = _AT_INITIAL.match(block.key)
        if not match:
            index += 1
            continue
        quoted: list[str] = []
        rest = collapse(block.text)[match.end() :].strip()
        cursor = index + 1
        if rest:
            quoted.append(rest)
        elif cursor < len(region):
            first = region[cursor]
            if first.bold:
                while (
                    cursor < len(region) and region[cursor].bold and not _is_verdict(region[cursor])
                ):
                    quoted.append(_item_text(region[cursor]))
                    cursor += 1
            elif first.kind == "bullet":
                while cursor < len(region) and region[cursor].kind == "bullet":
                    quoted.append("- " + _item_text(region[cursor]))
                    cursor += 1
            elif not _AT_INITIAL.match(first.key):
                quoted.append(_item_text(first))
                cursor += 1
        text = "\n".join(quoted) if any(q.startswith("- ") for q in quoted) else " ".join(quoted)
        if text.startswith("- ") and text.count("\n- ") == 0:
            text = text[2:]
        weakness = Weakness(text=text)
        narrative: list[str] = []
        while cursor < len(region) and not _AT_INITIAL.match(region[cursor].key):
            candidate = region[cursor]
            verdict = _VERDICT.search(candidate.key)
            if verdict:
                sentence_text = collapse(candidate.text)
                before = sentence_text[: verdict.start()].strip()
                if before:
                    narrative.append(before)
                weakness.verdict_sentence = sentence_text[verdict.start() : verdict.end()].strip()
                negative = verdict.group("not") or (verdict.group("insufficient") or "").startswith(
                    "insufficient"
                )
                weakness.verdict = "not_sufficient" if negative else "sufficient"
                last_used = cursor
                cursor += 1
                break
            narrative.append(_item_text(candidate))
            last_used = cursor
            cursor += 1
        weakness.narrative = "\n\n".join(narrative)
        if weakness.text:
            weaknesses.append(weakness)
        index = cursor
    return weaknesses, last_used


def _is_verdict(block: Block) -> bool:
    return bool(_VERDICT.search(block.key))


def _decision(blocks: list[Block]) -> str | None:
    for block in blocks:
        if block.kind == "heading":
            break
        sentences = _sentences(block.text)
        for position, sentence in enumerate(sentences):
            if _DECISION_CUES.search(match_key(sentence)):
                return " ".join(sentences[position:])
    return None


def _check_revisit_counts(result: LetterResult, counts: dict[str, int]) -> None:
    """Warn where what the letter says about its weaknesses and what was found disagree."""
    found = len(result.weaknesses)
    sufficient = sum(1 for w in result.weaknesses if w.verdict == "sufficient")
    not_sufficient = sum(1 for w in result.weaknesses if w.verdict == "not_sufficient")
    total = counts.get("total")
    if total is not None and total != found:
        result.warn(
            f"The letter speaks of {total} significant weaknesses, but {found} "
            f"{'was' if found == 1 else 'were'} found in it."
        )
    if "sufficient" in counts and counts["sufficient"] != sufficient:
        result.warn(
            f"The letter says sufficient progress was made on {counts['sufficient']} "
            f"weaknesses; the verdicts found say so for {sufficient}."
        )
    if "not_sufficient" in counts and counts["not_sufficient"] != not_sufficient:
        result.warn(
            f"The letter says sufficient progress was not made on {counts['not_sufficient']} "
            f"weaknesses; the verdicts found say so for {not_sufficient}."
        )
    if counts.get("all_sufficient") and not_sufficient:
        result.warn(
            "The letter says sufficient progress was made on all the weaknesses, but "
            f"the verdicts found say it was not for {not_sufficient}."
        )
    if counts.get("none_sufficient") and sufficient:
        result.warn(
            "The letter says sufficient progress was not made on any weakness, but "
            f"the verdicts found say it was for {sufficient}."
        )
    verdicts = sufficient + not_sufficient
    if found and verdicts != found:
        result.warn(f"Verdicts were found for {verdicts} of the {found} weaknesses.")


def _parse_initial(result: LetterResult, blocks: list[Block], title: int) -> None:
    end = _find_heading(blocks, "yours sincerely", title)
    end = len(blocks) if end is None else end
    findings = _find_heading(blocks, "main findings", title)
    if findings is not None:
        section, _ = _section(blocks[:end], findings)
        result.main_findings = [
            _item_text(b) for b in _until_findings_end(section) if b.kind != "heading"
        ]
    else:
        result.warn("The 'Main findings' section could not be found.")

    for index in range(title + 1, end):
        block = blocks[index]
        if block.kind != "heading":
            continue
        key = _heading_key(block)
        if not key.startswith("the effectiveness of the local area in"):
            continue
        heading = (
            "identifying"
            if "identifying" in key
            else "outcomes"
            if "improving outcomes" in key or "outcomes" in key
            else "meeting"
            if "meeting" in key
            else None
        )
        if heading is None:
            continue
        cursor = index + 1
        while cursor < end and blocks[cursor].kind == "heading":
            sub = _heading_key(blocks[cursor])
            if sub not in ("strengths", "areas for development", "areas for further development"):
                break
            items, cursor = _section(blocks[:end], cursor)
            texts = [_item_text(b) for b in _until_findings_end(items)]
            target = result.strengths if sub == "strengths" else result.areas_for_development
            target.setdefault(heading, []).extend(texts)
    for heading in HEADING_KEYS:
        if heading not in result.strengths and heading not in result.areas_for_development:
            result.warn(f"The section on how well the area does at '{heading}' could not be found.")

    result.weaknesses = _initial_weaknesses(blocks[title + 1 : end])
    if result.wsoa_required is None:
        if result.weaknesses:
            result.wsoa_required = True
            result.warn(
                "The letter lists significant weaknesses but its wording about a written "
                "statement of action was not recognised; wsoa_required is taken as true."
            )
        else:
            result.wsoa_required = False
            result.warn(
                "The letter does not say that a written statement of action is required, "
                "so wsoa_required is false."
            )
    if result.wsoa_required and not result.weaknesses:
        result.warn(
            "A written statement of action is required, but the list of significant "
            "weaknesses could not be found."
        )
    if result.wsoa_required and not result.responsible_bodies:
        result.warn("The bodies responsible for the written statement of action were not found.")


def _until_findings_end(blocks: list[Block]) -> list[Block]:
    out = []
    for block in blocks:
        if _FINDINGS_END_RE.search(block.key):
            break
        out.append(block)
    return out


def _initial_weaknesses(blocks: list[Block]) -> list[Weakness]:
    for index, block in enumerate(blocks):
        if not _WEAKNESS_LIST_RE.search(block.key):
            continue
        items: list[Weakness] = []
        for item in blocks[index + 1 :]:
            if item.kind == "heading":
                break
            if item.kind != "bullet" and items and blocks[index + 1].kind == "bullet":
                break
            text = re.sub(r"(?:[;,]\s*(?:and|or)?|\s+(?:and|or))\s*$", "", _item_text(item))
            if text:
                items.append(Weakness(text=text))
        if items:
            return items
    return []


# Signature block: "Paul Wilson HMI Lead Inspector<TAB>Lesley Perry CQC Inspector".
_ROLE_WORDS = {
    "hmi",
    "cqc",
    "ofsted",
    "lead",
    "inspector",
    "regional",
    "deputy",
    "chief",
    "senior",
    "quality",
    "her",
    "his",
    "children's",
    "interim",
    "director",
    "assistant",
    "team",
    "social",
    "health",
    "bsc",
}


def _f1_inspectors(blocks: list[Block]) -> list[str]:
    start = _find_heading(blocks, "yours sincerely")
    if start is None:
        return []
    columns: list[list[str]] = []
    for block in blocks[start + 1 :]:
        if block.kind == "heading":
            break
        if not block.is_row:
            continue
        for cells in block.rows():
            while len(columns) < len(cells):
                columns.append([])
            for position, cell in enumerate(cells):
                if cell:
                    columns[position].append(cell)
    names: list[str] = []
    for column in columns:
        entries: list[str] = []
        for cell in column:
            first = match_key(cell).split(" ")[0] if cell.strip() else ""
            if entries and first in _ROLE_WORDS and not _is_org(cell):
                entries[-1] = entries[-1] + " " + cell
            elif not _is_org(cell):
                entries.append(cell)
        for entry in entries:
            name, role = _split_name_role(entry)
            role_key = match_key(role)
            if not name or "chief inspector" in role_key or "director" in role_key:
                continue
            if "inspector" in role_key or "hmi" in role_key or "quality assurance" in role_key:
                names.append(name)
    return names


def _is_org(cell: str) -> bool:
    return match_key(cell) in ("ofsted", "care quality commission", "cqc")


def _split_name_role(entry: str) -> tuple[str, str]:
    entry = collapse(entry)
    if "," in entry:
        name, role = entry.split(",", 1)
        name = re.sub(r"\s+HMI$", "", name.strip())
        return (name if _looks_like_name(name) else ""), role
    words = entry.split(" ")
    for position, word in enumerate(words):
        if match_key(word) in _ROLE_WORDS and position >= 2:
            name = " ".join(words[:position])
            return (name if _looks_like_name(name) else ""), " ".join(words[position:])
    return "", entry


_TITLES = {"dr", "mr", "mrs", "ms", "miss", "prof", "professor", "sir", "dame"}


def _looks_like_name(name: str) -> bool:
    words = name.split()
    if not 2 <= len(words) <= 5:
        return False
    return all(
        match_key(word).strip(".") in _TITLES or re.match(r"^[A-Z][A-Za-z'’\-.]+$", word)
        for word in words
    )


# ---------------------------------------------------------------------------------------
# Framework 2: full and monitoring inspections

_OUTCOME_PATTERNS = (
    ("widespread", re.compile(r"\bwidespread and/or systemic failings\b")),
    ("widespread", re.compile(r"\bwidespread (?:and|or) systemic failings\b")),
    (
        "inconsistent",
        re.compile(r"\barrangements lead to inconsistent experiences and outcomes\b"),
    ),
    (
        "positive",
        re.compile(r"\barrangements typically lead to positive experiences and outcomes\b"),
    ),
)
_NEXT_FULL_RE = re.compile(
    r"\bnext full (?:area send )?(?:re-?)?inspection will (?:be|take place|happen|be carried out)"
    r" (?P<when>within (?:approximately|about|around) [a-z0-9 ]{1,30}?)\s*[.]"
)
_NEXT_MONITORING_RE = re.compile(
    r"\bmonitoring inspection will (?:be carried out|take place|be|happen)"
    r" (?P<when>within (?:approximately|about|around) [a-z0-9 ]{1,30}?)\s*[.]"
)
_PAP_RE = re.compile(r"\brequires the local area partnership to prepare and submit a priority")
_PAP_ANY_RE = re.compile(r"\bpriority action plan\b")
_STRATEGIC_PLAN_RE = re.compile(r"\bupdates? and publish(?:es)? its strategic plan\b")
_FIELD_VALUE_RE = re.compile(r"^[^:]{3,60}:\s*")
_PUBLICATION_RE = re.compile(
    rf"\b(?:publication date|date of publication|published(?: on)?|report published(?: on)?)"
    rf"\s*:?\s*(?P<date>{dates.DATE_CORE})"
)
_PREVIOUS_FIELD_RE = re.compile(
    r"^(?:dates? of (?:the )?previous (?:full )?inspections?|previous inspection dates?)\s*:"
)
_VISIT_FIELD_RE = re.compile(r"^(?:monitoring )?inspection dates?\s*:")
_STOP_AFTER_ACTIONS = (
    "areas for improvement",
    "local area partnership details",
    "information about this inspection",
    "inspection team",
)
_STOP_AFTER_IMPROVEMENTS = (
    "areas for priority action",
    "local area partnership details",
    "information about this inspection",
    "inspection team",
)


def _parse_framework_2(
    result: LetterResult, blocks: list[Block], title: int, finding_tables: list[TableItem]
) -> None:
    body = blocks[title + 1 :]
    if result.kind == "monitoring":
        result.warn(
            "This is a monitoring inspection report; its layout is read by general rules "
            "only, so check every field."
        )

    visit = next((b for b in body if _VISIT_FIELD_RE.match(b.key)), None)
    if visit is not None:
        value = _field_value(visit)
        start, end, was_range = dates.parse_range_or_date(value)
        if was_range:
            result.visit_start, result.visit_end = start, end
        elif end is not None:
            result.visit_start = result.visit_end = end
            result.warn(f"The inspection dates give a single day ({_date_text(end)}).")
    if result.visit_end is None:
        result.warn("The inspection dates ('Inspection dates: …') could not be read.")

    previous = next((b for b in body if _PREVIOUS_FIELD_RE.match(b.key)), None)
    if previous is not None:
        _previous_inspection(result, _field_value(previous))
    else:
        result.warn("The dates of the previous inspection were not found.")

    found = _search_blocks(blocks, _PUBLICATION_RE)
    if found:
        result.letter_date = dates.parse_date(_original(*found, "date"))
    if result.letter_date is None:
        result.warn(
            "The report does not give its publication date, so the letter date is left "
            "empty: the publication date is on the report's page on Ofsted's website."
        )

    _f2_outcome(result, blocks, title)
    _f2_next_steps(result, blocks)

    details = _find_heading(blocks, "information about the local area partnership")
    if details is not None:
        section, _ = _section(blocks, details)
        sentences = [s for block in section for s in _sentences(block.text)]
        for sentence in sentences:
            match = re.search(
                r"^(?P<bodies>.{3,300}?) (?:are|is) (?:jointly )?responsible for (?:the )?"
                r"(?:planning|commissioning)",
                match_key(sentence),
            )
            if match:
                result.responsible_bodies = collapse(sentence)[: match.end("bodies")]
                break

    effective = _find_heading(blocks, "what is the area partnership doing that is effective?")
    if effective is not None:
        section, _ = _section(blocks, effective)
        result.effective_practice = [_item_text(b) for b in section]
    better = _find_heading(blocks, "what does the area partnership need to do better?")
    if better is not None:
        section, _ = _section(blocks, better)
        result.needs_to_do_better = [_item_text(b) for b in section]

    if finding_tables:
        _f2_findings_from_tables(result, finding_tables)
    else:
        _f2_priority_actions(result, blocks)
        _f2_areas_for_improvement(result, blocks)
    result.inspectors = _f2_inspectors(blocks)
    if not result.inspectors:
        result.warn("The inspection team's names could not be found.")


def _field_value(block: Block) -> str:
    text = collapse(block.text.replace("\t", " "))
    match = _FIELD_VALUE_RE.match(text)
    return text[match.end() :] if match else text


def _previous_inspection(result: LetterResult, value: str) -> None:
    result.previous_inspection_text = value or None
    key = match_key(value)
    if not key or re.search(r"\b(?:none|not (?:previously )?inspected|n/a|no previous)\b", key):
        result.warn(f"The report gives no previous inspection date ('{value}').")
        return
    sentences = _sentences(value)
    full = [
        s
        for s in sentences
        if re.search(
            r"\b(?:full|previous|last|initial) (?:area send |local area send )?"
            r"(?:full )?inspection\b",
            match_key(s),
        )
    ]
    revisits = [s for s in sentences if re.search(r"\bre-?visit", match_key(s))]
    if revisits:
        start, end, _ = dates.parse_range_or_date(revisits[0])
        result.previous_revisit_date = end
    target = (full or [s for s in sentences if s not in revisits] or sentences)[0]
    start, end, was_range = dates.parse_range_or_date(target)
    if end is None:
        result.warn(f"The date of the previous inspection could not be read from '{value}'.")
        return
    result.previous_inspection_end = end
    if was_range:
        result.previous_inspection_start = start
    else:
        result.warn(
            f"The report gives a single date for the previous inspection "
            f"({_date_text(end)}), not the dates it ran: it is kept as the previous "
            f"inspection's last day, and its first day is left empty."
        )
    if len(sentences) > 1 or revisits:
        note = f"The report describes the previous inspection in words: '{value}'"
        if result.previous_revisit_date:
            note += f" (a revisit on {_date_text(result.previous_revisit_date)} is not used)"
        result.warn(note + ".")


def _f2_outcome(result: LetterResult, blocks: list[Block], title: int) -> None:
    heading = _find_heading(blocks, "inspection outcome", title)
    scope = _section(blocks, heading)[0] if heading is not None else []
    found = _outcomes_in(scope)
    if not found:
        found = _outcomes_in(blocks[title + 1 : title + 12])
    if len(found) == 1:
        result.outcome = found.pop()
    elif len(found) > 1:
        result.warn(
            "The outcome is unclear: wording of more than one outcome ("
            + ", ".join(sorted(found))
            + ") was found."
        )
    elif result.kind == "full":
        result.warn(
            "None of the three standard outcome sentences was found, so the outcome is empty."
        )


def _outcomes_in(blocks: list[Block]) -> set[str]:
    found = set()
    for block in blocks:
        for outcome, pattern in _OUTCOME_PATTERNS:
            if pattern.search(block.key):
                found.add(outcome)
    return found


def _f2_next_steps(result: LetterResult, blocks: list[Block]) -> None:
    found = _search_blocks(blocks, _NEXT_FULL_RE)
    if found:
        result.next_inspection = collapse(_original(*found, "when"))
    elif result.kind == "full":
        result.warn("The timing of the next full inspection could not be found.")
    found = _search_blocks(blocks, _NEXT_MONITORING_RE)
    if found:
        result.next_monitoring_inspection = collapse(_original(*found, "when"))

    required = _search_blocks(blocks, _PAP_RE) is not None
    if required:
        result.priority_action_plan_required = True
    elif result.outcome in ("positive", "inconsistent"):
        result.priority_action_plan_required = False
    elif result.outcome == "widespread":
        result.warn(
            "The outcome is widespread and/or systemic failings, but the sentence requiring "
            "a priority action plan was not found."
        )
        if _search_blocks(blocks, _PAP_ANY_RE):
            result.priority_action_plan_required = True
    if result.outcome == "widespread" and result.next_monitoring_inspection is None:
        result.warn("The timing of the monitoring inspection could not be found.")
    result.strategic_plan_requested = (
        _search_blocks(blocks, _STRATEGIC_PLAN_RE) is not None if result.kind == "full" else None
    )


def _f2_findings_from_tables(result: LetterResult, items: list[TableItem]) -> None:
    """Findings read cell by cell from the report's tables, with the same checks."""
    result.priority_actions = [
        PriorityAction(text=i.text, responsible_body=i.responsible_body or None)
        for i in items
        if i.kind == PRIORITY_ACTION
    ]
    result.areas_for_improvement = [i.text for i in items if i.kind == IMPROVEMENT]
    result.improvement_bodies = [i.responsible_body for i in items if i.kind == IMPROVEMENT]
    _check_priority_actions(result)
    if not result.areas_for_improvement:
        result.warn("The 'Areas for improvement' table is empty or could not be read.")


def _check_priority_actions(result: LetterResult) -> None:
    actions = result.priority_actions
    if not actions and result.outcome == "widespread":
        result.warn(
            "The outcome is widespread and/or systemic failings, but no area for priority "
            "action was found."
        )
    for number, action in enumerate(actions, start=1):
        if not action.responsible_body:
            result.warn(f"No responsible body was found for area for priority action {number}.")
    if actions and result.outcome in ("positive", "inconsistent"):
        result.warn(
            f"Areas for priority action were found although the outcome is {result.outcome}."
        )


def _f2_priority_actions(result: LetterResult, blocks: list[Block]) -> None:
    start = _find_heading(blocks, "areas for priority action")
    if start is None:
        if result.outcome == "widespread":
            result.warn(
                "The outcome is widespread and/or systemic failings, but the 'Areas for "
                "priority action' section was not found."
            )
        return
    section, _ = _section(blocks, start, _STOP_AFTER_ACTIONS)
    section = [b for b in section if b.kind != "heading"]
    if any(block.is_row for block in section):
        actions = _actions_from_table(section)
    else:
        actions = _actions_from_lines(section)
        if actions:
            result.warn(
                "The 'Areas for priority action' table was not laid out in columns; the "
                "responsible bodies were told apart from the actions by their wording."
            )
    result.priority_actions = actions
    if not actions:
        result.warn("The 'Areas for priority action' section is empty or could not be read.")
    _check_priority_actions(result)


def _ends_sentence(text: str) -> bool:
    return bool(re.search(r"[.!?][\"'’”)]*$", text.strip()))


def _actions_from_table(section: list[Block]) -> list[PriorityAction]:
    """Rows of (responsible body, action) from tab-separated lines.

    A row starts with a block's first line (blocks are separated by a blank line or a page
    break) unless it carries on a sentence the previous row left unfinished, and inside a
    block wherever both cells start again after one of them had run out.
    """
    rows: list[list[list[str]]] = []  # [body lines, action lines]
    for block in section:
        previous_shape: tuple[bool, bool] | None = None
        for cells in block.rows():
            left = cells[0] if cells else ""
            right = " ".join(c for c in cells[1:] if c)
            if not left and not right:
                continue
            action = " ".join(rows[-1][1]) if rows else ""
            if not rows:
                new_row = True
            elif previous_shape is None:
                # A block's first line (after a blank line or a page break) starts a row
                # unless it finishes the previous row's sentence or has no body cell.
                new_row = bool(left and right) and _ends_sentence(action) and not right[0].islower()
            else:
                new_row = (
                    bool(left and right)
                    and previous_shape != (True, True)
                    and _ends_sentence(action)
                )
            if new_row:
                rows.append([[], []])
            if left:
                rows[-1][0].append(left)
            if right:
                rows[-1][1].append(right)
            previous_shape = (bool(left), bool(right))
    actions = []
    for body_lines, action_lines in rows:
        body = _join(body_lines)
        text = _join(action_lines)
        if not text and body:
            text, body = body, ""
        if text:
            actions.append(PriorityAction(text=text, responsible_body=body or None))
    return actions


def _join(lines: list[str]) -> str:
    return collapse(join_lines(lines))


_BODY_WORDS = {"and", "of", "the", "for", "&", "in", "upon", "on"}


def _body_like(line: str, continuing: bool = False) -> bool:
    """Whether a line reads like (part of) an organisation's name ("NHS Cheshire and").

    Every word is capitalised or a small joining word; only a line carrying on a name
    may start with one ("and NHS Lancashire and").
    """
    words = collapse(line).split(" ")
    if not words or not words[0] or _ends_sentence(line):
        return False
    first = words[0]
    if not (first[0].isupper() or first.startswith("(") or (continuing and first in _BODY_WORDS)):
        return False
    return all(
        w.lower() in _BODY_WORDS or w[:1].isupper() or w.startswith("(") or w[:1].isdigit()
        for w in words
    )


def _actions_from_lines(section: list[Block]) -> list[PriorityAction]:
    """Rows from a table that lost its columns: names first, then the action's sentences."""
    rows: list[tuple[list[str], list[str]]] = []
    body: list[str] = []
    action: list[str] = []
    for block in section:
        for line in block.lines:
            line = collapse(line)
            if not line:
                continue
            if action and _ends_sentence(action[-1]) and _body_like(line):
                rows.append((body, action))
                body, action = [line], []
            elif not action and _body_like(line, continuing=bool(body)):
                body.append(line)
            else:
                action.append(line)
    if action or body:
        rows.append((body, action))
    return [
        PriorityAction(text=_join(a), responsible_body=_join(b) or None)
        for b, a in rows
        if _join(a)
    ]


def _f2_areas_for_improvement(result: LetterResult, blocks: list[Block]) -> None:
    start = _find_heading(blocks, "areas for improvement")
    if start is None:
        result.warn("The 'Areas for improvement' section was not found.")
        return
    section, _ = _section(blocks, start, _STOP_AFTER_IMPROVEMENTS)
    items: list[str] = []
    for block in section:
        if block.kind == "heading":
            continue
        text = _item_text(block)
        if not text:
            continue
        if block.kind == "bullet" and items:
            items[-1] = items[-1] + "\n- " + text
        else:
            items.append(text)
    result.areas_for_improvement = items
    if not items:
        result.warn("The 'Areas for improvement' section is empty or could not be read.")


_CELL_SPLIT_RE = re.compile(
    r"(?:(?<=inspector)|(?<=Inspector)|(?<=HMI)|(?<=Ofsted)|(?<=CQC)) +"
    r"(?=(?:(?:Dr|Mr|Mrs|Ms|Miss) )?[A-Z][A-Za-z'’\-]+ [A-Z][A-Za-z'’\-]+(?: HMI)?,)"
)


def _f2_inspectors(blocks: list[Block]) -> list[str]:
    start = _find_heading(blocks, "inspection team")
    if start is None:
        return []
    section, _ = _section(blocks, start)
    columns: list[list[str]] = []
    for block in section:
        if len(block.text) > 400:
            break
        for cells in block.rows():
            while len(columns) < len(cells):
                columns.append([])
            for position, cell in enumerate(cells):
                columns[position].extend(c for c in _CELL_SPLIT_RE.split(cell) if c)
    names: list[str] = []
    for column in columns:
        for cell in column:
            if _is_org(cell):
                continue
            name, _ = _split_name_role(cell)
            if name and name not in names:
                names.append(name)
    return names
