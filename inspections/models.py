"""What inspectors found and what was decided, across both inspection frameworks.

Framework 1 (2016-2022): an initial inspection may require a written statement of
action (WSOA) listing significant weaknesses; a revisit gives a verdict on each; then
DfE and NHS England decide what follows. Framework 2 (from 2023): a full inspection
gives outcome 1, 2 or 3 with areas for priority action and areas for improvement.
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from areas.models import Area

FRAMEWORK_1_LAST_VISIT = dt.date(2022, 12, 31)
FRAMEWORK_2_FIRST_VISIT = dt.date(2023, 1, 1)
REVISIT_DUE_MONTHS = 18
WEAKNESS_REFERENCE_PATTERN = r"^[A-Z]{1,8}-[0-9]{4}-[0-9]{1,2}$"


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day of the month `months` later, clamped to the month's end."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    next_month_first = dt.date(year + month // 12, month % 12 + 1, 1)
    return dt.date(year, month, min(day.day, (next_month_first - dt.timedelta(days=1)).day))


class Framework(models.TextChoices):
    LOCAL_AREA_2016 = "2016", "Local area SEND inspection (2016 framework)"
    AREA_2023 = "2023", "Area SEND inspection (2023 framework)"


class InspectionKind(models.TextChoices):
    INITIAL = "initial", "Inspection"
    REVISIT = "revisit", "Revisit"
    FULL = "full", "Full inspection"
    MONITORING = "monitoring", "Monitoring inspection"


FRAMEWORK_KINDS = {
    Framework.LOCAL_AREA_2016: (InspectionKind.INITIAL, InspectionKind.REVISIT),
    Framework.AREA_2023: (InspectionKind.FULL, InspectionKind.MONITORING),
}


class RevisitResult(models.TextChoices):
    ALL = "all", "Sufficient progress on all weaknesses"
    SOME = "some", "Sufficient progress on some weaknesses"
    NONE = "none", "Sufficient progress on no weaknesses"


class Outcome(models.IntegerChoices):
    POSITIVE = 1, "Typically positive experiences and outcomes"
    INCONSISTENT = 2, "Inconsistent experiences and outcomes"
    WIDESPREAD = 3, "Widespread and/or systemic failings"


class Theme(models.TextChoices):
    """The fixed taxonomy every weakness and priority action is filed under."""

    EHC_PLAN_QUALITY = "ehc_plan_quality", "EHC plan quality"
    EHC_TIMELINESS = "ehc_timeliness", "EHC plan timeliness"
    ANNUAL_REVIEWS = "annual_reviews", "Annual reviews"
    JOINT_COMMISSIONING = "joint_commissioning", "Joint commissioning"
    CO_PRODUCTION = "co_production", "Co-production with families"
    STRATEGY_LEADERSHIP = "strategy_leadership", "Strategy and leadership"
    LOCAL_OFFER = "local_offer", "Local offer"
    HEALTH_WAITING_TIMES = "health_waiting_times", "Health waiting times"
    THERAPIES = "therapies", "Therapies"
    NEURODEVELOPMENTAL = "neurodevelopmental", "Neurodevelopmental pathways (autism, ADHD)"
    PREPARATION_FOR_ADULTHOOD = "preparation_for_adulthood", "Preparation for adulthood"
    OUTCOMES_ACCOUNTABILITY = "outcomes_accountability", "Outcomes and accountability"
    JOINT_WORKING = "joint_working", "Joint working and information sharing"
    IDENTIFICATION = "identification", "Identifying needs"
    QUALITY_ASSURANCE = "quality_assurance", "Quality assurance"
    INFORMATION_ADVICE = "information_advice", "Information, advice and support"
    INCLUSION = "inclusion", "Inclusion, attendance and exclusions"
    SUFFICIENCY = "sufficiency", "School places and sufficiency"
    COMMUNICATION = "communication", "Communication with families"
    OTHER = "other", "Other"


class WsoaStatus(models.TextChoices):
    OPEN = "open", "Open: monitored until the revisit"
    CLOSED = "closed", "Closed: sufficient progress on every weakness"
    ESCALATED = "escalated", "For DfE and NHS England to decide next steps"
    SIGNED_OFF = "signed_off", "Signed off by DfE and NHS England without a revisit"
    SUPERSEDED = "superseded", "Overtaken by a 2023-framework inspection"


class Verdict(models.TextChoices):
    SUFFICIENT = "sufficient", "Sufficient progress"
    NOT_SUFFICIENT = "not_sufficient", "Not sufficient progress"


class FindingKind(models.TextChoices):
    MAIN_FINDING = "main_finding", "Main finding"
    STRENGTH = "strength", "Strength"
    AREA_FOR_DEVELOPMENT = "development", "Area for development"
    PRIORITY_ACTION = "priority_action", "Area for priority action"
    IMPROVEMENT = "improvement", "Area for improvement"


FRAMEWORK_2_FINDINGS = (FindingKind.PRIORITY_ACTION, FindingKind.IMPROVEMENT)


class JudgementArea(models.TextChoices):
    """The three headings of a framework-1 letter."""

    IDENTIFYING = "identifying", "Identifying children and young people's needs"
    MEETING = "meeting", "Meeting children and young people's needs"
    OUTCOMES = "outcomes", "Improving outcomes for children and young people"


class DecisionKind(models.TextChoices):
    MONITORING_CEASES = "monitoring_ceases", "Quarterly monitoring visits cease"
    NEXT_STEPS_PENDING = "next_steps_pending", "Next steps for DfE and NHS England to decide"
    ACCELERATED_PROGRESS_PLAN = "accelerated_progress_plan", "Accelerated progress plan"
    IMPROVEMENT_NOTICE = "improvement_notice", "Improvement notice"
    IMPROVEMENT_NOTICE_LIFTED = "improvement_notice_lifted", "Improvement notice lifted"
    STATUTORY_DIRECTION = "statutory_direction", "Statutory direction"
    COMMISSIONER_APPOINTED = "commissioner_appointed", "Commissioner appointed"
    OTHER = "other", "Other"


class DatePrecision(models.TextChoices):
    DAY = "day", "Exact day"
    MONTH = "month", "Month only"
    ON_OR_BEFORE = "on_or_before", "On or before this date"


class SourceKind(models.TextChoices):
    LETTER = "letter", "Inspection letter or report"
    STATISTICS = "statistics", "Official statistics"
    MANAGEMENT_INFORMATION = "management_information", "Ofsted management information"
    REPORT_INDEX = "report_index", "Ofsted report pages (tabulated)"
    COUNCIL_PAGE = "council_page", "Council web page"
    NEWS_ARTICLE = "news_article", "News article"
    PARLIAMENT = "parliament", "Parliamentary record"
    OTHER = "other", "Other"


class DateEvent(models.TextChoices):
    VISIT_START = "visit_start", "Visit started"
    VISIT_END = "visit_end", "Visit ended"
    LETTER = "letter", "Letter dated"
    PUBLISHED = "published", "Letter published"
    WSOA_FIT_FOR_PURPOSE = "wsoa_fit", "WSOA declared fit for purpose"


class Source(models.Model):
    """A document that facts came from: a letter, a statistics release, a web page."""

    kind = models.CharField(max_length=30, choices=SourceKind.choices)
    title = models.CharField(max_length=300)
    url = models.URLField("address", max_length=500, blank=True)
    published_on = models.DateField(null=True, blank=True)
    document = models.FileField(upload_to="sources/%Y/", blank=True)
    content_hash = models.CharField(
        max_length=64, blank=True, help_text="SHA-256 of the document's text, to spot re-imports."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_on", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_hash"],
                condition=~Q(content_hash=""),
                name="inspections_source_unique_content_hash",
                violation_error_message="This document has already been imported.",
            ),
            models.UniqueConstraint(
                fields=["kind", "title", "url"], name="inspections_source_unique_citation"
            ),
        ]

    def __str__(self) -> str:
        if self.published_on:
            return f"{self.title} ({self.published_on:%-d %B %Y})"
        return self.title


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
    priority_action_plan_required = models.BooleanField(null=True, blank=True)
    reported_priority_actions = models.PositiveSmallIntegerField(
        "areas for priority action (as reported)", null=True, blank=True
    )
    next_inspection_within = models.CharField(max_length=40, blank=True)
    next_inspection_by = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True, help_text="Caveats about this record's data.")
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
        when = f"{self.visit_start:%-d %B %Y}" if self.visit_start else "date not known"
        return f"{self.area.name}: {self.get_kind_display().lower()}, {when}"

    def get_absolute_url(self) -> str:
        return f"{self.area.get_absolute_url()}#inspection-{self.pk}"

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}

        def refuse(field: str, message: str) -> None:
            errors.setdefault(field, []).append(message)

        if self.visit_start:
            if self.framework == Framework.LOCAL_AREA_2016 and (
                self.visit_start > FRAMEWORK_1_LAST_VISIT
            ):
                refuse("framework", "2016-framework visits ended in December 2022.")
            if self.framework == Framework.AREA_2023 and self.visit_start < FRAMEWORK_2_FIRST_VISIT:
                refuse("framework", "2023-framework visits began in January 2023.")
        if self.kind == InspectionKind.REVISIT and self.wsoa_id:
            wsoa = self.wsoa
            if self.area_id and wsoa.inspection.area_id != self.area_id:
                refuse(
                    "wsoa",
                    f"That written statement of action belongs to {wsoa.inspection.area.name}, "
                    "not this area.",
                )
            first = wsoa.inspection.visit_end or wsoa.inspection.visit_start
            if first and self.visit_start and self.visit_start <= first:
                refuse("visit_start", "A revisit must come after the inspection it follows up.")
        if self.revisit_result and None not in (
            self.reported_sufficient,
            self.reported_not_sufficient,
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


class WrittenStatementOfAction(models.Model):
    """The plan an area must write when an inspection finds significant weaknesses."""

    inspection = models.OneToOneField(
        Inspection,
        on_delete=models.PROTECT,
        related_name="written_statement",
        limit_choices_to={"kind": InspectionKind.INITIAL},
        help_text="The inspection that required it.",
    )
    responsible_bodies = models.TextField(
        blank=True, help_text="The bodies jointly responsible, as the letter words it."
    )
    submitted_on = models.DateField(null=True, blank=True)
    submitted_precision = models.CharField(
        "how precisely the submission date is known",
        max_length=12,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    fit_for_purpose_on = models.DateField("declared fit for purpose on", null=True, blank=True)
    fit_for_purpose_precision = models.CharField(
        "how precisely the fit-for-purpose date is known",
        max_length=12,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    status = models.CharField(max_length=12, choices=WsoaStatus.choices, default=WsoaStatus.OPEN)
    reported_weakness_count = models.PositiveSmallIntegerField(
        "significant weaknesses (as reported)",
        null=True,
        blank=True,
        help_text="Count from the statistics, for letters whose weaknesses are not yet entered.",
    )
    sources = models.ManyToManyField(Source, related_name="written_statements", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "written statement of action"
        verbose_name_plural = "written statements of action"
        ordering = ["inspection__area__name", "inspection__visit_start"]
        constraints = [
            models.CheckConstraint(
                condition=_on_or_after("fit_for_purpose_on", "submitted_on"),
                name="inspections_wsoa_fit_after_submitted",
                violation_error_message="A WSOA cannot be declared fit for purpose before it "
                "was submitted.",
            ),
        ]

    def __str__(self) -> str:
        inspection = self.inspection
        year = f" {inspection.visit_start:%Y}" if inspection.visit_start else ""
        return f"{inspection.area.name}{year} written statement of action"

    def clean(self) -> None:
        if not self.inspection_id:
            return
        inspection = self.inspection
        if inspection.kind != InspectionKind.INITIAL or inspection.wsoa_required is False:
            raise ValidationError(
                {
                    "inspection": "Only an initial inspection that required a written statement "
                    "of action can have one."
                }
            )
        started = inspection.visit_end or inspection.visit_start
        for field in ("submitted_on", "fit_for_purpose_on"):
            value = getattr(self, field)
            if value and started and value < started:
                raise ValidationError({field: "This date is before the inspection itself."})

    @property
    def area(self) -> Area:
        return self.inspection.area

    @property
    def revisit_due(self) -> dt.date | None:
        """When the revisit is expected: about 18 months after fit for purpose."""
        if not self.fit_for_purpose_on:
            return None
        return add_months(self.fit_for_purpose_on, REVISIT_DUE_MONTHS)


class SignificantWeakness(models.Model):
    """One significant weakness in a WSOA: the unit everything else tracks."""

    wsoa = models.ForeignKey(
        WrittenStatementOfAction,
        verbose_name="written statement of action",
        on_delete=models.PROTECT,
        related_name="weaknesses",
    )
    number = models.PositiveSmallIntegerField(help_text="Its place in the letter, from 1.")
    reference = models.CharField(
        max_length=20,
        unique=True,
        blank=True,
        help_text="Public reference such as CB-2019-3; made from the area and year if left blank.",
    )
    title = models.CharField(max_length=120, help_text="A short plain-English title.")
    text = models.TextField(help_text="The weakness exactly as the letter words it.")
    wording_complete = models.BooleanField(
        default=True,
        help_text="Untick where the only copy found is cut off, so the page says so.",
    )
    numbered_by_letter = models.BooleanField(
        default=True,
        help_text="Untick where the source quotes the weakness without the letter's number, "
        "so the number is only the order it was quoted in.",
    )
    theme = models.CharField(max_length=30, choices=Theme.choices)
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="weaknesses", null=True, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "significant weaknesses"
        ordering = ["wsoa", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["wsoa", "number"],
                name="inspections_weakness_unique_number",
                violation_error_message="This WSOA already has a weakness with that number.",
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="inspections_weakness_number_from_one"
            ),
            models.CheckConstraint(
                condition=Q(reference__regex=WEAKNESS_REFERENCE_PATTERN),
                name="inspections_weakness_reference_format",
                violation_error_message="A reference looks like CB-2019-3.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"

    def save(self, *args, **kwargs) -> None:
        if not self.reference:
            self.reference = self.make_reference()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("public:weakness", args=[self.reference])

    def make_reference(self) -> str:
        inspection = self.wsoa.inspection
        year = inspection.visit_start.year if inspection.visit_start else "0000"
        return f"{inspection.area.abbreviation}-{year}-{self.number}"

    def clean(self) -> None:
        if not self.reference and self.wsoa_id and self.number:
            self.reference = self.make_reference()
        if self.reference and not re.match(WEAKNESS_REFERENCE_PATTERN, self.reference):
            raise ValidationError({"reference": "A reference looks like CB-2019-3."})


class RevisitVerdict(models.Model):
    """A revisit's judgement on one significant weakness."""

    revisit = models.ForeignKey(
        Inspection,
        on_delete=models.PROTECT,
        related_name="verdicts",
        limit_choices_to={"kind": InspectionKind.REVISIT},
    )
    weakness = models.ForeignKey(
        SignificantWeakness, on_delete=models.PROTECT, related_name="verdicts"
    )
    verdict = models.CharField(max_length=14, choices=Verdict.choices)
    narrative = models.TextField(blank=True, help_text="What the inspectors wrote about it.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["revisit", "weakness__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["revisit", "weakness"],
                name="inspections_verdict_one_per_weakness_per_revisit",
                violation_error_message="This revisit already has a verdict on this weakness.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.weakness.reference}: {self.get_verdict_display().lower()}"

    @property
    def narrative_paragraphs(self) -> list[str]:
        return [p.strip() for p in self.narrative.split("\n\n") if p.strip()]

    def clean(self) -> None:
        if not (self.revisit_id and self.weakness_id):
            return
        revisit, weakness = self.revisit, self.weakness
        if revisit.kind != InspectionKind.REVISIT:
            raise ValidationError({"revisit": "Verdicts are given at a revisit."})
        if weakness.wsoa_id != revisit.wsoa_id:
            raise ValidationError(
                {
                    "weakness": f"{weakness.reference} is not in the written statement of action "
                    f"this revisit checked ({revisit.area.name})."
                }
            )


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
    kind = models.CharField(max_length=30, choices=DecisionKind.choices)
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
        ]

    def __str__(self) -> str:
        return f"{self.area.name}: {self.get_kind_display().lower()}, {self.decided_on:%B %Y}"

    def clean(self) -> None:
        if self.wsoa_id and self.area_id and self.wsoa.inspection.area_id != self.area_id:
            raise ValidationError(
                {"wsoa": "That written statement of action belongs to another area."}
            )


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
