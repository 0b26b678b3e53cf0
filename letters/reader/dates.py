"""Dates as the letters write them: "8 September 2022", "18 to 22 November 2024",
"30 January 2023 to 3 February 2023", "30 January to 3 February 2023", "4 and 6 July 2022",
"30 December 2024 to 3 January 2025". All matching is case-insensitive."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTH_NUMBERS = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
_MONTH = "|".join(sorted(MONTH_NUMBERS, key=len, reverse=True))
_DAY = r"(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d"
_JOIN = r"\s*(?:to|and|until|-|–|—)\s*"

# An inspection or a visit lasts days, not months: a longer "range" is two separate dates.
MAX_RANGE_DAYS = 62

DATE_CORE = rf"{_DAY}\s+(?:{_MONTH})\.?,?\s+{_YEAR}"  # for use inside other patterns
DATE_PATTERN = rf"\b{DATE_CORE}\b"
DATE_RE = re.compile(DATE_PATTERN, re.IGNORECASE)
RANGE_RE = re.compile(
    rf"\b(?P<d1>{_DAY})(?:\s+(?P<m1>{_MONTH})\.?)?(?:,?\s+(?P<y1>{_YEAR}))?{_JOIN}"
    rf"(?P<d2>{_DAY})\s+(?P<m2>{_MONTH})\.?,?\s+(?P<y2>{_YEAR})\b",
    re.IGNORECASE,
)
DATE_OR_RANGE_PATTERN = (
    rf"{_DAY}(?:\s+(?:{_MONTH})\.?)?(?:,?\s+{_YEAR})?{_JOIN}{_DAY}\s+(?:{_MONTH})\.?,?\s+{_YEAR}"
    rf"|{_DAY}\s+(?:{_MONTH})\.?,?\s+{_YEAR}"
)


def _day(text: str) -> int:
    digits = re.match(r"\d+", text)
    if digits is None:
        raise ValueError(f"A day of the month was expected, not {text!r}.")
    return int(digits.group(0))


def _make(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_date(text: str) -> dt.date | None:
    """The first full date ("8 September 2022") in the text, or None."""
    match = DATE_RE.search(text or "")
    if not match:
        return None
    return _date_from(match.group(0))


def _date_from(text: str) -> dt.date | None:
    parts = re.findall(r"[A-Za-z]+|\d+", text)
    day = month = year = None
    for part in parts:
        if part.isdigit():
            if len(part) == 4:
                year = int(part)
            elif day is None:
                day = int(part)
        elif part.lower() in MONTH_NUMBERS and month is None:
            month = MONTH_NUMBERS[part.lower()]
    if day is None or month is None or year is None:
        return None
    return _make(year, month, day)


def all_dates(text: str) -> list[dt.date]:
    """Every full date in the text, in order (invalid ones such as 31 February left out)."""
    found = []
    for match in DATE_RE.finditer(text or ""):
        value = _date_from(match.group(0))
        if value is not None:
            found.append(value)
    return found


def parse_range_match(match: re.Match[str]) -> tuple[dt.date, dt.date] | None:
    day1, day2 = _day(match.group("d1")), _day(match.group("d2"))
    month2 = MONTH_NUMBERS[match.group("m2").lower()]
    year2 = int(match.group("y2"))
    month1 = MONTH_NUMBERS[match.group("m1").lower()] if match.group("m1") else month2
    year1 = int(match.group("y1")) if match.group("y1") else year2
    end = _make(year2, month2, day2)
    start = _make(year1, month1, day1)
    if start is None or end is None:
        return None
    if start > end and not match.group("y1"):
        # "30 December to 3 January 2025": the start is in the year before.
        start = _make(year2 - 1, month1, day1)
    if start is None or start > end or (end - start).days > MAX_RANGE_DAYS:
        return None
    return start, end


def parse_range(text: str) -> tuple[dt.date, dt.date] | None:
    """The first date range in the text, as (start, end); a single date is not a range."""
    for match in RANGE_RE.finditer(text or ""):
        parsed = parse_range_match(match)
        if parsed:
            return parsed
    return None


def parse_range_or_date(text: str) -> tuple[dt.date | None, dt.date | None, bool]:
    """(start, end, was_a_range) for the first range, else the first single date as end."""
    text = text or ""
    range_match = next(
        (m for m in RANGE_RE.finditer(text) if parse_range_match(m) is not None), None
    )
    date_match = next((m for m in DATE_RE.finditer(text) if _date_from(m.group(0))), None)
    if range_match and (date_match is None or range_match.start() <= date_match.start()):
        parsed = parse_range_match(range_match)
        assert parsed is not None  # range_match was chosen as one that parses
        start, end = parsed
        return start, end, True
    if date_match:
        return None, _date_from(date_match.group(0)), False
    return None, None, False


MONTHS_IN_FULL = (
    *("january", "february", "march", "april", "may", "june"),
    *("july", "august", "september", "october", "november", "december"),
)
# The project's own name for a report, as Ofsted's outcomes table dates it:
# "bedford_04-february-2025.pdf" (the area, then the day, the month in full and the year).
_FILE_NAME_RE = re.compile(
    r"(?P<area>[a-z0-9]+(?:-[a-z0-9]+)*)_(?P<day>\d{2})-(?P<month>[a-z]+)-(?P<year>\d{4})\.pdf",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class FileNameDate:
    """What a file named `<area>_<day>-<month>-<year>.pdf` says: the area as it is written
    there, and the date (None when the name's date is no real date, such as 31 February)."""

    area: str
    written: str  # the date as the name writes it: "04-february-2025"
    date: dt.date | None


def date_from_file_name(name: str) -> FileNameDate | None:
    """The area and publication date in a report's file name, or None when the name does not
    follow `<area>_<day>-<month name>-<year>.pdf` exactly (any folders before it ignored)."""
    found = _FILE_NAME_RE.fullmatch(re.split(r"[\\/]", name or "")[-1])
    if found is None or found.group("month").lower() not in MONTHS_IN_FULL:
        return None
    month = MONTHS_IN_FULL.index(found.group("month").lower()) + 1
    written = f"{found.group('day')}-{found.group('month')}-{found.group('year')}".lower()
    date = _make(int(found.group("year")), month, int(found.group("day")))
    return FileNameDate(found.group("area").lower(), written, date)
