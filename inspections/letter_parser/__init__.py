"""Reading Ofsted/CQC area SEND letters and reports. Plain Python: no Django here.

text = extract_pdf_text(pdf_bytes)      # raises UnreadablePdfError
result = parse_letter(text)             # raises NotALetterError (a LetterError)
result.to_json_dict()                   # the fields an admin checks before saving
"""

from .errors import LetterError, NotALetterError, UnreadablePdfError
from .parser import JSON_KEYS, LetterResult, PriorityAction, Weakness, parse_letter
from .pdf import extract_pdf_text
from .text import clean_text, normalise

__all__ = [
    "JSON_KEYS",
    "LetterError",
    "LetterResult",
    "NotALetterError",
    "PriorityAction",
    "UnreadablePdfError",
    "Weakness",
    "clean_text",
    "extract_pdf_text",
    "normalise",
    "parse_letter",
]
