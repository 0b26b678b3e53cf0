"""PDF text extraction: errors a user can act on, and the layout the parser relies on."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader, PdfWriter

from letters.reader import (
    LetterError,
    NotALetterError,
    UnreadablePdfError,
    extract_pdf_text,
    parse_letter,
)
from tests.pdfs import pdf_text

from .helpers import DATA, lines_at, make_pdf


def _written(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _text_pdf() -> bytes:
    return make_pdf([lines_at(72, 760, ["A shopping list for the weekend:", "eggs, milk, bread."])])


# Errors


def test_an_encrypted_pdf_is_refused_with_a_clear_message():
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_text_pdf())))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    with pytest.raises(UnreadablePdfError, match="This PDF is encrypted") as caught:
        extract_pdf_text(_written(writer))
    assert "password" in str(caught.value)
    assert isinstance(caught.value, LetterError)


def test_a_pdf_locked_only_against_editing_is_read():
    """An owner password alone (empty user password) does not stop reading."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_text_pdf())))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    assert "shopping list" in extract_pdf_text(_written(writer))


def test_a_pdf_of_hundreds_of_pages_is_refused_before_a_page_is_read(monkeypatch):
    """A 420-page file held a server worker for 30 seconds until it was killed."""
    writer = PdfWriter()
    for _ in range(420):
        writer.add_blank_page(width=595, height=842)
    read = []
    monkeypatch.setattr("letters.reader.pdf._page_lines", lambda *args: read.append(1))
    with pytest.raises(UnreadablePdfError, match="This PDF has 420 pages") as caught:
        extract_pdf_text(_written(writer))
    assert "3 to 20" in str(caught.value) and read == []


def test_a_pdf_with_no_text_is_refused_with_a_clear_message():
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_blank_page(width=595, height=842)
    with pytest.raises(UnreadablePdfError, match="no text layer") as caught:
        extract_pdf_text(_written(writer))
    assert "scanned image" in str(caught.value)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"Hello, this is a plain text file.",
        b"Joint area SEND revisit in Luton",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"PK\x03\x04 a word document",
    ],
)
def test_bytes_that_are_not_a_pdf_are_refused(data):
    with pytest.raises(UnreadablePdfError, match="not a PDF"):
        extract_pdf_text(data)


def test_a_damaged_pdf_is_refused():
    data = (DATA / "bolton_30-august-2024.pdf").read_bytes()
    with pytest.raises(UnreadablePdfError, match="damaged"):
        extract_pdf_text(data[:1500])


def test_not_bytes_at_all_is_refused():
    with pytest.raises(UnreadablePdfError):
        extract_pdf_text("%PDF-1.4 a string, not bytes")  # type: ignore[arg-type]


def test_a_pdf_of_unrelated_text_is_not_a_letter():
    text = extract_pdf_text(_text_pdf())
    assert "A shopping list for the weekend:" in text
    with pytest.raises(NotALetterError, match="does not look like an Ofsted/CQC area SEND"):
        parse_letter(text)


def test_empty_text_is_not_a_letter():
    with pytest.raises(NotALetterError, match="empty"):
        parse_letter("   \n\n ")


# Layout


def test_table_cells_drawn_one_after_another_come_out_side_by_side():
    page = (
        [(62, 700, "Responsible body"), (224, 700, "Areas for priority action")]
        # Word draws a row's left cell, then its right cell.
        + lines_at(62, 684, ["Halton Borough Council and", "NHS Cheshire"])
        + lines_at(224, 684, ["Leaders should cooperate", "at pace to improve", "oversight."])
        + lines_at(62, 640, ["Halton Borough Council"])
        + lines_at(224, 640, ["Leaders should share information."])
    )
    text = extract_pdf_text(make_pdf([page]))
    assert text.split("\n") == [
        "Responsible body\tAreas for priority action",
        "",
        "Halton Borough Council and\tLeaders should cooperate",
        "NHS Cheshire\tat pace to improve",
        "\toversight.",
        "",
        "Halton Borough Council\tLeaders should share information.",
    ]


def test_a_larger_gap_between_lines_is_a_new_paragraph():
    page = lines_at(62, 700, ["First item runs over", "two lines."]) + lines_at(
        62, 665, ["Second item."]
    )
    assert extract_pdf_text(make_pdf([page])).split("\n") == [
        "First item runs over",
        "two lines.",
        "",
        "Second item.",
    ]


def test_a_slightly_larger_gap_between_table_rows_is_a_new_paragraph():
    """Word table rows without paragraph spacing: 0.5 pt more between rows than lines."""
    rows = ["Leaders should improve", "planning.", "Leaders should act", "quickly.", "Third."]
    ys = [700, 685.5, 670.5, 656, 641]
    page = [(62, y, text) for y, text in zip(ys, rows, strict=True)]
    assert extract_pdf_text(make_pdf([page])).split("\n") == [
        "Leaders should improve",
        "planning.",
        "",
        "Leaders should act",
        "quickly.",
        "",
        "Third.",
    ]


def test_pages_are_separated_by_form_feeds_and_a_table_runs_on():
    footer = [
        (60, 30, "Area SEND inspection report: Halton Local Area Partnership", 10),
        (60, 18, "20 to 24 November 2023 2", 10),
    ]
    first = lines_at(62, 700, ["Halton Borough Council"]) + lines_at(
        224, 700, ["Leaders should improve", "the joint commissioning"]
    )
    second = footer + lines_at(224, 780, ["of services."])
    text = extract_pdf_text(make_pdf([first, second]))
    assert text.split("\n")[-1] == "\tof services."
    assert "\f" in text


def test_a_bullets_hanging_indent_is_kept():
    page = lines_at(56, 760, ["Some text at the margin.", "More of it.", "And more."]) + [
        (56, 700, "What does the area partnership need to do better?"),
        (74, 680, "\u2022 Leaders have not done enough to ensure that"),
        (92, 665.5, "practitioners are clear."),
    ]
    lines = extract_pdf_text(make_pdf([page])).split("\n")
    assert lines[-2:] == [
        "\u2022 Leaders have not done enough to ensure that",
        "    practitioners are clear.",
    ]


def test_the_real_reports_all_extract():
    for path in sorted(DATA.glob("*.pdf")):
        text = pdf_text(path)
        assert "Local Area Partnership" in text
        assert text.count("\f") == len(PdfReader(path).pages) - 1
