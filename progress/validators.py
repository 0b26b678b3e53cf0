"""What an update or a response may hold: sizes, dates, links, and text that is really there."""

from __future__ import annotations

import datetime as dt
import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, URLValidator
from django.utils import timezone
from django.utils.deconstruct import deconstructible

# The SEND reforms (the Children and Families Act 2014) are where every update's story starts.
EARLIEST_UPDATE = dt.date(2014, 1, 1)
MAX_EVIDENCE_LINKS = 20
MAX_LINK_LENGTH = 500

# Characters that show nothing: format characters (zero-width spaces and joiners, byte-order
# marks, soft hyphens), every kind of space, control characters, and the fillers some scripts
# draw as blank.
_INVISIBLE_CATEGORIES = {"Cf", "Cc", "Zs", "Zl", "Zp"}
_BLANK_FILLERS = {"\u034f", "\u115f", "\u1160", "\u2800", "\u3164", "\uffa0"}


def is_invisible(character: str) -> bool:
    return (
        character in _BLANK_FILLERS
        or unicodedata.category(character) in _INVISIBLE_CATEGORIES
        or character.isspace()
    )


def strip_invisible(text: str) -> str:
    """The text without invisible characters at either end; "" if it holds nothing else."""
    start, end = 0, len(text)
    while start < end and is_invisible(text[start]):
        start += 1
    while end > start and is_invisible(text[end - 1]):
        end -= 1
    return text[start:end]


@deconstructible
class VisibleTextValidator:
    """Refuses text made only of invisible characters, which would publish as a blank."""

    def __init__(self, message: str):
        self.message = message

    def __call__(self, value: str) -> None:
        if value and not strip_invisible(value):
            raise ValidationError(self.message, code="blank")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, VisibleTextValidator) and self.message == other.message


def length_limit(name: str, limit: int) -> MaxLengthValidator:
    return MaxLengthValidator(limit, f"{name} must be {limit:,} characters or fewer")


def validate_update_date(value: dt.date) -> None:
    """From the year of the SEND reforms to today, said as GOV.UK's date inputs say it."""
    if value < EARLIEST_UPDATE:
        raise ValidationError(
            "Date must be the same as or after 1 January 2014, the year of the SEND reforms",
            code="too_early",
        )
    if value > timezone.localdate():
        raise ValidationError("Date must be today or in the past", code="future")


def validate_links(value: str) -> None:
    """One web address a line: at most 20, each of at most 500 characters."""
    too_many = ValidationError(
        f"Enter no more than {MAX_EVIDENCE_LINKS} evidence links, one a line", code="too_many"
    )
    if len(value) > MAX_EVIDENCE_LINKS * (MAX_LINK_LENGTH + 2):  # blank lines count too
        raise too_many
    lines = [(n, line.strip()) for n, line in enumerate(value.splitlines(), start=1)]
    links = [(n, line) for n, line in lines if line]
    if len(links) > MAX_EVIDENCE_LINKS:
        raise too_many
    check = URLValidator(schemes=["http", "https"])
    for number, link in links:
        if len(link) > MAX_LINK_LENGTH:
            raise ValidationError(
                f"Line {number} must be {MAX_LINK_LENGTH} characters or fewer", code="too_long"
            )
        try:
            check(link)
        except ValidationError:
            raise ValidationError(
                f"Line {number} is not a web address: start it with https://"
            ) from None
