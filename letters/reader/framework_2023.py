"""Reading a 2023-framework report: a full inspection's or a monitoring inspection's."""

from __future__ import annotations

import re

from . import dates
from .identify import (
    _date_text,
    _find_heading,
    _is_org,
    _item_text,
    _original,
    _search_blocks,
    _section,
    _sentences,
    _split_name_role,
)
from .partners import RESPONSIBLE_RE, read_partners
from .result import LetterResult, PriorityAction
from .tables import IMPROVEMENT, PRIORITY_ACTION, TableItem
from .text import Block, collapse, join_lines, match_key

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
    r" (?P<when>within (?:(?:approximately|about|around) )?[a-z0-9 ]{1,30}?)\s*[.]"
)
_NEXT_MONITORING_RE = re.compile(
    r"\bmonitoring inspection will (?:be carried out|take place|be|happen)"
    r" (?P<when>within (?:(?:approximately|about|around) )?[a-z0-9 ]{1,30}?)\s*[.]"
)
_PAP_RE = re.compile(r"\brequires the local area partnership to prepare and submit a priority")
_PAP_ANY_RE = re.compile(r"\bpriority action plan\b")
_STRATEGIC_PLAN_RE = re.compile(r"\bupdates? and publish(?:es)? its strategic plan\b")
_FIELD_VALUE_RE = re.compile(r"^[^:]{3,60}:\s*")
_PUBLICATION_RE = re.compile(
    rf"\b(?:publication date|date of publication|published(?: on)?|report published(?: on)?)"
    rf"\s*:?\s*(?P<date>{dates.DATE_CORE})"
)
# Most 2023-framework reports carry no publication date: the import finds it in the file's
# name or the outcomes table, and then drops this warning (letters.importing).
NO_PUBLICATION_DATE = (
    "The report does not give its publication date, so the letter date is left empty: the "
    "publication date is on the report's page on Ofsted's website."
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
        result.warn(NO_PUBLICATION_DATE)

    _f2_outcome(result, blocks, title)
    _f2_next_steps(result, blocks)

    details = _find_heading(blocks, "information about the local area partnership")
    if details is not None:
        section, _ = _section(blocks, details)
        sentences = [s for block in section for s in _sentences(block.text)]
        for sentence in sentences:
            match = RESPONSIBLE_RE.search(collapse(sentence))
            if match:
                result.responsible_bodies = match.group("bodies")
                break
        partners = read_partners(sentences, result.area)
        if partners is not None:
            result.council_name = partners.council
            result.integrated_care_boards = list(partners.integrated_care_boards)
    if result.kind == "full" and not (result.council_name and result.integrated_care_boards):
        result.warn(
            "The council and integrated care board could not be read from 'Information "
            "about the local area partnership'."
        )

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
