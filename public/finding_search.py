"""/search/'s search: every significant weakness, area for priority action or for improvement
and public progress update, found by the database's own full-text search.

PostgreSQL reads each row's words as a search vector (English stemming), ranks them and marks
the words that matched (`ts_headline`). SQLite reads the FTS5 index that public's migration
keeps in step with the three tables by triggers (Porter stemming, bm25 ranking and its own
`highlight()`). Either way "waiting" finds "waits", and the words that matched come back marked,
then escaped and turned into <mark> here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Prefetch, Q, QuerySet, TextField, Value
from django.db.models.functions import Concat
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from areas.models import Area
from inspections.models import (
    FRAMEWORK_2_FINDINGS,
    Finding,
    Framework,
    MonitoringFinding,
    MonitoringVerdict,
    Outcome,
    RevisitVerdict,
    SignificantWeakness,
    Verdict,
)
from progress.models import ProgressUpdate

INDEX = "public_finding_search"  # SQLite only: see public/migrations/0001
WEAKNESS, FINDING, UPDATE = 1, 2, 3  # the index's kinds (row id = id * 4 + kind)
START, STOP = "\ue000", "\ue001"  # around each matched word, until escaped and marked up
# Words too common to search for: PostgreSQL's English configuration drops these too.
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "but",
        "by",
        "for",
        "from",
        "has",
        "have",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "that",
        "the",
        "their",
        "there",
        "these",
        "they",
        "this",
        "to",
        "was",
        "were",
        "which",
        "will",
        "with",
    ]
)
# The outcome filter: a 2023 report's outcome, a revisit's or a monitoring visit's verdict.
OUTCOMES: dict[str, str] = {
    **{str(value): f"Outcome {value}: {label}" for value, label in Outcome.choices},
    **dict(Verdict.choices),
    **dict(MonitoringVerdict.choices),
}


@dataclass(frozen=True)
class Filters:
    q: str = ""
    framework: str = ""
    outcome: str = ""
    theme: str = ""
    region: str = ""
    year: int | None = None

    @property
    def any(self) -> bool:
        return bool(
            self.q.strip()
            or self.framework
            or self.outcome
            or self.theme
            or self.region
            or self.year
        )


@dataclass
class Hit:
    """One finding or update that matched, as /search/ and its CSV show it."""

    kind: str  # what it is, in words
    label: str  # its heading: what it is and which
    area: Area
    reference: str
    title: str
    text: str
    title_html: SafeString
    text_html: SafeString
    outcome: str
    date: dt.date | None
    date_label: str
    theme: str
    url: str
    rank: float


@dataclass
class Group:
    area: Area
    hits: list[Hit] = field(default_factory=list)


def terms(q: str) -> list[str]:
    """The words searched for, lower case, without the commonest."""
    return [w for w in re.findall(r"\w+", q.lower()) if w not in STOP_WORDS]


def marked(text: str) -> SafeString:
    """The text, escaped, with matched words in <mark> and blank lines as paragraph breaks."""
    html = escape(text.strip()).replace(START, "<mark>").replace(STOP, "</mark>")
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", html) if p.strip()]
    return mark_safe("".join(f'<p class="govuk-body">{p}</p>' for p in paragraphs))  # noqa: S308


# --- Matching ------------------------------------------------------------------------


Marks = dict[int, tuple[str, str, float]]  # id: (title marked, body marked, rank)


def _sqlite_matches(words: list[str]) -> dict[int, Marks]:
    """Each kind's matching ids, with their words marked and their rank (higher is better)."""
    found: dict[int, Marks] = {WEAKNESS: {}, FINDING: {}, UPDATE: {}}
    query = " ".join('"{}"'.format(w.replace('"', "")) for w in words)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid, highlight({INDEX}, 0, %s, %s), highlight({INDEX}, 1, %s, %s), rank"
            f" FROM {INDEX} WHERE {INDEX} MATCH %s",
            [START, STOP, START, STOP, query],
        )
        for rowid, title, body, rank in cursor.fetchall():
            found[rowid % 4][rowid // 4] = (title or "", body or "", -rank)
    return found


def _headline(expression: Any, query: SearchQuery) -> SearchHeadline:
    """The whole text, each matched word between START and STOP."""
    return SearchHeadline(
        expression,
        query,
        config="english",
        start_sel=START,
        stop_sel=STOP,
        highlight_all=True,
    )


def _postgres_search(rows: QuerySet[Any], q: str, title: str, body: Any) -> QuerySet[Any]:
    query = SearchQuery(q, config="english", search_type="plain")
    return (
        rows.annotate(search_vector=SearchVector(title, body, config="english"))
        .filter(search_vector=query)
        .annotate(
            search_rank=SearchRank(SearchVector(title, body, config="english"), query),
            title_marked=_headline(title, query),
            body_marked=_headline(body, query),
        )
    )


def _searched(
    rows: QuerySet[Any],
    filters: Filters,
    kind: int,
    title: str,
    body: Any,
    sqlite: dict[int, Marks] | None,
) -> list[tuple[Any, str, str, float]]:
    """The rows that match, each with its marked title and body and its rank."""
    if not filters.q.strip():
        return [(row, "", "", 0.0) for row in rows]
    if sqlite is not None:
        marks = sqlite[kind]
        return [(row, *marks[row.pk]) for row in rows.filter(pk__in=list(marks))]
    return [
        (row, row.title_marked or "", row.body_marked or "", float(row.search_rank))
        for row in _postgres_search(rows, filters.q, title, body)
    ]


# --- What each kind shows ------------------------------------------------------------------


def _weaknesses(filters: Filters) -> QuerySet[SignificantWeakness]:
    rows = SignificantWeakness.objects.select_related("wsoa__inspection__area").prefetch_related(
        Prefetch(
            "verdicts",
            queryset=RevisitVerdict.objects.select_related("revisit").order_by(
                "revisit__visit_start"
            ),
        ),
        "wsoa__revisits",
    )
    if filters.framework == Framework.AREA_2023 or (
        filters.outcome and filters.outcome not in Verdict.values
    ):
        return rows.none()
    if filters.outcome:
        rows = rows.filter(
            pk__in=RevisitVerdict.objects.filter(verdict=filters.outcome).values("weakness")
        )
    if filters.theme:
        rows = rows.filter(theme=filters.theme)
    if filters.region:
        rows = rows.filter(wsoa__inspection__area__region=filters.region)
    if filters.year:
        rows = rows.filter(wsoa__inspection__visit_start__year=filters.year)
    return rows


def _findings(filters: Filters) -> QuerySet[Finding]:
    rows = (
        Finding.objects.filter(kind__in=FRAMEWORK_2_FINDINGS)
        .select_related("inspection__area")
        .prefetch_related(
            Prefetch(
                "monitoring_findings",
                queryset=MonitoringFinding.objects.select_related("monitoring").order_by(
                    "monitoring__visit_start"
                ),
            )
        )
    )
    if filters.framework == Framework.LOCAL_AREA_2016 or filters.outcome in Verdict.values:
        return rows.none()
    if filters.outcome in MonitoringVerdict.values:
        rows = rows.filter(
            pk__in=MonitoringFinding.objects.filter(verdict=filters.outcome).values(
                "priority_action"
            )
        )
    elif filters.outcome:
        rows = rows.filter(inspection__outcome=int(filters.outcome))
    if filters.theme:
        rows = rows.filter(theme=filters.theme)
    if filters.region:
        rows = rows.filter(inspection__area__region=filters.region)
    if filters.year:
        rows = rows.filter(inspection__visit_start__year=filters.year)
    return rows


def _updates(filters: Filters) -> QuerySet[ProgressUpdate]:
    """Public updates only: what anyone may read, whoever asks (the page is cached for all)."""
    rows = ProgressUpdate.objects.public().select_related("area", "weakness", "finding__inspection")
    if filters.framework == Framework.LOCAL_AREA_2016:
        rows = rows.filter(weakness__isnull=False)
    elif filters.framework == Framework.AREA_2023:
        rows = rows.filter(finding__isnull=False)
    if filters.outcome in Verdict.values:
        rows = rows.filter(
            weakness__in=RevisitVerdict.objects.filter(verdict=filters.outcome).values("weakness")
        )
    elif filters.outcome in MonitoringVerdict.values:
        rows = rows.filter(
            finding__in=MonitoringFinding.objects.filter(verdict=filters.outcome).values(
                "priority_action"
            )
        )
    elif filters.outcome:
        rows = rows.filter(finding__inspection__outcome=int(filters.outcome))
    if filters.theme:
        rows = rows.filter(Q(weakness__theme=filters.theme) | Q(finding__theme=filters.theme))
    if filters.region:
        rows = rows.filter(area__region=filters.region)
    if filters.year:
        rows = rows.filter(date__year=filters.year)
    return rows


def _month(day: dt.date | None) -> str:
    return f"{day:%B %Y}" if day else "date not known"


def _weakness_hit(w: SignificantWeakness, title: str, body: str, rank: float) -> Hit:
    verdicts = list(w.verdicts.all())
    if verdicts:
        latest = verdicts[-1]
        year = f" ({latest.revisit.visit_start:%Y} revisit)" if latest.revisit.visit_start else ""
        outcome = f"{latest.get_verdict_display()}{year}"
    else:
        outcome = w.wsoa.without_verdict.tag
    inspection = w.wsoa.inspection
    return Hit(
        kind="Significant weakness",
        label=f"Significant weakness {w.reference}",
        area=inspection.area,
        reference=w.reference,
        title=w.title,
        text=w.text,
        title_html=marked(title or w.title),
        text_html=marked(body or w.text),
        outcome=outcome,
        date=inspection.visit_start,
        date_label=f"Inspected {_month(inspection.visit_start)}",
        theme=w.get_theme_display(),
        url=w.get_absolute_url(),
        rank=rank,
    )


def _finding_hit(f: Finding, title: str, body: str, rank: float) -> Hit:
    inspection = f.inspection
    outcome = (
        f"Outcome {inspection.outcome}: {inspection.get_outcome_display()}"
        if inspection.outcome
        else "Outcome not yet known"
    )
    monitored = list(f.monitoring_findings.all())
    if monitored:
        latest = monitored[-1]
        year = f" ({latest.monitoring.visit_start:%Y})" if latest.monitoring.visit_start else ""
        outcome += f"; monitoring{year}: {latest.get_verdict_display().lower()}"
    day = inspection.published_on or inspection.visit_start
    return Hit(
        kind=f.get_kind_display(),
        label=f"{f.get_kind_display()} {f.number}",
        area=inspection.area,
        reference=f"{f.get_kind_display()} {f.number}",
        title=f.title,
        text=f.text,
        title_html=marked(title or f.title),
        text_html=marked(body or f.text),
        outcome=outcome,
        date=day,
        date_label=(
            f"Report published {inspection.published_on:%-d %B %Y}"
            if inspection.published_on
            else f"Inspected {_month(inspection.visit_start)}"
        ),
        theme=f.get_theme_display(),
        url=f"{inspection.area.get_absolute_url()}#finding-{f.pk}",
        rank=rank,
    )


def _update_hit(u: ProgressUpdate, title: str, body: str, rank: float) -> Hit:
    subject = u.weakness or u.finding
    details = "\n\n".join(part for part in (u.details, u.next_steps) if part.strip())
    url = (
        u.weakness.get_absolute_url()
        if u.weakness
        else f"{u.area.get_absolute_url()}#finding-{u.finding_id}"
    )
    return Hit(
        kind="Progress update",
        label=f"Progress update on {u.subject_reference}",
        area=u.area,
        reference=u.subject_reference,
        title=u.summary,
        text=details,
        title_html=marked(title or u.summary),
        # SQLite's index joins details and next steps with a blank line, as here.
        text_html=marked(body if body.strip() else details),
        outcome=u.get_rag_display(),
        date=u.date,
        date_label=f"Update of {u.date:%-d %B %Y}",
        theme=subject.get_theme_display() if subject else "",
        url=url,
        rank=rank,
    )


def search(filters: Filters) -> list[Group]:
    """Every match, grouped by area: the best-matching area first (by name without words)."""
    if not filters.any:
        return []
    if filters.q.strip() and not terms(filters.q):
        return []  # only words too common to search for
    sqlite = (
        _sqlite_matches(terms(filters.q))
        if (filters.q.strip() and connection.vendor != "postgresql")
        else None
    )
    hits: list[Hit] = []
    for row, title, body, rank in _searched(
        _weaknesses(filters), filters, WEAKNESS, "title", "text", sqlite
    ):
        hits.append(_weakness_hit(row, title, body, rank))
    for row, title, body, rank in _searched(
        _findings(filters), filters, FINDING, "title", "text", sqlite
    ):
        hits.append(_finding_hit(row, title, body, rank))
    for row, title, body, rank in _searched(
        _updates(filters),
        filters,
        UPDATE,
        "summary",
        Concat("details", Value("\n\n"), "next_steps", output_field=TextField()),
        sqlite,
    ):
        hits.append(_update_hit(row, title, body, rank))
    return _grouped(hits)


def _grouped(hits: Iterable[Hit]) -> list[Group]:
    groups: dict[int, Group] = {}
    for hit in hits:
        groups.setdefault(hit.area.pk, Group(hit.area)).hits.append(hit)
    order = {
        "Significant weakness": 0,
        "Area for priority action": 1,
        "Area for improvement": 2,
        "Progress update": 3,
    }
    for group in groups.values():
        group.hits.sort(key=lambda h: (order.get(h.kind, 9), h.date or dt.date.min, h.reference))
    return sorted(
        groups.values(),
        key=lambda g: (-max(h.rank for h in g.hits), g.area.name),
    )


def count(groups: list[Group]) -> int:
    return sum(len(g.hits) for g in groups)
