"""What a document is (framework, kind, area, from its title), and the helpers over its
blocks and signature block that both frameworks' readers share."""

from __future__ import annotations

import datetime as dt
import re

from .text import Block, collapse, match_key, straighten

_F1_TITLE = re.compile(
    r"^joint (?:local )?area (?:special educational needs and/or disabilities \(send\)|send)"
    r" (?P<kind>inspection|revisit|re-visit) in (?:the )?(?P<area>[^\t]{2,80}?)[\s.:]*$",
    re.IGNORECASE,
)
_F2_TITLE = re.compile(
    r"^(?:(?:joint )?area send (?P<m1>monitoring )?(?:re-?)?(?:inspection|visit)"
    r"|(?P<m2>monitoring) (?:inspection|visit)|area send (?P<m3>monitoring))"
    r"(?: (?:report|letter))? of (?:the )?(?P<area>[^\t]{2,80}?) local area partnership\b",
    re.IGNORECASE,
)


def _identify(blocks: list[Block]) -> tuple[str, str, str, int] | None:
    """(framework, kind, area, index of the title block), from the document's title."""
    for index, block in enumerate(blocks[:80]):
        # A framework-1 title is a line of its own (short blocks only: not running text).
        lines = block.lines if block.kind == "heading" or len(block.lines) < 4 else []
        for line in lines:
            match = _F1_TITLE.match(collapse(straighten(line)))
            area = _clean_area(line, match) if match else ""
            if match and area:
                kind = "initial" if match.group("kind").lower() == "inspection" else "revisit"
                return "2016", kind, area, index
        match = _F2_TITLE.match(straighten(block.text))
        area = _clean_area(block.text, match) if match else ""
        if match and area:
            monitoring = match.group("m1") or match.group("m2") or match.group("m3")
            return "2023", "monitoring" if monitoring else "full", area, index
    return None


def _clean_area(original: str, match: re.Match[str]) -> str:
    """The area's name with the document's own characters (curly apostrophes kept)."""
    text = collapse(original)
    area = text[match.start("area") : match.end("area")]
    return area.strip(" .,:;*").strip()


# ---------------------------------------------------------------------------------------
# Helpers over blocks


def _section(
    blocks: list[Block], start: int, stop: tuple[str, ...] | None = None
) -> tuple[list[Block], int]:
    """The blocks after blocks[start] up to the next heading (or one whose key is in stop)."""
    out = []
    index = start + 1
    while index < len(blocks):
        block = blocks[index]
        if block.kind == "heading" and (stop is None or _heading_key(block) in stop):
            break
        out.append(block)
        index += 1
    return out, index


def _heading_key(block: Block) -> str:
    return block.key.rstrip(":").strip()


def _find_heading(blocks: list[Block], key: str, start: int = 0) -> int | None:
    for index in range(start, len(blocks)):
        if blocks[index].kind == "heading" and _heading_key(blocks[index]) == key:
            return index
    return None


def _sentences(text: str) -> list[str]:
    parts = re.split(r"(?<=[.!?])[\"'’”)]*\s+(?=[A-Z0-9(\"“‘'])", collapse(text))
    return [part for part in (p.strip() for p in parts) if part]


_NUMBER_WORDS = {
    "no": 0,
    "none": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
}
_NUMBER = r"(?:\d{1,2}|" + "|".join(_NUMBER_WORDS) + r")"


def _number(word: str) -> int:
    word = word.lower()
    return int(word) if word.isdigit() else _NUMBER_WORDS[word]


def _date_text(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


def _search_blocks(
    blocks: list[Block], pattern: re.Pattern[str]
) -> tuple[Block, re.Match[str]] | None:
    for block in blocks:
        match = pattern.search(block.key)
        if match:
            return block, match
    return None


def _original(block: Block, match: re.Match[str], group: str | int) -> str:
    """The matched group in the block's own text (the key has the same length)."""
    text = collapse(block.text.replace("\t", " "))
    return text[match.start(group) : match.end(group)]


def _item_text(block: Block) -> str:
    return collapse(block.text)


# Signature block: "Paul Wilson HMI Lead Inspector<TAB>Lesley Perry CQC Inspector".
_ROLE_WORDS = {
    "hmi",
    "cqc",
    "ofsted",
    "lead",
    "inspector",
    "regional",
    "deputy",
    "chief",
    "senior",
    "quality",
    "her",
    "his",
    "children's",
    "interim",
    "director",
    "assistant",
    "team",
    "social",
    "health",
    "bsc",
}


def _is_org(cell: str) -> bool:
    return match_key(cell) in ("ofsted", "care quality commission", "cqc")


def _split_name_role(entry: str) -> tuple[str, str]:
    entry = collapse(entry)
    if "," in entry:
        name, role = entry.split(",", 1)
        name = re.sub(r"\s+HMI$", "", name.strip())
        return (name if _looks_like_name(name) else ""), role
    words = entry.split(" ")
    for position, word in enumerate(words):
        if match_key(word) in _ROLE_WORDS and position >= 2:
            name = " ".join(words[:position])
            return (name if _looks_like_name(name) else ""), " ".join(words[position:])
    return "", entry


_TITLES = {"dr", "mr", "mrs", "ms", "miss", "prof", "professor", "sir", "dame"}


def _looks_like_name(name: str) -> bool:
    words = name.split()
    if not 2 <= len(words) <= 5:
        return False
    return all(
        match_key(word).strip(".") in _TITLES or re.match(r"^[A-Z][A-Za-z'’\-.]+$", word)
        for word in words
    )
