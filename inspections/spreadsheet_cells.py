"""Text for a cell of a CSV file that people open in a spreadsheet.

A cell starting with =, +, - or @ (or a tab or carriage return) would be run as a formula:
such text is written with a leading apostrophe, so the spreadsheet shows it as text. Every
CSV file the site writes (open data, search results, an area's progress) uses this one rule.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def shown_not_run(text: str) -> str:
    return f"'{text}" if text[:1] in FORMULA_STARTS else text
