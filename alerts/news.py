"""What is new in an area, in plain English: for the Atom feeds and the email alerts.

An item is a letter or report (an inspection with a publication or letter date, or a
letter source), a DfE and NHS England decision, or a public progress update. Each has
a key that never changes ("inspection-12"), so a feed entry keeps its id and an alert
is sent once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from areas.models import Area
from areas.statuses import STATUSES
from inspections.history import DECISION_PLAIN, decision_follows
from inspections.models import (
    Decision,
    DecisionKind,
    Framework,
    Inspection,
    InspectionKind,
    SourceKind,
)
from progress.models import ProgressUpdate


class Kind:
    LETTER = "inspection"
    DECISION = "decision"
    UPDATE = "update"


@dataclass(frozen=True)
class NewsItem:
    kind: str
    pk: int
    area: Area
    date: dt.date | None
    title: str
    summary: str

    @property
    def key(self) -> str:
        return f"{self.kind}-{self.pk}"


def letters(areas: QuerySet[Area] | None = None) -> QuerySet[Inspection]:
    """Inspections whose letter or report is out: published, dated, or its letter held."""
    published = (
        Q(published_on__isnull=False)
        | Q(letter_date__isnull=False)
        | Q(sources__kind=SourceKind.LETTER)
    )
    # A report the daily check found waits for an admin's review before it is news: its
    # alert goes once its findings are confirmed.
    found = Inspection.objects.filter(published).exclude(awaiting_review=True)
    if areas is not None:
        found = found.filter(area__in=areas)
    return found.select_related("area").distinct()


def decisions(areas: QuerySet[Area] | None = None) -> QuerySet[Decision]:
    found = Decision.objects.select_related("area", "inspection", "wsoa__inspection")
    return found.filter(area__in=areas) if areas is not None else found


def public_updates(areas: QuerySet[Area]) -> QuerySet[ProgressUpdate]:
    """What the public sees of progress: the same rule as the area pages."""
    return (
        ProgressUpdate.objects.visible_to(AnonymousUser())
        .filter(area__in=areas)
        .select_related("area", "weakness", "finding")
    )


def letter_item(inspection: Inspection) -> NewsItem:
    area = inspection.area
    framework_2 = inspection.framework == Framework.AREA_2023
    what = {
        InspectionKind.INITIAL: "inspection letter",
        InspectionKind.REVISIT: "revisit letter",
        InspectionKind.FULL: "inspection report",
        InspectionKind.MONITORING: "monitoring inspection report",
    }[InspectionKind(inspection.kind)]
    day = inspection.published_on or inspection.letter_date
    visited = f" on the visit of {inspection.visit_start:%B %Y}" if inspection.visit_start else ""
    summary = f"Ofsted and CQC's {what}{visited}."
    if framework_2 and inspection.outcome:
        status = STATUSES[f"outcome-{inspection.outcome}"]
        summary += f" {status.label}. {status.plain}"
    elif inspection.revisit_result:
        status = STATUSES[f"revisit-{inspection.revisit_result}"]
        summary += f" {status.label}. {status.plain}"
    elif inspection.kind == InspectionKind.INITIAL and inspection.wsoa_required:
        summary += (
            " The area must write a written statement of action to fix significant weaknesses."
        )
    elif inspection.kind == InspectionKind.INITIAL and inspection.wsoa_required is False:
        summary += " No written statement of action was required."
    return NewsItem(
        Kind.LETTER,
        inspection.pk,
        area,
        day,
        f"{area.name}: {what} {_how(inspection)}",
        summary,
    )


def _how(inspection: Inspection) -> str:
    if inspection.published_on:
        return "published"
    return "sent" if inspection.letter_date else "added"


def decision_item(decision: Decision) -> NewsItem:
    area = decision.area
    plain = DECISION_PLAIN.get(DecisionKind(decision.kind), "")
    followed = {}
    if decision.inspection is not None:
        followed[("inspection", decision.inspection.pk)] = decision.inspection
    if decision.wsoa is not None:
        followed[("wsoa", decision.wsoa.pk)] = decision.wsoa.inspection
    return NewsItem(
        Kind.DECISION,
        decision.pk,
        area,
        decision.decided_on,
        f"{area.name}: {decision.get_kind_display()}",
        " ".join(
            filter(
                None,
                [
                    "A decision by DfE and NHS England.",
                    decision_follows(decision, followed),
                    plain,
                ],
            )
        ),
    )


def update_item(update: ProgressUpdate) -> NewsItem:
    area = update.area
    return NewsItem(
        Kind.UPDATE,
        update.pk,
        area,
        update.date,
        f"{area.name}: progress update on {update.subject_reference}",
        f"{update.summary} (the council's rating: {update.get_rag_display()})",
    )


def newest_first(items: list[NewsItem]) -> list[NewsItem]:
    return sorted(items, key=lambda i: (i.date or dt.date.min, i.key), reverse=True)


def letters_and_decisions(areas: QuerySet[Area] | None = None) -> list[NewsItem]:
    """Every letter, report and decision held (in these areas), newest first."""
    return newest_first(
        [letter_item(i) for i in letters(areas)] + [decision_item(d) for d in decisions(areas)]
    )


def everything(areas: QuerySet[Area]) -> list[NewsItem]:
    """What an alert can be about: letters, reports, decisions and public progress updates."""
    return newest_first(
        letters_and_decisions(areas) + [update_item(u) for u in public_updates(areas)]
    )
