"""/themes/: every finding held, by theme, nationally."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from public.theme_counts import coverage, theme_counts, themes_chart


@require_safe
def themes(request: HttpRequest) -> HttpResponse:
    counts = theme_counts()
    return render(
        request,
        "public/themes.html",
        {
            "nav": "themes",
            "counts": counts,
            "chart": themes_chart(counts),
            "weakness_total": sum(count.weaknesses for count in counts),
            "priority_action_total": sum(count.priority_actions for count in counts),
            "improvement_total": sum(count.improvements for count in counts),
            "finding_total": sum(count.total for count in counts),
            "coverage": coverage(),
        },
    )
