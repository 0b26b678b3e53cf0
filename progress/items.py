"""Everything an area's council logs progress against, each with the inspectors' verdict and the
council's latest rating as one user may see it: for the dashboard and the area's progress report.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db.models import Exists, OuterRef, Prefetch, QuerySet, prefetch_related_objects
from django.urls import reverse

from areas.models import Area
from inspections import status
from inspections.models import (
    Finding,
    FindingKind,
    MonitoringFinding,
    RevisitVerdict,
    SignificantWeakness,
    Verdict,
)
from progress.models import ForumResponse, Membership, ProgressUpdate, Role, Visibility
from progress.permissions import Person
from progress.subjects import LOGGED_FINDINGS, Subject
from progress.words import first_words


@dataclass
class Item:
    """A significant weakness, or an area for priority action or improvement."""

    subject: Subject
    verdict: RevisitVerdict | None = None
    latest: ProgressUpdate | None = None

    @property
    def area(self) -> Area:
        return self.subject.area

    @property
    def weakness(self) -> SignificantWeakness | None:
        return self.subject.weakness

    @property
    def finding(self) -> Finding | None:
        return self.subject.finding

    @property
    def is_open(self) -> bool:
        """Still to put right: every finding, and every weakness not judged sufficient at a revisit."""
        return not (self.verdict and self.verdict.verdict == Verdict.SUFFICIENT)

    def _finding(self) -> Finding:
        """The finding of an item that is not a weakness."""
        assert self.finding is not None  # an item is a weakness or a finding
        return self.finding

    @property
    def reference(self) -> str:
        if self.weakness:
            return self.weakness.reference
        return f"{self._finding().get_kind_display()} {self._finding().number}"

    @property
    def title(self) -> str:
        """A weakness's title; a finding's first words (findings have no title of their own)."""
        if self.weakness:
            return self.weakness.title
        return self._finding().title or first_words(self._finding().text)

    @property
    def is_folded(self) -> bool:
        """Whether the title leaves out some of the words, so the whole text opens below it."""
        return self.subject.is_folded

    @property
    def text(self) -> str:
        return self.weakness.text if self.weakness else self._finding().text

    @property
    def verdict_label(self) -> str:
        if self.finding:
            return self.finding_status
        if self.verdict:
            return self.verdict.get_verdict_display()
        assert self.weakness is not None  # an item is a weakness or a finding
        return self.weakness.wsoa.without_verdict.tag  # as includes/verdict_tag.html

    @property
    def finding_status(self) -> str:
        """Where a 2023-framework finding stands: the latest monitoring inspection's verdict on a
        priority action, else when inspectors look at it again."""
        finding = self._finding()
        visit = finding.inspection.visit_start
        found = f"Found at the {visit:%B %Y} inspection" if visit else "Found at the inspection"
        if finding.kind == FindingKind.IMPROVEMENT:
            return f"{found}; looked at again at the next full inspection"
        checks = list(finding.monitoring_findings.all())  # prefetched, oldest first
        if checks:
            latest = checks[-1]
            when = latest.monitoring.visit_start
            return (
                f"Monitoring inspection{f', {when:%B %Y}' if when else ''}: "
                f"{latest.get_verdict_display().lower()}"
            )
        return f"{found}; no monitoring inspection recorded since"

    @property
    def add_url(self) -> str:
        if self.weakness:
            return reverse("progress:add", args=["weakness", self.weakness.reference])
        return reverse("progress:add", args=["finding", self._finding().pk])


def area_items(user: Person, areas: Iterable[Area]) -> list[Item]:
    """Every weakness of the areas' WSOAs, then the priority actions and areas for improvement of
    each one's latest full inspection, in the order the area page shows them, in three queries.

    The areas come with their history prefetched (`status.with_history`)."""
    areas = list(areas)
    verdicts = {
        verdict.weakness_id: verdict  # the latest, as they come in date order
        for verdict in RevisitVerdict.objects.filter(weakness__wsoa__inspection__area__in=areas)
        .select_related("revisit")
        .order_by("revisit__visit_start")
    }
    latest_full = [
        inspection for area in areas if (inspection := status.latest_full_inspection(area))
    ]
    findings: dict[int, list[Finding]] = {}
    for finding in sorted(
        Finding.objects.filter(
            inspection__in=latest_full, kind__in=LOGGED_FINDINGS
        ).prefetch_related(
            Prefetch(
                "monitoring_findings",
                MonitoringFinding.objects.select_related("monitoring").order_by(
                    "monitoring__visit_start"
                ),
            )
        ),
        key=lambda f: (f.kind != FindingKind.PRIORITY_ACTION, f.number),
    ):
        findings.setdefault(finding.inspection_id, []).append(finding)
    latest: dict[tuple, ProgressUpdate] = {}
    for update in ProgressUpdate.objects.visible_to(user).filter(area__in=areas):
        latest.setdefault((update.weakness_id, update.finding_id), update)  # newest first

    wsoas = [
        wsoa
        for area in areas
        for inspection in area.inspections.all()
        if (wsoa := getattr(inspection, "written_statement", None))
    ]
    prefetch_related_objects(wsoas, "revisits")  # what a weakness without a verdict says
    items = []
    for area in areas:
        for inspection in area.inspections.all():
            if wsoa := getattr(inspection, "written_statement", None):
                items += [
                    Item(
                        Subject(area, weakness=weakness),
                        verdicts.get(weakness.pk),
                        latest.get((weakness.pk, None)),
                    )
                    for weakness in wsoa.weaknesses.all()
                ]
        if full := status.latest_full_inspection(area):
            for finding in findings.get(full.pk, []):
                finding.inspection = full
                items.append(
                    Item(Subject(area, finding=finding), None, latest.get((None, finding.pk)))
                )
    return items


def awaiting_response(user: User) -> QuerySet[ProgressUpdate]:
    """Public updates in the user's forum areas that no one from that area's forum has answered."""
    forum_areas = Membership.objects.filter(user=user, role=Role.FORUM).values("area")
    answered = ForumResponse.objects.filter(
        update=OuterRef("pk"),
        withdrawn_at__isnull=True,
        author__memberships__role=Role.FORUM,
        author__memberships__area=OuterRef("area"),
    )
    return (
        ProgressUpdate.objects.public()
        .filter(area__in=forum_areas)
        .exclude(Exists(answered))
        .select_related("area", "weakness", "finding")
        .order_by("created_at")
    )


def includes_internal(items: Iterable[Item]) -> bool:
    return any(item.latest and item.latest.visibility == Visibility.INTERNAL for item in items)
