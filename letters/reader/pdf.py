"""Text out of a PDF with pypdf, keeping enough of the layout for the parser.

pypdf's plain extraction gives the words in content-stream order. For Word-made Ofsted
reports that is reading order, except in tables, which come out cell by cell (all of the
left cell, then all of the right cell), and paragraphs inside a table are not separated
by blank lines. Using the position pypdf reports for each piece of text, this module:

- puts table cells that share a line side by side, separated by a tab
  ("Halton Borough Council and<TAB>Leaders at Halton local authority ...");
- separates paragraphs (and table rows) whose vertical gap is larger than the line
  spacing around them with a blank line;
- writes a bullet's hanging-indent lines indented by four spaces, so that a bullet
  carried over to the next page can be told from a new paragraph;
- separates pages with a form feed, so that the text cleaner knows where the page
  footers are and can join a paragraph that runs over a page break.

The words themselves are pypdf's, unchanged.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .errors import UnreadablePdfError
from .text import BULLET_CHARS

if TYPE_CHECKING:
    from pypdf import PageObject

MIN_TEXT_CHARS = 20  # fewer non-space characters than this in the whole file: no text layer

PAGE_BREAK = "\f"
# Letters and reports run to 3 to 20 pages. A file far longer is not one, and reading it would
# hold a server worker for as long as its pages take: it is refused before any page is read.
MAX_PAGES = 60

ENCRYPTED_MESSAGE = (
    "This PDF is encrypted (password-protected), so its text cannot be read. "
    "Download the report again from Ofsted's website, or save an unprotected copy, "
    "and upload that."
)
NO_TEXT_MESSAGE = (
    "This PDF has no text layer (it may be a scanned image), so there is nothing to read. "
    "Upload the report as published on Ofsted's website, or paste the letter's text instead."
)
NOT_PDF_MESSAGE = (
    "This file is not a PDF. Upload the letter or report as a PDF, or paste its text instead."
)
DAMAGED_MESSAGE = (
    "This PDF appears to be damaged and could not be opened. "
    "Download it again from Ofsted's website and upload the new copy."
)


@dataclass
class _Line:
    text: str
    x: float | None = None
    y: float | None = None
    size: float = 0.0
    column_x: float | None = None  # x of the last table column merged into this line
    pieces: list[tuple[float, int]] = field(default_factory=list)  # (x, offset in text)

    @property
    def placed(self) -> bool:
        return self.y is not None and bool(self.text.strip())

    @property
    def left(self) -> float:
        """x of a placed line's first word (a line gets x and y together)."""
        if self.x is None:
            raise ValueError("The line has no position on the page.")
        return self.x

    @property
    def baseline(self) -> float:
        """y of a placed line, from the foot of the page up."""
        if self.y is None:
            raise ValueError("The line has no position on the page.")
        return self.y


def extract_pdf_text(data: bytes) -> str:
    """The text of a PDF, pages separated by form feeds. Raises UnreadablePdfError."""
    if not isinstance(data, bytes | bytearray | memoryview):
        raise UnreadablePdfError(NOT_PDF_MESSAGE)
    data = bytes(data)
    if b"%PDF-" not in data[:1024]:
        raise UnreadablePdfError(NOT_PDF_MESSAGE)

    # pypdf logs warnings about minor damage it repairs; they are not the user's business.
    pypdf_logger = logging.getLogger("pypdf")
    previous_level = pypdf_logger.level
    pypdf_logger.setLevel(logging.ERROR)
    try:
        return _extract(data)
    finally:
        pypdf_logger.setLevel(previous_level)


def _extract(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError

    try:
        reader = PdfReader(io.BytesIO(data))
    except Exception as exc:  # pypdf raises PdfReadError, and others, on broken files
        raise UnreadablePdfError(DAMAGED_MESSAGE) from exc

    if reader.is_encrypted:
        # A file with only an owner password opens with an empty user password.
        try:
            opened = reader.decrypt("")
        except Exception as exc:  # e.g. AES without the cryptography package
            raise UnreadablePdfError(ENCRYPTED_MESSAGE) from exc
        if not opened:
            raise UnreadablePdfError(ENCRYPTED_MESSAGE)

    pages: list[list[_Line] | str] = []
    try:
        page_count = len(reader.pages)
    except Exception as exc:
        raise UnreadablePdfError(DAMAGED_MESSAGE) from exc
    if page_count > MAX_PAGES:
        raise UnreadablePdfError(
            f"This PDF has {page_count} pages. Inspection letters and reports have 3 to 20, "
            f"so it was not read (the limit is {MAX_PAGES}). Check it is the right file."
        )
    try:
        page_list = list(reader.pages)
    except Exception as exc:
        raise UnreadablePdfError(DAMAGED_MESSAGE) from exc
    columns: set[float] = set()  # x of table columns met so far (tables run over pages)
    for page in page_list:
        try:
            pages.append(_page_lines(page, columns))
        except (DependencyError, FileNotDecryptedError) as exc:
            raise UnreadablePdfError(ENCRYPTED_MESSAGE) from exc
        except Exception as exc:
            raise UnreadablePdfError(DAMAGED_MESSAGE) from exc

    margin = _left_margin([line for page in pages if not isinstance(page, str) for line in page])
    rendered = [page if isinstance(page, str) else _render(page, margin) for page in pages]
    text = f"\n{PAGE_BREAK}\n".join(rendered)
    if sum(1 for ch in text if not ch.isspace()) < MIN_TEXT_CHARS:
        raise UnreadablePdfError(NO_TEXT_MESSAGE)
    return text


# ---------------------------------------------------------------------------------------
# One page


def _page_lines(page: PageObject, columns: set[float]) -> list[_Line] | str:
    fragments: list[tuple[str, float, float, float]] = []

    def visit(
        text: str, cm: list[float], tm: list[float], font_dict: object, font_size: float
    ) -> None:
        try:
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            size = abs(float(font_size) * tm[3] * cm[3]) or abs(float(font_size))
        except (TypeError, IndexError, ValueError):
            x = y = size = 0.0
        fragments.append((text, float(x), float(y), float(size)))

    plain = page.extract_text(visitor_text=visit) or ""
    if "".join(f[0] for f in fragments) != plain:
        # The positions do not describe the text (should not happen): keep pypdf's text.
        return plain
    lines = _lines(fragments)
    _split_at_columns(lines, columns)
    return _merge_columns(lines, columns)


def _lines(fragments: list[tuple[str, float, float, float]]) -> list[_Line]:
    """Split the fragments into pypdf's lines, each with the position of its first word."""
    lines: list[_Line] = []
    current = _Line("")
    last: tuple[float, float, int, float, bool] | None = None  # the previous piece

    def flush() -> None:
        nonlocal current, last
        lines.append(current)
        current = _Line("")
        last = None

    for text, x, y, size in fragments:
        pieces = text.split("\n")
        for index, piece in enumerate(pieces):
            if index:
                flush()
            if not piece:
                continue
            if piece.strip():
                if current.y is None:
                    current.x, current.y, current.size = x, y, size
                elif last is not None and _far_right(last, x, y):
                    current.text = current.text.rstrip(" ") + "\t"
                    piece = piece.lstrip(" ")
                    current.column_x = x
                lead = len(piece) - len(piece.lstrip(" "))
                current.pieces.append((x, len(current.text) + lead))
            current.text += piece
            last = (x, y, len(piece), size, not piece.strip())
    flush()
    return lines


def _far_right(last: tuple[float, float, int, float, bool], x: float, y: float) -> bool:
    """Whether a piece starts well beyond where the previous piece on its line ended.

    The width of the previous piece is over-estimated (0.62 em a character, 0.35 em for
    spaces), so only a real column gap, not a wide justified space, makes a tab.
    """
    last_x, last_y, length, size, blank = last
    size = size or 12.0
    if abs(y - last_y) > size * 0.5:
        return False
    if blank:  # a space is about 0.3 em wide, however it is justified
        return x > last_x + length * size * 0.35 + 1.2 * size
    return x > last_x + length * size * 0.62 + 1.5 * size


def _split_at_columns(lines: list[_Line], columns: set[float]) -> None:
    """Put a tab before a cell that pypdf ran into the cell on its left on one line.

    A cell's x is a column when the next line starts there ("Halton Borough Council
    Leaders should improve" above "the joint commissioning"), or when it is a column
    already met in this document. A line is split at a column only next to a line that
    has one (tables are rows of such lines), so that a word that happens to start at that
    x in running text is left alone.
    """
    placed = [line for line in lines if line.placed]
    known = set(columns)
    known.update(line.column_x for line in placed if line.column_x is not None)
    for above, below in zip(placed, placed[1:], strict=False):
        size = above.size or 12.0
        if not 0 < above.baseline - below.baseline < 2.5 * size:
            continue
        for x, offset in above.pieces[1:]:
            if (
                abs(x - below.left) < 1.5
                and x > above.left + 20
                and _cell_start(above.text, offset)
            ):
                known.add(x)
    if not known:
        return
    for _ in range(3):
        changed = False
        for index, line in enumerate(placed):
            neighbours = placed[max(0, index - 1) : index] + placed[index + 1 : index + 2]
            if not any(
                "\t" in other.text or any(abs(other.left - x) < 1.5 for x in known)
                for other in neighbours
            ):
                continue
            for x, offset in reversed(line.pieces[1:]):
                if (
                    any(abs(x - k) < 1.5 for k in known)
                    and _cell_start(line.text, offset)
                    and line.text[:offset].rstrip(" ")[-1:] != "\t"
                ):
                    line.text = line.text[:offset].rstrip(" ") + "\t" + line.text[offset:]
                    line.column_x = x
                    changed = True
        if not changed:
            break
    columns.update(round(x, 1) for x in known if x is not None)


def _cell_start(text: str, offset: int) -> bool:
    """Whether text[offset:] can start a cell: after a space, and not after a bullet."""
    before = text[:offset]
    if not before.strip(" \t") or not before[-1:].isspace():
        return False
    return not _starts_with_bullet(before) or len(before.strip()) > 1


def _merge_columns(lines: list[_Line], columns: set[float]) -> list[_Line]:
    """Put table cells that pypdf gave one after another back side by side.

    A line that jumps back up the page to the height of a line already placed further
    left is the start of another column: it and the lines below it are appended to the
    placed lines at the same height (or inserted between them). The columns' x positions
    are remembered (in `columns`), so that a later cell whose left neighbour is empty,
    as when a row carries on over a page, still starts with a tab.
    """
    out: list[_Line] = []
    previous: _Line | None = None
    column_x: float | None = None
    cursor = -1
    for line in lines:
        if not line.placed:
            if column_x is None:
                out.append(line)
            continue
        assert line.y is not None and line.x is not None
        tolerance = max(1.5, (line.size or 12.0) * 0.15)
        moved_up = previous is not None and previous.y is not None and line.y > previous.y + 1
        if moved_up:
            column_x = None
            for index in range(len(out) - 1, -1, -1):
                other = out[index]
                if not other.placed:
                    continue
                if abs(other.baseline - line.y) <= tolerance and other.left < line.x - 10:
                    _append_cell(other, line)
                    column_x, cursor = line.x, index
                    break
            if column_x is not None:
                previous = line
                continue
        elif (
            column_x is not None
            and previous is not None
            and abs(line.x - column_x) < 4
            and line.y < previous.baseline
        ):
            placed = False
            for index in range(cursor + 1, len(out)):
                other = out[index]
                if not other.placed:
                    continue
                if abs(other.baseline - line.y) <= tolerance:
                    _append_cell(other, line)
                    cursor, placed = index, True
                    break
                if other.baseline < line.y:
                    out.insert(index, _cell_only(line))
                    cursor, placed = index, True
                    break
            if not placed:
                out.append(_cell_only(line))
                cursor = len(out) - 1
            previous = line
            continue
        else:
            column_x = None
        if "\t" not in line.text and any(abs(line.x - x) < 2 for x in columns):
            line = _cell_only(line)
        out.append(line)
        previous = line
    columns.update(round(line.column_x, 1) for line in out if line.column_x is not None)
    return out


def _append_cell(target: _Line, cell: _Line) -> None:
    target.text = target.text.rstrip() + "\t" + cell.text.strip()
    target.column_x = cell.x


def _cell_only(cell: _Line) -> _Line:
    return _Line("\t" + cell.text.strip(), x=cell.x, y=cell.y, size=cell.size, column_x=cell.x)


def _left_margin(lines: list[_Line]) -> float | None:
    """The document's left margin: the smallest x at which at least three lines start."""
    counts: dict[float, int] = {}
    for line in lines:
        if line.placed and "\t" not in line.text:
            key = round(line.left)
            counts[key] = counts.get(key, 0) + 1
    common = [x for x, count in counts.items() if count >= 3]
    return float(min(common)) if common else None


INDENT = "    "


def _render(lines: list[_Line], margin: float | None) -> str:
    """The page's lines, with a blank line wherever the vertical gap shows a new paragraph.

    A line set in from the margin that is not itself a bullet (the hanging indent of a
    bulleted paragraph) is written indented, so that a bullet's text carried over to the
    next page can be told from a new paragraph.
    """
    breaks = _paragraph_breaks(lines)
    out: list[str] = []
    for index, line in enumerate(lines):
        if index in breaks and out and out[-1].strip():
            out.append("")
        text = line.text.rstrip(" ")
        indented = (
            margin is not None
            and line.placed
            and "\t" not in text
            and line.left > margin + 12
            and not _starts_with_bullet(text)
        )
        out.append(INDENT + text.lstrip(" ") if indented else text)
    return "\n".join(out)


def _starts_with_bullet(text: str) -> bool:
    stripped = text.lstrip(" ")
    return bool(stripped) and stripped[0] in BULLET_CHARS


def _paragraph_breaks(lines: list[_Line]) -> set[int]:
    """Indexes of lines that start a new paragraph although no blank line precedes them.

    Lines are taken in runs: consecutive placed lines of one font size, each below the
    previous. A gap of more than 1.45 em starts a new paragraph, and so does a gap
    larger by 0.3 pt than a neighbouring gap (as between the rows of a Word table, where
    the cell margins add a little) and than the run's usual spacing. Paragraphs differ
    in line spacing (14.5 or 15 pt), so a gap is compared with its neighbours too, not
    only with the run as a whole.
    """
    breaks: set[int] = set()
    run: list[int] = []

    def close_run() -> None:
        if len(run) < 2:
            return
        gaps = [
            (lines[a].baseline - lines[b].baseline, b) for a, b in zip(run, run[1:], strict=False)
        ]
        size = lines[run[0]].size or 12.0
        if len(gaps) == 1:
            gap, index = gaps[0]
            if gap > 1.45 * size:
                breaks.add(index)
            return
        ordered = sorted(gap for gap, _ in gaps)
        usual = ordered[len(ordered) // 4]  # the run's ordinary line spacing
        for position, (gap, index) in enumerate(gaps):
            neighbours = [gaps[p][0] for p in (position - 1, position + 1) if 0 <= p < len(gaps)]
            if gap > 1.45 * size or (gap > min(neighbours) + 0.3 and gap > usual + 0.25):
                breaks.add(index)

    for index, line in enumerate(lines):
        if not line.placed:
            close_run()
            run = []
            continue
        if run:
            prev = lines[run[-1]]
            same_size = abs(prev.size - line.size) < 0.3
            below = prev.baseline - line.baseline > 0.5
            if not (same_size and below):
                close_run()
                run = []
        run.append(index)
    close_run()
    return breaks
