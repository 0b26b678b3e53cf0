"""Officers log progress in place (HTMX inline forms, plain forms without JavaScript)."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import reswap, retarget

from areas.models import Area
from inspections import status
from inspections.runs_to import data_runs_to
from inspections.spreadsheet_cells import shown_not_run
from progress.forms import ForumResponseForm, ProgressUpdateForm
from progress.items import area_items, awaiting_response, includes_internal
from progress.models import (
    STALE_AFTER,
    Membership,
    ProgressUpdate,
    Rag,
    Visibility,
    sees_every_update,
)
from progress.permissions import (
    can_change_progress,
    can_log_progress,
    can_read_history,
    can_restore,
    reads_every_version,
    require_change,
    require_forum,
    require_officer,
)
from progress.requests import HtmxRequest, SignedInRequest
from progress.subjects import Subject, subject_for, updates_context


def _render_updates(request: HtmxRequest, subject: Subject, notice: str = "") -> HttpResponse:
    """After a write: HTMX gets the refreshed list swapped over the old, with the latest rating
    out of band; others go back to the item's page."""
    if request.htmx:
        context = {**updates_context(request, subject), "notice": notice}
        context["rag_journey"] = sorted(context["updates"], key=lambda u: (u.date, u.created_at))
        response = render(request, "progress/includes/updates_swap.html", context)
        return reswap(retarget(response, f"#updates-{subject.key}"), "outerHTML")
    if notice:  # shown at the top of the item's updates on its page
        messages.success(request, notice, extra_tags=f"updates-{subject.key}")
    return redirect(subject.url)


@require_safe
def list_updates(request: HtmxRequest, kind: str, key: str) -> HttpResponse:
    """The updates fragment on its own: what Cancel swaps back in over an open form."""
    return _render_updates(request, subject_for(kind, key))


def _form_response(
    request: HtmxRequest,
    form: ProgressUpdateForm,
    subject: Subject,
    action: str,
    update: ProgressUpdate | None = None,
) -> HttpResponse:
    context = {"form": form, "subject": subject, "action": action, "update": update}
    template = "progress/update_form.html"
    if request.htmx:
        template += "#form"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def add_update(request: SignedInRequest, kind: str, key: str) -> HttpResponse:
    subject = subject_for(kind, key)
    require_officer(request.user, subject.area)
    # Ids of the subject's own, so that two forms open in place on one page never share one.
    form = ProgressUpdateForm(
        request.POST or None,
        initial={"date": timezone.localdate()},
        auto_id=f"new-{subject.key}-%s",
    )
    if request.method == "POST":
        form.instance.area = subject.area
        form.instance.weakness, form.instance.finding = subject.weakness, subject.finding
        form.instance.author = request.user
        if form.is_valid() and form.save_new():
            return _render_updates(request, subject, "Your update has been saved.")
    return _form_response(request, form, subject, request.path)


@login_required
@require_http_methods(["GET", "POST"])
def edit_update(request: SignedInRequest, pk: int) -> HttpResponse:
    update = get_object_or_404(ProgressUpdate, pk=pk)
    if not can_change_progress(request.user, update.area):
        # An update someone may not even read (another area's internal one) does not exist
        # for them: 404, as for a number no update has, so the answer tells nothing.
        if not ProgressUpdate.objects.visible_to(request.user).filter(pk=pk).exists():
            raise Http404("No such update.")
        require_change(request.user, update.area)
    if update.is_withdrawn and request.method == "GET":
        raise Http404("This update has been withdrawn.")
    # A save of an update withdrawn since its form was opened shows the form again, with
    # what was typed and why nothing was saved (ProgressUpdateForm.save_changes).
    subject = Subject.of_update(update)
    form = ProgressUpdateForm(request.POST or None, instance=update, auto_id=f"update-{pk}-%s")
    if request.method == "POST" and form.is_valid() and form.save_changes():
        return _render_updates(request, subject, "Your changes have been saved.")
    return _form_response(request, form, subject, request.path, update)


@login_required
@require_http_methods(["GET", "POST"])
def withdraw_update(request: SignedInRequest, pk: int) -> HttpResponse:
    """GET asks first (a page, or in place with HTMX), showing the update as it is and carrying
    its version; POST withdraws it only if nobody has saved it since the question was asked."""
    visible = ProgressUpdate.objects.visible_to(request.user)
    if request.method == "GET":
        update = get_object_or_404(visible, pk=pk)
        require_change(request.user, update.area)
        return _withdraw_question(request, update)
    with transaction.atomic():
        update = get_object_or_404(visible.select_for_update(), pk=pk)
        require_change(request.user, update.area)
        asked_at = request.POST.get("version", "")
        if asked_at and asked_at != str(update.version):
            # Changed since the officer read it: show what it says now and ask again.
            return _withdraw_question(request, update, changed=True)
        update.withdrawn_at, update.withdrawn_by = timezone.now(), request.user
        update.save(update_fields=["withdrawn_at", "withdrawn_by", "updated_at"])
    notice = "The update was withdrawn: it is hidden and kept, and an admin can restore it."
    return _render_updates(request, Subject.of_update(update), notice)


def _withdraw_question(
    request: SignedInRequest, update: ProgressUpdate, *, changed: bool = False
) -> HttpResponse:
    template = "progress/withdraw_confirm.html" + ("#confirm" if request.htmx else "")
    context = {
        "update": update,
        "subject": Subject.of_update(update),
        "action": request.path,
        "changed": changed,
    }
    # htmx swaps only successful answers: in place, the question is simply asked again.
    status = 409 if changed and not request.htmx else 200
    return render(request, template, context, status=status)


@login_required
@require_POST
def restore_update(request: SignedInRequest, pk: int) -> HttpResponse:
    with transaction.atomic():
        locked = ProgressUpdate.objects.select_for_update()
        update = get_object_or_404(locked, pk=pk, withdrawn_at__isnull=False)
        if not can_restore(request.user):
            if not can_change_progress(request.user, update.area):
                raise Http404("No such update.")  # nor any sign that one was withdrawn
            raise PermissionDenied("Only admins can restore a withdrawn update.")
        update.withdrawn_at, update.withdrawn_by = None, None
        update.save(update_fields=["withdrawn_at", "withdrawn_by", "updated_at"])
    return _render_updates(request, Subject.of_update(update))


@login_required
@require_http_methods(["GET", "POST"])
def respond(request: SignedInRequest, pk: int) -> HttpResponse:
    update = get_object_or_404(ProgressUpdate.objects.public(), pk=pk)
    require_forum(request.user, update)
    subject = Subject.of_update(update)
    form = ForumResponseForm(request.POST or None, auto_id=f"response-to-{pk}-%s")
    if request.method == "POST":
        form.instance.update, form.instance.author = update, request.user
        if form.is_valid():
            form.save()
            return _render_updates(request, subject, "The forum's response has been published.")
    context = {"form": form, "subject": subject, "update": update, "action": request.path}
    template = "progress/response_form.html" + ("#form" if request.htmx else "")
    return render(request, template, context)


@require_safe
@login_required
def update_history(request: SignedInRequest, pk: int) -> HttpResponse:
    update = get_object_or_404(ProgressUpdate.objects.select_related("area"), pk=pk)
    if not can_read_history(request.user, update):
        raise Http404("No such update.")
    records = update.history.select_related("history_user").order_by("history_date")
    every_version = reads_every_version(request.user, update.area)
    if not every_version:
        # What was written while the update was internal (a child's name, later taken out)
        # stays with the officers, as do their names.
        records = records.filter(visibility=Visibility.PUBLIC, withdrawn_at__isnull=True)
    return render(
        request,
        "progress/update_history.html",
        {
            "update": update,
            "records": records,
            "every_version": every_version,
            "council": update.area.council_name or f"{update.area.name} council",
            "subject": Subject.of_update(update),
            "nav": "areas",
        },
    )


@login_required
@require_safe
def dashboard(request: SignedInRequest) -> HttpResponse:
    user = request.user
    every_area = sees_every_update(user)
    if every_area:
        followed = (
            Area.objects.current()
            .filter(Q(memberships__isnull=False) | Q(progress_updates__isnull=False))
            .distinct()
        )
    else:
        followed = Area.objects.filter(memberships__user=user).distinct()
    areas = list(status.with_history(followed))
    open_items = [item for item in area_items(user, areas) if item.is_open]
    stale_before = timezone.localdate() - STALE_AFTER
    stale = [item for item in open_items if not item.latest or item.latest.date < stale_before]
    rag_counts = [
        (rag, sum(1 for item in open_items if item.latest and item.latest.rag == rag))
        for rag in Rag
    ]
    roles: dict[int, list[str]] = {}
    for membership in Membership.objects.filter(user=user):
        roles.setdefault(membership.area_id, []).append(membership.get_role_display())
    rows = []
    as_of = data_runs_to()
    for area in areas:
        items = [item for item in open_items if item.area.pk == area.pk]
        rows.append(
            {
                "area": area,
                "status": area.current_status,
                "expected": area.next_expected(as_of),
                "role": ", ".join(roles.get(area.pk, [])) or ("Admin" if every_area else ""),
                "open_items": items,
                "can_log": can_log_progress(user, area),
            }
        )
    return render(
        request,
        "progress/dashboard.html",
        {
            "areas": rows,
            "stale": stale,
            "rag_counts": rag_counts,
            "stale_days": STALE_AFTER.days,
            "awaiting": list(awaiting_response(user)),
            "nav": "dashboard",
        },
    )


@require_safe
@cache_control(private=True, no_store=True)
def area_progress(request: HttpRequest, slug: str) -> HttpResponse:
    """An area's progress on every item, to print for board papers. Internal updates only for
    those who may see them (the area's officers and admins); everyone else, public ones."""
    area = get_object_or_404(status.with_history(Area.objects.all()), slug=slug)
    items = area_items(request.user, [area])
    return render(
        request,
        "progress/area_progress.html",
        {
            "area": area,
            "weaknesses": [item for item in items if item.weakness],
            "findings": [item for item in items if item.finding],
            "includes_internal": includes_internal(items),
            "today": timezone.localdate(),
            "nav": "areas",
        },
    )


CSV_COLUMNS = [
    "Area",
    "Reference or finding",
    "Title",
    "Text",
    "Inspectors' verdict",
    "Latest rating",
    "Date of latest rating",
    "Summary",
    "Next steps",
    "Who can see the update",
]


@require_safe
@cache_control(private=True, no_store=True)
def area_progress_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """The same as a CSV file, one row per item."""
    area = get_object_or_404(status.with_history(Area.objects.all()), slug=slug)
    today = timezone.localdate()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{area.slug}-progress-{today:%Y-%m-%d}.csv"'
    )
    response.write("\ufeff")  # so spreadsheets read the file as UTF-8
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for item in area_items(request.user, [area]):
        latest = item.latest
        row = [
            area.name,
            item.reference,
            item.title,
            item.text,
            item.verdict_label,
            latest.get_rag_display() if latest else "No rating published yet",
            latest.date.isoformat() if latest else "",
            latest.summary if latest else "",
            latest.next_steps if latest else "",
            latest.get_visibility_display() if latest else "",
        ]
        writer.writerow([shown_not_run(cell) for cell in row])
    return response
