"""/data/: the CSV files, their data dictionary, and the files themselves."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from inspections.sources import OGL_URL
from opendata.files import FILES, FILES_BY_NAME

ATTRIBUTION = "Contains public sector information licensed under the Open Government Licence v3.0."


@require_safe
def data(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "opendata/data.html",
        {"files": FILES, "attribution": ATTRIBUTION, "ogl_url": OGL_URL},
    )


@require_safe
def dictionary(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "opendata/dictionary.html",
        {"files": FILES, "attribution": ATTRIBUTION, "ogl_url": OGL_URL},
    )


@require_safe
def download(request: HttpRequest, name: str) -> StreamingHttpResponse:
    data_file = FILES_BY_NAME.get(name)
    if data_file is None:
        raise Http404("No such file")
    response = StreamingHttpResponse(
        (line.encode("utf-8") for line in data_file.lines()),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{data_file.filename}"'
    return response
