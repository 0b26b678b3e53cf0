from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from areas.forms import SORTS, AreaFilterForm
from areas.models import Area
from inspections import history
from inspections.models import Finding, FindingKind, SignificantWeakness
from progress.views import Subject, updates_context, visible_updates_by_subject


@dataclass
class AreaRow:
    area: Area
    framework_1: history.Status
    framework_2: history.Status
    expected: history.Expected | None

    @classmethod
    def of(cls, area: Area) -> AreaRow:
        return cls(
            area=area,
            framework_1=history.framework_1_status(area),
            framework_2=history.framework_2_status(area),
            expected=history.next_expected_event(area),
        )

    def sort_key(self, column: str):
        far = dt.date.max
        return {
            "name": self.area.name,
            "region": (self.area.get_region_display(), self.area.name),
            "framework-1": (self.framework_1.label, self.area.name),
            "framework-2": (self.framework_2.label, self.area.name),
            "next": ((self.expected.date or far) if self.expected else far, self.area.name),
        }[column]


def filter_rows(form: AreaFilterForm) -> list[AreaRow]:
    areas = Area.objects.current()
    data = form.cleaned_data
    if data["q"]:
        areas = areas.filter(
            Q(name__icontains=data["q"]) | Q(code=data["q"]) | Q(ons_code__iexact=data["q"])
        )
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
    rows = [AreaRow.of(area) for area in history.with_history(areas)]
    if data["status"]:
        rows = [r for r in rows if data["status"] in (r.framework_1.key, r.framework_2.key)]
    if data["outcome"]:
        rows = [r for r in rows if r.framework_2.key == f"outcome-{data['outcome']}"]
    sort = data["sort"] or "name"
    rows.sort(key=lambda r: r.sort_key(sort.lstrip("-")), reverse=sort.startswith("-"))
    return rows


@require_GET
@vary_on_headers("HX-Request")
def area_list(request: HttpRequest) -> HttpResponse:
    form = AreaFilterForm(request.GET or None)
    if not form.is_bound:
        form = AreaFilterForm({})
    rows = filter_rows(form) if form.is_valid() else []
    sort = form.cleaned_data.get("sort") or "name" if form.is_valid() else "name"
    params = request.GET.copy()
    columns = []
    for key, label in SORTS.items():
        params["sort"] = f"-{key}" if sort == key else key
        direction = "ascending" if sort == key else "descending" if sort == f"-{key}" else "none"
        columns.append(
            {"key": key, "label": label, "query": params.urlencode(), "aria_sort": direction}
        )
    template = "areas/area_list.html"
    if request.htmx:
        template += "#results"
    return render(
        request,
        template,
        {
            "form": form,
            "rows": rows,
            "columns": columns,
            "nav": "areas",
            "total": Area.objects.current().count(),
        },
    )


@require_GET
def area_detail(request: HttpRequest, slug: str) -> HttpResponse:
    area = get_object_or_404(history.with_full_history(Area.objects.all()), slug=slug)
    updates = visible_updates_by_subject(request, area)
    weaknesses = [
        (weakness, history.weakness_verdict(weakness), updates.get((weakness.pk, None), [None])[0])
        for inspection in area.inspections.all()
        if (wsoa := getattr(inspection, "written_statement", None))
        for weakness in wsoa.weaknesses.all()
    ]
    latest_full = history.latest_full_inspection(area)
    findings = [
        {
            "finding": finding,
            **updates_context(
                request, Subject(area, finding=finding), updates.get((None, finding.pk), [])
            ),
        }
        for finding in (latest_full.findings.all() if latest_full else [])
        if finding.kind in (FindingKind.PRIORITY_ACTION, FindingKind.IMPROVEMENT)
    ]
    return render(
        request,
        "areas/area_detail.html",
        {
            "area": area,
            "nav": "areas",
            "status": history.current_status(area),
            "expected": history.next_expected_event(area),
            "events": history.timeline(area),
            "weaknesses": weaknesses,
            "findings": findings,
            "latest_full": latest_full,
            "wsoas": [
                i.written_statement
                for i in area.inspections.all()
                if getattr(i, "written_statement", None)
            ],
        },
    )
