"""Where the national data's facts come from: seed documents and public pages, as sources."""

from __future__ import annotations

import re
from functools import cache

from areas.models import Area
from inspections.models import (
    Decision,
    Inspection,
    Source,
    SourceKind,
    WrittenStatementOfAction,
)
from inspections.saving import text_fingerprint, update_or_create
from national_data.common import DATA_DIR, parse_date, read_csv, source

SEEDS_DIR = DATA_DIR / "seeds"

# Each seed document's title, kind and date, and, where no address of it is held, why and
# where it can be found (the folder's README says where each address came from).
SEED_SOURCES_CSV = SEEDS_DIR / "sources.csv"


@cache
def seed_sources() -> dict[str, dict[str, str]]:
    return {row["file"]: row for row in read_csv(SEED_SOURCES_CSV)}


def seed_source(filename: str) -> Source:
    """The seed document's source, found by its text: a reload that gives it an address or a
    new title updates the one record (its text's fingerprint is unique) rather than adding one."""
    row = seed_sources()[filename]
    text = (SEEDS_DIR / filename).read_text(encoding="utf-8")
    fields: dict[str, object] = {
        "kind": row["kind"],
        "title": row["title"],
        "url": row["url"],
        "published_on": parse_date(row["published_on"]),
        "not_linked_because": "" if row["url"] else row["not_linked_because"],
        "found_at_title": "" if row["url"] else row["found_at_title"],
        "found_at_url": "" if row["url"] else row["found_at_url"],
    }
    return update_or_create(Source, fields, content_hash=text_fingerprint(text))


SOURCE_KIND_BY_HOST = {
    "parallelparliament": SourceKind.PARLIAMENT,
    "schoolsweek": SourceKind.NEWS_ARTICLE,
    "lutontoday": SourceKind.NEWS_ARTICLE,
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
