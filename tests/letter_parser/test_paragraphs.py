"""Findings read from a PDF come out as the report sets them: whole paragraphs and whole list
items, one a line (a list item as "- ..."), never the PDF's own line breaks. Checked on every
shipped report, as read from its PDF and as shipped."""

import json
import re

import pytest

from letters.shipped import FINDINGS_JSON, REPORTS_DIR, report_paths
from tests.pdfs import letter

NAMES = [path.name for path in report_paths()]
# A paragraph or a list item ends where a sentence, a clause of a list or a lead-in does.
ENDS = re.compile(r"[.!?:;,)’”]$|\b(and|or)$")
MARKS = re.compile(r"[•▪◼●■◦‣∙·]")


def items_of(name: str) -> list[str]:
    result = letter(REPORTS_DIR / name)[1]
    return [action.text for action in result.priority_actions] + list(result.areas_for_improvement)


def broken_lines(text: str) -> list[str]:
    """Lines that stop mid-sentence before a line that is not a list item."""
    lines = text.split("\n")
    return [
        line
        for line, after in zip(lines, lines[1:], strict=False)
        if not after.startswith("- ") and not ENDS.search(line.rstrip())
    ]


@pytest.mark.parametrize("name", NAMES)
def test_each_findings_lines_are_whole_paragraphs_and_list_items(name):
    for number, text in enumerate(items_of(name), start=1):
        assert broken_lines(text) == [], (number, text)
        assert all(line.strip() == line and line for line in text.split("\n")), number
        # No bullet left inside a line: each list item is a line of its own.
        assert not MARKS.search(text), (number, text)


def test_worcestershires_first_priority_action_is_one_lead_in_four_items_and_one_paragraph():
    text = items_of("worcestershire_15-july-2024.pdf")[0]
    lines = text.split("\n")
    assert len(lines) == 6
    assert [line.startswith("- ") for line in lines] == [False, True, True, True, True, False]
    assert lines[0].endswith("address the long waiting times for:")


def test_the_shipped_findings_have_no_line_broken_mid_sentence():
    shipped = json.loads(FINDINGS_JSON.read_text(encoding="utf-8"))["reports"]
    assert len(shipped) == len(NAMES)
    for report in shipped:
        for item in report["priority_actions"] + report["areas_for_improvement"]:
            assert broken_lines(item["text"]) == [], (report["file"], item["text"])
            assert not MARKS.search(item["text"]), (report["file"], item["text"])
