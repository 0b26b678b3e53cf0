"""The area list, an area's page, /compare/ and reporting a mistake."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe
from django.views.decorators.vary import vary_on_headers

from areas.models import Area, MistakeReport
from areas.statuses import StatusKey
from inspections import history, status
from inspections.models import FRAMEWORK_2_FINDINGS, FindingKind, SourceKind, Theme
from inspections.runs_to import data_runs_to
from progress.permissions import can_change_progress, can_log_progress
from progress.requests import HtmxRequest
from progress.subjects import (
    Subject,
    latest_visible_update_by_weakness,
    updates_context,
    visible_updates_by_finding,
)
from public.area_rows import AreaRow, filter_rows, map_of
from public.forms import SORTS, STATUS_CHOICES, AreaFilterForm, MistakeReportForm
from public.reports import TOO_MANY, over_report_limit


@require_safe
@vary_on_headers("HX-Request")
def area_list(request: HtmxRequest) -> HttpResponse:
    form = AreaFilterForm(request.GET or {})
    rows, place = filter_rows(form) if form.is_valid() else ([], None)
    sort = (form.cleaned_data.get("sort") if form.is_valid() else None) or "name"
    if request.GET.get("from") == "home" and len(rows) == 1:
        # The search box on / found exactly one area: say how, if by a town or postcode.
        for located in place.found if place else []:
            messages.info(request, located.sentence)
        return redirect(rows[0].area)
    params = request.GET.copy()
    params.pop("from", None)
    columns = []
    for key, label in SORTS.items():
        params["sort"] = f"-{key}" if sort == key else key
        direction = "ascending" if sort == key else "descending" if sort == f"-{key}" else "none"
        columns.append(
            {"key": key, "label": label, "query": params.urlencode(), "aria_sort": direction}
        )
    # A history restore (the Back button) needs the whole page, not the fragment.
    fragment = request.htmx and not request.htmx.history_restore_request
    filtered = form.is_valid() and any(
        form.cleaned_data[name] for name in ("q", "region", "status", "outcome", "theme")
    )
    # Filters beyond the search box: only they can be "fewer".
    narrowed = filtered and any(
        form.cleaned_data[name] for name in ("region", "status", "outcome", "theme")
    )
    every_row = (
        list(map(AreaRow.of, Area.objects.current()))
        if filtered or not form.is_valid()
        else rows  # unfiltered: the rows already are every current area
    )
    context = {
        "form": form,
        "rows": rows,
        "columns": columns,
        "sort": sort,
        "nav": "areas",
        "total": Area.objects.current().count(),
        "place": place,
        "more_filters_open": narrowed,
        "narrowed": narrowed,
        # The map shows every area, those the filters leave out faded.
        "hex_map": map_of(every_row, {row.area.pk for row in rows} if filtered else None),
        "map_caption": "Areas the filters leave out are faded." if filtered else "",
    }
    if not fragment:
        # Offer only the statuses some area has now; any status is still a valid address.
        present = {key for row in every_row for key in (row.framework_1.key, row.framework_2.key)}
        context["status_choices"] = [
            (value, label)
            for value, label in STATUS_CHOICES
            if not value or value in present or value == form["status"].value()
        ]
    return render(request, "public/area_list.html" + ("#results" if fragment else ""), context)


# An area page shows its recent history; `?history=all` shows all of it. No area's real
# history is longer than this yet (at most 11 events and one WSOA), but years of it will be.
RECENT_EVENTS = 12
RECENT_WSOAS = 2
# Sources that are Ofsted's own publications, not pages quoting them.
OFSTEDS_OWN = {
    SourceKind.LETTER,
    SourceKind.STATISTICS,
    SourceKind.MANAGEMENT_INFORMATION,
    SourceKind.REPORT_INDEX,
}


@require_safe
def area_detail(request: HttpRequest, slug: str) -> HttpResponse:
    # Where the area stands is read as stored; of its history, only what the page shows is
    # fetched in full (the sources, verdicts and findings of its recent events and WSOAs).
    area = get_object_or_404(status.with_records(Area.objects.all()), slug=slug)
    whole = request.GET.get("history") == "all"
    every_wsoa = [
        i.written_statement for i in area.inspections.all() if getattr(i, "written_statement", None)
    ]
    wsoas = every_wsoa if whole else every_wsoa[-RECENT_WSOAS:]
    latest_full = status.latest_full_inspection(area)
    prefetch_related_objects([latest_full] if latest_full else [], "findings")
    # What DfE and NHS England did after the latest 2023-framework outcome, if anything.
    step_after_outcome = status.step_after(area, latest_full) if latest_full else None
    prefetch_related_objects(
        wsoas,
        Prefetch("weaknesses", queryset=history.weaknesses_in_order()),
        history.weakness_verdicts("weaknesses__"),
        "revisits",
    )
    shown_findings = [
        finding
        for finding in (latest_full.findings.all() if latest_full else [])
        if finding.kind in (FindingKind.PRIORITY_ACTION, FindingKind.IMPROVEMENT)
    ]
    # What monitoring inspections found on each area for priority action: fetched only where
    # one is recorded after the report (no query otherwise).
    monitored = status.monitoring_after(area, latest_full) if latest_full else None
    priority_actions = [f for f in shown_findings if f.kind == FindingKind.PRIORITY_ACTION]
    monitoring_summary = ""
    if monitored is not None:
        prefetch_related_objects(priority_actions, history.monitoring_of())
        monitoring_summary = history.monitoring_summary(monitored, priority_actions)
    shown_weaknesses = [weakness for wsoa in wsoas for weakness in wsoa.weaknesses.all()]
    latest = latest_visible_update_by_weakness(request, [w.pk for w in shown_weaknesses])
    weaknesses = [
        (weakness, history.weakness_verdict(weakness), latest.get(weakness.pk))
        for weakness in shown_weaknesses
    ]
    # Where a revisit judged a plan but only its count is held, say so under its table.
    unjudged = {weakness.wsoa_id for weakness, verdict, _ in weaknesses if verdict is None}
    verdict_notes = {
        wsoa.pk: note.words
        for wsoa in wsoas
        if wsoa.pk in unjudged and (note := wsoa.without_verdict).judged
    }
    updates = visible_updates_by_finding(request, area, findings=[f.pk for f in shown_findings])
    findings = [
        {
            "finding": finding,
            "monitoring": list(finding.monitoring_findings.all())
            if monitored is not None and finding in priority_actions
            else [],
            **updates_context(request, Subject(area, finding=finding), updates.get(finding.pk, [])),
        }
        for finding in sorted(
            shown_findings, key=lambda f: (f.kind != FindingKind.PRIORITY_ACTION, f.number)
        )
    ]
    predecessors = list(area.predecessors.all())
    not_inspected = [
        p for p in predecessors if p.current_status.key == StatusKey.FORMER_NOT_INSPECTED
    ]
    expected = area.next_expected(data_runs_to())
    events = history.timeline(area, expected, recent=None if whole else RECENT_EVENTS)
    # Their sources come with the timeline's when they are among the events shown.
    prefetch_related_objects([step_after_outcome] if step_after_outcome else [], "sources")
    outcome_sources = None
    if latest_full and latest_full.outcome_basis:
        # An outcome taken from public pages: the pages, not Ofsted's table of outcomes.
        prefetch_related_objects([latest_full], "sources")
        outcome_sources = [s for s in latest_full.sources.all() if s.kind not in OFSTEDS_OWN]
    earlier_events = [] if whole else events[: max(len(events) - RECENT_EVENTS, 0)]
    return render(
        request,
        "public/area_detail.html",
        {
            "area": area,
            "neighbours": neighbours_of(area),
            "nav": "areas",
            "status": area.current_status,
            "expected": expected,
            "events": events[len(earlier_events) :],
            "earlier_events": earlier_events,
            "earlier_wsoas": every_wsoa[: len(every_wsoa) - len(wsoas)],
            "whole_history": whole,
            "weaknesses": weaknesses,
            "findings": findings,
            "can_change": can_change_progress(request.user, area),  # for the findings' updates
            "can_log": can_log_progress(request.user, area),  # for the weaknesses' add links
            "latest_full": latest_full,
            "predecessors": {
                "all": predecessors,
                "inspected": [p for p in predecessors if p not in not_inspected],
                "not_inspected": not_inspected,
            },
            "step_after_outcome": step_after_outcome,
            "outcome_sources": outcome_sources,
            "monitoring_summary": monitoring_summary,
            "wsoas": wsoas,
            "wsoa_rows": [(wsoa, verdict_notes.get(wsoa.pk, "")) for wsoa in wsoas],
        },
    )


def neighbours_of(area: Area) -> list[AreaRow]:
    """The area's statistical neighbours, closest first, each with where it stands."""
    codes = area.statistical_neighbours
    found = {a.code: a for a in Area.objects.filter(code__in=codes)}
    return [AreaRow.of(found[code]) for code in codes if code in found]


COMPARE_MAX = 4


@dataclass
class Comparison:
    """One area's column on /compare/: where it stands, and its findings by theme."""

    row: AreaRow
    latest_full: object
    latest_initial: object
    revisit: object
    weaknesses: int
    reported_weaknesses: int | None
    themes: list[tuple[str, int, int]]  # (theme label, weaknesses, 2023 findings)


def compare_one(area: Area) -> Comparison:
    initial, revisit = status.latest_framework_1(area)
    wsoas = [
        i.written_statement for i in area.inspections.all() if getattr(i, "written_statement", None)
    ]
    weaknesses = [w for wsoa in wsoas for w in wsoa.weaknesses.all()]
    full = status.latest_full_inspection(area)
    findings = [f for f in (full.findings.all() if full else []) if f.kind in FRAMEWORK_2_FINDINGS]
    labels = dict(Theme.choices)
    themes = sorted(
        {w.theme for w in weaknesses} | {f.theme for f in findings if f.theme},
        key=lambda t: labels[t],
    )
    return Comparison(
        row=AreaRow.of(area),
        latest_full=full,
        latest_initial=initial,
        revisit=revisit,
        weaknesses=len(weaknesses),
        reported_weaknesses=sum(w.reported_weakness_count or 0 for w in wsoas) or None,
        themes=[
            (
                labels[t],
                sum(w.theme == t for w in weaknesses),
                sum(f.theme == t for f in findings),
            )
            for t in themes
        ],
    )


@require_safe
def compare(request: HttpRequest) -> HttpResponse:
    """Up to four areas side by side: /compare/?areas=luton,central-bedfordshire."""
    slugs: list[str] = []
    for value in request.GET.getlist("areas"):
        for slug in value.split(","):
            if slug.strip() and slug.strip() not in slugs:
                slugs.append(slug.strip())
    error = ""
    if len(slugs) > COMPARE_MAX:
        error = f"Compare up to {COMPARE_MAX} areas at a time: the first {COMPARE_MAX} are shown."
        slugs = slugs[:COMPARE_MAX]
    found = {
        a.slug: a
        for a in status.with_history(Area.objects.filter(slug__in=slugs)).prefetch_related(
            "inspections__findings"
        )
    }
    unknown = [slug for slug in slugs if slug not in found]
    if unknown:
        error = " ".join(
            filter(None, [error, f"No local area has the address “{', '.join(unknown)}”."])
        )
    chosen = [found[slug] for slug in slugs if slug in found]
    return render(
        request,
        "public/compare.html",
        {
            "nav": "areas",
            "columns": [compare_one(area) for area in chosen],
            "chosen": chosen,
            "choices": Area.objects.current().order_by("name").only("slug", "name"),
            "error": error,
            "slots": range(max(COMPARE_MAX - len(chosen), 0)),
        },
    )


@require_http_methods(["GET", "POST"])
def report_mistake(request: HttpRequest, slug: str) -> HttpResponse:
    """A short form for telling the editors that something on an area's page is wrong."""
    area = get_object_or_404(Area, slug=slug)
    form = MistakeReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if over_report_limit(request):
            form.add_error(None, TOO_MANY)
        else:
            MistakeReport.objects.create(
                area=area,
                what_is_wrong=form.cleaned_data["what_is_wrong"],
                email=form.cleaned_data["email"],
                page=area.get_absolute_url(),
            )
            messages.success(request, "Thank you: the tracker's editors will check what you sent.")
            return redirect(area)
    return render(
        request,
        "public/report_mistake.html",
        {"area": area, "form": form, "nav": "areas"},
        status=400 if form.errors else 200,
    )
