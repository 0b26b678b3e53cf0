"""What every national-data loader shares: the load report, reading the files, and
records looked up by their natural key so that a reload changes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db.models import Model

from areas.models import Area
from inspections.models import (
    Inspection,
    ReportedDate,
    Source,
)
from inspections.saving import save, update_or_create

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass
class LoadReport:
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def lines(self) -> Iterator[str]:
        for name, count in self.counts.items():
            yield f"{name}: {count}"
        for warning in self.warnings:
            yield f"note (nothing to do; the data has a gap): {warning}"


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def parse_date(value: str) -> dt.date | None:
    """ISO (2019-11-18, with or without a time), dd/mm/yyyy or dd/mm/yy; else None."""
    value = value.strip()
    for pattern in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y"):
        try:
            return dt.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    return None


def source(
    kind: str, title: str, url: str = "", published_on: dt.date | None = None, **extra: object
) -> Source:
    return update_or_create(
        Source, {"published_on": published_on, **extra}, kind=kind, title=title, url=url
    )


def source_with_address(
    kind: str, title: str, url: str, published_on: dt.date | None = None, **extra: object
) -> Source:
    """`source`, for a source an earlier load may hold without this address: it is given
    the address, so that a reload keeps one record (and its links) rather than two."""
    held = Source.objects.filter(kind=kind, title=title, url="").first()
    if held is not None and not Source.objects.filter(kind=kind, title=title, url=url).exists():
        held.url = url
        save(held)
    return source(kind, title, url, published_on, **extra)


def area_for_code(code: str, areas_by_code: dict[str, Area]) -> Area:
    area = areas_by_code.get(code) or Area.objects.with_code(code)
    if area is None:
        raise ValueError(f"No local area has the code {code!r}")
    return area


def upsert_inspection(area: Area, visit_start: dt.date | None, **fields: object) -> Inspection:
    """Finds the area's inspection of this kind starting that day (or the undated one)."""
    found = Inspection.objects.filter(
        area=area, kind=fields["kind"], visit_start=visit_start
    ).first()
    inspection = found or Inspection(area=area, visit_start=visit_start)
    for name, value in fields.items():
        setattr(inspection, name, value)
    return save(inspection)


def set_if_known(instance: Model, **fields: object) -> None:
    """Fills fields a richer source knows, without blanking what another gave."""
    for name, value in fields.items():
        if value not in (None, ""):
            setattr(instance, name, value)


def record_date(inspection: Inspection, event: str, date: dt.date | None, *sources: Source) -> None:
    if date is None:
        return
    for cited in sources:
        update_or_create(
            ReportedDate, {"date": date}, inspection=inspection, event=event, source=cited
        )


# --- Facts gathered from public pages ---------------------------------------------

_MONTH_RE = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|"
    r"December) (\d{4})\b"
)


def month_in(text: str) -> dt.date | None:
    """The first "August 2019" in a note, as the month's first day."""
    match = _MONTH_RE.search(text)
    return (
        dt.datetime.strptime(f"1 {match.group(1)} {match.group(2)}", "%d %B %Y").date()
        if (match)
        else None
    )
