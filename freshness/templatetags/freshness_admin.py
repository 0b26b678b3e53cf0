"""The admin home page's queue of new reports and the state of the daily check."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from freshness.models import Check, FoundReport, Result, Status
from freshness.status import freshness

register = template.Library()


@register.inclusion_tag("freshness/admin_queue.html")
def new_reports_queue() -> dict[str, Any]:
    queued = list(FoundReport.objects.queued())
    items = [
        {
            "found": found,
            "area": found.inspection.area,
            "inspection": found.inspection,
            "status": found.get_status_display(),
            "failed": found.status == Status.FAILED,
            "review_url": reverse("admin:freshness_foundreport_review", args=[found.pk])
            if found.status == Status.TO_REVIEW
            else "",
            "retry_url": reverse("admin:freshness_foundreport_retry", args=[found.pk]),
            "record_url": reverse(
                "admin:inspections_inspection_change", args=[found.inspection_id]
            ),
        }
        for found in queued
    ]
    state = freshness()
    last = Check.objects.finished().first()
    last_success = Check.objects.filter(result=Result.SUCCEEDED).first()
    return {
        "items": items,
        "count": len(items),
        "freshness": state,
        "last": last,
        "disagreements": last_success.warnings if last_success else [],
        "checks_url": reverse("admin:freshness_check_changelist"),
    }
