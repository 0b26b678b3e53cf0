"""No area for priority action or for improvement is lost unnoticed: each section's items are
counted again from the report's text, and where the counts differ the reading carries a
warning naming the section, both counts and the PDF pages the section is on."""

from __future__ import annotations

import dataclasses

import pytest

from letters.reader import LetterResult, parse_letter, read_letter
from letters.reader.crosscheck import cross_check_findings
from letters.reader.tables import IMPROVEMENT, PRIORITY_ACTION, TableItem, read_finding_tables
from letters.reader.text import normalise
from letters.shipped import REPORTS_DIR, report_paths
from tests.pdfs import letter, pdf_text

from .helpers import without_first_row_ruling

COUNTS_DIFFER = "but its text starts"
BOLTON = REPORTS_DIR / "bolton_30-august-2024.pdf"
BOLTON_WARNING = (
    "The 'Areas for improvement' section (pages 6 to 7 of the PDF) was read as 1 item, but "
    "its text starts 2 items: check the section against the report, as an item may have been "
    "missed, merged with another or split."
)


def tables_of(name: str) -> tuple[str, list[TableItem]]:
    """A shipped report's text and its findings as read from its tables' cells."""
    path = REPORTS_DIR / name
    return pdf_text(path), read_finding_tables(path.read_bytes())


# Every report we hold -----------------------------------------------------------------------


@pytest.mark.parametrize("name", [path.name for path in report_paths()])
def test_no_shipped_report_has_a_section_whose_count_differs_from_its_text(name):
    result = letter(REPORTS_DIR / name)[1]
    assert not [warning for warning in result.warnings if COUNTS_DIFFER in warning]
    # Where each section is, for the review's link to it.
    assert result.finding_pages["areas_for_improvement"]
    assert bool(result.finding_pages.get("priority_actions")) is bool(result.priority_actions)


def test_the_pages_given_are_those_the_section_runs_over():
    # Bury's priority actions run from page 8 to 9, its areas for improvement from 9 to 10.
    result = letter(REPORTS_DIR / "bury_07-may-2024.pdf")[1]
    assert result.finding_pages == {
        "priority_actions": [8, 9],
        "areas_for_improvement": [9, 10],
    }


# An item lost, merged or split --------------------------------------------------------------


def test_an_area_for_improvement_carried_over_a_page_outside_a_ruled_cell_is_not_lost_unnoticed():
    # Bolton's first area for improvement runs from page 6 to page 7, the end of it in a ruled
    # box at the head of page 7. With that box's ruling rubbed out, its end is plain text: the
    # reader then lost the row after it, and said nothing.
    result = read_letter(without_first_row_ruling(BOLTON.read_bytes(), 7))[1]
    assert len(result.areas_for_improvement) == 2 or BOLTON_WARNING in result.warnings


def test_an_area_for_improvement_the_tables_lost_is_warned_of_with_both_counts_and_its_pages():
    text, items = tables_of(BOLTON.name)
    lost = [item for item in items if item.kind == IMPROVEMENT][1]
    result = parse_letter(text, [item for item in items if item is not lost])
    assert len(result.areas_for_improvement) == 1
    assert BOLTON_WARNING in result.warnings
    assert result.finding_pages == {"areas_for_improvement": [6, 7]}


def test_an_area_for_priority_action_lost_is_warned_of_with_its_section():
    text, items = tables_of("derbyshire_14-november-2024.pdf")
    lost = [item for item in items if item.kind == PRIORITY_ACTION][2]
    result = parse_letter(text, [item for item in items if item is not lost])
    assert (
        "The 'Areas for priority action' section (pages 6 to 7 of the PDF) was read as 5 items, "
        "but its text starts 6 items" in " ".join(result.warnings)
    )
    assert not any("'Areas for improvement'" in warning for warning in result.warnings)


def test_an_item_split_in_two_is_warned_of():
    text, items = tables_of("bury_07-may-2024.pdf")
    last = items[-1]
    first_half, second_half = last.text.split(". ", 1)
    split = [
        *items[:-1],
        dataclasses.replace(last, text=first_half + "."),
        dataclasses.replace(last, text=second_half),
    ]
    result = parse_letter(text, split)
    assert (
        "The 'Areas for improvement' section (pages 9 to 10 of the PDF) was read as 4 items, "
        "but its text starts 3 items" in " ".join(result.warnings)
    )


def test_pasted_text_is_checked_too_with_no_pages_to_name():
    # Pasted, the report has no pages; a second paragraph the text reader took for an item
    # of its own is not one.
    pasted = pdf_text(BOLTON).replace("\f", "\n")
    added = "\n\nThey should also publish how long families wait now.\n"
    text = pasted.replace("national guidance.\n", "national guidance." + added)
    result = parse_letter(text)
    assert result.finding_pages == {}
    assert (
        "The 'Areas for improvement' section was read as 3 items, but its text starts 2 items: "
        in " ".join(result.warnings)
    )


# What starts an item ------------------------------------------------------------------------


def count(section: str) -> int:
    """The items the cross-check counts in an 'Areas for improvement' section's text."""
    text = f"Areas for improvement\n\n{section}\n\nLocal area partnership details\n"
    blocks = normalise(text).blocks
    for items in range(10):
        result = LetterResult("X", "2023", "full", areas_for_improvement=["…"] * items)
        cross_check_findings(result, text, blocks)
        if not result.warnings:
            return items
    raise AssertionError("no count from 0 to 9 agrees")


LEADERS = "Leaders across the partnership should improve the quality of EHC plans."
HEALTH = "Health leaders must reduce the waits for neurodevelopmental assessments."
WAITS = "Some children and young people wait too long for a diagnosis of autism."


@pytest.mark.parametrize(
    ("section", "items"),
    [
        (f"{LEADERS}\n\n{HEALTH}\n\n{WAITS}", 3),
        # A paragraph leaning on the one before carries on its item.
        (f"{LEADERS}\n\nThey should also publish the plans.\n\n{HEALTH}", 2),
        (f"{LEADERS}\n\nThis includes the plans of children in care.\n\n{HEALTH}", 2),
        (f"{LEADERS}\n\nLeaders should also share the plans on time.\n\n{HEALTH}", 2),
        # Bullets are the points of the item above; a list of nothing but bullets is the items.
        (f"{LEADERS} This includes:\n\n• annual reviews\n\n• Leaders share plans on time\n\n{HEALTH}", 2),
        (f"• {LEADERS}\n• {HEALTH}\n• {WAITS}", 3),
        ("1. leaders should act.\n\n2. health leaders must act.", 2),
        # A sentence a page break cut goes on in a paragraph of its own; a page number is no item.
        (f"{LEADERS} They should publish the local\n\f\nOffer for parents.\n\n{HEALTH}", 2),
        (f"{LEADERS}\n\n7\n\n{HEALTH}", 2),
        # A table with a responsible-body column: a row with a body opens an item.
        (
            "Halton Council\tLeaders should act now.\n\n\tLeaders should also report.\n\n"
            "Halton Council and\tHealth leaders must act.\nNHS Cheshire\tThey should act.",
            2,
        ),
    ],
)  # fmt: skip
def test_what_starts_an_item(section, items):
    assert count(section) == items
