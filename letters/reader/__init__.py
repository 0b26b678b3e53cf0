"""Reading Ofsted/CQC area SEND letters and reports. Plain Python: no Django here.

text = extract_pdf_text(pdf_bytes)      # raises UnreadablePdfError
result = parse_letter(text)             # raises NotALetterError (a LetterError)
result.to_json_dict()                   # the fields an admin checks before saving

text, result = read_letter(data)        # a PDF (its tables read cell by cell) or plain text
"""

from .dates import FileNameDate, date_from_file_name
from .errors import LetterError, NotALetterError, UnreadablePdfError
from .framework_2023 import NO_PUBLICATION_DATE
from .parser import parse_letter
from .pdf import PAGE_BREAK, extract_pdf_text
from .result import JSON_KEYS, LetterResult, PriorityAction, Weakness
from .tables import read_finding_tables
from .text import clean_text, normalise, vocabulary

__all__ = [
    "JSON_KEYS",
    "NO_PUBLICATION_DATE",
    "FileNameDate",
    "LetterError",
    "LetterResult",
    "NotALetterError",
    "PriorityAction",
    "UnreadablePdfError",
    "Weakness",
    "clean_text",
    "date_from_file_name",
    "extract_pdf_text",
    "normalise",
    "parse_letter",
    "read_letter",
]

_FINDINGS_HEADINGS = ("areas for priority action", "areas for improvement")


def read_letter(data: bytes) -> tuple[str, LetterResult]:
    """The text of an uploaded letter and what it says.

    A PDF's text comes from its text layer; a 2023-framework report's findings tables are
    read cell by cell from the pages that hold them. Anything else is read as UTF-8 text.
    Raises UnreadablePdfError or another LetterError.
    """
    if data.lstrip()[:5] != b"%PDF-":
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise UnreadablePdfError(
                "This file is neither a PDF nor plain text. Upload the letter as a PDF or "
                "paste its text."
            ) from None
        return text, parse_letter(text)
    text = extract_pdf_text(data)
    pages = {
        number
        for number, page in enumerate(text.split(PAGE_BREAK))
        if any(heading in page.lower() for heading in _FINDINGS_HEADINGS)
    }
    tables = read_finding_tables(bytes(data), pages, vocabulary(text)) if pages else []
    return text, parse_letter(text, tables)
