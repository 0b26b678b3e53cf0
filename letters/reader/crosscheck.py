"""A second count of a 2023-framework report's findings, from its text, so that none is lost
unnoticed.

The reader takes a report's areas for priority action and for improvement from its tables'
cells (`tables.py`), or from its text when it has no tables. Where the layout is unusual (a
row whose text runs on over a page break outside any ruled cell, say) an item can be lost,
and nothing then looks wrong: the list is simply one short. So each section's items are
counted again here, from pypdf's text of the section (no ruling lines, no cells) and by rules
of their own, and where the two counts differ the result carries a warning naming the
section, both counts and the PDF pages the section is on.

An item opens:

- in a table with a responsible-body column (its cells side by side in the text, split by
  tabs), at a row whose body cell and action cell both hold text, the action starting a
  sentence of its own; the rows after it with an empty body cell carry it on;
- otherwise at a paragraph that opens the way items do: a numbered paragraph ("2. …"), or
  one that starts a sentence with a capital letter ("Leaders across the partnership should…",
  "Health leaders must…", "Some children and young people wait…") and neither leans on the
  paragraph before it ("This includes…", "They should…", "Leaders should also…") nor finishes
  a sentence that a page break cut;
- bullets are points of the item above them, unless the section is nothing but bullets.

Plain Python: no Django here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .result import LetterResult
from .text import MONTHS, PAGE_BREAK, Block, collapse, match_key

PRIORITY_ACTIONS = "priority_actions"
IMPROVEMENTS = "areas_for_improvement"


@dataclass(frozen=True, slots=True)
class _Section:
    key: str  # the result's list
    name: str  # as the report heads it
    headings: tuple[str, ...]  # the keys of the headings that open it
    stops: tuple[str, ...]  # the keys of the headings that end it


_END_OF_FINDINGS = (
    "local area partnership details",
    "information about this inspection",
    "inspection team",
)
_SECTIONS = (
    _Section(
        PRIORITY_ACTIONS,
        "Areas for priority action",
        ("areas for priority action", "responsible body areas for priority action"),
        ("areas for improvement", *_END_OF_FINDINGS),
    ),
    _Section(
        IMPROVEMENTS,
        "Areas for improvement",
        ("areas for improvement",),
        ("areas for priority action", *_END_OF_FINDINGS),
    ),
)

# Bullets as the reports print them: text.py's, and a minus sign and squares besides.
_BULLET_RE = re.compile(r"^[-*•‣∙·◦●○■□▪▫◼◻►▶➢➤✓✔–—−\uf0b7\uf0a7\uf0d8\uf076\uf0fc\uf02d](?:\s|$)")
_NUMBERED_RE = re.compile(r"^\(?\d{1,2}[.)]\s+\S")
_SENTENCE_END_RE = re.compile(r"[.!?:][\"'’”)\]]*$")
# Words that open a paragraph leaning on the one before: the rest of an item, not a new one.
_LEANING_RE = re.compile(
    r"^(?:this|these|they|their|them|that|those|it|its|such|also|additionally|furthermore"
    r"|moreover|however|therefore|consequently|then|and|but|or|as a result|in addition"
    r"|in particular|in doing so|for example|for instance|as part of this|alongside this"
    r"|to do this|to achieve this)\b"
)
# "Leaders across the partnership should also…": adding to the item before.
_ALSO_RE = re.compile(r"^(?:\S+ ){1,8}?(?:should|must|will|need to|needs to) also\b")
_MIN_WORDS = 4  # fewer is a fragment: a page number, the end of a body's name


def cross_check_findings(result: LetterResult, text: str, blocks: list[Block]) -> None:
    """Warn where a section's items, as read, are more or fewer than its text starts.

    `blocks` are the text's, normalised. Also records the PDF pages each section is on
    (`result.finding_pages`), where the text has its pages (a PDF's, split by form feeds).
    """
    for section in _SECTIONS:
        pages = _section_pages(text, section)
        if pages:
            result.finding_pages[section.key] = pages
        counted = _count(blocks, section)
        if counted is None:
            continue  # no such section in the text: nothing to count against
        read = len(
            result.priority_actions
            if section.key == PRIORITY_ACTIONS
            else result.areas_for_improvement
        )
        if read != counted:
            result.warn(_message(section, read, counted, pages))


def _message(section: _Section, read: int, counted: int, pages: list[int]) -> str:
    where = ""
    if pages:
        span = f"page {pages[0]}" if len(pages) == 1 else f"pages {pages[0]} to {pages[-1]}"
        where = f" ({span} of the PDF)"
    return (
        f"The '{section.name}' section{where} was read as {_items(read)}, but its text "
        f"starts {_items(counted)}: check the section against the report, as an item may "
        f"have been missed, merged with another or split."
    )


def _items(count: int) -> str:
    return f"{count} item{'' if count == 1 else 's'}"


# --- The count ----------------------------------------------------------------------------


def _count(blocks: list[Block], section: _Section) -> int | None:
    """The items the section's text starts, or None if the text has no such section."""
    start = next(
        (i for i, b in enumerate(blocks) if b.kind == "heading" and _key(b) in section.headings),
        None,
    )
    if start is None:
        return None
    body: list[Block] = []
    for block in blocks[start + 1 :]:
        if block.kind == "heading":
            if _key(block) in section.stops:
                break
            continue  # a table's header row, or the heading repeated over it
        body.append(block)
    if any(_row_opening(block, None) for block in body):
        return _count_rows(body)
    return _count_paragraphs(body)


def _key(block: Block) -> str:
    return block.key.rstrip(":").strip()


def _count_rows(body: list[Block]) -> int:
    """The rows of a table with a responsible-body column that start an item."""
    count = 0
    previous: Block | None = None
    for block in body:
        if _row_opening(block, previous):
            count += 1
        previous = None if block.kind == "bullet" else block
    return count


def _row_opening(block: Block, previous: Block | None) -> bool:
    """Whether a row has a body cell and an action cell, the action starting an item."""
    if not block.is_row:
        return False
    cells = block.rows()[0]
    body, action = cells[0], collapse(" ".join(cells[1:]))
    if not body or not action or _BULLET_RE.match(body):
        return False
    before = "" if previous is None else _action_text(previous)
    return _opens(action, before, block.page_break_before)


def _action_text(block: Block) -> str:
    if not block.is_row:
        return block.text
    columns = block.columns()
    return columns[-1] if len(columns) > 1 else ""


def _count_paragraphs(body: list[Block]) -> int:
    """The paragraphs that start an item; bullets are their points (or the items, if the
    section is nothing but bullets)."""
    paragraphs = bullets = 0
    previous = ""
    for block in body:
        text = collapse(" ".join(c for c in block.columns() if c)) if block.is_row else block.text
        if block.kind == "bullet" or _BULLET_RE.match(text):
            bullets += _opens(_BULLET_RE.sub("", text), "", False)
            previous = ""
            continue
        paragraphs += _opens(text, previous, block.page_break_before)
        previous = text
    return paragraphs or bullets


def _opens(text: str, previous: str, after_page_break: bool) -> bool:
    """Whether a paragraph (or an action cell) starts an item, given the text before it."""
    text = text.strip()
    if _NUMBERED_RE.match(text):
        return True
    if len(text.split()) < _MIN_WORDS or not text[:1].isupper():
        return False
    if after_page_break and previous and not _SENTENCE_END_RE.search(previous.strip()):
        return False  # the end of a sentence the page break cut
    key = match_key(text)
    return not (_LEANING_RE.match(key) or _ALSO_RE.match(key))


# --- Where the section is -----------------------------------------------------------------


def _section_pages(text: str, section: _Section) -> list[int]:
    """The PDF pages (1-based) from the section's heading to its last line; none when the
    text has no pages (pasted text) or no such heading."""
    pages = text.split(PAGE_BREAK)
    if len(pages) < 2:
        return []
    first = last = 0
    for number, page in enumerate(pages, start=1):
        for line in page.split("\n"):
            key = match_key(line).rstrip(":").strip()
            if not key:
                continue
            if not first:
                if key in section.headings:
                    first = last = number
            elif key in section.stops:
                return list(range(first, last + 1))
            elif not _running_head(key):
                last = number
    return list(range(first, last + 1)) if first else []


_RUNNING_HEAD_RE = re.compile(r"^(?:area send )?(?:monitoring )?inspection report\s*:")
_DATE_WORDS = {"to", "and", "page", "of", "-", "–", *MONTHS.split("|")}


def _running_head(key: str) -> bool:
    """A page's header or footer line: the report's title, its dates, the page number."""
    if _RUNNING_HEAD_RE.match(key):
        return True
    return all(word.isdigit() or word.rstrip(".,") in _DATE_WORDS for word in key.split())
