"""Letters shaped differently from the twelve real ones: the parser relies on wording and
headings, so other real letters should read, and where it is unsure it says so."""

from __future__ import annotations

import datetime as dt

import pytest

from letters.reader import NotALetterError, extract_pdf_text, parse_letter

from .helpers import lines_at, make_pdf

MONITORING = """\
Local area partnership report

Area SEND monitoring inspection of Halton Local Area Partnership

Inspection dates: 30 June to 2 July 2025
Date of previous inspection: 20 to 24 November 2023

Areas for priority action

Responsible body\tAreas for priority action

Halton Borough Council and\tLeaders should improve the joint commissioning of
NHS Cheshire and Merseyside ICB\tservices.

Areas for improvement

Leaders should improve communication with families.
"""


def test_a_monitoring_inspection_report_is_read_by_its_title_and_says_to_check_it():
    result = parse_letter(MONITORING)
    data = result.to_json_dict()
    assert (data["area"], data["framework"], data["kind"]) == ("Halton", "2023", "monitoring")
    assert (data["visit_start"], data["visit_end"]) == ("2025-06-30", "2025-07-02")
    assert (data["previous_inspection_start"], data["previous_inspection_end"]) == (
        "2023-11-20",
        "2023-11-24",
    )
    assert data["outcome"] is None
    assert data["priority_actions"] == [
        {
            "text": "Leaders should improve the joint commissioning of services.",
            "responsible_body": "Halton Borough Council and NHS Cheshire and Merseyside ICB",
        }
    ]
    assert data["areas_for_improvement"] == ["Leaders should improve communication with families."]
    assert any("monitoring inspection" in w for w in data["warnings"])


CROSS_YEAR = """\
Area SEND inspection of the Isle of Wight Local Area Partnership
Inspection dates: 30 December 2024 to 3 January 2025
Dates of previous inspection: The previous full inspection was between 6 and 10 March 2017.
Published: 14 February 2025

Inspection outcome

The local area partnership’s arrangements lead to inconsistent experiences and outcomes for
children and young people with special educational needs and/or disabilities (SEND). The
local area partnership must work jointly to make improvements.

The next full area SEND inspection will be within approximately three years.
"""


def test_cross_year_dates_prose_previous_range_and_a_publication_date():
    result = parse_letter(CROSS_YEAR)
    data = result.to_json_dict()
    assert data["area"] == "Isle of Wight"
    assert (data["visit_start"], data["visit_end"]) == ("2024-12-30", "2025-01-03")
    assert (data["previous_inspection_start"], data["previous_inspection_end"]) == (
        "2017-03-06",
        "2017-03-10",
    )
    assert data["letter_date"] == "2025-02-14"
    assert data["outcome"] == "inconsistent"
    assert result.next_inspection == "within approximately three years"
    assert result.priority_action_plan_required is False
    # Nothing about a publication date; but no 'Areas for improvement' section, no team.
    assert not any("publication date" in w for w in data["warnings"])
    assert any("'Areas for improvement' section was not found" in w for w in data["warnings"])


def test_the_next_inspections_timing_may_come_without_approximately():
    # Wiltshire's 2024 report: "The next full area SEND inspection will be within five years."
    result = parse_letter(CROSS_YEAR.replace("within approximately three", "within five"))
    assert result.next_inspection == "within five years"
    assert not any("next full inspection" in w for w in result.warnings)


def test_a_missing_outcome_and_unreadable_dates_are_warnings_not_guesses():
    text = (
        "Area SEND inspection of Rutland Local Area Partnership\n\n"
        "Inspection dates: to be confirmed\n\nSome text.\n"
    )
    result = parse_letter(text)
    assert result.outcome is None and result.visit_start is None
    warnings = " ".join(result.warnings)
    assert "Inspection dates" in warnings
    assert "None of the three standard outcome sentences" in warnings
    assert "previous inspection were not found" in warnings


INITIAL_NO_WSOA = """\
12 July 2017

Dear Mr Smith

Joint local area SEND inspection in Rutland

Between 5 June 2017 and 9 June 2017, Ofsted and the Care Quality Commission (CQC)
conducted a joint inspection of the local area of Rutland.

Main findings

- Leaders know the area well.

The effectiveness of the local area in identifying children and young people's special
educational needs and/or disabilities

Strengths

- Needs are identified early.

Areas for development

- Waiting times are long.

The effectiveness of the local area in meeting the needs of children and young people who
have special educational needs and/or disabilities

Strengths

- Plans are good.

The effectiveness of the local area in improving outcomes for children and young people who
have special educational needs and/or disabilities

Areas for development

- Outcomes are not tracked.

Yours sincerely
"""


def test_an_initial_letter_without_a_wsoa():
    result = parse_letter(INITIAL_NO_WSOA)
    data = result.to_json_dict()
    assert (data["area"], data["kind"], data["framework"]) == ("Rutland", "initial", "2016")
    assert (data["visit_start"], data["visit_end"]) == ("2017-06-05", "2017-06-09")
    assert data["letter_date"] == "2017-07-12"
    assert data["wsoa_required"] is False
    assert data["weaknesses"] == []
    assert result.main_findings == ["Leaders know the area well."]
    assert result.strengths == {
        "identifying": ["Needs are identified early."],
        "meeting": ["Plans are good."],
    }
    assert result.areas_for_development == {
        "identifying": ["Waiting times are long."],
        "outcomes": ["Outcomes are not tracked."],
    }
    assert any("does not say that a written statement" in w for w in data["warnings"])


REVISIT_MISMATCH = """\
3 March 2020

Joint area SEND revisit in Rutland

Between 3 and 5 February 2020, Ofsted and the Care Quality Commission (CQC) revisited the
area of Rutland to decide whether sufficient progress has been made in addressing each of
the areas of significant weakness detailed in the inspection report letter published on
28 March 2018.

HMCI determined that a written statement of action was required. HMCI determined that the
local authority and the area's clinical commissioning group (CCG) were jointly responsible
for submitting the written statement to Ofsted. This was declared fit for purpose on 1 July
2018.

The area has made sufficient progress in addressing two of the four significant weaknesses
identified at the initial inspection. The area has not made sufficient progress in
addressing two significant weaknesses.

Main findings

- At the initial inspection, inspectors found the following:

Leaders' plans are weak.

Leaders have improved their plans.

The area has made sufficient progress in addressing this significant weakness.

- At the initial inspection, inspectors found the following:

Waiting times are long.

Waits are still long.

- At the initial inspection, inspectors found the following:

The local offer is poor.

The area has made insufficient progress in addressing this area of weakness.

As not all the significant weaknesses have improved, it is for DfE and NHS England to
determine the next steps.
"""


def test_a_revisit_whose_counts_do_not_add_up_says_so():
    result = parse_letter(REVISIT_MISMATCH)
    data = result.to_json_dict()
    assert data["kind"] == "revisit"
    assert [(w["text"], w["verdict"]) for w in data["weaknesses"]] == [
        ("Leaders' plans are weak.", "sufficient"),
        ("Waiting times are long.", None),
        ("The local offer is poor.", "not_sufficient"),
    ]
    assert result.wsoa_fit_for_purpose == dt.date(2018, 7, 1)
    assert result.initial_letter_published == dt.date(2018, 3, 28)
    assert data["decision"] == (
        "As not all the significant weaknesses have improved, it is for DfE and NHS England "
        "to determine the next steps."
    )
    assert data["warnings"] == [
        "No verdict ('The area has (not) made sufficient progress …') was found for weakness 2.",
        "The letter speaks of 4 significant weaknesses, but 3 were found in it.",
        "The letter says sufficient progress was made on 2 weaknesses; the verdicts found "
        "say so for 1.",
        "The letter says sufficient progress was not made on 2 weaknesses; the verdicts "
        "found say so for 1.",
        "Verdicts were found for 2 of the 3 weaknesses.",
        "The inspectors' names could not be found in the signature block.",
    ]


def test_a_framework_2_report_as_a_pdf_with_a_table_over_a_page_break():
    footer = [
        (60, 30, "Area SEND inspection report: Rutland Local Area Partnership", 10),
        (60, 18, "1 to 5 July 2024", 10),
        (520, 18, "2", 16),
    ]
    first = (
        lines_at(56, 800, ["Area SEND inspection of Rutland Local Area Partnership"], size=14)
        + lines_at(56, 760, ["Inspection dates: 1 to 5 July 2024", "Dates of previous inspection:"])
        + lines_at(56, 720, ["Inspection outcome"], size=14)
        + lines_at(
            56,
            700,
            [
                "There are widespread and/or systemic failings leading to significant concerns",
                "about the experiences and outcomes of children and young people with SEND.",
            ],
        )
        + lines_at(56, 650, ["A monitoring inspection will be carried out within approximately"])
        + lines_at(
            56, 635.5, ["18 months. The next full reinspection will be within approximately"]
        )
        + lines_at(56, 621, ["three years."])
        + lines_at(56, 590, ["Areas for priority action"], size=14)
        + [(62, 560, "Responsible body"), (224, 560, "Areas for priority action")]
        + lines_at(62, 544, ["Rutland County Council", "and NHS Leicester,", "Leicestershire"])
        + lines_at(224, 544, ["Leaders should act urgently", "to reduce waiting times."])
        + lines_at(62, 495, ["Rutland County Council"])
        + lines_at(224, 495, ["Leaders should improve the", "quality of EHC plans and"])
    )
    second = (
        footer
        + lines_at(62, 780, ["and Rutland ICB"])
        + lines_at(224, 780, ["annual reviews."])
        + lines_at(56, 740, ["Areas for improvement"], size=14)
        + lines_at(62, 710, ["Leaders should listen to families more."])
    )
    text = extract_pdf_text(make_pdf([first, second]))
    result = parse_letter(text)
    data = result.to_json_dict()
    assert data["area"] == "Rutland" and data["outcome"] == "widespread"
    assert result.next_monitoring_inspection == "within approximately 18 months"
    assert result.next_inspection == "within approximately three years"
    assert data["priority_actions"] == [
        {
            "text": "Leaders should act urgently to reduce waiting times.",
            "responsible_body": "Rutland County Council and NHS Leicester, Leicestershire",
        },
        {
            "text": "Leaders should improve the quality of EHC plans and annual reviews.",
            "responsible_body": "Rutland County Council and Rutland ICB",
        },
    ]
    assert data["areas_for_improvement"] == ["Leaders should listen to families more."]
    assert result.priority_action_plan_required is None
    assert any("priority action plan was not found" in w for w in data["warnings"])


@pytest.mark.parametrize(
    "text",
    [
        "Dear parent, the school trip is on 4 July 2024.",
        "Joint area SEND revisit in",
        "Area SEND inspection of Local Area Partnership",
        "Ofsted inspection report: Sunnydale Primary School\n\nOverall effectiveness: Good",
        "Inspection dates: 18 to 22 November 2024\nInspection outcome\n",
    ],
)
def test_texts_that_are_not_letters(text):
    with pytest.raises(NotALetterError):
        parse_letter(text)


def test_a_revisit_saying_all_five_counts_five():
    text = REVISIT_MISMATCH.replace(
        "The area has made sufficient progress in addressing two of the four significant weaknesses\n"
        "identified at the initial inspection. The area has not made sufficient progress in\n"
        "addressing two significant weaknesses.",
        "The area has made sufficient progress in addressing all five of the significant\n"
        "weaknesses identified at the initial inspection.",
    )
    result = parse_letter(text)
    assert result.stated_weakness_count == 5
    assert result.overall == (
        "The area has made sufficient progress in addressing all five of the significant "
        "weaknesses identified at the initial inspection."
    )
    assert "The letter speaks of 5 significant weaknesses, but 3 were found in it." in (
        result.warnings
    )
    assert (
        "The letter says sufficient progress was made on all the weaknesses, but the "
        "verdicts found say it was not for 1." in result.warnings
    )
