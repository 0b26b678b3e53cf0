"""Findings: what a letter or report found, item by item."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from .choices import (
    FRAMEWORK_2_FINDINGS,
    FindingKind,
    Framework,
    InspectionKind,
    JudgementArea,
    MonitoringVerdict,
    Theme,
)
from .inspections import Inspection
from .sources import Source


class Finding(models.Model):
    """A finding listed in a letter or report, in its own words.

    Framework 1: main findings, and strengths and areas for development under each
    of the three headings. Framework 2: areas for priority action (each with the body
    responsible) and areas for improvement.
    """

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="findings")
    kind = models.CharField(max_length=20, choices=FindingKind.choices)
    judgement_area = models.CharField(
        "heading", max_length=12, choices=JudgementArea.choices, blank=True
    )
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    title = models.CharField(max_length=120, blank=True)
    theme = models.CharField(max_length=30, choices=Theme.choices, blank=True)
    responsible_body = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["inspection", "kind", "judgement_area", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "kind", "judgement_area", "number"],
                name="inspections_finding_unique_number",
                violation_error_message="This inspection already has that finding number.",
            ),
            models.CheckConstraint(
                condition=~Q(kind=FindingKind.PRIORITY_ACTION) | ~Q(responsible_body=""),
                name="inspections_finding_priority_action_has_body",
                violation_error_message="An area for priority action names the body "
                "responsible for it.",
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="inspections_finding_number_from_one"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}: {self.title or self.text[:60]}"

    def clean(self) -> None:
        if not self.inspection_id:
            return
        framework_2 = self.inspection.framework == Framework.AREA_2023
        if (self.kind in FRAMEWORK_2_FINDINGS) != framework_2:
            raise ValidationError(
                {
                    "kind": "Areas for priority action and for improvement belong to 2023-"
                    "framework reports; strengths and areas for development to 2016-framework "
                    "letters."
                }
            )


class MonitoringFinding(models.Model):
    """A 2023-framework monitoring inspection's finding on one area for priority action of
    the area's earlier report: a short verdict, not a new grade."""

    monitoring = models.ForeignKey(
        Inspection,
        verbose_name="monitoring inspection",
        on_delete=models.PROTECT,
        related_name="monitoring_findings",
        limit_choices_to={"kind": InspectionKind.MONITORING},
    )
    priority_action = models.ForeignKey(
        Finding,
        verbose_name="area for priority action",
        on_delete=models.PROTECT,
        related_name="monitoring_findings",
        limit_choices_to={"kind": FindingKind.PRIORITY_ACTION},
        help_text="One of this area's areas for priority action, from a report before the "
        "monitoring visit.",
    )
    verdict = models.CharField(max_length=14, choices=MonitoringVerdict.choices)
    words = models.TextField(
        "the inspectors' words",
        blank=True,
        help_text="What the monitoring report says about it, where the report is held.",
    )
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        related_name="monitoring_findings",
        null=True,
        blank=True,
        help_text="Where this finding is taken from: the report, or a page reporting it.",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "monitoring inspection's finding"
        ordering = ["monitoring", "priority_action__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["monitoring", "priority_action"],
                name="inspections_monitoringfinding_one_per_priority_action",
                violation_error_message="This monitoring inspection already has a finding on "
                "that area for priority action.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.priority_action}: {self.get_verdict_display().lower()}"

    def clean(self) -> None:
        if not (self.monitoring_id and self.priority_action_id):
            return
        monitoring, action = self.monitoring, self.priority_action
        if monitoring.kind != InspectionKind.MONITORING:
            raise ValidationError(
                {"monitoring": "Only a monitoring inspection gives findings like these."}
            )
        if action.kind != FindingKind.PRIORITY_ACTION:
            raise ValidationError(
                {
                    "priority_action": "A monitoring inspection reports on areas for priority "
                    "action only."
                }
            )
        reviewed = action.inspection
        if reviewed.area_id != monitoring.area_id:
            raise ValidationError(
                {
                    "priority_action": f"That area for priority action is "
                    f"{reviewed.area.name}'s, not {monitoring.area.name}'s."
                }
            )
        if (
            reviewed.visit_start
            and monitoring.visit_start
            and (reviewed.visit_start >= monitoring.visit_start)
        ):
            raise ValidationError(
                {
                    "priority_action": "That area for priority action comes from a report "
                    "after this monitoring visit: choose one from an earlier report."
                }
            )
