"""/feedback/: the beta banner's link, on every page. Kept with the mistake reports."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from areas.models import MistakeReport
from public.forms import FeedbackForm, local_path
from public.reports import TOO_MANY, over_report_limit


@require_http_methods(["GET", "POST"])
def feedback(request: HttpRequest) -> HttpResponse:
    """Feedback about the site, or about one area, with the page it was sent from."""
    if request.method == "POST":
        form = FeedbackForm(request.POST)
    else:
        came_from = local_path(request.GET.get("from", ""))
        # From an area's pages, that area is chosen to start with.
        slug = came_from.split("/")[2] if came_from.startswith("/areas/") else ""
        form = FeedbackForm(initial={"page": came_from, "area": slug})
    if request.method == "POST" and form.is_valid():
        if over_report_limit(request):
            form.add_error(None, TOO_MANY)
        else:
            MistakeReport.objects.create(
                area=form.cleaned_data["area"],
                what_is_wrong=form.cleaned_data["what_is_wrong"],
                email=form.cleaned_data["email"],
                page=form.cleaned_data["page"],
            )
            return redirect("public:feedback_sent")
    return render(
        request, "public/feedback.html", {"form": form}, status=400 if form.errors else 200
    )


@require_safe
def feedback_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "public/feedback_sent.html")
