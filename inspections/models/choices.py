"""The values fields take (frameworks, kinds, outcomes, verdicts, themes...) and the
frameworks' dates."""

from __future__ import annotations

import datetime as dt

from django.db import models

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


class VerdictBasis(models.TextChoices):
    LETTER = "letter", "Given on this weakness in the revisit letter"
    COUNT = "count", "Worked out from the revisit's count: it found all, or none, sufficient"


class MonitoringVerdict(models.TextChoices):
    """What a 2023-framework monitoring inspection finds on one area for priority action: no
    new grade, only whether the partnership is taking effective action on it."""

    EFFECTIVE = "effective", "Effective action being taken"
    NOT_EFFECTIVE = "not_effective", "Effective action not being taken"


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
    # A review of a plan already in place, not a new plan.
    ACCELERATED_PROGRESS_PLAN_REVIEW = (
        "accelerated_progress_plan_review",
        "Review of the accelerated progress plan",
    )
    IMPROVEMENT_NOTICE = "improvement_notice", "Improvement notice"
    # A notice replaced by an updated one: the area stays under a notice.
    IMPROVEMENT_NOTICE_UPDATED = "improvement_notice_updated", "Improvement notice updated"
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
