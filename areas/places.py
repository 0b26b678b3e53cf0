"""Which council a town, village or postcode is in: the lookups loaded from
national_data/data/places/ (2011 built-up areas; OS Code-Point Open postcodes).

`locate("Watford")` answers with each place of that name and the councils it lies in, most
of it first; `locate("LU6")` with the councils a postcode district reaches, by their share of
its postcodes. Nothing here calls a service.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import Sum

from areas.models import Area, Place, PostcodeException, PostcodeUnit

# A full postcode (WD17 1AA, the space optional), a sector (WD17 1) and a district (WD17).
OUTWARD = r"[A-Z]{1,2}[0-9][A-Z0-9]?"
FULL_POSTCODE = re.compile(rf"^({OUTWARD}) ?([0-9])([A-Z]{{2}})$")
SECTOR = re.compile(rf"^({OUTWARD}) ([0-9])$")
DISTRICT = re.compile(rf"^{OUTWARD}$")
# What someone meant as a postcode, valid or not: letters, then a digit, then letters,
# digits and spaces, no longer than a postcode.
POSTCODE_LIKE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9 ]{0,6}$")
NATIONS = {"W": "Welsh", "S": "Scottish"}


def place_key(name: str) -> str:
    """'St. Albans', 'saint albans' and 'ST ALBANS' all become 'st albans'."""
    text = re.sub(r"[^a-z0-9 ]+", " ", name.lower().replace("&", " and "))
    return " ".join("st" if word == "saint" else word for word in text.split())


@dataclass(frozen=True)
class Council:
    """A council a place or postcode lies in, with its share (None where unknown)."""

    name: str
    area: Area | None  # None for a Welsh or Scottish council
    share: float | None = None
    nation: str = ""  # "Welsh" or "Scottish" for a council outside England

    @property
    def share_words(self) -> str:
        if self.share is None:
            return ""
        percent = self.share * 100
        if percent < 1:
            return "under 1%"
        if 99 < percent < 100:
            return "over 99%"
        return f"{percent:.0f}%"


@dataclass(frozen=True)
class Located:
    """One place or postcode and the councils it lies in, most of it first."""

    name: str  # as shown: "Watford", "Newport (Isle of Wight)", "postcode district LU6"
    councils: list[Council]
    certain: bool = True  # False where a district or sector only makes a council likely
    measure: str = ""  # what the shares count: "of its postcodes"

    @property
    def main(self) -> Council:
        return self.councils[0]

    @property
    def others(self) -> list[Council]:
        return self.councils[1:]

    @property
    def sentence(self) -> str:
        """How the search matched, in a sentence: "Watford is in Hertfordshire."."""
        main = _council_words(self.main)
        if not self.others:
            return f"{_capital(self.name)} is in {main}."
        if self.main.share is None:  # a place too small for its shares to be known
            return (
                f"{_capital(self.name)} lies in {_and(list(map(_council_words, self.councils)))}."
            )
        way = "lies mostly in" if self.certain else "is probably in"
        first = f"{_capital(self.name)} {way} {main} ({self.main.share_words} {self.measure})"
        rest = [
            _council_words(c) + (f" ({c.share_words})" if c.share is not None else "")
            for c in self.others
        ]
        return f"{first}; also in {_and(rest)}."


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _and(items: list[str]) -> str:
    return " and ".join([", ".join(items[:-1]), items[-1]]) if len(items) > 1 else items[0]


def _council_words(council: Council) -> str:
    if council.area is None:
        nation = council.nation or "Welsh or Scottish"
        return f"{council.name} (a {nation} council: the tracker covers England only)"
    return council.area.name


@dataclass
class PlaceAnswer:
    """What a search found by place or postcode, or why a postcode could not be read."""

    query: str
    found: list[Located] = field(default_factory=list)
    problem: str = ""
    # Set where no place has the name typed, and places whose names start with it are shown:
    # how many there are (more than are shown when the start is short).
    starting_with: int = 0

    @property
    def areas(self) -> list[Area]:
        """Every English area named, once each, most likely first."""
        seen: dict[int, Area] = {}
        for located in self.found:
            for council in located.councils:
                if council.area is not None:
                    seen.setdefault(council.area.pk, council.area)
        return list(seen.values())

    @property
    def heading(self) -> str:
        """A line above several places of one name: "There are 4 places called Newport"."""
        if self.starting_with:
            lead = f"No place is called “{self.query}”, but "
            if self.starting_with == 1:
                return lead + "one starts with it:"
            if self.starting_with > len(self.found):
                return lead + f"{self.starting_with} start with it; the {len(self.found)} biggest:"
            return lead + f"{self.starting_with} start with it:"
        if len(self.found) > 1:
            return f"There are {len(self.found)} places called {self.query}:"
        return ""


def locate(query: str) -> PlaceAnswer | None:
    """Where a town, village, postcode district, sector or full postcode lies; None when
    the words are neither a place held nor anything like a postcode."""
    typed = " ".join(query.upper().split())
    if POSTCODE_LIKE.match(typed):
        return _postcode(typed)
    return _place(query.strip())


def _council(unit: PostcodeUnit) -> Council:
    return Council(unit.council_name, unit.area, unit.share, NATIONS.get(unit.council_code[:1], ""))


def _units(*names: str) -> dict[str, list[PostcodeUnit]]:
    found: dict[str, list[PostcodeUnit]] = defaultdict(list)
    for unit in PostcodeUnit.objects.filter(unit__in=names).select_related("area").order_by("rank"):
        found[unit.unit].append(unit)
    return found


def _postcode(typed: str) -> PlaceAnswer:
    if full := FULL_POSTCODE.match(typed):
        district, sector_digit, rest = full.groups()
        postcode = f"{district} {sector_digit}{rest}"
        sector = f"{district} {sector_digit}"
        exception = (
            PostcodeException.objects.filter(postcode=postcode).select_related("area").first()
        )
        if exception is not None:
            # This postcode's own council, which most of its sector's postcodes are not in.
            units = _units(sector)
            name = next(
                (u.council_name for u in units[sector] if u.council_code == exception.council_code),
                exception.area.name if exception.area else exception.council_code,
            )
            council = Council(
                name, exception.area, None, NATIONS.get(exception.council_code[:1], "")
            )
            return PlaceAnswer(postcode, [Located(f"the postcode {postcode}", [council])])
        units = _units(sector, district)
        if units[sector]:
            councils = [_council(u) for u in units[sector]]
            if len(councils) == 1:
                return PlaceAnswer(postcode, [Located(f"the postcode {postcode}", councils)])
            return PlaceAnswer(
                postcode,
                [Located(f"the postcode {postcode}", councils, False, "of its sector's postcodes")],
            )
        if units[district]:
            return PlaceAnswer(postcode, [_district(district, units[district])])
        return PlaceAnswer(postcode, problem=_unknown(district))
    if sector_match := SECTOR.match(typed):
        district, digit = sector_match.groups()
        sector = f"{district} {digit}"
        units = _units(sector, district)
        if units[sector]:
            councils = [_council(u) for u in units[sector]]
            located = Located(
                f"postcode sector {sector}", councils, len(councils) == 1, "of its postcodes"
            )
            return PlaceAnswer(sector, [located])
        if units[district]:
            return PlaceAnswer(sector, [_district(district, units[district])])
        return PlaceAnswer(sector, problem=_unknown(district))
    if DISTRICT.match(typed):
        units = _units(typed)
        if units[typed]:
            return PlaceAnswer(typed, [_district(typed, units[typed])])
        return PlaceAnswer(typed, problem=_unknown(typed))
    return PlaceAnswer(
        typed,
        problem=f"“{typed}” is not a postcode. A full postcode looks like WD17 1AA; "
        "its first part alone, such as WD17, finds the councils it reaches.",
    )


def _district(district: str, units: list[PostcodeUnit]) -> Located:
    councils = [_council(u) for u in units]
    return Located(
        f"postcode district {district}", councils, len(councils) == 1, "of its postcodes"
    )


def _unknown(district: str) -> str:
    return (
        f"No postcode in England starts with {district}. Check the postcode: a full "
        "postcode looks like WD17 1AA."
    )


# The fewest letters for which the start of a place's name is searched ("hemel", "harrogat"),
# and the most places so found that are listed.
SHORTEST_START = 4
MOST_STARTING = 8


def _place(query: str) -> PlaceAnswer | None:
    key = place_key(query)
    if not key:
        return None
    places = Place.objects.select_related("area").order_by("name", "qualifier", "kind")
    rows = list(places.filter(key=key))
    starting_with = 0
    if not rows and len(key) >= SHORTEST_START:
        # No place has that name: it may be the start of one, typed in part. The biggest
        # places come first ("bishop": Bishop's Stortford before Bishop's Nympton).
        names = [
            (row["key"], row["qualifier"])
            for row in Place.objects.filter(key__startswith=key)
            .values("key", "qualifier")
            .annotate(size=Sum("small_areas"))
            .order_by("-size", "key", "qualifier")
        ]
        starting_with = len(names)
        shown = names[:MOST_STARTING]
        held = list(places.filter(key__in={k for k, _ in shown}))
        rows = [p for wanted in shown for p in held if (p.key, p.qualifier) == wanted]
    if not rows:
        return None
    answer = _located(query, rows)
    answer.starting_with = starting_with
    return answer


def _located(query: str, rows: list[Place]) -> PlaceAnswer:
    found: list[Located] = []
    for (name, qualifier), group in groupby(rows, key=lambda p: (p.name, p.qualifier)):
        places = list(group)
        # A town that is both a built-up area and a sub-division of one (Luton, Harrogate):
        # the sub-division is the town itself, the built-up area takes in its neighbours.
        kinds = {p.kind for p in places}
        if Place.Kind.SUB_DIVISION in kinds:
            places = [p for p in places if p.kind == Place.Kind.SUB_DIVISION]
        counted: dict[int, int] = defaultdict(int)
        areas: dict[int, Area] = {}
        for place in places:
            counted[place.area_id] += place.small_areas
            areas[place.area_id] = place.area
        total = sum(counted.values())
        councils = sorted(
            (
                Council(areas[pk].name, areas[pk], n / total if total else None)
                for pk, n in counted.items()
            ),
            key=lambda c: (-(c.share or 0), c.name),
        )
        shown = f"{name} ({qualifier})" if qualifier else name
        found.append(Located(shown, councils, True, "of it"))
    return PlaceAnswer(query, found)
