"""One weakness's page: the finding, the inspectors' verdicts and what followed."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from inspections.models import Decision, RevisitVerdict, SignificantWeakness
from progress.requests import HtmxRequest
from progress.subjects import Subject, updates_context


@require_safe
@vary_on_headers("HX-Request")
def weakness_detail(request: HtmxRequest, reference: str) -> HttpResponse:
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
    template = "public/weakness_detail.html"
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
