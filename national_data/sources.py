"""Where the national data's facts come from: seed documents and public pages, as sources."""

from __future__ import annotations

import datetime as dt
import re

from areas.models import Area
from inspections.models import Source, SourceKind
from inspections.saving import text_fingerprint
from national_data.common import DATA_DIR, source

SEEDS_DIR = DATA_DIR / "seeds"

SEED_TITLES = {
    "000_aed773c308996f1a.txt": (
        SourceKind.LETTER,
        "Joint area SEND revisit in Central Bedfordshire",
    ),
    "001_bd980bdd6110b73a.txt": (
        SourceKind.COUNCIL_PAGE,
        "Central Bedfordshire Council: SEND inspection by Ofsted and the CQC",
    ),
    "002_3b1f14300e0944c4.txt": (
        SourceKind.NEWS_ARTICLE,
        "News: Ofsted and CQC to revisit Central Bedfordshire SEND services",
    ),
    "003_7f757aee72001148.txt": (SourceKind.LETTER, "Joint area SEND revisit in Luton"),
    "004_65f15d48a5b54d28.txt": (
        SourceKind.LETTER,
        "Joint area SEND inspection in Buckinghamshire",
    ),
}

SEED_DATES = {
    "000_aed773c308996f1a.txt": dt.date(2022, 9, 8),
    "002_3b1f14300e0944c4.txt": dt.date(2022, 6, 23),
    "003_7f757aee72001148.txt": dt.date(2022, 12, 6),
    "004_65f15d48a5b54d28.txt": dt.date(2022, 4, 26),
}


def seed_source(filename: str) -> Source:
    kind, title = SEED_TITLES[filename]
    text = (SEEDS_DIR / filename).read_text(encoding="utf-8")
    return source(
        kind, title, published_on=SEED_DATES.get(filename), content_hash=text_fingerprint(text)
    )


SOURCE_KIND_BY_HOST = {
    "parallelparliament": SourceKind.PARLIAMENT,
    "schoolsweek": SourceKind.NEWS_ARTICLE,
    "theisleofthanetnews": SourceKind.NEWS_ARTICLE,
}


def source_for_address(address: str, area: Area) -> Source:
    if address.startswith("seed "):
        return seed_source(address.removeprefix("seed "))
    host = re.sub(r"^https?://(www\.)?", "", address).split("/")[0]
    kind = next(
        (kind for key, kind in SOURCE_KIND_BY_HOST.items() if key in host),
        SourceKind.COUNCIL_PAGE if ".gov.uk" in host else SourceKind.OTHER,
    )
    title = (
        f"{host}: {area.name}"
        if kind != SourceKind.PARLIAMENT
        else f"Parliamentary record ({host})"
    )
    return source(kind, title, address)
