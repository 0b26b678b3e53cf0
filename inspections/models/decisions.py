"""Decisions by DfE and NHS England, and dates as each source reports them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from areas.models import Area

from .choices import DateEvent, DatePrecision, DecisionKind, Framework
from .inspections import Inspection
from .sources import Source
from .wsoas import WrittenStatementOfAction


class Decision(models.Model):
    """What the Department for Education and NHS England decided, and when."""

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="decisions")
    wsoa = models.ForeignKey(
        WrittenStatementOfAction,
        verbose_name="written statement of action",
        on_delete=models.PROTECT,
        related_name="decisions",
        null=True,
        blank=True,
    )
    inspection = models.ForeignKey(
        Inspection,
        verbose_name="2023-framework inspection it follows",
        on_delete=models.PROTECT,
        related_name="decisions",
        null=True,
        blank=True,
        limit_choices_to={"framework": Framework.AREA_2023},
        help_text="For a decision that follows a 2023-framework inspection (an improvement "
        "notice after an outcome 3, say) rather than a written statement of action.",
    )
    kind = models.CharField(max_length=40, choices=DecisionKind.choices)
    decided_on = models.DateField()
    date_precision = models.CharField(
        max_length=12, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    notes = models.TextField(blank=True)
    sources = models.ManyToManyField(Source, related_name="decisions", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["area__name", "decided_on"]
        get_latest_by = "decided_on"
        constraints = [
            models.UniqueConstraint(
                fields=["area", "kind", "decided_on"],
                name="inspections_decision_unique_per_day",
                violation_error_message="This decision is already recorded for that day.",
            ),
            models.CheckConstraint(
                condition=Q(wsoa__isnull=True) | Q(inspection__isnull=True),
                name="inspections_decision_follows_one_record",
                violation_error_message="A decision follows either a written statement of "
                "action or a 2023-framework inspection, not both.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area.name}: {self.get_kind_display().lower()}, {self.decided_on:%B %Y}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if (
            self.wsoa_id
            and self.area_id
            and self.wsoa is not None
            and self.wsoa.inspection.area_id != self.area_id
        ):
            errors["wsoa"] = "That written statement of action belongs to another area."
        inspection = self.inspection if self.inspection_id else None
        if inspection is not None:
            if self.wsoa_id:
                errors["inspection"] = (
                    "A decision follows either a written statement of action or a "
                    "2023-framework inspection, not both: clear one of them."
                )
            elif self.area_id and inspection.area_id != self.area_id:
                errors["inspection"] = (
                    f"That inspection is {inspection.area.name}'s, not this area's."
                )
            elif inspection.framework != Framework.AREA_2023:
                errors["inspection"] = (
                    "Choose a 2023-framework inspection; a decision after a 2016-framework "
                    "one follows its written statement of action."
                )
            elif (
                inspection.visit_start
                and self.decided_on
                and (self.decided_on < inspection.visit_start)
            ):
                errors["inspection"] = (
                    f"The decision ({self.decided_on:%-d %B %Y}) cannot follow an inspection "
                    f"that began later ({inspection.visit_start:%-d %B %Y})."
                )
        if errors:
            raise ValidationError(errors)


class ReportedDate(models.Model):
    """A date as one source gives it, kept where sources disagree."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="reported_dates"
    )
    event = models.CharField(max_length=12, choices=DateEvent.choices)
    date = models.DateField()
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="reported_dates")
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["inspection", "event", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "event", "source"],
                name="inspections_reporteddate_one_per_source",
                violation_error_message="This source's date for this event is already recorded.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_event_display()} {self.date:%-d %B %Y} per {self.source.title}"
