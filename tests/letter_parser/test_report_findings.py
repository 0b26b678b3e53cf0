"""Every finding of the 51 shipped 2023-framework reports is read right, and shipped as read.

`report_labels.json` was written by people reading each report's pages: for every area for
priority action and for improvement, in order, its first eight words and its responsible
body. The parser must give exactly those items, no more and no fewer, from the PDF.
"""

import json
from functools import cache
from pathlib import Path
from unittest import mock

import pytest

from letters.reader.tables import read_finding_tables
from letters.shipped import (
    FINDINGS_JSON,
    REPORTS_DIR,
    apply_corrections,
    corrections,
    read_report,
    report_paths,
)
from tests.pdfs import letter, read_letter_once

LABELS = json.loads((Path(__file__).parent / "report_labels.json").read_text(encoding="utf-8"))[
    "reports"
]
OUTCOMES = {1: "positive", 2: "inconsistent", 3: "widespread"}


def parsed(name: str):
    return letter(REPORTS_DIR / name)[1]


def words(text: str | None) -> list[str]:
    return (text or "").replace("’", "'").replace("\n- ", " ").split()


def test_every_shipped_report_is_labelled():
    assert sorted(LABELS) == [path.name for path in report_paths()]
    assert len(LABELS) == 51


@pytest.mark.parametrize("name", sorted(LABELS))
def test_each_priority_action_is_read_with_its_responsible_body(name):
    wanted = LABELS[name]["priority_actions"]
    actions = parsed(name).priority_actions

    assert len(actions) == len(wanted)
    for number, (action, label) in enumerate(zip(actions, wanted, strict=True), start=1):
        opening = words(label["opening"])
        assert words(action.text)[: len(opening)] == opening, number
        assert words(action.responsible_body) == words(label["responsible_body"]), number


@pytest.mark.parametrize("name", sorted(LABELS))
def test_each_area_for_improvement_is_read_whole_and_in_order(name):
    wanted = LABELS[name]["areas_for_improvement"]
    result = parsed(name)

    assert len(result.areas_for_improvement) == len(wanted)
    bodies = result.improvement_bodies
    for number, (text, label) in enumerate(
        zip(result.areas_for_improvement, wanted, strict=True), start=1
    ):
        opening = words(label["opening"])
        assert words(text)[: len(opening)] == opening, number
        if label["responsible_body"]:
            assert words(bodies[number - 1]) == words(label["responsible_body"]), number


@pytest.mark.parametrize("name", sorted(LABELS))
def test_each_reports_outcome_is_read(name):
    assert parsed(name).outcome == OUTCOMES[LABELS[name]["outcome"]]


@pytest.mark.parametrize("name", sorted(LABELS))
def test_each_report_names_its_council_and_integrated_care_board(name):
    result = parsed(name)
    area_words = result.area.lower().split()

    # The council is the area's own ("Bedford Borough Council", "London Borough of Bexley").
    assert all(word in result.council_name.lower() for word in area_words)
    assert result.council_name.endswith("Council") or "Borough of" in result.council_name
    assert result.integrated_care_boards
    for board in result.integrated_care_boards:
        assert board.endswith(("Integrated Care Board", "Integrated Care Board (ICB)", "ICB"))
        assert not board.lower().startswith(("the ", "and ", "on "))


@pytest.mark.parametrize(
    ("name", "council", "boards"),
    [
        # "... the NHS South West London Integrated Care Board (ICB), the local authority and
        # AfC became jointly responsible": the council is named earlier in the section.
        (
            "richmond-upon-thames_04-december-2023.pdf",
            "London Borough of Richmond upon Thames",
            ["NHS South West London Integrated Care Board"],
        ),
        # "North East and North Cumbria Integrated Care Board became responsible for the
        # commissioning of health services in Gateshead"; "Gateshead Metropolitan Borough
        # Council commissions ...".
        (
            "gateshead_24-july-2023.pdf",
            "Gateshead Metropolitan Borough Council",
            ["North East and North Cumbria Integrated Care Board"],
        ),
        # "... share responsibility as a local area partnership for planning ..."
        (
            "east-sussex_04-february-2025.pdf",
            "East Sussex County Council",
            ["NHS Sussex Integrated Care Board"],
        ),
        # "... are jointly responsible for the delivery, commissioning and planning ..."
        (
            "west-sussex_29-february-2024.pdf",
            "West Sussex County Council",
            ["NHS Sussex Integrated Care Board (ICB)"],
        ),
        (
            "north-yorkshire_25-september-2024.pdf",
            "North Yorkshire Council",
            [
                "NHS West Yorkshire Integrated Care Board (ICB)",
                "NHS Humber and North Yorkshire ICB",
            ],
        ),
    ],
)
def test_partners_worded_across_the_section_are_read(name, council, boards):
    result = parsed(name)

    assert (result.council_name, result.integrated_care_boards) == (council, boards)


def test_an_item_carried_over_a_page_keeps_its_bullets_and_paragraphs():
    # Bury's third area for priority action runs from page 8 to page 9, its third bullet
    # in a row whose responsible-body cell is empty, then a paragraph of its own.
    action = parsed("bury_07-may-2024.pdf").priority_actions[2].text
    lines = action.split("\n")
    assert lines[0].endswith("This includes:")
    assert [line[:30] for line in lines[1:4]] == [
        "- children and young people wa",
        "- children waiting for a commu",
        "- children and young people on",
    ]
    assert lines[4].startswith("Leaders across the partnership should also ensure")
    assert len(parsed("bury_07-may-2024.pdf").priority_actions) == 6


def test_a_bullet_set_larger_than_its_text_stays_on_its_line():
    # Worcestershire's bullets are 18-point squares beside 12-point text: their tops are
    # higher than the text's, their baselines the same.
    action = parsed("worcestershire_15-july-2024.pdf").priority_actions[0].text
    assert action.split("\n") == [
        "The local area partnership should urgently address the long waiting times for:",
        "- community paediatrics;",
        "- the neurodevelopmental assessment pathway;",
        "- occupational therapy; and",
        "- physiotherapy.",
        "Leaders should also improve the support available while children and young people wait.",
    ]


def test_a_word_hyphenated_at_a_cells_line_end_is_mended_where_the_report_uses_it_whole():
    # Enfield's table breaks "ser-vices" and "chil-dren" over two lines.
    first, _, third = parsed("enfield_02-august-2023.pdf").areas_for_improvement
    assert "health and care services leads to" in first
    assert "move from children to adult health services" in third
    assert all("-" not in word for word in (first + third).split()), (first, third)


def test_a_responsible_body_split_over_a_page_is_joined():
    # Derbyshire's second row: "... Integrated Care" on page 6, "Board" alone on page 7.
    action = parsed("derbyshire_14-november-2024.pdf").priority_actions[1]
    assert action.responsible_body.endswith("Derby and Derbyshire Integrated Care Board")


def test_a_pdf_that_cannot_be_read_gives_no_table_items():
    assert read_finding_tables(b"%PDF-1.4 not really") == []


@cache
def read_reports() -> list[dict]:
    # read_report as extract_report_findings runs it, on this process's one reading of each PDF.
    with mock.patch("letters.shipped.read_letter", read_letter_once):
        return [read_report(path) for path in report_paths()]


def test_the_shipped_findings_file_is_the_parsers_reading_plus_the_listed_corrections():
    shipped = json.loads(FINDINGS_JSON.read_text(encoding="utf-8"))["reports"]
    expected = apply_corrections(json.loads(json.dumps(read_reports())), corrections())
    assert shipped == expected


def test_every_hand_correction_says_why():
    for correction in corrections():
        assert correction["why"].strip(), correction


@pytest.mark.parametrize("name", sorted(LABELS))
def test_no_item_repeats_its_own_words(name):
    # A box drawn inside another, or two boxes over one cell, must not give a line twice:
    # no run of eight words comes twice in one item (none does in the reports' own words).
    result = parsed(name)
    items = [a.text for a in result.priority_actions] + result.areas_for_improvement
    for number, text in enumerate(items, start=1):
        words_ = text.replace("\n- ", " ").split()
        runs = [tuple(words_[k : k + 8]) for k in range(len(words_) - 7)]
        assert len(runs) == len(set(runs)), number
