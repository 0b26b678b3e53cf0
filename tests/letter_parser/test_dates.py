"""Dates as the letters write them."""

from __future__ import annotations

import datetime as dt

import pytest

from letters.reader.dates import date_from_file_name, parse_date, parse_range, parse_range_or_date

D = dt.date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Inspection dates: 18 to 22 November 2024", (D(2024, 11, 18), D(2024, 11, 22))),
        ("Between 4 and 6 July 2022, Ofsted", (D(2022, 7, 4), D(2022, 7, 6))),
        ("Between 7 March 2022 and 11 March 2022,", (D(2022, 3, 7), D(2022, 3, 11))),
        ("30 January 2023 to 3 February 2023", (D(2023, 1, 30), D(2023, 2, 3))),
        ("30 January to 3 February 2023", (D(2023, 1, 30), D(2023, 2, 3))),
        ("30 December to 3 January 2025", (D(2024, 12, 30), D(2025, 1, 3))),
        ("30 December 2024 to 3 January 2025", (D(2024, 12, 30), D(2025, 1, 3))),
        ("18–22 November 2024", (D(2024, 11, 18), D(2024, 11, 22))),
        ("4th to 6th July 2022", (D(2022, 7, 4), D(2022, 7, 6))),
        ("9 to 12 march 2020", (D(2020, 3, 9), D(2020, 3, 12))),
        ("27 Sept to 1 Oct 2021", (D(2021, 9, 27), D(2021, 10, 1))),
    ],
)
def test_ranges(text, expected):
    assert parse_range(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "19 March 2018",  # one date is not a range
        "31 February to 2 March 2023",  # no 31 February
        "19 March 2018 and 24 March 2020",  # two dates two years apart are not a visit
        "6 to 3 May 2022",  # backwards
        "",
    ],
)
def test_not_ranges(text):
    assert parse_range(text) is None


def test_single_dates():
    assert parse_date("**8 September 2022**") == D(2022, 9, 8)
    assert parse_date("on 31 February 2022") is None
    assert parse_range_or_date("The previous full inspection was on 19 March 2018.") == (
        None,
        D(2018, 3, 19),
        False,
    )
    assert parse_range_or_date("23 to 27 May 2016") == (D(2016, 5, 23), D(2016, 5, 27), True)
    assert parse_range_or_date("no date here") == (None, None, False)


@pytest.mark.parametrize(
    ("name", "area", "date"),
    [
        ("bedford_04-february-2025.pdf", "bedford", D(2025, 2, 4)),
        ("kingston-upon-hull_02-february-2024.pdf", "kingston-upon-hull", D(2024, 2, 2)),
        ("Downloads/Bury_07-May-2024.PDF", "bury", D(2024, 5, 7)),
        ("bedford_31-february-2025.pdf", "bedford", None),  # the shape, but no such day
    ],
)
def test_a_report_named_as_the_project_names_them_gives_its_area_and_date(name, area, date):
    found = date_from_file_name(name)
    assert found is not None and (found.area, found.date) == (area, date)


@pytest.mark.parametrize(
    "name",
    [
        "report.pdf",
        "bedford_4-february-2025.pdf",  # the day in two figures
        "bedford_04-feb-2025.pdf",  # the month in full
        "bedford_04-02-2025.pdf",
        "bedford_04-february-2025 (1).pdf",
        "bedford_04-february-2025.txt",
        "_04-february-2025.pdf",
    ],
)
def test_any_other_file_name_gives_no_date(name):
    assert date_from_file_name(name) is None
