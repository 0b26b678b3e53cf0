"""Where each area stands, stored on the area, and when its pages last changed.

`inspections/status.py` works out an area's statuses and next expected event from its whole
history. Every page, list, file and feed reads the result stored on the area
(`Area.framework_1_status` and the rest, read through `Area.current_status` and
`Area.next_expected`); this module is the only caller of that calculation, and works it out
again whenever a record the result depends on is saved or deleted. The same step stamps
`Area.changed_at`, the version that cached pages and ETags follow (config/page_cache.py).

Signals (connected in inspections/apps.py) call `note_changed(area_ids)` after every save or
delete of an inspection, WSOA, weakness, verdict, finding, monitoring finding, decision,
source, reported date, progress update or forum response. A record moved to another area
(an inspection given to another area in the admin) changes both: `remember_area` notes,
before the save, the area it belonged to. Bulk loads wrap their work in `batched()`, which
collects the areas and refreshes each once at the end; `bulk_create` and queryset `update()`
send no signals, so code that uses them calls `after_bulk_changes()` (or `refresh()`) itself.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from areas.models import Area
from inspections import status
from inspections.runs_to import forget_data_runs_to

STORED_FIELDS = [
    "framework_1_status",
    "framework_2_status",
    "next_expected_label",
    "next_expected_on",
    "next_expected_basis",
    "next_expected_precision",
]


class _ThreadState(threading.local):
    """This thread's open batches (the areas each has collected) and how many `suspended()`
    blocks it is inside."""

    def __init__(self) -> None:
        self.batches: list[set[int]] = []
        self.suspended = 0


_state = _ThreadState()


def _pending() -> set[int] | None:
    stack = _state.batches
    return stack[-1] if stack else None


@contextmanager
def batched() -> Iterator[None]:
    """Refresh each changed area once, at the end, rather than after every save."""
    stack = _state.batches
    stack.append(set())
    try:
        yield
    finally:
        area_ids = stack.pop()
    refresh(area_ids)


@contextmanager
def suspended() -> Iterator[None]:
    """Note no changes at all: for a restore, which brings back each area's stored standing
    and stamp with the area itself (loaddata still sends many-to-many signals)."""
    _state.suspended += 1
    try:
        yield
    finally:
        _state.suspended -= 1


def note_changed(area_ids: Iterable[int | None]) -> None:
    known = {pk for pk in area_ids if pk is not None}
    if not known or _state.suspended:
        return
    pending = _pending()
    if pending is not None:
        pending.update(known)
    else:
        refresh(known)


def _related(areas: list[Area]) -> set[int]:
    """The areas whose pages show these areas' statuses: successors, predecessors, and
    every area that lists one of them among its statistical neighbours."""
    ids = {a.pk for a in areas}
    codes = {a.code for a in areas}
    for pk, neighbours in Area.objects.exclude(pk__in=ids).values_list(
        "pk", "statistical_neighbours"
    ):
        if codes & set(neighbours or []):
            ids.add(pk)
    through = Area.predecessors.through.objects
    ids |= set(
        through.filter(to_area__in=[a.pk for a in areas]).values_list("from_area", flat=True)
    )
    ids |= set(
        through.filter(from_area__in=[a.pk for a in areas]).values_list("to_area", flat=True)
    )
    return ids


def standing_of(area: Area) -> dict:
    """The stored fields for one area (its history prefetched)."""
    expected = status.next_expected_event(area)
    return {
        "framework_1_status": status.framework_1_status(area).key,
        "framework_2_status": status.framework_2_status(area).key,
        "next_expected_label": expected.label if expected else "",
        "next_expected_on": expected.date if expected else None,
        "next_expected_basis": expected.basis if expected else "",
        "next_expected_precision": expected.precision if expected else "",
    }


@transaction.atomic
def refresh(area_ids: Iterable[int] | None = None, *, only_changed: bool = False) -> None:
    """Work out again where these areas (by default every area) stand, and stamp them,
    with every area whose pages show them, as changed now. With `only_changed`, only areas
    whose stored standing changed are stamped (after the rules themselves changed)."""
    queryset = Area.objects.all() if area_ids is None else Area.objects.filter(pk__in=area_ids)
    areas = list(status.with_records(queryset))
    if not areas:
        return
    forget_data_runs_to()
    changed = []
    for area in areas:
        stored = standing_of(area)
        if any(getattr(area, name) != value for name, value in stored.items()):
            for name, value in stored.items():
                setattr(area, name, value)
            changed.append(area)
    if changed:
        Area.objects.bulk_update(changed, STORED_FIELDS)
    # Statuses shown elsewhere changed only where a stored field did; the area's own pages
    # changed whatever was saved.
    own = {a.pk for a in (changed if only_changed else areas)}
    stamped = own | (_related(changed) if changed else set())
    if not stamped:
        return
    Area.objects.filter(pk__in=stamped).update(changed_at=timezone.now())


def after_bulk_changes() -> None:
    """What the save and delete signals do, for writes that send none (bulk_create, update()).

    The one place to call after changing inspections or decisions in bulk (generate_synthetic
    does): anything the signals keep up to date must be brought up to date here too: the
    date the data runs to, and every area's stored standing and change stamp.
    """
    forget_data_runs_to()
    refresh()


# --- Signal receivers: which areas a saved or deleted record belongs to --------------------


# How a record of an app above this one finds its area, as that app registers it with
# `follow()` (progress does, for its updates and forum responses, in progress/apps.py).
_AREA_FINDERS: dict[str, Callable[[Any], set[int | None]]] = {}


def follow(label: str, link: str, area_ids: Callable[[Any], set[int | None]]) -> None:
    """Keep the stored standing of the areas whose pages show records of model `label`:
    `link` is the field that ties one to its area or parent, `area_ids` finds its areas."""
    PARENT_LINKS[label] = link
    _AREA_FINDERS[label] = area_ids


def _area_ids_of(instance: models.Model) -> set[int | None]:
    from inspections import models as m

    finder = _AREA_FINDERS.get(instance._meta.label)
    if finder is not None:
        return finder(instance)
    match instance:
        case Area():
            return {instance.pk}
        case m.Inspection() | m.Decision():
            return {instance.area_id}
        case m.WrittenStatementOfAction():
            return set(
                m.Inspection.objects.filter(pk=instance.inspection_id).values_list(
                    "area", flat=True
                )
            )
        case m.SignificantWeakness():
            return set(
                m.Inspection.objects.filter(written_statement=instance.wsoa_id).values_list(
                    "area", flat=True
                )
            )
        case m.RevisitVerdict():
            return set(
                m.Inspection.objects.filter(pk=instance.revisit_id).values_list("area", flat=True)
            )
        case m.MonitoringFinding():
            return set(
                m.Inspection.objects.filter(pk=instance.monitoring_id).values_list(
                    "area", flat=True
                )
            )
        case m.Finding() | m.ReportedDate():
            return set(
                m.Inspection.objects.filter(pk=instance.inspection_id).values_list(
                    "area", flat=True
                )
            )
        case m.Source():
            cited_in: set[int | None] = set()
            cited_in.update(instance.inspections.values_list("area", flat=True))
            cited_in.update(instance.decisions.values_list("area", flat=True))
            cited_in.update(instance.written_statements.values_list("inspection__area", flat=True))
            cited_in.update(instance.weaknesses.values_list("wsoa__inspection__area", flat=True))
            cited_in.update(instance.monitoring_findings.values_list("monitoring__area", flat=True))
            return cited_in
    return set()


# The link that ties each kind of record to its area (directly or through its parent).
PARENT_LINKS = {
    "inspections.Inspection": "area_id",
    "inspections.Decision": "area_id",
    "inspections.WrittenStatementOfAction": "inspection_id",
    "inspections.SignificantWeakness": "wsoa_id",
    "inspections.RevisitVerdict": "revisit_id",
    "inspections.Finding": "inspection_id",
    "inspections.MonitoringFinding": "monitoring_id",
    "inspections.ReportedDate": "inspection_id",
}


def remember_area(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    """Before a save: if the record is being moved (to another area, or to a parent in
    another area, in the admin), the areas it belonged to, so that the area it left is
    refreshed as well as the one it joined."""
    link = PARENT_LINKS.get(sender._meta.label)
    if link is None or kwargs.get("raw") or instance.pk is None:
        return
    stored = sender._default_manager.filter(pk=instance.pk).values_list(link, flat=True).first()
    if stored is not None and stored != getattr(instance, link):
        before = copy.copy(instance)
        before.__dict__[link] = stored  # not setattr: that would drop the cached parent
        instance.__dict__["_areas_before_save"] = _area_ids_of(before)


def record_saved_or_deleted(
    sender: type[models.Model], instance: models.Model, **kwargs: Any
) -> None:
    if kwargs.get("raw"):
        return  # loaddata: the stored fields come back with the areas themselves
    before = instance.__dict__.pop("_areas_before_save", set())
    note_changed(_area_ids_of(instance) | before)


def sources_linked(
    sender: type[models.Model],
    instance: models.Model,
    action: str,
    pk_set: set[int] | None = None,
    **kwargs: Any,
) -> None:
    """A source added to or taken from an inspection, WSOA or decision (either side)."""
    if not action.startswith("post_") or (action != "post_clear" and not pk_set):
        return  # nothing linked or unlinked (add() of a source already there)
    from inspections.models import Source

    if isinstance(instance, Source):
        model = kwargs["model"]
        targets = model.objects.filter(pk__in=pk_set or [])
        note_changed(set().union(*(_area_ids_of(t) for t in targets)) if targets else set())
    else:
        note_changed(_area_ids_of(instance))
