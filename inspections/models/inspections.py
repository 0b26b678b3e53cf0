"""Inspections: one visit by Ofsted and CQC to a local area, and what its letter said."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from areas.models import Area

from .choices import (
    FRAMEWORK_1_LAST_VISIT,
    FRAMEWORK_2_FIRST_VISIT,
    DatePrecision,
    Framework,
    InspectionKind,
    Outcome,
    RevisitResult,
    Verdict,
)
from .sources import Source


class InspectionQuerySet(models.QuerySet):
    def framework_1(self) -> InspectionQuerySet:
        return self.filter(framework=Framework.LOCAL_AREA_2016)

    def framework_2(self) -> InspectionQuerySet:
        return self.filter(framework=Framework.AREA_2023)

    def initial(self) -> InspectionQuerySet:
        return self.filter(kind=InspectionKind.INITIAL)

    def revisits(self) -> InspectionQuerySet:
        return self.filter(kind=InspectionKind.REVISIT)

    def full(self) -> InspectionQuerySet:
        return self.filter(kind=InspectionKind.FULL)


def _on_or_after(later: str, earlier: str) -> Q:
    """Q: `later` is empty, `earlier` is empty, or later >= earlier."""
    return (
        Q(**{f"{later}__isnull": True})
        | Q(**{f"{earlier}__isnull": True})
        | Q(**{f"{later}__gte": F(earlier)})
    )


class Inspection(models.Model):
    """One visit by Ofsted and CQC to a local area, and the letter or report that followed."""

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="inspections")
    framework = models.CharField(max_length=4, choices=Framework.choices)
    kind = models.CharField(max_length=12, choices=InspectionKind.choices)
    visit_start = models.DateField(null=True, blank=True)
    visit_end = models.DateField(null=True, blank=True)
    visit_precision = models.CharField(
        "how precisely the visit's start is known",
        max_length=12,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text="Month only: the visit start is stored as the month's first day.",
    )
    letter_date = models.DateField(null=True, blank=True)
    published_on = models.DateField("publication date", null=True, blank=True)
    published_precision = models.CharField(
        "how precisely the publication date is known",
        max_length=12,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text="Month only: the publication date is stored as the month's first day.",
    )
    inspectors = models.TextField(blank=True, help_text="One inspector a line, as signed.")
    report_url = models.URLField("report address", max_length=500, blank=True)
    summary = models.TextField(
        blank=True, help_text="The letter's overall judgement, in its own words."
    )
    # Framework-1 initial inspection
    wsoa_required = models.BooleanField("WSOA required", null=True, blank=True)
    # Framework-1 revisit
    wsoa = models.ForeignKey(
        "WrittenStatementOfAction",
        verbose_name="written statement of action revisited",
        on_delete=models.PROTECT,
        related_name="revisits",
        null=True,
        blank=True,
    )
    revisit_result = models.CharField(max_length=4, choices=RevisitResult.choices, blank=True)
    reported_sufficient = models.PositiveSmallIntegerField(
        "weaknesses with sufficient progress (as reported)",
        null=True,
        blank=True,
        help_text="Count from the statistics, for revisits whose letter is not yet entered.",
    )
    reported_not_sufficient = models.PositiveSmallIntegerField(
        "weaknesses without sufficient progress (as reported)", null=True, blank=True
    )
    consequence = models.TextField(
        blank=True, help_text="What the letter says happens next, in its own words."
    )
    # Framework-2 full inspection
    outcome = models.PositiveSmallIntegerField(choices=Outcome.choices, null=True, blank=True)
    outcome_text = models.TextField(blank=True)
    outcome_basis = models.TextField(
        "where the outcome comes from",
        blank=True,
        help_text="Only where the report is not held and neither it nor Ofsted's outcomes "
        "table gave the outcome (or, for a monitoring inspection, its findings): what the "
        "public pages it is taken from say (cite them as sources).",
    )
    priority_action_plan_required = models.BooleanField(null=True, blank=True)
    reported_priority_actions = models.PositiveSmallIntegerField(
        "areas for priority action (as reported)", null=True, blank=True
    )
    next_inspection_within = models.CharField(max_length=40, blank=True)
    next_inspection_by = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True, help_text="Caveats about this record's data.")
    # Set by the daily check for new reports (`freshness`) when it records a report it found in
    # the public outcomes table; cleared when an admin confirms the report's review (or ticks it
    # off here). Until then the pages say its findings are being checked and no alert is sent.
    awaiting_review = models.BooleanField(
        "report awaiting an admin's review",
        default=False,
        help_text="Found in the public outcomes table: its outcome and dates are the table's, "
        "its report not yet read and confirmed by an admin.",
    )
    sources = models.ManyToManyField(Source, related_name="inspections", blank=True)
    history = HistoricalRecords()

    objects = InspectionQuerySet.as_manager()

    class Meta:
        ordering = ["area__name", "visit_start"]
        get_latest_by = "visit_start"
        indexes = [models.Index(fields=["framework", "kind", "visit_start"])]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "visit_start"],
                name="inspections_inspection_one_per_area_per_date",
                violation_error_message="This area already has an inspection starting that day.",
            ),
            models.CheckConstraint(
                condition=_on_or_after("visit_end", "visit_start"),
                name="inspections_inspection_visit_ends_after_start",
                violation_error_message="The visit cannot end before it starts.",
            ),
            models.CheckConstraint(
                condition=_on_or_after("letter_date", "visit_end")
                & _on_or_after("letter_date", "visit_start"),
                name="inspections_inspection_letter_after_visit",
                violation_error_message="The letter cannot be dated before the visit.",
            ),
            models.CheckConstraint(
                condition=_on_or_after("published_on", "visit_end")
                & _on_or_after("published_on", "visit_start"),
                name="inspections_inspection_published_after_visit",
                violation_error_message="The letter cannot be published before the visit.",
            ),
            models.CheckConstraint(
                condition=Q(framework=Framework.LOCAL_AREA_2016, kind__in=["initial", "revisit"])
                | Q(framework=Framework.AREA_2023, kind__in=["full", "monitoring"]),
                name="inspections_inspection_kind_fits_framework",
                violation_error_message="The 2016 framework has inspections and revisits; "
                "the 2023 framework has full and monitoring inspections.",
            ),
            models.CheckConstraint(
                condition=Q(kind=InspectionKind.REVISIT, wsoa__isnull=False)
                | (~Q(kind=InspectionKind.REVISIT) & Q(wsoa__isnull=True)),
                name="inspections_inspection_revisit_has_wsoa",
                violation_error_message="A revisit checks a written statement of action: "
                "choose which one (and only revisits have one).",
            ),
            models.CheckConstraint(
                condition=Q(revisit_result="") | Q(kind=InspectionKind.REVISIT),
                name="inspections_inspection_revisit_result_on_revisit",
                violation_error_message="Only a revisit has a revisit result.",
            ),
            models.CheckConstraint(
                condition=Q(wsoa_required__isnull=True) | Q(kind=InspectionKind.INITIAL),
                name="inspections_inspection_wsoa_decision_on_initial",
                violation_error_message="Only an initial inspection decides whether a WSOA "
                "is required.",
            ),
            models.CheckConstraint(
                condition=Q(outcome__isnull=True)
                | Q(kind=InspectionKind.FULL, outcome__in=Outcome.values),
                name="inspections_inspection_outcome_on_full",
                violation_error_message="Only a 2023-framework full inspection has an outcome "
                "(1, 2 or 3).",
            ),
            models.CheckConstraint(
                condition=Q(priority_action_plan_required__isnull=True)
                | Q(framework=Framework.AREA_2023),
                name="inspections_inspection_priority_plan_on_framework_2",
                violation_error_message="Priority action plans belong to the 2023 framework.",
            ),
        ]

    def __str__(self) -> str:
        shape = "%B %Y" if self.visit_precision == DatePrecision.MONTH else "%-d %B %Y"
        when = self.visit_start.strftime(shape) if self.visit_start else "date not known"
        return f"{self.area.name}: {self.get_kind_display().lower()}, {when}"

    def get_absolute_url(self) -> str:
        return f"{self.area.get_absolute_url()}#inspection-{self.pk}"

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}

        def refuse(field: str, message: str) -> None:
            errors.setdefault(field, []).append(message)

        if (
            self.published_on
            and self.published_precision == DatePrecision.MONTH
            and self.published_on.day != 1
        ):
            refuse(
                "published_on",
                "A publication known only to its month is stored as the month's first day.",
            )
        if self.visit_start:
            if self.framework == Framework.LOCAL_AREA_2016 and (
                self.visit_start > FRAMEWORK_1_LAST_VISIT
            ):
                refuse("framework", "2016-framework visits ended in December 2022.")
            if self.framework == Framework.AREA_2023 and self.visit_start < FRAMEWORK_2_FIRST_VISIT:
                refuse("framework", "2023-framework visits began in January 2023.")
        # Only a revisit follows up a WSOA; the query for it is made only then.
        wsoa = self.wsoa if self.kind == InspectionKind.REVISIT and self.wsoa_id else None
        if wsoa is not None:
            if self.area_id and wsoa.inspection.area_id != self.area_id:
                refuse(
                    "wsoa",
                    f"That written statement of action belongs to {wsoa.inspection.area.name}, "
                    "not this area.",
                )
            first = wsoa.inspection.visit_end or wsoa.inspection.visit_start
            if first and self.visit_start and self.visit_start <= first:
                refuse("visit_start", "A revisit must come after the inspection it follows up.")
        if (
            self.revisit_result
            and self.reported_sufficient is not None
            and self.reported_not_sufficient is not None
        ):
            expected = result_from_counts(self.reported_sufficient, self.reported_not_sufficient)
            if expected != self.revisit_result:
                refuse(
                    "revisit_result",
                    f"The counts ({self.reported_sufficient} sufficient, "
                    f"{self.reported_not_sufficient} not) mean "
                    f"“{RevisitResult(expected).label.lower()}”.",
                )
        if self.pk and self.revisit_result:
            verdicts = list(self.verdicts.values_list("verdict", flat=True))
            if verdicts:
                expected = result_from_counts(
                    verdicts.count(Verdict.SUFFICIENT), verdicts.count(Verdict.NOT_SUFFICIENT)
                )
                if expected != self.revisit_result:
                    refuse(
                        "revisit_result",
                        f"The verdicts recorded mean “{RevisitResult(expected).label.lower()}”.",
                    )
        if errors:
            raise ValidationError(errors)

    @property
    def inspector_list(self) -> list[str]:
        return [line.strip() for line in self.inspectors.splitlines() if line.strip()]


def result_from_counts(sufficient: int, not_sufficient: int) -> str:
    if not_sufficient == 0:
        return RevisitResult.ALL
    if sufficient == 0:
        return RevisitResult.NONE
    return RevisitResult.SOME
