"""Cleaning text: footers, bullets, hyphens, wrapped lines, quotes, spaces, markup."""

from __future__ import annotations

import pytest

from letters.reader.text import (
    clean_text,
    join_lines,
    match_key,
    normalise,
    straighten,
)


def paragraphs(text: str) -> list[str]:
    return [(b.kind, b.text) for b in normalise(text).blocks]


# Wrapped lines and hyphens


def test_wrapped_lines_are_joined_into_one_paragraph():
    text = "Leaders have acted to improve\nthe quality of plans.\n\nA second\nparagraph."
    assert paragraphs(text) == [
        ("para", "Leaders have acted to improve the quality of plans."),
        ("para", "A second paragraph."),
    ]


def test_a_hyphen_at_a_line_end_is_kept_in_a_compound_word():
    assert (
        join_lines(["a lot of well-", "considered guidance"]) == "a lot of well-considered guidance"
    )
    assert (
        clean_text("effective co-\nworking with families") == "effective co-working with families"
    )


def test_a_word_broken_by_hyphenation_is_mended_when_the_document_uses_it_whole():
    text = "The identi-\nfication of needs is slow. Early identification matters."
    assert clean_text(text) == "The identification of needs is slow. Early identification matters."


def test_a_soft_hyphen_at_a_line_end_joins_the_word():
    assert clean_text("assess\u00ad\nment of needs") == "assessment of needs"


def test_a_dash_between_words_at_a_line_end_is_not_a_hyphen():
    assert clean_text("services -\nincluding health") == "services - including health"


# Page footers and page breaks


FOOTER_PAGE = (
    "children and young people with SEND receive effective support in\n"
    "\f\n"
    "Area SEND inspection report: Bedford Borough Local Area Partnership\n"
    "18 to 22 November 2024 2\n"
    "\n"
    "schools, other settings and communities.\n"
)


def test_footers_are_removed_and_the_paragraph_runs_on_over_the_page():
    assert clean_text(FOOTER_PAGE) == (
        "children and young people with SEND receive effective support in schools, "
        "other settings and communities."
    )


@pytest.mark.parametrize(
    "footer",
    [
        "Area SEND inspection report: Bedford Borough Local Area Partnership\n"
        "18 to 22 November 2024 2",
        "  Inspection report: Halton Local Area Partnership\n20 to 24 November 2023 6",
        "Area SEND inspection report: Nottinghamshire Local Area Partnership\n"
        "30 January 2023 to 3 February 2023\n\n6",
        "Area SEND inspection report: Lancashire Local Area Partnership\n9 to 13 December 2024\t8",
    ],
)
def test_footer_forms_are_all_removed(footer):
    text = f"The partnership has acted to\n{footer}\nimprove its plans."
    assert clean_text(text) == "The partnership has acted to improve its plans."


def test_a_run_of_blank_lines_inside_a_sentence_is_a_page_break():
    text = "the appointment of the SEND advisory teachers\n\n\n\n(SENDATS) in September 2021."
    assert clean_text(text) == (
        "the appointment of the SEND advisory teachers (SENDATS) in September 2021."
    )


def test_paragraphs_that_end_a_sentence_stay_apart():
    text = "The local offer is effective.\n\n\n\nLeaders know this."
    assert paragraphs(text) == [
        ("para", "The local offer is effective."),
        ("para", "Leaders know this."),
    ]


def test_a_bullet_cut_by_a_page_break_is_joined_again():
    text = (
        "- families have felt they have had to\n\n\n\n\n\n- push constantly to get anywhere.\n"
        "- The next point."
    )
    assert paragraphs(text) == [
        ("bullet", "families have felt they have had to push constantly to get anywhere."),
        ("bullet", "The next point."),
    ]


def test_list_items_that_carry_a_sentence_on_stay_separate_items():
    text = "weakness:\n\n- the lack of a strategy\n- waiting times to see a paediatrician."
    assert paragraphs(text)[1:] == [
        ("bullet", "the lack of a strategy"),
        ("bullet", "waiting times to see a paediatrician."),
    ]


def test_an_indented_paragraph_after_a_page_break_continues_the_bullet():
    text = (
        "▪ Leaders have not done enough.\n"
        "\f\n"
        "Area SEND inspection report: Cornwall Local Area Partnership\n"
        "6 to 10 February 2023\t5\n"
        "    There is variability in practice.\n"
        "\n"
        "▪ The local area has not yet ensured this."
    )
    assert paragraphs(text) == [
        ("bullet", "Leaders have not done enough. There is variability in practice."),
        ("bullet", "The local area has not yet ensured this."),
    ]


# Bullets


@pytest.mark.parametrize("marker", ["-", "•", "■", "▪", "◼", "●", "\uf0b7", "*", "–"])
def test_bullet_markers(marker):
    text = f"Strengths\n\n{marker} First strength,\nwrapped.\n{marker} Second strength."
    assert paragraphs(text) == [
        ("heading", "Strengths"),
        ("bullet", "First strength, wrapped."),
        ("bullet", "Second strength."),
    ]


def test_a_bullet_on_a_line_of_its_own_takes_the_next_line():
    assert paragraphs("◼\nLeaders plan well.") == [("bullet", "Leaders plan well.")]


def test_an_empty_bullet_is_dropped():
    assert paragraphs("The end.\n\n ◼ \n\n") == [("para", "The end.")]


def test_a_hyphen_inside_a_line_is_not_a_bullet():
    assert paragraphs("post-16 provision - for some") == [("para", "post-16 provision - for some")]


# Characters


def test_curly_quotes_stay_in_the_text_but_match_as_straight():
    text = "The partnership\u2019s \u2018Team Around the School\u2019 pilot."
    assert clean_text(text) == text
    assert match_key(text) == "the partnership's 'team around the school' pilot."
    assert len(straighten(text)) == len(text)


def test_no_break_and_other_odd_spaces_become_plain_spaces():
    text = "Ofsted and\u00a0the\u202fCare\u2009Quality\u200bCommission"
    assert clean_text(text) == "Ofsted and the Care QualityCommission"


def test_ligatures_and_crlf():
    assert clean_text("identi\ufb01ed\r\nef\ufb02uent") == "identified effluent"


def test_control_characters_are_dropped():
    assert clean_text("a\x00b\x07c") == "abc"


# Markup


def test_markdown_and_html_markup_is_removed():
    text = (
        "### **Joint area SEND revisit in Central Bedfordshire**\n\n"
        "**8 September 2022**\n\n"
        "<b>Ofsted</b>\t<b>Care Quality Commission</b>\n\n"
        "See [www.gov.uk/ofsted](http://www.gov.uk/ofsted) &amp; more<br>next line"
    )
    blocks = normalise(text).blocks
    assert [(b.kind, b.text) for b in blocks] == [
        ("heading", "Joint area SEND revisit in Central Bedfordshire"),
        ("para", "8 September 2022"),
        ("para", "Ofsted Care Quality Commission"),
        ("para", "See www.gov.uk/ofsted & more next line"),
    ]
    assert blocks[1].bold and not blocks[3].bold
    assert blocks[2].columns() == ["Ofsted", "Care Quality Commission"]


def test_a_line_only_partly_bold_is_not_a_bold_paragraph():
    block = normalise("**Textphone** 0161 618 8524").blocks[0]
    assert block.text == "Textphone 0161 618 8524" and not block.bold


def test_bold_paragraph_does_not_merge_with_the_plain_one_after_it():
    text = "**The quoted weakness runs on**\n\nand the narrative starts."
    assert [b.bold for b in normalise(text).blocks] == [True, False]


# Headings and fields


def test_known_headings_stand_alone_even_without_blank_lines():
    text = "Inspection outcome\nThe local area partnership's arrangements lead to things."
    assert paragraphs(text) == [
        ("heading", "Inspection outcome"),
        ("para", "The local area partnership's arrangements lead to things."),
    ]


def test_a_wrapped_long_heading_is_one_heading():
    text = (
        "The effectiveness of the local area in identifying children and young people's\n"
        "special educational needs and/or disabilities\n\nStrengths"
    )
    assert [b.kind for b in normalise(text).blocks] == ["heading", "heading"]


def test_field_lines_start_their_own_paragraph():
    text = (
        "Area SEND inspection of Bedford\nBorough Local Area Partnership\n"
        "Inspection dates: 18 to 22 November 2024\n"
        "Dates of previous inspection: The previous full inspection was on 19 March 2018. There\n"
        "was a subsequent revisit on 24 March 2020."
    )
    assert [b.text for b in normalise(text).blocks] == [
        "Area SEND inspection of Bedford Borough Local Area Partnership",
        "Inspection dates: 18 to 22 November 2024",
        "Dates of previous inspection: The previous full inspection was on 19 March 2018. "
        "There was a subsequent revisit on 24 March 2020.",
    ]


def test_table_lines_keep_their_columns():
    text = (
        "Halton Borough Council and\tLeaders at Halton should cooperate\n"
        "NHS Cheshire\tat pace to improve oversight.\n"
        "\tMore of the action."
    )
    block = normalise(text).blocks[0]
    assert block.is_row
    assert block.columns() == [
        "Halton Borough Council and NHS Cheshire",
        "Leaders at Halton should cooperate at pace to improve oversight. More of the action.",
    ]
