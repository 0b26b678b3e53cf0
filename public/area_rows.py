"""The rows of the area list and the map: each area with where it stands, as stored
(inspections/standing.py), and the filters of /areas/ applied to them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from areas import hexmap
from areas.models import Area
from areas.places import PlaceAnswer, locate
from areas.statuses import Expected, Status, statuses_with_outcome
from inspections.models import Finding, SignificantWeakness
from inspections.runs_to import data_runs_to
from public.forms import AreaFilterForm


@dataclass
class AreaRow:
    area: Area
    framework_1: Status
    framework_2: Status
    expected: Expected | None

    @classmethod
    def of(cls, area: Area) -> AreaRow:
        """The area's row, from where it stands as stored (inspections/standing.py)."""
        return cls(
            area=area,
            framework_1=area.framework_1,
            framework_2=area.framework_2,
            expected=area.next_expected(data_runs_to()),
        )

    @property
    def status(self) -> Status:
        """Where the area stands now: the one rule, `Area.current_status`."""
        return self.area.current_status

    def sort_key(self, column: str) -> str | tuple[str, str] | tuple[dt.date, str]:
        """What the area list sorts this row by, for a column of `SORTS`."""
        far = dt.date.max
        keys: dict[str, str | tuple[str, str] | tuple[dt.date, str]] = {
            "name": self.area.name,
            "region": (self.area.get_region_display(), self.area.name),
            "framework-1": (self.framework_1.label, self.area.name),
            "framework-2": (self.framework_2.label, self.area.name),
            "next": ((self.expected.date or far) if self.expected else far, self.area.name),
        }
        return keys[column]


def filter_rows(form: AreaFilterForm) -> tuple[list[AreaRow], PlaceAnswer | None]:
    """The rows the filters leave, and where a town or postcode searched for lies."""
    data = form.cleaned_data
    # A search also finds former areas (Cumbria), whose pages point to their successors;
    # failing an area's name, a town, village or postcode finds the councils it lies in.
    areas = Area.objects.matching(data["q"]) if data["q"] else Area.objects.current()
    place = None
    if data["q"] and not areas.exists():
        place = locate(data["q"])
        if place is not None:
            areas = Area.objects.filter(pk__in=[area.pk for area in place.areas])
    elif data["q"] and Area.objects.named(data["q"]) is None:
        # The words only start an area's name ("Richmond", "Bourne"): a town called just
        # that is found too, beside the areas.
        place = locate(data["q"])
        if place is not None and place.found and not place.starting_with:
            areas = Area.objects.filter(
                Q(pk__in=list(areas.values_list("pk", flat=True)))
                | Q(pk__in=[area.pk for area in place.areas])
            )
        else:
            place = None
    if data["region"]:
        areas = areas.filter(region=data["region"])
    if data["theme"]:
        areas = areas.filter(
            Q(
                pk__in=SignificantWeakness.objects.filter(theme=data["theme"]).values(
                    "wsoa__inspection__area"
                )
            )
            | Q(pk__in=Finding.objects.filter(theme=data["theme"]).values("inspection__area"))
        )
    if data["status"]:
        areas = areas.filter(
            Q(framework_1_status=data["status"]) | Q(framework_2_status=data["status"])
        )
    if data["outcome"]:
        areas = areas.filter(framework_2_status__in=statuses_with_outcome(int(data["outcome"])))
    rows = [AreaRow.of(area) for area in areas]
    sort = data["sort"] or "name"
    rows.sort(key=lambda r: r.sort_key(sort.lstrip("-")), reverse=sort.startswith("-"))
    return rows, place


def map_of(rows: list[AreaRow], shown: set[int] | None = None) -> hexmap.HexMap | None:
    """The hex map of these areas, each coloured by where it stands now."""
    return hexmap.hex_map(
        [(row.area, row.status.label, row.area.map_status) for row in rows], shown
    )
