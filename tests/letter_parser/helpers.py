"""Shared helpers for the letter parser tests: the real documents and a tiny PDF writer."""

from __future__ import annotations

import io
from pathlib import Path

from letters.reader.text import straighten

DATA = Path(__file__).resolve().parent.parent / "data" / "letters"
SEED_LETTERS = Path(__file__).resolve().parents[2] / "national_data" / "data" / "seed_letters.json"


def comparable(value, quotes: bool = False):
    """Whitespace collapsed in every string (and quotes straightened if asked), recursively."""
    if isinstance(value, str):
        text = " ".join(value.split())
        return straighten(text) if quotes else text
    if isinstance(value, list):
        return [comparable(item, quotes) for item in value]
    if isinstance(value, dict):
        return {key: comparable(item, quotes) for key, item in value.items()}
    return value


def _escape(text: str) -> bytes:
    raw = text.encode("cp1252")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def make_pdf(pages: list[list[tuple]], width: int = 595, height: int = 842) -> bytes:
    """A minimal PDF. Each page is a list of (x, y, text) or (x, y, text, size) drawn in
    Helvetica, in the order given (so a table can be drawn cell by cell, as Word does)."""
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",  # the page tree, filled in below
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    kids = []
    for items in pages:
        content = b"".join(
            b"BT /F1 %d Tf 1 0 0 1 %.2f %.2f Tm (%s) Tj ET\n"
            % (int(item[3]) if len(item) > 3 else 12, item[0], item[1], _escape(item[2]))
            for item in items
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
        content_number = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>"
            % (width, height, content_number)
        )
        kids.append(len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % kid for kid in kids),
        len(kids),
    )
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def lines_at(x: float, top: float, texts: list[str], pitch: float = 14.5, size: int = 12):
    """Lines of text from `top` downwards, `pitch` apart."""
    return [(x, top - index * pitch, text, size) for index, text in enumerate(texts)]


def without_first_row_ruling(data: bytes, page_number: int) -> bytes:
    """The PDF with the ruling round the first table row of one page (1-based) rubbed out,
    its foot kept (the next row's head): that row's text is then outside any ruled cell, as
    where a row carried over a page break goes on as plain text.

    Word draws the ruling as thin filled rectangles; those whose top lies from just above
    the row's head to just above its foot are left out of the page's content.
    """
    import pdfplumber
    from pdfplumber.table import TableFinder
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ContentStream

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[page_number - 1]
        cells = [c for c in TableFinder(page, {}).cells if c[3] - c[1] > 4]
        _, head, _, foot = min(cells, key=lambda cell: cell[1])
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    page = writer.pages[page_number - 1]
    height = float(page.mediabox.height)
    content = ContentStream(page.get_contents(), writer)
    kept, dropped = [], False
    for operands, operator in content.operations:
        if operator == b"re":
            x, y, width, tall = (float(value) for value in operands)
            if head - 1.5 <= height - max(y, y + tall) < foot - 0.6:
                dropped = True
                continue
        if dropped and operator in (b"f", b"f*"):
            dropped = False
            continue
        dropped = False
        kept.append((operands, operator))
    content.operations = kept
    page.replace_contents(content)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def read_letter_losing_an_improvement(data: bytes):
    """`read_letter`, but as if the report's tables had lost their last area for improvement,
    as the reader may lose a row that runs on over a page break outside a ruled cell."""
    from letters.reader import extract_pdf_text, parse_letter
    from letters.reader.tables import IMPROVEMENT, read_finding_tables

    text = extract_pdf_text(data)
    items = read_finding_tables(data)
    lost = [item for item in items if item.kind == IMPROVEMENT][-1]
    return text, parse_letter(text, [item for item in items if item is not lost])
