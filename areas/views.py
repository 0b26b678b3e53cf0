from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from areas.models import Area


@require_GET
def area_list(request: HttpRequest) -> HttpResponse:
    return render(request, "areas/area_list.html", {"areas": Area.objects.current()})


@require_GET
def area_detail(request: HttpRequest, slug: str) -> HttpResponse:
    area = get_object_or_404(Area, slug=slug)
    return render(request, "areas/area_detail.html", {"area": area})
