"""Reading the public outcomes table: columns by header, grades in both spellings, and the
table's placeholders as unknown."""

import datetime as dt

import pytest

from freshness.table import TableError, parse_date, parse_grade, parse_table
from tests.freshness.conftest import DAYS, snapshot


@pytest.mark.parametrize(("day", "rows"), zip(DAYS, [39, 55, 70, 79, 96], strict=True))
def test_each_real_snapshot_is_read_whole(day, rows):
    assert len(parse_table(snapshot(day))) == rows


def test_columns_are_read_by_header_before_and_after_the_2025_reordering():
    def blackpool(day):
        return next(row for row in parse_table(snapshot(day)) if row.area_name == "blackpool")

    before, after = blackpool("2024-08-08"), blackpool("2025-03-25")
    assert before.grade == after.grade == 2
    assert before.visit_start == after.visit_start == dt.date(2024, 5, 20)
    assert before.published_on == after.published_on == dt.date(2024, 7, 25)
    assert before.link == after.link == "https://files.ofsted.gov.uk/v1/file/50253401"


def test_grades_are_read_as_written_in_2024_and_in_2026():
    assert parse_grade("2") == parse_grade("2.0") == 2
    assert parse_grade("3.0") == 3
    assert parse_grade("") is None and parse_grade("NaN") is None and parse_grade("4") is None


def test_the_tables_placeholders_are_unknown_never_facts():
    rows = {row.area_name: row for row in parse_table(snapshot("2026-06-29"))}
    slough = rows["slough"]  # "Inspection outcome section not found."
    assert slough.grade is None and slough.outcome_text == "" and slough.next_within == ""
    derbyshire = rows["derbyshire"]  # no dates extracted
    assert derbyshire.visit_start is None and derbyshire.visit_end is None
    assert derbyshire.next_by is None  # "Last inspection date not provided"
    assert parse_date("01/01/1900") is None
    assert rows["bedford"].published_on == dt.date(2025, 2, 4)


def test_an_error_page_is_not_taken_for_the_table():
    with pytest.raises(TableError, match="no table"):
        parse_table("<html><body><h1>502 Bad Gateway</h1></body></html>")


def test_a_changed_layout_is_refused_with_the_missing_column_named():
    page = snapshot("2024-08-08").replace("<th>Publication Date</th>", "<th>Published</th>")
    with pytest.raises(TableError, match="layout has changed.*Publication Date"):
        parse_table(page)


def test_a_row_cut_short_is_refused_rather_than_read_into_the_wrong_columns():
    page = snapshot("2024-08-08").replace("<td>blackpool</td>", "", 1)
    with pytest.raises(TableError, match="Row 1 has 12 cells"):
        parse_table(page)
