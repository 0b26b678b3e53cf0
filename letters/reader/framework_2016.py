"""Reading a 2016-framework letter: an initial inspection's or a revisit's."""

from __future__ import annotations

import re

from . import dates
from .identify import (
    _NUMBER,
    _ROLE_WORDS,
    _date_text,
    _find_heading,
    _heading_key,
    _is_org,
    _item_text,
    _number,
    _original,
    _search_blocks,
    _section,
    _sentences,
    _split_name_role,
)
from .result import HEADING_KEYS, LetterResult, Weakness
from .text import Block, collapse, match_key

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
