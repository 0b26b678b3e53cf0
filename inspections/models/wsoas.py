"""Written statements of action, their significant weaknesses and the revisits' verdicts."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from areas.models import Area

from .choices import (
    REVISIT_DUE_MONTHS,
    WEAKNESS_REFERENCE_PATTERN,
    DatePrecision,
    InspectionKind,
    RevisitResult,
    Theme,
    Verdict,
    VerdictBasis,
    WsoaStatus,
    add_months,
)
from .inspections import Inspection, _on_or_after
from .sources import Source


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
    signed_off = models.BooleanField(
        "signed off by DfE and NHS England",
        default=False,
        help_text="Tick where a public source (among this plan's sources) says DfE and NHS "
        "England signed the plan off without a revisit, even if it does not say when.",
    )
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
    def without_verdict(self) -> NoVerdict:
        """What to say of a weakness of this plan that has no verdict of its own: why there
        is none, or what is known where a revisit judged the plan but only its count is held.
        Reads `revisits` (prefetch it when listing many)."""
        revisit = max(
            (
                r
                for r in self.revisits.all()
                if r.revisit_result or r.reported_sufficient is not None
            ),
            key=lambda r: r.visit_start or dt.date.min,
            default=None,
        )
        if revisit is not None:
            year = f"the {revisit.visit_start:%Y} revisit" if revisit.visit_start else "the revisit"
            tag = f"Judged at {year}"
            sufficient, not_sufficient = (
                revisit.reported_sufficient,
                revisit.reported_not_sufficient,
            )
            if sufficient is not None and not_sufficient is not None:
                total = sufficient + not_sufficient
                which = "which one was" if sufficient == 1 else f"which {sufficient} were"
                return NoVerdict(
                    tag,
                    f"{year.capitalize()} found {sufficient} of the {total} weaknesses made "
                    f"sufficient progress; {which} sufficient is not known here.",
                    judged=True,
                )
            result = RevisitResult(revisit.revisit_result).label.lower()
            return NoVerdict(
                tag,
                f"{year.capitalize()} found {result}; its verdict on each weakness is not "
                "known here.",
                judged=True,
            )
        if self.status == WsoaStatus.SUPERSEDED:
            return NoVerdict(
                "No revisit: the 2023 framework followed",
                "This plan was not revisited: a 2023-framework inspection came first.",
            )
        if self.status == WsoaStatus.SIGNED_OFF:
            return NoVerdict(
                "No revisit: signed off",
                "DfE and NHS England signed this plan off without a revisit.",
            )
        return NoVerdict(
            "No revisit recorded",
            "No revisit of this plan is recorded, so no weakness has a verdict; 2016-framework "
            "revisits ended in December 2022.",
        )

    @property
    def revisit_due(self) -> dt.date | None:
        """When the revisit is expected: about 18 months after fit for purpose."""
        if not self.fit_for_purpose_on:
            return None
        return add_months(self.fit_for_purpose_on, REVISIT_DUE_MONTHS)


@dataclass(frozen=True)
class NoVerdict:
    """What a weakness without a verdict of its own shows: a short tag and a sentence."""

    tag: str
    words: str
    judged: bool = False  # a revisit judged the plan, but its verdict on each is not held


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

    def save(self, *args: Any, **kwargs: Any) -> None:
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
    basis = models.CharField(
        max_length=6,
        choices=VerdictBasis.choices,
        default=VerdictBasis.LETTER,
        help_text="Where the verdict comes from: the letter's words on this weakness, or the "
        "revisit's count where it found every weakness, or none, sufficient.",
    )
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
