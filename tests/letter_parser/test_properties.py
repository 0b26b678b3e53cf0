"""Property-based tests: whatever text comes in, the parser answers with a result of the
agreed shape or a LetterError, never anything else.

The core (_parse_letter) is tested without the safety net that parse_letter adds, so that
a bug shows up here as a failure instead of being turned into a LetterError."""

from __future__ import annotations

import datetime as dt
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from letters.reader import (
    JSON_KEYS,
    LetterError,
    UnreadablePdfError,
    extract_pdf_text,
    parse_letter,
)
from letters.reader import dates as letter_dates
from letters.reader.parser import _parse_letter
from letters.reader.result import FRAMEWORKS, KINDS, OUTCOMES, VERDICTS
from letters.reader.text import clean_text, normalise
from tests.pdfs import pdf_text

from .helpers import DATA

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _real_lines() -> list[str]:
    lines: list[str] = []
    for name in (
        "000_aed773c308996f1a.txt",
        "003_7f757aee72001148.txt",
        "004_65f15d48a5b54d28.txt",
    ):
        lines += (DATA / name).read_text(encoding="utf-8").split("\n")
    for name in ("halton_26-january-2024.pdf", "darlington_04-february-2025.pdf"):
        lines += pdf_text(DATA / name).split("\n")
    return [line for line in lines if line.strip()]


REAL_LINES = _real_lines()
KEY_PHRASES = [
    "Joint area SEND revisit in Luton",
    "Joint area SEND inspection in Buckinghamshire",
    "Joint local area SEND inspection in ",
    "Area SEND inspection of Bedford Borough Local Area Partnership",
    "Area SEND monitoring inspection of Halton Local Area Partnership",
    "Inspection dates: 18 to 22 November 2024",
    "Inspection dates: 30 December to 3 January 2025",
    "Inspection dates: 31 February 2023 to 40 March 2023",
    "Dates of previous inspection: The previous full inspection was on 19 March 2018.",
    "Date of previous inspection: none",
    "Between 4 and 6 July 2022, Ofsted and the Care Quality Commission",
    "- At the initial inspection, inspectors found the following:",
    "At the initial inspection, inspectors found the following: weak plans.",
    "The area has not made sufficient progress to improve this area of weakness.",
    "The area has made sufficient progress in addressing three of the six significant",
    "it is for DfE and NHS England to determine the next steps.",
    "explains how it will tackle the following areas of significant weakness:",
    "Areas for priority action",
    "Responsible body\tAreas for priority action",
    "Halton Borough Council and\tLeaders should improve",
    "\tchildren and young people wait.",
    "Areas for improvement",
    "Inspection team",
    "Ofsted\tCare Quality Commission",
    "Yours sincerely",
    "Main findings",
    "Strengths",
    "Areas for development",
    "The effectiveness of the local area in identifying children and young people's",
    "There are widespread and/or systemic failings leading to significant concerns",
    "arrangements typically lead to positive experiences and outcomes",
    "Area SEND inspection report: Halton Local Area Partnership",
    "20 to 24 November 2023 6",
    "\f",
    "▪ ",
    "◼",
    "- ",
    "**",
    "<b>",
    "### ",
    "well-",
    "\u00ad",
    "\u00a0",
    "’",
    "",
]

fragments = st.one_of(
    st.sampled_from(REAL_LINES),
    st.sampled_from(KEY_PHRASES),
    st.text(max_size=60),
)
glued = st.lists(fragments, max_size=40).map("\n".join)
glued_inline = st.lists(fragments, max_size=25).map(lambda parts: "".join(parts))


def assert_shape(data: dict) -> None:
    assert list(data) == list(JSON_KEYS)
    json.dumps(data)
    assert isinstance(data["area"], str) and data["area"].strip()
    assert data["framework"] in FRAMEWORKS
    assert data["kind"] in KINDS
    for key in (
        "visit_start",
        "visit_end",
        "letter_date",
        "previous_inspection_start",
        "previous_inspection_end",
    ):
        value = data[key]
        assert value is None or dt.date.fromisoformat(value).isoformat() == value
    assert data["outcome"] is None or data["outcome"] in OUTCOMES
    assert data["wsoa_required"] in (None, True, False)
    assert isinstance(data["weaknesses"], list)
    for weakness in data["weaknesses"]:
        assert set(weakness) == {"text", "verdict"}
        assert isinstance(weakness["text"], str) and weakness["text"]
        assert weakness["verdict"] is None or weakness["verdict"] in VERDICTS
    assert isinstance(data["priority_actions"], list)
    for action in data["priority_actions"]:
        assert set(action) == {"text", "responsible_body"}
        assert isinstance(action["text"], str) and action["text"]
        assert action["responsible_body"] is None or isinstance(action["responsible_body"], str)
    assert isinstance(data["areas_for_improvement"], list)
    assert all(isinstance(item, str) and item for item in data["areas_for_improvement"])
    assert data["decision"] is None or isinstance(data["decision"], str)
    assert isinstance(data["warnings"], list)
    assert all(isinstance(w, str) and w for w in data["warnings"])
    if data["visit_start"] and data["visit_end"]:
        assert data["visit_start"] <= data["visit_end"]


def check(text: str) -> None:
    try:
        result = _parse_letter(text)
    except LetterError as error:
        assert str(error)
        return
    assert_shape(result.to_json_dict())


@SETTINGS
@given(st.text(max_size=2000))
def test_arbitrary_text(text):
    check(text)


@SETTINGS
@given(glued)
def test_arbitrary_text_glued_to_real_letter_lines(text):
    check(text)


@SETTINGS
@given(glued_inline)
def test_fragments_run_together_without_line_breaks(text):
    check(text)


@SETTINGS
@given(st.sampled_from(sorted(p.name for p in DATA.glob("*.txt"))), st.text(max_size=300))
def test_a_real_letter_with_text_glued_on(name, extra):
    letter = (DATA / name).read_text(encoding="utf-8")
    check(letter + "\n" + extra)
    check(extra + "\n" + letter)
    middle = len(letter) // 2
    check(letter[:middle] + extra + letter[middle:])


@SETTINGS
@given(st.text(max_size=1000))
def test_public_parse_letter_raises_only_letter_errors(text):
    try:
        result = parse_letter(text)
    except LetterError as error:
        assert str(error)
        return
    assert_shape(result.to_json_dict())


@SETTINGS
@given(glued)
def test_cleaning_never_fails(text):
    cleaned = clean_text(text)
    assert isinstance(cleaned, str)
    assert "\f" not in cleaned
    for block in normalise(text).blocks:
        assert block.kind in ("heading", "para", "bullet")


@SETTINGS
@given(st.text(max_size=120))
def test_dates_are_real_and_ranges_run_forwards(text):
    parsed = letter_dates.parse_range(text)
    if parsed is not None:
        start, end = parsed
        assert start <= end and (end - start).days <= letter_dates.MAX_RANGE_DAYS
    assert all(isinstance(value, dt.date) for value in letter_dates.all_dates(text))


@given(
    st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2030, 12, 31)),
    st.integers(min_value=0, max_value=8),
)
def test_written_ranges_read_back(start, days):
    end = start + dt.timedelta(days=days)
    if start.year != end.year:
        written = f"{start.day} {start:%B %Y} to {end.day} {end:%B %Y}"
    elif start.month != end.month:
        written = f"{start.day} {start:%B} to {end.day} {end:%B %Y}"
    else:
        written = f"{start.day} to {end.day} {end:%B %Y}"
    assert letter_dates.parse_range(f"Inspection dates: {written}") == (start, end)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_are_unreadable_pdfs(data):
    for candidate in (data, b"%PDF-1.4\n" + data):
        try:
            text = extract_pdf_text(candidate)
        except UnreadablePdfError as error:
            assert str(error)
        else:
            assert isinstance(text, str)
