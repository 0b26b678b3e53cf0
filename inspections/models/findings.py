"""Findings: what a letter or report found, item by item."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from .choices import FRAMEWORK_2_FINDINGS, FindingKind, Framework, JudgementArea, Theme
from .inspections import Inspection


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
