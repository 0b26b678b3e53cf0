"""Loads where towns, villages and postcodes lie, from the lookups in data/places/ (their
README gives the sources, licences and caveats): ONS's 2011 built-up areas, and OS
Code-Point Open's postcodes counted by district and sector, with each postcode that lies
in another council than most of its sector.

About 50,000 rows, so they are written with bulk_create, and only when the files changed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from django.db.models import Model

from areas.models import Area, Place, PostcodeException, PostcodeUnit
from areas.places import place_key
from national_data.common import DATA_DIR, LoadReport, read_csv

PLACES_DIR = DATA_DIR / "places"
ENGLAND = "E92000001"
BATCH = 2000


def load_places(report: LoadReport) -> None:
    areas = Councils()
    report.counts["places (towns and villages)"] = _replace(
        Place,
        ["name", "key", "qualifier", "code", "kind", "area_id", "small_areas"],
        _place_rows(areas),
    )
    units = [
        *_unit_rows(PLACES_DIR / "postcode_districts_to_la.csv", "postcode_district", areas),
        *_unit_rows(PLACES_DIR / "postcode_sectors_to_la.csv", "postcode_sector", areas),
    ]
    report.counts["postcode districts and sectors, by council"] = _replace(
        PostcodeUnit,
        ["unit", "council_code", "council_name", "area_id", "share", "rank"],
        units,
    )
    report.counts["postcodes in another council than their sector's"] = _replace(
        PostcodeException, ["postcode", "council_code", "area_id"], _exception_rows(areas)
    )


class Councils:
    """Today's local areas by the ONS codes the lookups use, their former codes too (the
    areas' load gives Barnsley and Sheffield their 2023 codes, E08000038 and E08000039, and
    keeps the old ones as former codes); a code no area has is matched by name."""

    def __init__(self) -> None:
        self.areas = list(Area.objects.current())
        self.by_code = {area.ons_code: area.pk for area in self.areas}
        for area in self.areas:
            for code in area.former_ons_codes:
                self.by_code.setdefault(code, area.pk)

    def area_id(self, code: str, name: str) -> int | None:
        """The area with this ONS code; None for a Welsh or Scottish council."""
        if not code.startswith("E"):
            return None
        if code not in self.by_code:
            area = Area.objects.current().named(name)
            if area is None:
                raise ValueError(f"No current local area has the ONS code {code} ({name})")
            self.by_code[code] = area.pk
        return self.by_code[code]


def _place_rows(areas: Councils) -> list[tuple[object, ...]]:
    # One row per (place, 2011 district): added up by the council the district is in now.
    counted: dict[tuple[str, int], int] = defaultdict(int)
    about: dict[str, dict[str, str]] = {}
    for row in read_csv(PLACES_DIR / "built_up_areas_2011_to_la_england.csv"):
        area_id = areas.area_id(row["utla_code"], row["utla_name"])
        assert area_id is not None  # the file is England's
        counted[(row["geo_code"], area_id)] += int(row["lsoa01_count"] or 0)
        about[row["geo_code"]] = row
    return [
        (
            about[code]["place_name"],
            place_key(about[code]["place_name"]),
            about[code]["qualifier"],
            code,
            about[code]["geo_type"],
            area_id,
            small_areas,
        )
        for (code, area_id), small_areas in counted.items()
    ]


def _unit_rows(path: Path, column: str, areas: Councils) -> list[tuple[object, ...]]:
    rows = read_csv(path)
    # Only units with a part in England; their Welsh and Scottish parts are kept with them.
    english = {row[column] for row in rows if row["country_code"] == ENGLAND}
    shares: dict[tuple[str, str], tuple[str, float, int]] = {}
    for row in rows:
        if row[column] in english:
            # A council's share of the unit (a unit may meet it in several districts).
            shares[(row[column], row["utla_code"])] = (
                row["utla_name"],
                float(row["utla_share_of_unit"]),
                int(row["rank_in_unit"]),
            )
    ranks: dict[str, list[tuple[str, str, float]]] = defaultdict(list)
    for (unit, code), (name, share, _) in shares.items():
        ranks[unit].append((code, name, share))
    result: list[tuple[object, ...]] = []
    for unit, councils in ranks.items():
        councils.sort(key=lambda c: (-c[2], c[1]))
        for rank, (code, name, share) in enumerate(councils, start=1):
            result.append((unit, code, name, areas.area_id(code, name), share, rank))
    return result


def _exception_rows(areas: Councils) -> list[tuple[object, ...]]:
    return [
        (row["postcode"], row["utla_code"], areas.area_id(row["utla_code"], row["postcode"]))
        for row in read_csv(PLACES_DIR / "postcode_exceptions_to_sector_majority.csv")
        if row["utla_code"].startswith("E") or row["sector_majority_utla_code"].startswith("E")
    ]


def _replace(model: type[Model], fields: list[str], rows: Sequence[tuple[object, ...]]) -> int:
    """Write the rows in place of the table's, unless it already holds exactly these."""
    manager = model._default_manager
    held = set(manager.values_list(*fields))
    if held == set(rows) and len(held) == len(rows):
        return len(rows)
    manager.all().delete()
    manager.bulk_create(
        [model(**dict(zip(fields, row, strict=True))) for row in rows], batch_size=BATCH
    )
    return len(rows)
