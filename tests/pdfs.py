"""The real PDFs (the 51 shipped reports, and the copies in tests/data/letters), read once per
test process.

Reading one takes most of a second, and several test modules check what the same reports say.
Each document is read once, keyed by its content (so a copy of a shipped report is not read
again), with the package's own functions; the tests then check that one reading. Tests of
reading itself (broken PDFs, uploads through the import) still call the parser directly.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from letters.reader import LetterResult, extract_pdf_text, read_letter

_texts: dict[str, str] = {}
_letters: dict[str, tuple[str, LetterResult]] = {}


def _key(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def extract_pdf_text_once(data: bytes) -> str:
    """`extract_pdf_text(data)`, read once per content."""
    key = _key(data)
    if key not in _texts:
        _texts[key] = extract_pdf_text(data)
    return _texts[key]


def read_letter_once(data: bytes) -> tuple[str, LetterResult]:
    """`read_letter(data)`, read once per content. The result is shared: treat it as read-only."""
    key = _key(data)
    if key not in _letters:
        _letters[key] = read_letter(data)
    return _letters[key]


def pdf_text(path: Path) -> str:
    return extract_pdf_text_once(path.read_bytes())


def letter(path: Path) -> tuple[str, LetterResult]:
    return read_letter_once(path.read_bytes())
