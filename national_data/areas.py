"""Loads every English local area from the DfE/ONS lookup shipped in areas/data/."""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from django.utils.text import slugify

from areas.models import Area, AreaType, Region

DATA_DIR = Path(__file__).resolve().parent / "data"
LOOKUP_CSV = DATA_DIR / "local_areas_lookup.csv"
FORMER_AREAS_CSV = DATA_DIR / "former_areas.csv"
# ONS's district codes, each with today's code (places/README.md gives its source).
DISTRICT_CODES_CSV = DATA_DIR / "places" / "lad_to_utla_england.csv"

ONS_PREFIX_TYPES = {
    "E06": AreaType.UNITARY,
    "E08": AreaType.METROPOLITAN,
    "E09": AreaType.LONDON_BOROUGH,
    "E10": AreaType.COUNTY,
}
REGION_BY_NAME = {label: value for value, label in Region.choices}
MINOR_WORDS = {"and", "of", "upon", "on", "the", "in", "city", "county"}
# The short and former names people type, by DfE code. A former area's names also find the
# areas that replaced it (see AreaQuerySet.matching), so "Northants" finds both Northamptonshires.
SHORT_NAMES = {
    "825": ["Bucks"],
    "919": ["Herts"],
    "928": ["Northants"],
    "940": ["North Northants"],
    "941": ["West Northants"],
    "822": ["Beds"],
    "823": ["Central Beds", "Beds"],
    "891": ["Notts"],
    "892": ["Notts"],
    "916": ["Glos"],
    "888": ["Lancs"],
    "855": ["Leics"],
    "925": ["Lincs"],
    "865": ["Wilts"],
    "850": ["Hants"],
    "931": ["Oxon"],
    "873": ["Cambs"],
    "860": ["Staffs"],
    "885": ["Worcs"],
    "937": ["Warks"],
    "830": ["Derbys"],
    "893": ["Shrops"],
    "839": ["BCP"],
    "810": ["Hull"],
}


@dataclass
class AreaRow:
    code: str
    name: str
    ons_code: str
    former_ons_codes: list[str]
    also_known_as: list[str]
    ofsted_urn: str
    region: str
    area_type: str
    population_0_25: int | None
    website: str
    abolished_on: dt.date | None = None
    successor_codes: tuple[str, ...] = ()
    statistical_neighbours: tuple[str, ...] = ()


def display_name(ons_name: str) -> str:
    """'Bristol, City of' -> 'Bristol'; 'Kingston Upon Hull, City of' -> 'Kingston upon Hull'."""
    name = re.sub(r",\s*(City|County) of$", "", ons_name.strip())
    return re.sub(r"\bUpon\b", "upon", name)


def abbreviation_candidates(name: str, code: str) -> list[str]:
    words = [w for w in re.split(r"[\s,\-]+", name) if w]
    significant = [w for w in words if w.lower() not in MINOR_WORDS]
    letters = re.sub(r"[^A-Za-z]", "", "".join(significant)).upper()
    candidates = []
    if len(significant) > 1:
        candidates.append("".join(w[0] for w in significant).upper())
    candidates += [letters[:3], letters[:4], letters[:5], f"{letters[:3]}{code}"]
    return candidates


def codes_now(path: Path = DISTRICT_CODES_CSV) -> dict[str, str]:
    """Each code ONS has since replaced, with the code that replaced it: Barnsley's E08000016
    and Sheffield's E08000019 became E08000038 and E08000039 in 2023, and the DfE lookup
    still gives the old ones."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return {
            row["lad_code"]: row["lad_code_now"]
            for row in csv.DictReader(handle)
            if row["current"] == "FALSE" and row["lad_code_now"] != row["lad_code"]
        }


def read_lookup(path: Path = LOOKUP_CSV) -> list[AreaRow]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        raw_rows = list(csv.DictReader(handle))
    # Today's code where the lookup gives one ONS has replaced; the old one stays a former
    # code (below), so that older data sets still match.
    replaced = codes_now()
    for raw in raw_rows:
        if raw["la_code_new"] in replaced:
            raw["la_code_new"] = replaced[raw["la_code_new"]]
    current_codes = {r["la_code_new"] for r in raw_rows if r["la_code_new"]}
    former_area_codes = {row.ons_code for row in read_former_areas()}
    rows = []
    for raw in raw_rows:
        if not raw["la_code_new"]:
            continue  # a former area: read from former_areas.csv with its dates
        ons_code = raw["la_code_new"]
        describes_predecessor = raw["ltla23_ons"] not in ("", ons_code)
        former = sorted(
            {raw["lad23cd"], raw["ltla23cd"], raw["ltla23_ons"]}
            - {"", ons_code}
            - current_codes
            - former_area_codes
        )
        aliases = [a.strip() for a in raw["also_known_as"].strip("[]").split(",") if a.strip()]
        population = raw["ons_population_0-25"]
        rows.append(
            AreaRow(
                code=raw["la_code"],
                name=display_name(raw["local_authority_ons_name"]),
                ons_code=ons_code,
                former_ons_codes=former,
                also_known_as=aliases,
                ofsted_urn=raw["urn"],
                region=REGION_BY_NAME[raw["region_name"]],
                area_type=ONS_PREFIX_TYPES[ons_code[:3]],
                # Rows for new areas can still carry their predecessor's figures.
                population_0_25=int(population)
                if population and not describes_predecessor
                else None,
                website=f"https://www.{raw['domain']}/" if raw["domain"] else "",
                statistical_neighbours=tuple(
                    c.strip() for c in raw["stat_neighbours"].split(",") if c.strip()
                ),
            )
        )
    return rows


def read_former_areas(path: Path = FORMER_AREAS_CSV) -> list[AreaRow]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            AreaRow(
                code=raw["code"],
                name=raw["name"],
                ons_code=raw["ons_code"],
                former_ons_codes=[],
                also_known_as=[],
                ofsted_urn="",
                region=raw["region"],
                area_type=raw["area_type"],
                population_0_25=None,
                website="",
                abolished_on=dt.date.fromisoformat(raw["abolished_on"]),
                successor_codes=tuple(raw["successor_codes"].split()),
            )
            for raw in csv.DictReader(handle)
        ]


def load_areas() -> int:
    """Creates or updates every area; returns how many rows were read. Idempotent."""
    rows = read_lookup() + read_former_areas()
    taken = set(Area.objects.values_list("abbreviation", flat=True))
    for row in sorted(rows, key=lambda r: r.code):
        also_known_as = list(row.also_known_as)
        for name in SHORT_NAMES.get(row.code, []):
            if name not in also_known_as:
                also_known_as.append(name)
        defaults: dict[str, object] = {
            "name": row.name,
            "ons_code": row.ons_code,
            "former_ons_codes": row.former_ons_codes,
            "also_known_as": also_known_as,
            "ofsted_urn": row.ofsted_urn,
            "region": row.region,
            "area_type": row.area_type,
            "population_0_25": row.population_0_25,
            "abolished_on": row.abolished_on,
            "statistical_neighbours": list(row.statistical_neighbours),
        }
        area = Area.objects.filter(code=row.code).first()
        if area is None:
            abbreviation = next(
                c for c in abbreviation_candidates(row.name, row.code) if c not in taken
            )
            taken.add(abbreviation)
            area = Area(code=row.code, slug=slugify(row.name), abbreviation=abbreviation)
        if row.website and not area.website:
            defaults["website"] = row.website
        changed = area.pk is None or any(getattr(area, f) != v for f, v in defaults.items())
        if changed:  # only then, so a reload writes no history
            for field, value in defaults.items():
                setattr(area, field, value)
            area.full_clean()
            area.save()
    successors = {row.code: row.successor_codes for row in rows if row.successor_codes}
    areas = Area.objects.in_bulk(field_name="code")
    for former_code, successor_codes in successors.items():
        for code in successor_codes:
            areas[code].predecessors.add(areas[former_code])
    return len(rows)
