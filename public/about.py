"""About the data (its sources, limits and theme rules), and the glossary."""

import datetime as dt
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from areas.models import Area
from inspections.glossary import glossary_sections
from inspections.models import Inspection, Source, SourceKind, Theme
from inspections.sources import OFSTED_REPORTS_URL, OGL_URL, STATISTICS_TITLE, STATISTICS_URL
from inspections.theme_rules import THEME_WORDS
from public.theme_counts import coverage

SUPPORT_AND_CHALLENGE_URL = (
    "https://www.gov.uk/government/publications/area-send-inspections-support-and-challenge-"
    "following-inspection/area-send-inspections-support-and-challenge-following-inspection"
)

SOURCE_HEADINGS = {
    SourceKind.COUNCIL_PAGE: "Council web pages",
    SourceKind.NEWS_ARTICLE: "News articles",
    SourceKind.PARLIAMENT: "The parliamentary record",
    SourceKind.OTHER: "Other web pages",
}


@dataclass(frozen=True)
class CitedSource:
    source: Source
    areas: list[Area]


def _cited(source: Source) -> CitedSource:
    areas = {inspection.area for inspection in source.inspections.all()}
    areas |= {decision.area for decision in source.decisions.all()}
    return CitedSource(source, sorted(areas, key=lambda area: area.name))


@require_safe
def about(request: HttpRequest) -> HttpResponse:
    sources = Source.objects.prefetch_related("inspections__area", "decisions__area")
    letters: list[CitedSource] = []
    statistics: Source | None = None
    # Several records cite the same page under different titles: list each address once.
    web: dict[str, CitedSource] = {}
    offline: list[CitedSource] = []
    for source in sorted(sources, key=lambda s: (s.published_on or dt.date.max, s.title)):
        if source.kind == SourceKind.LETTER:
            letters.append(_cited(source))
        elif source.kind == SourceKind.STATISTICS:
            if source.title == STATISTICS_TITLE:  # the table, not its notes sheet
                statistics = source
        elif source.kind in SOURCE_HEADINGS and source.url:
            web.setdefault(source.url, _cited(source))
        elif source.kind in SOURCE_HEADINGS:
            offline.append(_cited(source))
    web_sources = [
        (heading, sorted(cited, key=lambda c: c.source.title.lower()))
        for kind, heading in SOURCE_HEADINGS.items()
        if (cited := [c for c in web.values() if c.source.kind == kind])
    ]
    return render(
        request,
        "public/about.html",
        {
            "area_count": Area.objects.current().count(),
            "framework_1_count": Inspection.objects.framework_1().initial().count(),
            "framework_2_count": Inspection.objects.framework_2().full().count(),
            "letters": letters,
            "statistics": statistics,
            "statistics_url": statistics.url if statistics and statistics.url else STATISTICS_URL,
            "web_sources": web_sources,
            "offline_sources": offline,
            "coverage": coverage(),
            "ofsted_reports_url": OFSTED_REPORTS_URL,
            "support_and_challenge_url": SUPPORT_AND_CHALLENGE_URL,
            "ogl_url": OGL_URL,
            "theme_rules": [(Theme(theme).label, words) for theme, words in THEME_WORDS.items()],
        },
    )


@require_safe
def glossary(request: HttpRequest) -> HttpResponse:
    return render(
        request, "public/glossary.html", {"nav": "glossary", "sections": glossary_sections()}
    )
