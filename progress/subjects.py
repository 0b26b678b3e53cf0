"""What progress is logged against, and the updates on it each user may see.

Shared by the progress views and the area and weakness pages, so that no view imports another.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from areas.models import Area
from inspections.models import Finding, FindingKind, SignificantWeakness
from progress.models import ProgressUpdate
from progress.permissions import Person, can_change_progress, can_log_progress, can_respond
from progress.words import first_words, is_folded

# What progress is logged against besides weaknesses.
LOGGED_FINDINGS = (FindingKind.PRIORITY_ACTION, FindingKind.IMPROVEMENT)


@dataclass
class Subject:
    """A weakness or a framework-2 finding that progress is logged against."""

    area: Area
    weakness: SignificantWeakness | None = None
    finding: Finding | None = None

    @classmethod
    def of_update(cls, update: ProgressUpdate) -> Subject:
        return cls(update.area, update.weakness, update.finding)

    @property
    def key(self) -> str:
        if self.weakness:
            return f"weakness-{self.weakness.reference}"
        assert self.finding is not None  # a subject is a weakness or a finding
        return f"finding-{self.finding.pk}"

    @property
    def label(self) -> str:
        if self.weakness:
            return f"{self.weakness.reference}: {self.weakness.title}"
        assert self.finding is not None  # a subject is a weakness or a finding
        return (
            f"{self.finding.get_kind_display()} {self.finding.number}: "
            f"{first_words(self.finding.text)}"
        )

    @property
    def text(self) -> str:
        """The weakness's or finding's words in full."""
        return self.weakness.text if self.weakness else self.finding.text if self.finding else ""

    @property
    def is_folded(self) -> bool:
        """Whether the label leaves some of the words out (a weakness's title always does)."""
        if self.weakness:
            return bool(self.weakness.text)
        return is_folded(self.text)

    @property
    def url(self) -> str:
        if self.weakness:
            return self.weakness.get_absolute_url()
        return f"{self.area.get_absolute_url()}#{self.key}"

    def updates(self, user: Person) -> QuerySet[ProgressUpdate]:
        scope = {"weakness": self.weakness} if self.weakness else {"finding": self.finding}
        return (
            ProgressUpdate.objects.visible_to(user)
            .filter(**scope)
            .select_related("area", "author")  # the area: can_respond() asks for each update
            .prefetch_related("responses__author")
        )


def subject_for(kind: str, key: str) -> Subject:
    """The subject a progress address names: a weakness's reference or a finding's number."""
    if kind == "weakness":
        weakness = get_object_or_404(
            SignificantWeakness.objects.select_related("wsoa__inspection__area"), reference=key
        )
        return Subject(weakness.wsoa.inspection.area, weakness=weakness)
    if not (key.isascii() and key.isdigit()):
        raise Http404("A finding's address ends in its number.")
    finding = get_object_or_404(
        Finding.objects.select_related("inspection__area"),
        pk=int(key),
        kind__in=LOGGED_FINDINGS,
    )
    return Subject(finding.inspection.area, finding=finding)


def updates_context(
    request: HttpRequest, subject: Subject, updates: Iterable[ProgressUpdate] | None = None
) -> dict[str, Any]:
    """What the updates fragment needs; pass `updates` when they were fetched in bulk."""
    updates = list(subject.updates(request.user) if updates is None else updates)
    return {
        "subject": subject,
        "updates": updates,
        "can_log": can_log_progress(request.user, subject.area),
        "can_change": can_change_progress(request.user, subject.area),
        "respondable": {u.pk for u in updates if can_respond(request.user, u)},
        "latest": updates[0] if updates else None,
    }


def visible_updates_by_finding(
    request: HttpRequest, area: Area, findings: Iterable[int] = ()
) -> dict[int, list[ProgressUpdate]]:
    """Every update the user may see on these findings, by finding id, in one query."""
    grouped: dict[int, list[ProgressUpdate]] = {}
    if not findings:
        return grouped  # an area page with no findings shown (2016 framework only)
    updates = (
        ProgressUpdate.objects.visible_to(request.user)
        .filter(area=area, finding__in=findings)
        .select_related("area", "author")
        .prefetch_related("responses__author")
    )
    for update in updates:
        assert update.finding_id is not None  # chosen by finding
        grouped.setdefault(update.finding_id, []).append(update)
    return grouped


def latest_visible_update_by_weakness(
    request: HttpRequest, weaknesses: Iterable[int]
) -> dict[int | None, ProgressUpdate]:
    """The latest update the user may see on each of these weaknesses, by weakness id, in one
    query that looks up one row per weakness (by index), however many updates each has."""
    if not weaknesses:
        return {}
    latest = Subquery(
        ProgressUpdate.objects.visible_to(request.user)
        .filter(weakness=OuterRef("pk"))
        .order_by("-date", "-created_at")
        .values("pk")[:1]
    )
    ids = SignificantWeakness.objects.filter(pk__in=weaknesses).values(latest=latest)
    return {u.weakness_id: u for u in ProgressUpdate.objects.filter(pk__in=ids)}
