"""The admin's side of keeping current: the checks' record, and the queue of found reports
(shown on the admin home page, `templates/freshness/admin_queue.html`), each opening the
letter import's own review, or tried again when its download or reading failed."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_POST

from freshness.checking import fetch_report
from freshness.models import Check, FoundReport, Status
from letters import uploads


@admin.register(Check)
class CheckAdmin(admin.ModelAdmin):
    list_display = ["started_at", "result", "rows", "new_reports", "reason"]
    list_filter = ["result"]
    date_hierarchy = "started_at"
    readonly_fields = [f.name for f in Check._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(FoundReport)
class FoundReportAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "found_at", "attempts", "reason"]
    list_filter = ["status"]
    list_select_related = ["inspection__area"]
    search_fields = ["inspection__area__name", "link"]
    readonly_fields = [f.name for f in FoundReport._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[FoundReport]:
        return super().get_queryset(request).select_related("inspection__area")

    def get_urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/review/",
                wrap(self.review_view),
                name="freshness_foundreport_review",
            ),
            path(
                "<int:pk>/retry/",
                wrap(require_POST(self.retry_view)),
                name="freshness_foundreport_retry",
            ),
            *super().get_urls(),
        ]

    def _may_import(self, request: HttpRequest) -> None:
        if not request.user.has_perm("inspections.add_inspection"):
            raise PermissionDenied

    def review_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Opens the letter import's review of the report, downloading it again if its
        pending copy has gone (uploads left over a day are cleared)."""
        self._may_import(request)
        found = get_object_or_404(FoundReport.objects.queued(), pk=pk)
        if found.status == Status.TO_REVIEW and not uploads.find(found.fingerprint):
            fetch_report(found)
        if found.status != Status.TO_REVIEW:
            self.message_user(
                request, f"{found} cannot be reviewed yet: {found.reason}", messages.ERROR
            )
            return HttpResponseRedirect(reverse("admin:index"))
        return HttpResponseRedirect(
            reverse("admin:inspections_inspection_import_review", args=[found.fingerprint])
        )

    def retry_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        self._may_import(request)
        found = get_object_or_404(FoundReport.objects.queued(), pk=pk)
        outcome = fetch_report(found)
        level = messages.SUCCESS if found.status == Status.TO_REVIEW else messages.ERROR
        self.message_user(request, f"{found}: {outcome}", level)
        return HttpResponseRedirect(reverse("admin:index") + "#new-reports")
