"""A finding's own words, short enough to name it by: in a heading, a table row or an email
subject, where "Area for priority action 1" alone tells an officer nothing."""

from __future__ import annotations

import re

# Enough to tell one finding from another, short enough for an email subject.
NAMING_WORDS = 15


def first_words(text: str, limit: int = NAMING_WORDS) -> str:
    """The finding's first sentence, cut to `limit` words with an ellipsis if it is longer."""
    text = " ".join(text.split())
    sentence = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
    words = sentence.split()
    if len(words) > limit:
        return " ".join(words[:limit]).rstrip(",;:") + "…"
    return sentence


def is_folded(text: str, limit: int = NAMING_WORDS) -> bool:
    """Whether `first_words` leaves anything out, so the whole text should open below."""
    return first_words(text, limit) != " ".join(text.split())
