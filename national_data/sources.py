"""Where the national data's facts come from: seed documents and public pages, as sources."""

from __future__ import annotations

import datetime as dt
import re

from areas.models import Area
from inspections.models import (
    Decision,
    Inspection,
    Source,
    SourceKind,
    WrittenStatementOfAction,
)
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
    "localgovernmentlawyer": SourceKind.NEWS_ARTICLE,
    "bbc": SourceKind.NEWS_ARTICLE,
    "newarkadvertiser": SourceKind.NEWS_ARTICLE,
    # Councils' own news and alert sites, away from .gov.uk.
    "wirralview": SourceKind.COUNCIL_PAGE,
    "sloughalert": SourceKind.COUNCIL_PAGE,
}


def addresses_in(cell: str) -> list[str]:
    """The addresses a source cell names: several are separated by " ; ", and an address
    written without its scheme ("committees.oldham.gov.uk/...") gets https://, so that it
    links to the page rather than to a path on this site."""
    return [
        address if address.startswith(("seed ", "http://", "https://")) else f"https://{address}"
        for address in (part.strip() for part in cell.split(" ; "))
        if address
    ]


def sources_for_cell(cell: str, area: Area) -> list[Source]:
    """Every source a cell names, each its own record."""
    return [source_for_address(address, area) for address in addresses_in(cell)]


def forget_unsplit_source(
    record: Decision | Inspection | WrittenStatementOfAction, cell: str, cited: list[Source]
) -> None:
    """Unlinks the source an earlier load made from the whole cell, before its addresses
    were split and given their scheme, and drops it once nothing else cites it."""
    stale = record.sources.filter(url=cell.strip()).exclude(pk__in=[s.pk for s in cited])
    for unsplit in stale:
        record.sources.remove(unsplit)
        if not any(
            related.exists()
            for related in (
                unsplit.inspections,
                unsplit.decisions,
                unsplit.written_statements,
                unsplit.weaknesses,
                unsplit.reported_dates,
            )
        ):
            unsplit.delete()


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
