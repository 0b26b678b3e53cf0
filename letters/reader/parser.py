"""Reading an Ofsted/CQC area SEND letter or report into a `LetterResult`.

Four kinds of document, told apart by their titles:

- framework 1 (2016-2022) initial inspection: "Joint area SEND inspection in <area>";
- framework 1 revisit: "Joint area SEND revisit in <area>";
- framework 2 (2023-) full inspection: "Area SEND inspection of <area> Local Area Partnership";
- framework 2 monitoring inspection: a title with "monitoring inspection" in it.

Everything is found by the letters' stable wording and section headings, never by
position. Whenever something expected is missing or does not add up, the result carries a
warning in plain English rather than a guess passed off as a fact.
"""

from __future__ import annotations

from .crosscheck import cross_check_findings
from .errors import LetterError, NotALetterError
from .framework_2016 import _parse_framework_1
from .framework_2023 import _parse_framework_2
from .identify import _identify
from .result import LetterResult
from .tables import TableItem
from .text import normalise


def parse_letter(text: str, finding_tables: list[TableItem] | None = None) -> LetterResult:
    """Read a letter or report. Raises NotALetterError (or another LetterError) only.

    `finding_tables`, read from a PDF's table cells (see `tables`), replace the findings
    the text alone gives for a 2023-framework report, where they hold any.
    """
    try:
        return _parse_letter(text, finding_tables or [])
    except LetterError:
        raise
    except Exception as exc:  # a bug must not reach the user as a server error
        raise LetterError(
            "This document could not be read automatically. Enter its details by hand, "
            f"and please report the problem ({type(exc).__name__})."
        ) from exc


def _parse_letter(text: str, finding_tables: list[TableItem] | None = None) -> LetterResult:
    if not isinstance(text, str):
        raise NotALetterError("There is no text to read: a letter's text was expected.")
    if not text.strip():
        raise NotALetterError("There is no text to read: the document is empty.")
    blocks = normalise(text).blocks
    found = _identify(blocks)
    if found is None:
        raise NotALetterError()
    framework, kind, area, title_index = found
    result = LetterResult(area=area, framework=framework, kind=kind)
    if framework == "2016":
        _parse_framework_1(result, blocks, title_index)
    else:
        _parse_framework_2(result, blocks, title_index, finding_tables or [])
        cross_check_findings(result, text, blocks)
    return result
