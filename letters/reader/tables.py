"""The findings tables of a 2023-framework report, read cell by cell from the PDF.

A report lists its areas for priority action in a two-column table ("Responsible body" |
"Areas for priority action") and its areas for improvement in a table of one column or
two. pdfplumber finds the table cells from the ruling lines Word draws round them, so a
row is a row however its text wraps: bullets inside a cell, several rows opening with the
same words, or a responsible body that runs to four lines cannot merge two rows or split
one. What the ruling lines cannot say is handled here:

- a row that runs over a page break carries on in the first row of the next page, whose
  responsible-body cell is empty (or, in a one-column table, whose text carries on the
  sentence or the list the previous row left unfinished);
- a table's header row is its only marker: no heading above it is needed;
- a one-cell box (the end of a row carried over to a new page) is a row too, although
  pdfplumber's table finder drops tables of a single cell;
- bullets come as •, −, ▪, ■ or private-use symbol glyphs; a bullet with no text is dropped.

The result keeps each item's paragraphs on separate lines and its bullets as lines that
start with "- ". Plain Python with pdfplumber: no Django here.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .text import BULLET_CHARS, collapse, is_heading_text, join_lines

if TYPE_CHECKING:
    from pdfplumber.page import Page

# One character as pdfplumber gives it: text, x0, x1, top, bottom, size...
Char = dict[str, Any]

PRIORITY_ACTION = "priority_action"
IMPROVEMENT = "improvement"

# Text of a header cell, lower case and single-spaced.
_BODY_HEADER = "responsible body"
_KIND_HEADERS = {
    "areas for priority action": PRIORITY_ACTION,
    "area for priority action": PRIORITY_ACTION,
    "areas for improvement": IMPROVEMENT,
    "area for improvement": IMPROVEMENT,
}
# Bullets as they appear in these reports, with U+2212 (minus) and squares besides the usual.
_BULLETS = BULLET_CHARS + "\u2212\u25aa\u25a0\uf0a7\uf0b7"
_BULLET_RE = re.compile(r"^\s*[" + re.escape(_BULLETS) + r"](?:\s+|$)")
_FOOTER_RE = re.compile(r"^(?:area send )?inspection report\b|^\d{1,3}$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?][\"'’”)]*$")


@dataclass
class TableItem:
    kind: str  # PRIORITY_ACTION or IMPROVEMENT
    text: str
    responsible_body: str = ""


@dataclass
class _Cell:
    x0: float
    x1: float
    lines: list[tuple[float, float, str]]  # (x0, top, text) of each line, top to bottom
    top: float = 0.0
    bottom: float = 0.0

    def inside(self, other: _Cell) -> bool:
        return (
            self is not other
            and other.x0 - 1 <= self.x0
            and self.x1 <= other.x1 + 1
            and other.top - 1 <= self.top
            and self.bottom <= other.bottom + 1
        )

    @property
    def empty(self) -> bool:
        return not any(_content(text) for _, _, text in self.lines)


@dataclass
class _Row:
    page: int
    top: float
    cells: list[_Cell] = field(default_factory=list)

    def texts(self) -> list[str]:
        return [collapse(" ".join(t for _, _, t in cell.lines)) for cell in self.cells]


def read_finding_tables(
    data: bytes, pages: set[int] | None = None, vocabulary: frozenset[str] = frozenset()
) -> list[TableItem]:
    """Every area for priority action and for improvement, in the report's order.

    `pages` (0-based) limits the work to the pages that hold the findings; the page after
    each is read too, for rows that carry on over a page break. `vocabulary`, the words
    the whole report uses (`text.vocabulary`), mends words hyphenated at a line end
    ("ser-" + "vices"). Raises nothing the caller must know about: a PDF pdfplumber cannot
    read gives an empty list.
    """
    try:
        import pdfplumber
    except ImportError:  # pragma: no cover - a dependency of the project
        return []
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            wanted = (
                sorted({p for page in pages for p in (page, page + 1) if p < len(pdf.pages)})
                if pages is not None
                else range(len(pdf.pages))
            )
            stream = [piece for number in wanted for piece in _page_pieces(pdf.pages[number])]
    except Exception:  # pdfminer raises many kinds of error on damaged files
        return []
    return _items(stream, vocabulary)


# --- One page: its table rows and the text outside them ---------------------------------


@dataclass
class _Text:
    """A line of text outside any table."""

    page: int
    x0: float
    x1: float
    top: float
    text: str


def _page_pieces(page: Page) -> Iterator[tuple[float, _Row | _Text]]:
    """(top, piece) in reading order: table rows, and lines of text outside any table."""
    from pdfplumber.table import TableFinder

    cells = TableFinder(page, {}).cells  # every cell, a one-cell box included
    footer_top = page.height * 0.9  # the page number sits in a box of its own
    cells = [
        c
        for c in cells
        if 4 < c[2] - c[0] < page.width * 0.9  # not a border round the whole page
        and c[3] - c[1] > 4
        and c[1] < footer_top
    ]
    # A row is the cells that start level with its first cell, and any that start inside
    # its height (where Word drew one cell of a row as several boxes, at a page's foot).
    rows: list[_Row] = []
    row_bottom = 0.0
    for x0, top, x1, bottom in sorted(cells, key=lambda c: (round(c[1]), c[0])):
        if not rows or not (rows[-1].top - 3 <= top < row_bottom - 2):
            rows.append(_Row(page.page_number, top))
            row_bottom = bottom
        elif abs(top - rows[-1].top) < 3:
            row_bottom = max(row_bottom, bottom)
        box = (x0, top, x1, bottom)
        rows[-1].cells.append(_Cell(x0, x1, _lines_within(page, box), top, bottom))
    boxes = [(c[0], c[1], c[2], c[3]) for c in cells]

    def in_a_cell(char: Char) -> bool:
        mid_x, mid_y = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
        return any(x0 <= mid_x <= x1 and top <= mid_y <= bottom for x0, top, x1, bottom in boxes)

    pieces: list[tuple[float, _Row | _Text]] = []
    for line in _char_lines([c for c in page.chars if not in_a_cell(c)]):
        footer = line.top > page.height * 0.9 or line.bottom < page.height * 0.05
        if footer or _FOOTER_RE.match(line.text):
            continue
        pieces.append((line.top, _Text(page.page_number, line.x0, line.x1, line.top, line.text)))
    for row in rows:
        # A box drawn inside another (a nested cell) holds text the outer box has already.
        outer = [c for c in row.cells if not any(c.inside(other) for other in row.cells)]
        row.cells = [cell for cell in _merge_slivers(_stack(outer)) if not cell.empty]
        if row.cells:
            pieces.append((row.top, row))
    pieces.sort(key=lambda piece: piece[0])
    return iter(pieces)


def _lines_within(
    page: Page, box: tuple[float, float, float, float]
) -> list[tuple[float, float, str]]:
    """The lines of text whose characters' centres lie inside the box.

    A crop would also take the characters of a neighbouring row's last line that
    overhang the ruling line between them.
    """
    x0, top, x1, bottom = box
    chars = [
        c
        for c in page.chars
        if x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and top <= (c["top"] + c["bottom"]) / 2 <= bottom
    ]
    return [(line.x0, line.top, line.text) for line in _char_lines(chars)]


@dataclass
class _CharLine:
    x0: float
    x1: float
    top: float
    bottom: float
    text: str


def _baseline(char: Char) -> float:
    """How far down the page the character's baseline is (a bullet glyph set larger than
    its text has a higher top but the same baseline), or its bottom for turned text."""
    matrix = char.get("matrix")
    if matrix and matrix[1] == 0 and matrix[2] == 0:  # upright text
        # top and y1 measure the same edge, from the page's top and its foot
        return float(char["top"] + char["y1"] - matrix[5])
    return float(char["bottom"])


def _char_lines(chars: list[Char]) -> list[_CharLine]:
    """Characters grouped into lines by baseline, left to right.

    Lines are made of the visible characters only, since Word leaves space characters
    at odd heights. A space goes wherever the document has a space character on the line
    between two characters, or a gap wider than a quarter of the type size. A line's top
    is its text's, not that of a bigger bullet glyph on it.
    """
    visible = [c for c in chars if c["text"].strip()]
    spaces = [c for c in chars if not c["text"].strip()]
    lines: list[list[Char]] = []
    for char in sorted(visible, key=lambda c: (_baseline(c), c["x0"])):
        if lines and abs(_baseline(lines[-1][0]) - _baseline(char)) < max(2.0, char["size"] * 0.3):
            lines[-1].append(char)
        else:
            lines.append([char])
    out = []
    for line in lines:
        line.sort(key=lambda c: c["x0"])
        baseline = _baseline(line[0])
        top = sorted(c["top"] for c in line)[len(line) // 2]
        gaps = [s["x0"] for s in spaces if abs(_baseline(s) - baseline) < 1.0]
        text, previous = "", None
        for char in line:
            if previous is not None and (
                char["x0"] - previous["x1"] > char["size"] * 0.25
                or any(previous["x1"] - 1 <= x <= char["x0"] + 0.5 for x in gaps)
            ):
                text += " "
            text += char["text"]
            previous = char
        out.append(_CharLine(line[0]["x0"], line[-1]["x1"], top, line[0]["bottom"], text))
    return out


def _stack(cells: list[_Cell]) -> list[_Cell]:
    """Boxes one above another that start at the same x, as one cell, top to bottom."""
    stacked: list[_Cell] = []
    for cell in sorted(cells, key=lambda c: (c.x0, c.lines[0][1] if c.lines else 0)):
        column = next((c for c in stacked if abs(c.x0 - cell.x0) < 8), None)
        if column is not None:
            column.x1 = max(column.x1, cell.x1)
            seen = {(round(top), text) for _, top, text in column.lines}
            extra = [line for line in cell.lines if (round(line[1]), line[2]) not in seen]
            column.lines = sorted(column.lines + extra, key=lambda line: line[1])
        else:
            stacked.append(cell)
    return stacked


def _merge_slivers(cells: list[_Cell]) -> list[_Cell]:
    """Cells left to right, a narrow sliver (a border drawn as a cell) joined to its neighbour."""
    merged: list[_Cell] = []
    for cell in sorted(cells, key=lambda c: c.x0):
        if merged and merged[-1].x1 - merged[-1].x0 < 12:
            sliver = merged.pop()
            cell = _Cell(sliver.x0, cell.x1, _join_cell_lines(sliver.lines, cell.lines))
        merged.append(cell)
    return merged


def _join_cell_lines(
    left: list[tuple[float, float, str]], right: list[tuple[float, float, str]]
) -> list[tuple[float, float, str]]:
    """Lines of two side-by-side cells as one cell's lines, joined where they share a line."""
    out = list(left)
    for x0, top, text in right:
        same = next((n for n, line in enumerate(out) if abs(line[1] - top) < 3), None)
        if same is not None:
            same_x0, same_top, same_text = out[same]
            # a letter cut off by the sliver: no space between
            out[same] = (same_x0, same_top, same_text + text)
        else:
            out.append((x0, top, text))
    return sorted(out, key=lambda line: line[1])


def _content(text: str) -> str:
    """A line without its bullet: empty for a stray bullet."""
    return _BULLET_RE.sub("", text).strip()


# --- The tables, from the stream of rows and text --------------------------------------


@dataclass
class _Table:
    kind: str
    body_x1: float | None  # the right edge of the responsible-body column, if it has one
    rows: list[_Row] = field(default_factory=list)


def _header(row: _Row) -> tuple[str, float | None] | None:
    """(kind, right edge of the body column) if this row is a findings table's header."""
    texts = [t.lower() for t in row.texts()]
    kinds = [_KIND_HEADERS[t] for t in texts if t in _KIND_HEADERS]
    if not kinds or any(t not in _KIND_HEADERS and t != _BODY_HEADER for t in texts):
        return None
    body = next((c for c, t in zip(row.cells, texts, strict=True) if t == _BODY_HEADER), None)
    return kinds[0], (body.x1 if body else None)


_NUMBERED_RE = re.compile(r"^(\d{1,2})\.\s+")


def _tables(stream: list[_Row | _Text]) -> list[_Table]:
    """The findings tables: each starts at its header row, or at rows right below a
    heading that names the findings, and ends at the next text outside a table.

    A numbered list that a table's last row left unfinished at a page break may carry on
    on the next page as plain text outside any box: that text is a row of the table.
    """
    tables: list[_Table] = []
    current: _Table | None = None
    carried: _Row | None = None  # plain text carrying on a numbered list
    for piece in stream:
        if isinstance(piece, _Text):
            if (
                carried is not None
                and piece.page == carried.page
                and not is_heading_text(collapse(piece.text))
            ):
                carried.cells[0].lines.append((piece.x0, piece.top, piece.text))
                continue
            carried = None
            if current is not None and current.rows and _carries_numbering(current, piece):
                carried = _Row(piece.page, piece.top, [_Cell(piece.x0, piece.x1, [])])
                carried.cells[0].lines.append((piece.x0, piece.top, piece.text))
                current.rows.append(carried)
                continue
            kind = _KIND_HEADERS.get(collapse(piece.text).lower())
            current = _Table(kind, None) if kind else None  # rows may follow with no header
            if current:
                tables.append(current)
            continue
        carried = None
        header = _header(piece)
        if header:
            kind, body_x1 = header
            if current is not None and current.kind == kind and not current.rows:
                current.body_x1 = body_x1  # the heading, then the table's own header row
            elif current is None or current.kind != kind:
                current = _Table(kind, body_x1)
                tables.append(current)
            continue  # (or the header repeated on a new page)
        if current is None:
            continue
        if not current.rows and current.body_x1 is None and len(piece.cells) > 1:
            # No header row: a narrow first column is the responsible body's.
            first, width = piece.cells[0], piece.cells[-1].x1 - piece.cells[0].x0
            if first.x1 - first.x0 < width * 0.45:
                current.body_x1 = first.x1
        current.rows.append(piece)
    return tables


def _carries_numbering(table: _Table, text: _Text) -> bool:
    """Whether text at the top of a new page is the next item of the table's numbered list."""
    last = table.rows[-1]
    match = _NUMBERED_RE.match(text.text.strip())
    if text.page <= last.page or not match:
        return False
    numbers = [
        int(m.group(1))
        for row in table.rows
        for cell in row.cells
        for _, _, line in cell.lines
        if (m := _NUMBERED_RE.match(line.strip()))
    ]
    return bool(numbers) and int(match.group(1)) == numbers[-1] + 1


def _items(
    pieces: list[tuple[float, _Row | _Text]], vocabulary: frozenset[str] = frozenset()
) -> list[TableItem]:
    items: list[TableItem] = []
    for table in _tables([piece for _, piece in pieces]):
        rows: list[tuple[str, list[tuple[float, float, str]]]] = []  # (body, action lines)
        previous_page = None
        for row in table.rows:
            body_cells, action_cells = _split(row, table.body_x1)
            body = collapse(" ".join(t for c in body_cells for _, _, t in c.lines))
            lines = [line for c in action_cells for line in c.lines]
            if not lines and body and table.body_x1 is None:
                lines, body = [line for c in body_cells for line in c.lines], ""
            first_on_page = row.page != previous_page
            previous_page = row.page
            if rows and _continues(rows[-1][1], lines, body, table, first_on_page):
                rows[-1] = (collapse(f"{rows[-1][0]} {body}"), rows[-1][1] + lines)
                continue
            rows.append((body, lines))
        for body, lines in rows:
            for text in _numbered_items(_cell_text(lines, vocabulary)):
                items.append(TableItem(table.kind, text, body))
    return items


def _numbered_items(text: str) -> list[str]:
    """A cell's text, split where a paragraph starts "2. ", "3. " (a numbered list of items
    in one cell), without the numbers; otherwise the text as it is."""
    paragraphs = text.split("\n") if text else []
    starts = [i for i, p in enumerate(paragraphs) if _NUMBERED_RE.match(p)]
    if not starts or starts[0] != 0:
        return [text] if text else []
    bounds = [*starts, len(paragraphs)]
    return [
        "\n".join([_NUMBERED_RE.sub("", paragraphs[a], count=1), *paragraphs[a + 1 : b]])
        for a, b in zip(bounds, bounds[1:], strict=False)
    ]


def _split(row: _Row, body_x1: float | None) -> tuple[list[_Cell], list[_Cell]]:
    """The row's responsible-body cells and its action cells."""
    if body_x1 is None:
        return [], row.cells
    body = [c for c in row.cells if (c.x0 + c.x1) / 2 < body_x1]
    return body, [c for c in row.cells if (c.x0 + c.x1) / 2 >= body_x1]


def _continues(
    previous: list[tuple[float, float, str]],
    lines: list[tuple[float, float, str]],
    body: str,
    table: _Table,
    first_on_page: bool,
) -> bool:
    """Whether a row carries on the row before it rather than starting an item.

    Every area for priority action names its responsible body, so a row with an empty
    body cell carries on the row above, and so does a row with nothing but a body cell. A row at the top of a page also carries on the
    last row of the page before when its text carries on that row's sentence or list
    (then the body cell, too, may hold the end of the body's name).
    """
    if table.body_x1 is not None and (not body or not lines):
        return True  # (a body cell alone is the end of the body's name, carried over)
    if not first_on_page or not lines:
        return False
    first = lines[0][2].strip()
    previous_text = _content(previous[-1][2]) if previous else ""
    return bool(
        _BULLET_RE.match(first)
        or first[:1].islower()
        or (previous_text and not _SENTENCE_END.search(previous_text))
    )


def _cell_text(
    lines: list[tuple[float, float, str]], vocabulary: frozenset[str] = frozenset()
) -> str:
    """A cell's lines as paragraphs, one a line, with bullets as lines starting "- "."""
    paragraphs: list[tuple[bool, list[str]]] = []  # (is a bullet, lines)
    previous_top: float | None = None
    gaps = sorted(b[1] - a[1] for a, b in zip(lines, lines[1:], strict=False) if b[1] > a[1])
    spacing = gaps[len(gaps) // 4] if gaps else 14.0
    text_x: float | None = None  # where a bullet's text starts, for its wrapped lines
    for x0, top, raw in lines:
        content = _content(raw)
        if not content:
            continue
        bullet = bool(_BULLET_RE.match(raw))
        gap = top - previous_top if previous_top is not None else 0
        previous_top = top
        if bullet:
            paragraphs.append((True, [content]))
            text_x = x0
            continue
        carried_over = gap < 0  # the same row on the next page, or the row's next cell
        new_paragraph = (
            not paragraphs
            or (carried_over and _SENTENCE_END.search(paragraphs[-1][1][-1]) is not None)
            or (not carried_over and gap > spacing * 1.4)
            or (paragraphs[-1][0] and text_x is not None and x0 < text_x - 2)
        )
        if new_paragraph:
            paragraphs.append((False, [content]))
            text_x = None
        else:
            paragraphs[-1][1].append(content)
    return "\n".join(
        ("- " if bullet else "") + join_lines(chunk, vocabulary) for bullet, chunk in paragraphs
    ).strip()
