"""What the daily check for new reports did (`Check`, one a run) and what it found
(`FoundReport`, one a report link: the admin's queue).

The lock that keeps two checks from running at once is the database's: a partial unique
index allows one `Check` whose result is "running" (SQLite and PostgreSQL alike), so the
second check's insert fails however many servers run the command.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from inspections.models import Inspection


class Result(models.TextChoices):
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"
    SKIPPED = "skipped", "Not run: another check was running"


class CheckQuerySet(models.QuerySet["Check"]):
    def finished(self) -> CheckQuerySet:
        return self.filter(result__in=[Result.SUCCEEDED, Result.FAILED])


class Check(models.Model):
    """One run of `check_for_new_reports`: when, with what result, and what it found."""

    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    result = models.CharField(max_length=12, choices=Result.choices, default=Result.RUNNING)
    reason = models.TextField(blank=True, help_text="Why it failed, when it did.")
    table_url = models.URLField("table address", max_length=500, blank=True)
    rows = models.PositiveIntegerField("rows read", null=True, blank=True)
    new_reports = models.PositiveIntegerField(default=0)
    changes = models.JSONField(default=list, blank=True, help_text="What it recorded.")
    warnings = models.JSONField(
        default=list,
        blank=True,
        help_text="Rows skipped, and disagreements with records an admin confirmed.",
    )

    objects = CheckQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        get_latest_by = "started_at"
        constraints = [
            models.UniqueConstraint(
                fields=["result"],
                condition=Q(result="running"),
                name="freshness_check_one_running",
                violation_error_message="Another check for new reports is running.",
            ),
        ]

    def __str__(self) -> str:
        return f"Check of {self.started_at:%-d %B %Y %H:%M}: {self.get_result_display().lower()}"


class Status(models.TextChoices):
    WAITING = "waiting", "Waiting to be downloaded"
    TO_REVIEW = "to_review", "To review"
    FAILED = "failed", "Could not be downloaded or read"
    REVIEWED = "reviewed", "Reviewed"


QUEUED = (Status.WAITING, Status.TO_REVIEW, Status.FAILED)


class FoundReportQuerySet(models.QuerySet["FoundReport"]):
    def queued(self) -> FoundReportQuerySet:
        """The admin's queue: found, not yet reviewed."""
        return self.filter(status__in=QUEUED).select_related("inspection__area")


class FoundReport(models.Model):
    """A new report the check found in the table, with its PDF waiting for an admin's review."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.PROTECT, related_name="found_reports"
    )
    link = models.URLField("report address", max_length=500, blank=True)
    found_by = models.ForeignKey(
        Check, on_delete=models.SET_NULL, null=True, blank=True, related_name="found_reports"
    )
    found_at = models.DateTimeField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.WAITING)
    reason = models.TextField(blank=True, help_text="Why it could not be downloaded or read.")
    fingerprint = models.CharField(
        max_length=64, blank=True, help_text="Its text's fingerprint: the pending upload's name."
    )
    warnings = models.JSONField(default=list, blank=True, help_text="The letter reader's.")
    attempts = models.PositiveSmallIntegerField(default=0)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)

    objects = FoundReportQuerySet.as_manager()

    class Meta:
        ordering = ["-inspection__published_on", "inspection__area__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["link"],
                condition=~Q(link=""),
                name="freshness_foundreport_one_per_link",
                violation_error_message="This report has already been found.",
            ),
            models.UniqueConstraint(
                fields=["inspection"],
                name="freshness_foundreport_one_per_inspection",
                violation_error_message="This inspection's report has already been found.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.inspection.area.name}: report published " + (
            f"{self.inspection.published_on:%-d %B %Y}"
            if self.inspection.published_on
            else "on a date not known"
        )
