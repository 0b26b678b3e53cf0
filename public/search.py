"""/search/: every finding and public progress update, searched by their words, and its CSV."""

from __future__ import annotations

import csv
import io
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import push_url

from inspections.spreadsheet_cells import shown_not_run
from progress.requests import HtmxRequest
from public.finding_search import Filters, Group, count, search
from public.forms import FindingSearchForm

CSV_COLUMNS = (
    "area",
    "region",
    "kind",
    "reference",
    "title",
    "text",
    "outcome_or_verdict",
    "date",
    "theme",
    "address",
)


def _results(request: HtmxRequest) -> tuple[FindingSearchForm, Filters, list[Group]]:
    form = FindingSearchForm(request.GET or None)
    if not form.is_valid():
        return form, Filters(), []
    data = form.cleaned_data
    filters = Filters(
        q=data["q"].strip(),
        framework=data["framework"],
        outcome=data["outcome"],
        theme=data["theme"],
        region=data["region"],
        year=data["year"],
    )
    return form, filters, search(filters)


@require_safe
@vary_on_headers("HX-Request")
def search_page(request: HtmxRequest) -> HttpResponse:
    form, filters, groups = _results(request)
    # A history restore (the Back button) needs the whole page, not the fragment.
    fragment = request.htmx and not request.htmx.history_restore_request
    # The address to share holds only the filters set, not every empty one the form sent.
    query = urlencode(
        [(key, value) for key in request.GET for value in request.GET.getlist(key) if value.strip()]
    )
    context = {
        "form": form,
        "filters": filters,
        "groups": groups,
        "total": count(groups),
        "nav": "search",
        "csv_url": reverse("public:search_csv") + (f"?{query}" if query else ""),
        "more_filters_open": any(
            [filters.framework, filters.outcome, filters.theme, filters.region, filters.year]
        ),
    }
    response = render(request, "public/search.html" + ("#results" if fragment else ""), context)
    if fragment:
        return push_url(response, reverse("public:search") + (f"?{query}" if query else ""))
    return response


def _cell(value: object) -> str:
    return shown_not_run("" if value is None else str(value))


@require_safe
def search_csv(request: HtmxRequest) -> HttpResponse:
    _, _, groups = _results(request)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for group in groups:
        for hit in group.hits:
            writer.writerow(
                [
                    _cell(value)
                    for value in (
                        hit.area.name,
                        hit.area.get_region_display(),
                        hit.kind,
                        hit.reference,
                        hit.title,
                        hit.text,
                        hit.outcome,
                        hit.date.isoformat() if hit.date else "",
                        hit.theme,
                        settings.SITE_URL + hit.url,
                    )
                ]
            )
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="finding-search.csv"'
    return response
