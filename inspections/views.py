from collections import Counter

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from areas.hexmap import CATEGORIES
from areas.models import Area
from areas.statuses import STATUSES
from areas.views import AreaRow, map_of
from inspections.models import Decision, Inspection, RevisitVerdict, SignificantWeakness
from progress.subjects import Subject, updates_context


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    rows = [AreaRow.of(area) for area in Area.objects.current()]
    areas = [row.area for row in rows]
    framework_1 = Counter(row.framework_1.key for row in rows)
    framework_2 = Counter(row.framework_2.key for row in rows)
    latest_letters = (
        Inspection.objects.filter(published_on__isnull=False)
        .select_related("area")
        .order_by("-published_on", "area__name")[:8]
    )
    latest_decisions = Decision.objects.select_related("area").order_by("-decided_on")[:5]
    return render(
        request,
        "inspections/home.html",
        {
            "framework_2_counts": [
                (status, framework_2[status.key]) for status in CATEGORIES.values()
            ],
            "framework_1_counts": [
                (status, framework_1[status.key])
                for key, status in STATUSES.items()
                if framework_1[key]
            ],
            "area_count": len(areas),
            "hex_map": map_of(rows),
            "latest_letters": latest_letters,
            "latest_decisions": latest_decisions,
        },
    )


@require_safe
@vary_on_headers("HX-Request")
def weakness_detail(request: HttpRequest, reference: str) -> HttpResponse:
    weakness = get_object_or_404(
        SignificantWeakness.objects.select_related("wsoa__inspection__area", "source"),
        reference=reference,
    )
    verdicts = (
        RevisitVerdict.objects.filter(weakness=weakness)
        .select_related("revisit")
        .order_by("revisit__visit_start")
    )
    area = weakness.wsoa.inspection.area
    followed = {
        "decisions": Decision.objects.filter(wsoa=weakness.wsoa).order_by("decided_on"),
        "inspections": area.inspections.filter(framework="2023").order_by("visit_start"),
    }
    template = "inspections/weakness_detail.html"
    if request.htmx:
        template += "#finding"
    progress = updates_context(request, Subject(area, weakness=weakness))
    return render(
        request,
        template,
        {
            "weakness": weakness,
            "verdicts": verdicts,
            "area": area,
            "nav": "areas",
            **followed,
            **progress,
            "rag_journey": sorted(progress["updates"], key=lambda u: (u.date, u.created_at)),
        },
    )
