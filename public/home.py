"""The home page: where every area stands, the map, and the latest letters and decisions."""

from collections import Counter

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from areas.hexmap import CATEGORIES
from areas.models import Area
from areas.statuses import STATUSES
from inspections.models import Decision, Inspection
from public.area_rows import AreaRow, map_of


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    rows = [AreaRow.of(area) for area in Area.objects.current()]
    areas = [row.area for row in rows]
    framework_1 = Counter(row.framework_1.key for row in rows)
    # Counted as the map draws them: an outcome with a DfE notice counts with its outcome.
    framework_2 = Counter(row.area.map_status.key for row in rows)
    latest_letters = (
        Inspection.objects.filter(published_on__isnull=False)
        .select_related("area")
        .order_by("-published_on", "area__name")[:8]
    )
    # Newest first; decisions of the same day in a fixed order, so the list never shuffles.
    latest_decisions = Decision.objects.select_related("area").order_by(
        "-decided_on", "area__name", "kind"
    )[:5]
    return render(
        request,
        "public/home.html",
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
