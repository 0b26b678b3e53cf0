"""Cleaning the text of a letter or report into paragraphs.

The input is either text extracted from a PDF (lines wrapped at the page width, page
footers, words hyphenated over line ends, tables as tab-separated lines, pages separated
by form feeds) or text copied from a web page or a converter (markdown ** and ### and
- bullets, HTML <b>, paragraphs broken by runs of blank lines where the pages were).

`normalise` turns either into a list of `Block`s: headings, paragraphs and bullet items,
each with its lines joined into running text. Output text keeps the document's own
characters (curly quotes stay curly); `Block.key` is a straightened, lower-case form for
matching wording.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

PAGE_BREAK = "\f"

# Characters for matching only: the same length as the original, so offsets agree.
_STRAIGHT = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u00b4": "'",
        "\u0060": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
    }
)

_SPACES = str.maketrans(
    {
        "\u00a0": " ",
        "\u202f": " ",
        "\u2007": " ",
        "\u2009": " ",
        "\u200a": " ",
        "\u2002": " ",
        "\u2003": " ",
        "\u2004": " ",
        "\u2005": " ",
        "\u2006": " ",
        "\u2008": " ",
        "\u205f": " ",
        "\u3000": " ",
        "\u000b": "\n",
        "\u2028": "\n",
        "\u2029": "\n",
        "\u0085": "\n",
        "\u200b": None,
        "\u200c": None,
        "\u200d": None,
        "\u2060": None,
        "\ufeff": None,
        "\ufb00": "ff",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
    }
)

# A bullet: one of these at the start of a line, then a space (or the end of the line).
BULLET_CHARS = "-*•‣∙·◦●○■□▪▫◼◻►▶➢➤✓✔–—\uf0b7\uf0a7\uf0d8\uf076\uf0fc\uf02d"
_BULLET_RE = re.compile(r"^[ ]*([" + re.escape(BULLET_CHARS) + r"])(?:[ ]+|$)")

MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
    "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DATE = rf"{_DAY}\s+(?:{MONTHS})\.?\s+\d{{4}}"
_DATE_RANGE = (
    rf"{_DAY}(?:\s+(?:{MONTHS})\.?)?(?:\s+\d{{4}})?\s*(?:to|and|until|-|–|—)\s*{_DATE}"
    rf"|{_DATE}"
)

# Page footers of framework-2 reports: "Area SEND inspection report: <area> Local Area
# Partnership", then the inspection dates, then (on that line or the next) the page number.
_FOOTER_TITLE = re.compile(
    r"^(?:area send\s+)?(?:monitoring\s+)?inspection report\s*:\s*\S.{0,150}$", re.IGNORECASE
)
_FOOTER_DATES = re.compile(rf"^(?:{_DATE_RANGE})(?:\s+\d{{1,3}})?$", re.IGNORECASE)
_PAGE_NUMBER = re.compile(r"^(?:page\s+)?\d{1,3}(?:\s+of\s+\d{1,3})?$", re.IGNORECASE)

KNOWN_HEADINGS = {
    # framework 2
    "local area partnership report",
    "inspection outcome",
    "information about the local area partnership",
    "what is it like to be a child or young person with send in this area?",
    "what is the area partnership doing that is effective?",
    "what does the area partnership need to do better?",
    "areas for priority action",
    "responsible body areas for priority action",
    "areas for improvement",
    "local area partnership details",
    "information about this inspection",
    "inspection team",
    # framework 1
    "main findings",
    "strengths",
    "areas for development",
    "areas for further development",
    "yours sincerely",
}
_HEADING_PATTERNS = (
    re.compile(r"^the effectiveness of the local area in (?:identifying|meeting|improving)\b"),
    re.compile(
        r"^joint (?:local )?area (?:special educational needs and/or disabilities "
        r"\(send\) |send )(?:inspection|revisit) in .{2,80}$"
    ),
)
# Lines that start a new paragraph whatever precedes them.
_FIELD_RE = re.compile(
    r"^(?:(?:monitoring )?inspection dates?|dates? of (?:the )?previous (?:full )?inspections?"
    r"|previous inspection dates?|publication date|date of publication|published(?: on)?"
    r"|report published)\s*:",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?:;][\"'’”)\]]*$")
_JOINING_WORDS = {
    "a",
    "an",
    "and",
    "are",
    "as",
    "at",
    "be",
    "between",
    "by",
    "for",
    "from",
    "has",
    "have",
    "in",
    "including",
    "into",
    "is",
    "its",
    "of",
    "on",
    "or",
    "such",
    "than",
    "that",
    "the",
    "their",
    "these",
    "this",
    "those",
    "through",
    "to",
    "was",
    "were",
    "which",
    "who",
    "with",
    "within",
}


def straighten(text: str) -> str:
    """Curly quotes and apostrophes made straight (same length, for matching)."""
    return text.translate(_STRAIGHT)


def collapse(text: str) -> str:
    """Runs of whitespace as one space, trimmed."""
    return " ".join(text.split())


def _lower(text: str) -> str:
    """Lower case, character for character (so that offsets into the original agree)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)


def match_key(text: str) -> str:
    """Straight quotes, lower case, single spaces: the form wording is matched in."""
    return _lower(collapse(straighten(text).replace("\t", " ")))


@dataclass
class Block:
    """A heading, paragraph or bullet item. `lines` keep tabs between table cells."""

    kind: str  # "heading", "para" or "bullet"
    lines: list[str] = field(default_factory=list)
    bold: bool = False
    gap_before: int = 0  # blank lines before it
    page_break_before: bool = False
    field_line: bool = False  # starts with a label such as "Inspection dates:"
    marker: str = ""  # the bullet character
    indented: bool = False  # its first line is set in (a bullet's hanging indent)
    vocabulary: frozenset[str] = frozenset()

    @property
    def is_row(self) -> bool:
        return any("\t" in line.strip(" ") for line in self.lines)

    @property
    def text(self) -> str:
        if self.is_row:
            return collapse(" ".join(col for col in self.columns() if col))
        return join_lines(self.lines, self.vocabulary)

    @property
    def key(self) -> str:
        return match_key(self.text)

    def columns(self) -> list[str]:
        """The text of each table column, for a block of tab-separated lines."""
        cells: list[list[str]] = []
        for line in self.lines:
            parts = line.strip(" ").split("\t")
            while len(cells) < len(parts):
                cells.append([])
            for index, part in enumerate(parts):
                if part.strip():
                    cells[index].append(part)
        return [join_lines(column, self.vocabulary) for column in cells]

    def rows(self) -> list[list[str]]:
        """Each line split into its cells."""
        return [[collapse(part) for part in line.strip(" ").split("\t")] for line in self.lines]


@dataclass
class Document:
    blocks: list[Block]

    @property
    def text(self) -> str:
        """The cleaned text: one paragraph a line, a blank line between them."""
        out = []
        for block in self.blocks:
            text = block.text
            if not text:
                continue
            out.append(f"- {text}" if block.kind == "bullet" else text)
        return "\n\n".join(out)


def clean_text(text: str) -> str:
    """The cleaned text of a letter: artefacts removed, wrapped lines joined."""
    return normalise(text).text


def normalise(text: str) -> Document:
    """Split a letter's text into headings, paragraphs and bullet items."""
    text = _clean_characters(text)
    lines = _strip_markup(text.split("\n"))
    lines = _remove_footers(lines)
    vocabulary = _vocabulary(line.text for line in lines)
    blocks = _blocks(lines, vocabulary)
    blocks = _join_broken_paragraphs(blocks)
    return Document([block for block in blocks if block.text or block.kind == "heading"])


# ---------------------------------------------------------------------------------------
# Characters and markup


def _clean_characters(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.translate(_SPACES)
    # A soft hyphen at a line end joins the word; anywhere else it is invisible.
    text = re.sub("\u00ad[ ]*\n[ ]*", "", text)
    text = text.replace("\u00ad", "")
    # Control characters other than tab, newline and form feed.
    return re.sub(r"[\x00-\x08\x0e-\x1f\x7f]", "", text)


_TAG_RE = re.compile(
    r"</?(?:b|strong|i|em|u|span|p|div|font|sup|sub|small|mark|h[1-6])\b[^<>\n]{0,200}>",
    re.IGNORECASE,
)
_BR_RE = re.compile(r"<br\s*/?>", re.IGNORECASE)
_MD_LINK_RE = re.compile(r"\[([^\[\]\n]{1,300})\]\((?:[^()\s]{1,500})\)")
_MD_HEADING_RE = re.compile(r"^[ ]{0,3}#{1,6}[ ]+")
_BOLD_LINE_RE = re.compile(r"^\s*(?:\*\*|<b>|<strong>)(.*?)(?:\*\*|</b>|</strong>)\s*$", re.I)


@dataclass
class _Line:
    text: str
    heading: bool = False
    bold: bool = False
    page_break: bool = False


def _strip_markup(raw_lines: list[str]) -> list[_Line]:
    lines: list[_Line] = []
    for raw in raw_lines:
        if raw.strip(" \t") == PAGE_BREAK or PAGE_BREAK in raw:
            for index, part in enumerate(raw.split(PAGE_BREAK)):
                if index:
                    lines.append(_Line("", page_break=True))
                if part.strip():
                    lines.extend(_strip_markup([part]))
            continue
        parts = _BR_RE.split(raw)
        if len(parts) > 1:
            lines.extend(_strip_markup(parts))
            continue
        line = raw.rstrip()
        heading = bool(_MD_HEADING_RE.match(line))
        if heading:
            line = _MD_HEADING_RE.sub("", line)
        bold = bool(_BOLD_LINE_RE.match(line)) and "**" not in _BOLD_LINE_RE.sub(r"\1", line)
        line = _MD_LINK_RE.sub(r"\1", line)
        line = _TAG_RE.sub("", line)
        line = line.replace("**", "")
        if "&" in line:
            line = html.unescape(line).translate(_SPACES)
        if not line.strip(" \t"):
            line = ""
        lines.append(_Line(line, heading=heading, bold=bold and bool(line.strip())))
    return lines


def _remove_footers(lines: list[_Line]) -> list[_Line]:
    """Drop page footers and headers, leaving a page break where they were."""
    out: list[_Line] = []
    index = 0
    while index < len(lines):
        key = match_key(lines[index].text)
        if key and _FOOTER_TITLE.match(key):
            # The footer: its title line, the dates line, perhaps a page number line.
            end = index + 1
            for expected in (_FOOTER_DATES, _PAGE_NUMBER):
                probe = end
                while probe < len(lines) and probe - end < 3 and not lines[probe].text.strip():
                    probe += 1
                if probe < len(lines) and expected.match(match_key(lines[probe].text)):
                    end = probe + 1
            if not any(line.page_break for line in out[-3:]):
                out.append(_Line("", page_break=True))
            index = end
            continue
        out.append(lines[index])
        index += 1
    return out


def vocabulary(text: str) -> frozenset[str]:
    """The words a document uses, for `join_lines` to mend words hyphenated at line ends."""
    return _vocabulary(_clean_characters(text).split("\n"))


def _vocabulary(lines: Iterable[str]) -> frozenset[str]:
    """Words used in the document, and hyphenated words (prefixed "-"), for de-hyphenating."""
    words: set[str] = set()
    for line in lines:
        lower = line.lower()
        words.update(re.findall(r"[a-z]{2,}", lower))
        words.update("-" + w for w in re.findall(r"(?<![a-z-])[a-z]+-[a-z]+(?![a-z-])", lower))
    return frozenset(words)


def join_lines(lines: list[str], vocabulary: frozenset[str] = frozenset()) -> str:
    """Join wrapped lines into one paragraph, mending words hyphenated at line ends.

    A hyphen at a line end is kept ("well-" + "considered") unless the document uses the
    word unhyphenated and never hyphenated ("identi-" + "fication").
    """
    out = ""
    for raw in lines:
        line = collapse(raw)
        if not line:
            continue
        if not out:
            out = line
            continue
        hyphen = re.search(r"([A-Za-z]+)-$", out)
        if hyphen and line[0].isalpha():
            head = hyphen.group(1).lower()
            tail_match = re.match(r"[A-Za-z]+", line)
            tail = tail_match.group(0).lower() if tail_match else ""
            if (
                line[0].islower()
                and head + tail in vocabulary
                and "-" + head + "-" + tail not in vocabulary
            ):
                out = out[:-1] + line
            else:
                out = out + line
            continue
        out = out + " " + line
    return out


# ---------------------------------------------------------------------------------------
# Blocks


def is_heading_text(text: str) -> bool:
    key = match_key(text).rstrip(":").strip()
    if not key or len(key) > 200:
        return False
    if key in KNOWN_HEADINGS:
        return True
    return any(pattern.match(key) for pattern in _HEADING_PATTERNS)


def _is_long_heading(text: str) -> bool:
    """A heading long enough to be wrapped onto a second line."""
    return bool(_HEADING_PATTERNS[0].match(match_key(text)))


def _blocks(lines: list[_Line], vocabulary: frozenset[str]) -> list[Block]:
    blocks: list[Block] = []
    current: Block | None = None
    gap = 0
    page_break = False

    def start(kind: str, *, lines: list[str], bold: bool, field_line: bool = False) -> Block:
        nonlocal current, gap, page_break
        block = Block(
            kind=kind,
            lines=lines,
            bold=bold,
            field_line=field_line,
            gap_before=gap,
            page_break_before=page_break,
            vocabulary=vocabulary,
        )
        blocks.append(block)
        current = block
        gap = 0
        page_break = False
        return block

    for line in lines:
        if line.page_break:
            page_break = True
            current = None
            continue
        text = line.text
        if not text.strip():
            gap += 1
            current = None
            continue
        stripped = text.strip(" ")
        if line.heading or (len(stripped) < 200 and is_heading_text(stripped)):
            start("heading", lines=[stripped.strip("\t ")], bold=line.bold)
            if not _is_long_heading(stripped):
                current = None
            continue
        if current is not None and current.kind == "heading":
            # The second line of a wrapped heading ("... special educational needs").
            if "\t" not in stripped and not _BULLET_RE.match(stripped) and len(current.lines) < 3:
                current.lines.append(stripped)
                continue
            current = None
        bullet = _BULLET_RE.match(stripped) if "\t" not in stripped else None
        if bullet:
            body = stripped[bullet.end() :]
            item = start("bullet", lines=[body] if body.strip() else [], bold=line.bold)
            item.marker = bullet.group(1)
            continue
        if _FIELD_RE.match(match_key(stripped)):
            start("para", lines=[stripped], bold=line.bold, field_line=True)
            continue
        if current is not None and current.kind != "heading":
            current.lines.append(stripped)
            current.bold = current.bold and line.bold
            continue
        block = start("para", lines=[stripped], bold=line.bold)
        block.indented = len(text) - len(text.lstrip(" ")) >= 3
    return blocks


def _join_broken_paragraphs(blocks: list[Block]) -> list[Block]:
    """Join paragraphs that a page break (or a run of blank lines) cut in two."""
    out: list[Block] = []
    for block in blocks:
        if not block.lines and block.kind == "bullet":
            # A bullet with its text on the next line(s).
            out.append(block)
            continue
        previous = out[-1] if out else None
        if (
            previous is not None
            and previous.kind == "bullet"
            and not previous.lines
            and block.kind == "para"
            and block.gap_before == 0
            and not block.field_line
        ):
            previous.lines = list(block.lines)
            previous.bold = block.bold
            continue
        if previous is not None and _continues(previous, block):
            previous.lines.extend(block.lines)
            continue
        out.append(block)
    return [block for block in out if block.kind == "heading" or block.lines]


def _continues(previous: Block, block: Block) -> bool:
    if previous.kind == "heading" or block.kind == "heading" or block.field_line:
        return False
    if previous.is_row or block.is_row or not previous.lines or not block.lines:
        return False
    if block.gap_before == 0 and not block.page_break_before:
        return False
    if previous.bold != block.bold:
        return False
    if (
        previous.kind == "bullet"
        and block.kind == "para"
        and block.indented
        and block.page_break_before
    ):
        return True  # set in like the bullet's own lines, after a page break
    if block.kind == "bullet" and not (block.page_break_before or block.gap_before >= 2):
        # Bullets of one list are separated by at most a blank line; a bullet that
        # carries on a sentence after a page break ("- push constantly ...") is not.
        return False
    before = previous.text
    after = block.text
    if not before or not after or _SENTENCE_END.search(before):
        return False
    if re.search(r"[A-Za-z]-$", before) and after[0].isalpha():
        return True  # a word hyphenated over the break ("Muti-" + "Agency Panel")
    first = after[0]
    if first.islower() or first in "(":
        return True
    last_word = re.findall(r"[A-Za-z]+$", before)
    if block.kind == "bullet":
        return False
    return bool(last_word) and last_word[0].lower() in _JOINING_WORDS
