"""The parser on the twelve real documents: every field of to_json_dict(), exactly.

Framework-1 letters (text, as the project received them): the expected weaknesses, verdicts,
dates, responsible bodies, closing decision, narratives and findings come from
national_data/data/seed_letters.json, the hand-checked extraction.

Framework-2 reports (PDF): the expected values in expected_reports.py were established by
reading each report's text (pypdf's own extraction and this package's layout-aware one):
area and dates from the front page, every area for priority action with its responsible
body, every area for improvement, the inspection team. Texts are compared with whitespace
collapsed.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import textwrap

import pytest

from letters.reader import (
    JSON_KEYS,
    LetterResult,
    parse_letter,
)
from letters.reader.parser import _parse_letter
from tests.pdfs import pdf_text

from .expected_reports import REPORTS
from .helpers import DATA, SEED_LETTERS, comparable

SEEDS = json.loads(SEED_LETTERS.read_text(encoding="utf-8"))["letters"]
SEED_BY_FILE = {letter["file"]: letter for letter in SEEDS}
SEED_AREAS = {
    "000_aed773c308996f1a.txt": "Central Bedfordshire",
    "003_7f757aee72001148.txt": "Luton",
    "004_65f15d48a5b54d28.txt": "Buckinghamshire",
}


def read(name: str) -> str:
    path = DATA / name
    if name.endswith(".pdf"):
        return pdf_text(path)
    return path.read_text(encoding="utf-8")


_CACHE: dict[str, LetterResult] = {}


def parsed(name: str) -> LetterResult:
    if name not in _CACHE:
        _CACHE[name] = _parse_letter(read(name))
    return _CACHE[name]


def expected_seed(name: str) -> dict:
    seed = SEED_BY_FILE[name]
    revisit = seed["kind"] == "revisit"
    return {
        "area": SEED_AREAS[name],
        "framework": "2016",
        "kind": seed["kind"],
        "visit_start": seed["visit_start"],
        "visit_end": seed["visit_end"],
        "letter_date": seed["letter_date"],
        # A framework-1 letter does not give the dates of an earlier inspection.
        "previous_inspection_start": None,
        "previous_inspection_end": None,
        "outcome": None,
        # Revisit letters repeat that HMCI required a WSOA after the initial inspection.
        "wsoa_required": True if revisit else seed["wsoa_required"],
        "weaknesses": [
            {"text": w["text"], "verdict": w.get("verdict")} for w in seed["weaknesses"]
        ],
        "priority_actions": [],
        "areas_for_improvement": [],
        "decision": seed.get("consequence"),
        "warnings": [],
    }


def test_the_data_files_are_all_there():
    names = sorted(p.name for p in DATA.iterdir())
    assert names == sorted([*SEED_AREAS, *REPORTS])


@pytest.mark.parametrize("name", sorted(SEED_AREAS))
def test_seed_letter_every_field(name):
    result = parsed(name)
    assert list(result.to_json_dict()) == list(JSON_KEYS)
    assert comparable(result.to_json_dict()) == comparable(expected_seed(name))


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_report_every_field(name):
    expected = {key: value for key, value in REPORTS[name].items() if key != "extra"}
    result = parsed(name)
    assert list(result.to_json_dict()) == list(JSON_KEYS)
    assert comparable(result.to_json_dict()) == comparable(expected)


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_report_structured_extras(name):
    extra = REPORTS[name]["extra"]
    result = parsed(name)
    assert result.responsible_bodies == extra["responsible_bodies"]
    assert result.next_inspection == extra["next_inspection"]
    assert result.next_monitoring_inspection == extra["next_monitoring_inspection"]
    assert result.priority_action_plan_required is extra["priority_action_plan_required"]
    assert result.strategic_plan_requested is extra["strategic_plan_requested"]
    revisit = result.previous_revisit_date
    assert (revisit.isoformat() if revisit else None) == extra["previous_revisit_date"]
    assert result.inspectors == extra["inspectors"]
    assert len(result.effective_practice) == extra["effective_practice_count"]
    assert len(result.needs_to_do_better) == extra["needs_to_do_better_count"]
    # The bullets of those two sections are whole paragraphs, never a fragment.
    for item in result.effective_practice + result.needs_to_do_better:
        assert item[0].isupper() and item.rstrip()[-1] in ".)", item


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_report_has_no_footer_or_artefact_left_in_its_items(name):
    result = parsed(name)
    texts = [a.text for a in result.priority_actions] + result.areas_for_improvement
    texts += [a.responsible_body or "" for a in result.priority_actions]
    for text in texts:
        assert "inspection report:" not in text.lower()
        assert "\t" not in text and "  " not in text
        assert not re.search(r"[▪◼■•]", text)


def test_outcomes_agree_with_priority_action_plans():
    for name in REPORTS:
        result = parsed(name)
        widespread = result.outcome == "widespread"
        assert result.priority_action_plan_required is widespread
        assert bool(result.priority_actions) is widespread
        assert (result.next_monitoring_inspection is not None) is widespread


# ---------------------------------------------------------------------------------------
# The seed letters against every hand-checked field of seed_letters.json


@pytest.mark.parametrize("name", sorted(SEED_AREAS))
def test_seed_weakness_texts_equal_the_hand_checked_extraction(name):
    seed = SEED_BY_FILE[name]
    result = parsed(name)
    assert [comparable(w.text) for w in result.weaknesses] == [
        comparable(w["text"]) for w in seed["weaknesses"]
    ]
    assert [w.verdict for w in result.weaknesses] == [w.get("verdict") for w in seed["weaknesses"]]


@pytest.mark.parametrize("name", ["000_aed773c308996f1a.txt", "003_7f757aee72001148.txt"])
def test_seed_revisit_details(name):
    seed = SEED_BY_FILE[name]
    result = parsed(name)
    assert result.initial_letter_published == dt.date.fromisoformat(
        seed["initial_letter_published"]
    )
    assert result.wsoa_fit_for_purpose == dt.date.fromisoformat(seed["wsoa_fit_for_purpose"])
    assert result.responsible_bodies == seed["responsible_bodies"]
    assert result.overall == seed["overall"]
    assert result.decision == seed["consequence"]
    assert result.stated_weakness_count == len(seed["weaknesses"])
    for weakness, expected in zip(result.weaknesses, seed["weaknesses"], strict=True):
        # Paragraphs cut by a page break ("teachers" / "(SENDATS)") are joined again.
        assert weakness.narrative == expected["narrative"]
        assert weakness.verdict_sentence == expected["verdict_sentence"]
    assert result.inspectors == [i.split(",")[0].removesuffix(" HMI") for i in seed["inspectors"]]


def test_seed_initial_letter_details():
    name = "004_65f15d48a5b54d28.txt"
    seed = SEED_BY_FILE[name]
    result = parsed(name)
    assert result.responsible_bodies == seed["responsible_bodies"]
    # Bullets cut in two by a page break ("… had to" / "- push constantly …") are joined.
    assert result.main_findings == seed["main_findings"]
    for judgement in seed["judgements"]:
        heading = judgement["heading"]
        assert result.strengths[heading] == judgement["strengths"]
        assert result.areas_for_development[heading] == judgement["areas_for_development"]
    assert result.inspectors == [i.split(",")[0].removesuffix(" HMI") for i in seed["inspectors"]]
    assert result.decision is None


# ---------------------------------------------------------------------------------------
# The same letters in other clothes give the same result


def _rewrap(text: str, width: int = 78) -> str:
    """The letter as a PDF would give it: lines wrapped, curly quotes, CRLF, no-break spaces."""
    out = []
    for line in text.split("\n"):
        if len(line) > width and "\t" not in line:
            out.extend(textwrap.wrap(line, width, break_on_hyphens=False))
        else:
            out.append(line)
    wrapped = "\r\n".join(out)
    wrapped = re.sub(r"(\w)'(\w)", "\\1\u2019\\2", wrapped)
    return wrapped.replace("Ofsted and the Care", "Ofsted and the\u00a0Care")


@pytest.mark.parametrize("name", sorted(SEED_AREAS))
def test_seed_letter_wrapped_and_typeset_gives_the_same_result(name):
    original = parsed(name).to_json_dict()
    again = _parse_letter(_rewrap(read(name))).to_json_dict()
    assert comparable(again, quotes=True) == comparable(original, quotes=True)


@pytest.mark.parametrize("name", sorted(SEED_AREAS))
def test_seed_letter_without_markdown_gives_the_same_result(name):
    text = read(name)
    plain = re.sub(r"\*\*|</?b>|^#+ ", "", text, flags=re.MULTILINE)
    assert comparable(_parse_letter(plain).to_json_dict()) == comparable(
        parsed(name).to_json_dict()
    )


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_public_parse_letter_matches(name):
    assert parse_letter(read(name)).to_json_dict() == parsed(name).to_json_dict()


def test_plain_pypdf_text_still_gives_the_front_page_and_the_actions():
    """Text extracted without this package's layout (no tabs, no blank lines in tables):
    the front page still reads, and the priority actions are told from their bodies by
    wording, with a warning saying so."""
    from pypdf import PdfReader

    reader = PdfReader(DATA / "lancashire_12-february-2025.pdf")
    text = "\n".join(page.extract_text() for page in reader.pages)
    result = _parse_letter(text)
    expected = REPORTS["lancashire_12-february-2025.pdf"]
    for key in ("area", "visit_start", "visit_end", "previous_inspection_start", "outcome"):
        assert result.to_json_dict()[key] == expected[key]
    assert comparable(result.to_json_dict()["priority_actions"]) == comparable(
        expected["priority_actions"]
    )
    assert any("not laid out in columns" in w for w in result.warnings)
