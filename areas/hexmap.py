"""A hex map of England's local areas, drawn on the server as SVG.

The layout is Open Innovations' hex map of UK upper-tier local authorities (MIT licence,
areas/data/hexmap/), from 2020. It is brought up to date here, in code, so the changes are
plain to see: three areas that only changed their ONS code, and two counties split in two
(each successor keeps a hex: the first the old one, the second the nearest free cell,
beside it where one is free). Scottish, Welsh and Northern Irish hexes are left out.

Every hex is a link to its area with its name and status as its accessible name, and
carries a pattern and a short label besides its colour, so that colour is never the
only way to tell statuses apart.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from areas.models import Area
from areas.statuses import STATUSES, Status

HEXJSON = (
    Path(__file__).resolve().parent / "data" / "hexmap" / "uk-upper-tier-local-authorities.hexjson"
)
# Same places, new ONS codes.
RECODED = {
    "E10000002": "E06000060",  # Buckinghamshire, a unitary council since April 2020
    "E10000023": "E06000065",  # North Yorkshire, since April 2023
    "E10000027": "E06000066",  # Somerset, since April 2023
    "E08000016": "E08000038",  # Barnsley, recoded in 2023
    "E08000019": "E08000039",  # Sheffield, recoded in 2023
}
# A county split in two: the successors, the first keeping the old hex.
SPLIT = {
    "E10000021": ("E06000061", "E06000062"),  # Northamptonshire, April 2021
    "E10000006": ("E06000063", "E06000064"),  # Cumbria, April 2023
}


@cache
def layout() -> dict[str, tuple[int, int]]:
    """Today's English areas by ONS code: (column q, row r) in the "odd-r" hex layout."""
    hexes = json.loads(HEXJSON.read_text(encoding="utf-8"))["hexes"]
    cells = {
        RECODED.get(code, code): (cell["q"], cell["r"])
        for code, cell in hexes.items()
        if code.startswith("E") and code not in SPLIT
    }
    for old, (first, second) in SPLIT.items():
        q, r = hexes[old]["q"], hexes[old]["r"]
        cells[first] = (q, r)
        cells[second] = _nearest_free((q, r), set(cells.values()))
    return cells


def _nearest_free(start: tuple[int, int], taken: set[tuple[int, int]]) -> tuple[int, int]:
    """The free cell nearest `start`, searching ring by ring (east first, then west)."""
    seen, ring = {start}, [start]
    while True:
        following = []
        for cell in ring:
            for neighbour in _neighbours(*cell):
                if neighbour in seen:
                    continue
                if neighbour not in taken:
                    return neighbour
                seen.add(neighbour)
                following.append(neighbour)
        ring = following


def _neighbours(q: int, r: int) -> list[tuple[int, int]]:
    """The six cells around (q, r) in an odd-r layout: east, west, then the rows beside."""
    shift = r & 1
    return [
        (q + 1, r),
        (q - 1, r),
        (q - 1 + shift, r + 1),
        (q + shift, r + 1),
        (q - 1 + shift, r - 1),
        (q + shift, r - 1),
    ]


# What the map draws, and its key, in the order of the status table (areas/statuses.py):
# each 2023-framework status, every other area grey until it has one.
CATEGORIES = {key: status for key, status in STATUSES.items() if status.hex}


@dataclass(frozen=True)
class Hex:
    area: Area
    status_label: str
    category: Status  # how the map draws it: see `Area.map_status`
    points: str
    x: float
    y: float
    dimmed: bool  # not among the areas a filter chose

    @property
    def name(self) -> str:
        return f"{self.area.name}: {self.status_label}" + (
            " (not in the filtered list)" if self.dimmed else ""
        )


@dataclass(frozen=True)
class HexMap:
    hexes: tuple[Hex, ...]
    width: float
    height: float
    key: tuple[tuple[Status, int], ...]  # each category with how many areas are in it
    size: float
    font_size: float


SIZE = 10.0  # a hex's circumradius, in the SVG's own units


def hex_map(
    statuses: list[tuple[Area, str, Status]], shown: set[int] | None = None
) -> HexMap | None:
    """The map of (area, status label, how the map draws it), one hex an area.

    `shown` holds the ids of the areas a filter chose: the others are drawn faded.
    """
    cells = layout()
    placed = [
        (area, label, drawn, cells[area.ons_code])
        for area, label, drawn in statuses
        if area.ons_code in cells
    ]
    if not placed:
        return None
    width_unit = math.sqrt(3) * SIZE
    top_row = max(r for *_, (q, r) in placed)
    min_q = min(q for *_, (q, r) in placed)
    hexes = []
    for area, label, drawn, (q, r) in placed:
        # Rows count up from the south, so the SVG's y runs from the top row down.
        x = width_unit * (q - min_q + 0.5 * (r & 1)) + width_unit / 2
        y = 1.5 * SIZE * (top_row - r) + SIZE
        corners = [
            (
                x + SIZE * math.cos(math.radians(60 * i - 30)),
                y + SIZE * math.sin(math.radians(60 * i - 30)),
            )
            for i in range(6)
        ]
        hexes.append(
            Hex(
                area=area,
                status_label=label,
                category=drawn,
                points=" ".join(f"{px:.1f},{py:.1f}" for px, py in corners),
                x=round(x, 1),
                y=round(y + SIZE * 0.35, 1),
                dimmed=shown is not None and area.pk not in shown,
            )
        )
    hexes.sort(key=lambda h: h.area.name)  # keyboard order: alphabetical, as in the table
    counts = dict.fromkeys(CATEGORIES, 0)
    for item in hexes:
        counts[item.category.key] += 1
    return HexMap(
        hexes=tuple(hexes),
        width=round(max(h.x for h in hexes) + width_unit, 1),
        height=round(max(h.y for h in hexes) + SIZE * 1.2, 1),
        # A category no area is in is left out of the key: it would only say "(0)".
        key=tuple((CATEGORIES[key], count) for key, count in counts.items() if count),
        size=SIZE,
        font_size=SIZE * 0.9,
    )
