"""The partners a 2023-framework report names: the council and the integrated care board
(or boards) that make up the local area partnership.

Most reports say so in one sentence under "Information about the local area partnership"
("Bury Council and NHS Greater Manchester ICB are jointly responsible for ...", "East Sussex
County Council and NHS Sussex Integrated Care Board share responsibility ..."). Some word it
across the section instead: "North East and North Cumbria Integrated Care Board became
responsible for the commissioning of health services in Gateshead" and, later, "Gateshead
Metropolitan Borough Council commissions ...". So the sentence is read first, and where there
is none (or it does not name the council), the section's first council of the area and first
integrated care board are taken.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# "are jointly responsible", "is responsible", "share responsibility", "jointly share ...".
RESPONSIBLE_RE = re.compile(
    r"^(?P<bodies>.{3,300}?) (?:(?:are|is) (?:jointly )?responsible for"
    r"|(?:jointly )?share (?:the )?responsibility\b)"
)
_ICB_RE = re.compile(r"Integrated Care Board(?: \(ICB\))?|\bICB\b")
# What lies between one ICB's name and the next's: " and NHS Frimley " (not "(NHS BSW ").
_ANOTHER_ICB_RE = re.compile(r",? and (?:the )?(?P<name>NHS [^()]+)")
# An ICB named anywhere: capitalised words (with "and", "of", "the" between them, and commas
# as in "Bath and North East Somerset, Swindon and Wiltshire") before "Integrated Care Board".
_NAMED_ICB_RE = re.compile(
    r"\b(?:[A-Z][\w'’&-]*,? (?:(?:and|of|the|upon) )*)+?Integrated Care Board(?: \(ICB\))?"
)
_COUNCIL_KINDS = r"(?: (?:City|County|Borough|Metropolitan|District))*"


@dataclass(frozen=True, slots=True)
class Partners:
    council: str
    integrated_care_boards: tuple[str, ...]


def partners_in_sentence(bodies: str, area: str) -> Partners | None:
    """The council and ICB(s) of "Bury Council and NHS Greater Manchester ICB".

    The council's name holds the area's name, and the ICB follows it after " and " or ", "
    ("The London Borough of Barking and Dagenham and North East London Integrated Care Board
    (ICB)"); a second ICB named after it is kept with it ("NHS Surrey Heartlands Integrated
    Care Board (ICB) and NHS Frimley ICB"), and anything else after the ICB (a children's
    trust) is left out. None when the words name no ICB, or no council holding the area's
    name.
    """
    text = " ".join(bodies.split())
    icbs = list(_ICB_RE.finditer(text))
    named = text.lower().find(area.lower())
    if not icbs or named < 0 or named > icbs[0].start():
        return None
    after = named + len(area)
    split = re.search(r",? and (?:the )?|, (?:the )?", text[after : icbs[0].start()])
    if not split:
        return None
    council = text[: after + split.start()].removeprefix("The ").removesuffix(" local authority")
    first = text[after + split.end() : icbs[0].end()]
    boards = [first[:1].upper() + first[1:]]
    end = icbs[0].end()
    for icb in icbs[1:]:
        another = _ANOTHER_ICB_RE.fullmatch(text[end : icb.start()])
        if another:
            boards.append(another.group("name") + text[icb.start() : icb.end()])
            end = icb.end()
    return Partners(council, tuple(boards))


def partners_in_section(text: str, area: str) -> Partners | None:
    """The first council of the area and the first ICB that the section names anywhere."""
    text = " ".join(text.split())
    name = re.escape(area)
    council = re.search(
        rf"\b(?:London |Royal )?Borough of {name}\b|\b{name}{_COUNCIL_KINDS} Council\b",
        text,
        flags=re.IGNORECASE,
    )
    icb = _NAMED_ICB_RE.search(text)
    if council is None or icb is None:
        return None
    return Partners(council.group(), (icb.group().removeprefix("The "),))


def read_partners(sentences: list[str], area: str) -> Partners | None:
    """The partners that the section's sentences name (see the module's note)."""
    for sentence in sentences:
        match = RESPONSIBLE_RE.search(sentence)
        if match:
            found = partners_in_sentence(match.group("bodies"), area)
            if found:
                return found
    return partners_in_section(" ".join(sentences), area)
