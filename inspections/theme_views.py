from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def themes(request: HttpRequest) -> HttpResponse:
    return render(request, "inspections/themes.html", {"nav": "themes"})


@require_GET
def about(request: HttpRequest) -> HttpResponse:
    return render(request, "about/about.html", {})


@require_GET
def glossary(request: HttpRequest) -> HttpResponse:
    return render(request, "about/glossary.html", {"nav": "glossary"})
