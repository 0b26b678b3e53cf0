"""Officers, forums and their progress updates, from each letter or report until the
weakness is judged sufficient, the area's next inspection or today."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.utils import timezone

from areas.models import Area
from inspections.models import (
    Finding,
    FindingKind,
    Inspection,
    InspectionKind,
    RevisitVerdict,
    SignificantWeakness,
    Verdict,
)
from progress.models import ForumResponse, Membership, ProgressUpdate, Rag, Role, Visibility
from progress.validators import EARLIEST_UPDATE
from synthetic.writer import _noon, _Writer

QUARTER = 91
HALF_YEAR = 182
PUBLIC_SHARE = 0.75
WITHDRAWN_SHARE = 0.04
EDITED_SHARE = 0.1
RESPONDED_SHARE = 0.3


SUMMARIES: dict[str, list[str]] = {
    Rag.RED: [
        "Synthetic update: the plan is behind and the backlog is growing",
        "Synthetic update: recruitment gaps mean the actions have not started",
        "Synthetic update: waiting times are still rising",
    ],
    Rag.AMBER: [
        "Synthetic update: some actions are done, others are late",
        "Synthetic update: new process in place, not yet showing in the figures",
        "Synthetic update: progress in two localities, not yet area-wide",
    ],
    Rag.GREEN: [
        "Synthetic update: on track against every milestone",
        "Synthetic update: the figures have improved for two quarters running",
        "Synthetic update: families report a better experience in the latest survey",
    ],
    Rag.COMPLETE: ["Synthetic update: every action in the plan is complete"],
}
RESPONSES = [
    "Synthetic response from the parent carer forum: families tell us they see the change.",
    "Synthetic response from the parent carer forum: this does not match what families tell us.",
    "Synthetic response from the parent carer forum: we would like to see the figures by school.",
]


def _people(writer: _Writer) -> dict[int, tuple[list[AbstractBaseUser], AbstractBaseUser]]:
    """Two officers and a forum representative in each current area: {area: (officers, forum)}."""
    User = get_user_model()
    areas = list(Area.objects.current().order_by("pk"))
    users = []
    for area in areas:
        for name, last in [
            (f"synthetic-officer-{area.slug}-1", "Officer 1"),
            (f"synthetic-officer-{area.slug}-2", "Officer 2"),
            (f"synthetic-forum-{area.slug}", "Forum representative"),
        ]:
            users.append(
                User(
                    username=name,
                    first_name="Synthetic",
                    last_name=f"{last}, {area.name}"[:150],
                    password=f"{UNUSABLE_PASSWORD_PREFIX}synthetic",
                    date_joined=_noon(EARLIEST_UPDATE),
                )
            )
    users = writer.create(User, users)
    people: dict[int, tuple[list[AbstractBaseUser], AbstractBaseUser]] = {}
    memberships: list[Membership] = []
    for n, area in enumerate(areas):
        first, second, forum = users[3 * n : 3 * n + 3]
        people[area.pk] = ([first, second], forum)
        memberships += [
            Membership(user=first, area=area, role=Role.OFFICER),
            Membership(user=second, area=area, role=Role.OFFICER),
            Membership(user=forum, area=area, role=Role.FORUM),
        ]
    writer.create(Membership, memberships)
    writer.history(Membership, [(m, "+", None, None) for m in memberships])
    return people


@dataclass
class _Subject:
    area_id: int
    weakness_id: int | None
    finding_id: int | None
    start: dt.date
    end: dt.date
    every: int  # days between updates
    completes: bool  # judged sufficient at the end


def _subjects(today: dt.date) -> list[_Subject]:
    """Every weakness and 2023-framework finding in a current area, with its open period."""
    current = set(Area.objects.current().values_list("pk", flat=True))
    by_area: dict[int, list[dt.date]] = defaultdict(list)
    for area_id, day in (
        Inspection.objects.filter(kind__in=[InspectionKind.INITIAL, InspectionKind.FULL])
        .exclude(visit_start=None)
        .values_list("area_id", "visit_start")
    ):
        if day is not None:  # as excluded above, which the types cannot tell
            by_area[area_id].append(day)

    def next_inspection(area_id: int, after: dt.date) -> dt.date:
        return min((d for d in by_area[area_id] if d > after), default=today)

    last_verdict = {
        weakness: (verdict, day)
        for weakness, verdict, day in RevisitVerdict.objects.order_by(
            "revisit__visit_start", "pk"
        ).values_list("weakness_id", "verdict", "revisit__visit_start")
    }
    subjects = []
    weaknesses = SignificantWeakness.objects.order_by("pk").values_list(
        "pk",
        "wsoa__inspection__area_id",
        "wsoa__inspection__visit_start",
        "wsoa__inspection__published_on",
    )
    for pk, area_id, visited, published in weaknesses:
        began = published or visited
        if area_id not in current or began is None:
            continue
        verdict, judged = last_verdict.get(pk, (None, None))
        completes = verdict == Verdict.SUFFICIENT and judged is not None
        end = judged if completes and judged else next_inspection(area_id, visited or began)
        subjects.append(_Subject(area_id, pk, None, began, end, QUARTER, completes))
    findings = Finding.objects.filter(
        kind__in=[FindingKind.PRIORITY_ACTION, FindingKind.IMPROVEMENT]
    ).order_by("pk")
    for pk, area_id, kind, visited, published in findings.values_list(
        "pk", "inspection__area_id", "kind", "inspection__visit_start", "inspection__published_on"
    ):
        began = published or visited
        if area_id not in current or began is None:
            continue
        every = QUARTER if kind == FindingKind.PRIORITY_ACTION else HALF_YEAR
        subjects.append(
            _Subject(
                area_id, None, pk, began, next_inspection(area_id, visited or began), every, False
            )
        )
    return subjects


def _rag(rng: random.Random, progress: float) -> str:
    ladder = [Rag.RED, Rag.AMBER, Rag.GREEN]
    step = 0 if progress < 0.3 else 1 if progress < 0.7 else 2
    step = min(max(step + rng.choice([-1, 0, 0, 0, 1]), 0), 2)
    return ladder[step]


def _at(rng: random.Random, day: dt.date, now: dt.datetime) -> dt.datetime:
    moment = timezone.make_aware(
        dt.datetime.combine(day, dt.time(9 + rng.randrange(9), rng.randrange(60)))
    )
    return min(moment, now)


def _progress(writer: _Writer, rng: random.Random, scale: int, today: dt.date) -> None:
    people = _people(writer)
    now = timezone.now()
    updates: list[ProgressUpdate] = []
    edits: dict[int, tuple[str, dt.datetime]] = {}  # update's index: details before, when edited
    for subject in _subjects(today):
        start = max(subject.start, EARLIEST_UPDATE)
        end = min(subject.end, today)
        if start >= end:
            continue
        officers, _ = people[subject.area_id]
        span = (end - start).days
        slots = list(range(0, span, subject.every))
        for slot_number, offset in enumerate(slots):
            last_slot = slot_number == len(slots) - 1
            for _ in range(scale):
                day = start + dt.timedelta(
                    days=min(offset + rng.randrange(subject.every), span - 1)
                )
                rag = (
                    Rag.COMPLETE
                    if last_slot and subject.completes
                    else _rag(rng, (day - start).days / span)
                )
                author = rng.choice(officers).pk
                created = _at(rng, day, now)
                update = ProgressUpdate(
                    area_id=subject.area_id,
                    weakness_id=subject.weakness_id,
                    finding_id=subject.finding_id,
                    date=day,
                    rag=rag,
                    summary=rng.choice(SUMMARIES[rag]),
                    details="Synthetic details: what the partnership did this quarter, "
                    "with the figures behind the rating.",
                    evidence_links=(
                        f"https://example.org/synthetic/evidence/{rng.randrange(10**6)}"
                        if rng.random() < 0.3
                        else ""
                    ),
                    next_steps="Synthetic next steps: review at the next partnership board.",
                    visibility=(
                        Visibility.PUBLIC if rng.random() < PUBLIC_SHARE else Visibility.INTERNAL
                    ),
                    author_id=author,
                    created_at=created,
                    updated_at=created,
                    version=1,
                )
                edited = rng.random() < EDITED_SHARE
                if edited:
                    update.updated_at = min(created + dt.timedelta(days=rng.randrange(1, 20)), now)
                    edits[len(updates)] = (update.details, update.updated_at)
                    update.details = update.details.replace(
                        "Synthetic details:", "Synthetic details (corrected):"
                    )
                    update.version = 2
                if rng.random() < WITHDRAWN_SHARE:
                    update.withdrawn_at = min(
                        update.updated_at + dt.timedelta(days=rng.randrange(1, 10)), now
                    )
                    update.withdrawn_by_id = rng.choice(officers).pk
                    update.updated_at = update.withdrawn_at
                    update.version += 1
                updates.append(update)
    writer.create(ProgressUpdate, updates)

    rows = []
    for n, update in enumerate(updates):
        # Its versions, oldest first: as logged, as edited, as withdrawn (most only logged).
        author, versions = update.author_id, []
        if n in edits:
            details, edited_at = edits[n]
            versions.append(
                _state(update, version=1, updated_at=update.created_at, details=details)
            )
            if update.withdrawn_at:
                versions.append(_state(update, version=2, updated_at=edited_at))
        elif update.withdrawn_at:
            versions.append(_state(update, version=1, updated_at=update.created_at))
        versions.append(update)
        for number, version in enumerate(versions):
            user = update.withdrawn_by_id if version.withdrawn_at else author
            rows.append((version, "+" if number == 0 else "~", version.updated_at, user))
    writer.history(ProgressUpdate, rows)

    responses = []
    for update in updates:
        if (
            update.visibility == Visibility.PUBLIC
            and update.withdrawn_at is None
            and rng.random() < RESPONDED_SHARE
        ):
            created = min(update.created_at + dt.timedelta(days=rng.randrange(1, 15)), now)
            responses.append(
                ForumResponse(
                    update_id=update.pk,
                    author_id=people[update.area_id][1].pk,
                    text=rng.choice(RESPONSES),
                    created_at=created,
                    withdrawn_at=(
                        min(created + dt.timedelta(days=2), now) if rng.random() < 0.03 else None
                    ),
                )
            )
    writer.create(ForumResponse, responses)
    writer.history(
        ForumResponse,
        [(r, "+", r.created_at, r.author_id) for r in responses]
        + [(r, "~", r.withdrawn_at, r.author_id) for r in responses if r.withdrawn_at],
    )


def _state(update: ProgressUpdate, **changes: Any) -> ProgressUpdate:
    """The update as an earlier save left it: not yet withdrawn, with these fields then."""
    fields = {f.attname: getattr(update, f.attname) for f in update._meta.concrete_fields}
    earlier = ProgressUpdate(**{**fields, "withdrawn_at": None, "withdrawn_by_id": None})
    for name, value in changes.items():
        setattr(earlier, name, value)
    return earlier
