"""When an admin confirms a found report's review, it leaves the queue and its alerts go.

The review is the letter import's own (`letters.admin_views`): saving it records the report
through `letters.recording.record_letter`, which clears the inspection's `awaiting_review`.
This receiver, on every saved inspection, marks any found report of an inspection no longer
awaiting review as reviewed and, once the save has committed, sends the area's watchers
their alert (one email for what is new, as `send_alerts` does each day).
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone

from inspections.models import Inspection

logger = logging.getLogger(__name__)


def connect() -> None:
    post_save.connect(report_reviewed, sender=Inspection, dispatch_uid="freshness-reviewed")


def report_reviewed(sender: type[Inspection], instance: Inspection, **kwargs: Any) -> None:
    if instance.awaiting_review or kwargs.get("raw"):
        return
    from freshness.models import QUEUED, FoundReport, Status

    reviewed = FoundReport.objects.filter(inspection=instance, status__in=QUEUED).update(
        status=Status.REVIEWED, reviewed_at=timezone.now()
    )
    if reviewed:
        area_id = instance.area_id
        transaction.on_commit(lambda: _send_alerts(area_id))


def _send_alerts(area_id: int) -> None:
    from alerts.mail import send_alerts

    try:
        send_alerts(area_ids=[area_id])
    except Exception:  # the daily send_alerts tries again; the review itself is saved
        logger.exception("Could not send the alerts for area %s after its review", area_id)
