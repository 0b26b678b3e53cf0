from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from inspections.models import SignificantWeakness


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "inspections/home.html", {})


@require_GET
def weakness_detail(request: HttpRequest, reference: str) -> HttpResponse:
    weakness = get_object_or_404(SignificantWeakness, reference=reference)
    return render(request, "inspections/weakness_detail.html", {"weakness": weakness})
