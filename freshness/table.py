"""Reading the public outcomes table (Data to Insight's page of every area's latest
2023-framework full inspection): plain Python, no Django.

The page is an HTML table. Its columns are found by their headers, never by their place (they
were reordered in 2025), and its known placeholders are unknown values, never facts:
`01/01/1900` ("no date could be read"), "section not found", "not provided", "NaN" and empty
cells. Grades are written "2" and, since 2026, "2.0".
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser

# The columns a row needs, by header. Without any of them the table's layout has changed.
AREA_CODE = "La Code"
AREA_NAME = "Local Authority"
GRADE = "Outcome Grade"
OUTCOME_TEXT = "Inspection Outcome Text"
START = "Inspection Start Date"
END = "Inspection End Date"
PUBLISHED = "Publication Date"
NEXT_WITHIN = "Next Inspection"
NEXT_BY = "Next Inspection By Date"
LINK = "Inspection Link"
REQUIRED = (AREA_CODE, AREA_NAME, GRADE, START, PUBLISHED, LINK)

NO_DATE = "01/01/1900"
GRADES = {"1": 1, "2": 2, "3": 3}
PLACEHOLDER_WORDS = ("not found", "not provided", "not generated", "not extracted")


class TableError(Exception):
    """The page is not the outcomes table as the tracker knows it; the message says why."""


@dataclass(frozen=True, slots=True)
class Row:
    """One area's latest inspection as the table gives it; None where it gives nothing."""

    number: int  # its place in the table, from 1, for messages
    area_code: str
    area_name: str
    grade: int | None
    outcome_text: str
    visit_start: dt.date | None
    visit_end: dt.date | None
    published_on: dt.date | None
    next_within: str
    next_by: dt.date | None
    link: str

    def describe(self) -> str:
        return f"{self.area_name or 'an unnamed area'} (row {self.number})"


class _Cells(HTMLParser):
    """Every table on the page: its header cells and its rows of cells, with each cell's
    first link."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[tuple[list[str], list[list[tuple[str, str]]]]] = []
        self._cell: list[str] | None = None
        self._href = ""
        self._row: list[tuple[str, str]] | None = None
        self._in_header = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append(([], []))
        elif not self.tables:
            return
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell, self._href, self._in_header = [], "", tag == "th"
        elif tag == "a" and self._cell is not None and not self._href:
            self._href = dict(attrs).get("href") or ""
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if not self.tables:
            return
        headers, rows = self.tables[-1]
        if tag in ("td", "th") and self._cell is not None:
            text = " ".join("".join(self._cell).split())
            if self._in_header:
                headers.append(text)
            elif self._row is not None:
                self._row.append((text, self._href))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            if self._row:
                rows.append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def is_placeholder(value: str) -> bool:
    text = value.strip().lower()
    return (
        not text
        or text in ("nan", "none", "null", "-", NO_DATE)
        or any(words in text for words in PLACEHOLDER_WORDS)
    )


def parse_date(value: str) -> dt.date | None:
    """dd/mm/yy or dd/mm/yyyy (or ISO); the placeholders and anything else are None."""
    value = value.strip()
    if is_placeholder(value):
        return None
    for pattern in ("%d/%m/%y", "%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    return None


def parse_grade(value: str) -> int | None:
    """ "2" and "2.0" are 2; an empty grade, "NaN" or anything else is unknown."""
    match = re.fullmatch(r"\s*([123])(?:\.0+)?\s*", value)
    return GRADES[match.group(1)] if match else None


def _text(value: str) -> str:
    return "" if is_placeholder(value) else " ".join(html.unescape(value).split())


def parse_table(page: str) -> list[Row]:
    """Every row of the outcomes table on `page`. Raises TableError when there is no such
    table (an error page, a changed layout) or it has no rows."""
    cells = _Cells()
    cells.feed(page)
    cells.close()
    found = [t for t in cells.tables if t[0]]
    if not found:
        raise TableError("The page holds no table: it is not the outcomes table (an error page?).")
    headers, rows = max(found, key=lambda table: len(table[1]))
    missing = [name for name in REQUIRED if name not in headers]
    if missing:
        raise TableError(
            "The table's layout has changed: no column headed "
            + ", ".join(f"“{name}”" for name in missing)
            + f" (its columns: {', '.join(headers)})."
        )
    if not rows:
        raise TableError("The outcomes table has no rows.")
    place = {name: index for index, name in enumerate(headers)}

    def cell(row: list[tuple[str, str]], name: str) -> tuple[str, str]:
        index = place.get(name)
        return row[index] if index is not None and index < len(row) else ("", "")

    parsed = []
    for number, row in enumerate(rows, start=1):
        if len(row) != len(headers):
            raise TableError(
                f"Row {number} has {len(row)} cells where the table has {len(headers)} columns."
            )
        text, href = cell(row, LINK)
        link = href or (text if text.startswith("http") else "")
        parsed.append(
            Row(
                number=number,
                area_code=cell(row, AREA_CODE)[0].strip(),
                area_name=_text(cell(row, AREA_NAME)[0]),
                grade=parse_grade(cell(row, GRADE)[0]),
                outcome_text=_text(cell(row, OUTCOME_TEXT)[0]),
                visit_start=parse_date(cell(row, START)[0]),
                visit_end=parse_date(cell(row, END)[0]),
                published_on=parse_date(cell(row, PUBLISHED)[0]),
                next_within=_text(cell(row, NEXT_WITHIN)[0])[:40],
                next_by=parse_date(cell(row, NEXT_BY)[0]),
                link=link.strip(),
            )
        )
    return parsed
