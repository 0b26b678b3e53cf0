"""What inspectors found and what was decided, across both inspection frameworks.

Framework 1 (2016-2022): an initial inspection may require a written statement of
action (WSOA) listing significant weaknesses; a revisit gives a verdict on each; then
DfE and NHS England decide what follows. Framework 2 (from 2023): a full inspection
gives outcome 1, 2 or 3 with areas for priority action and areas for improvement.
"""

from .choices import (
    FRAMEWORK_1_LAST_VISIT,
    FRAMEWORK_2_FINDINGS,
    FRAMEWORK_2_FIRST_VISIT,
    FRAMEWORK_KINDS,
    REVISIT_DUE_MONTHS,
    WEAKNESS_REFERENCE_PATTERN,
    DateEvent,
    DatePrecision,
    DecisionKind,
    FindingKind,
    Framework,
    InspectionKind,
    JudgementArea,
    MonitoringVerdict,
    Outcome,
    RevisitResult,
    SourceKind,
    Theme,
    Verdict,
    VerdictBasis,
    WsoaStatus,
    add_months,
)
from .decisions import Decision, ReportedDate
from .findings import Finding, MonitoringFinding
from .inspections import Inspection, InspectionQuerySet, _on_or_after, result_from_counts
from .sources import Source
from .wsoas import NoVerdict, RevisitVerdict, SignificantWeakness, WrittenStatementOfAction

__all__ = [
    "DateEvent",
    "DatePrecision",
    "Decision",
    "DecisionKind",
    "FRAMEWORK_1_LAST_VISIT",
    "FRAMEWORK_2_FINDINGS",
    "FRAMEWORK_2_FIRST_VISIT",
    "FRAMEWORK_KINDS",
    "Finding",
    "FindingKind",
    "Framework",
    "Inspection",
    "InspectionKind",
    "InspectionQuerySet",
    "JudgementArea",
    "NoVerdict",
    "MonitoringFinding",
    "MonitoringVerdict",
    "Outcome",
    "REVISIT_DUE_MONTHS",
    "ReportedDate",
    "RevisitResult",
    "RevisitVerdict",
    "SignificantWeakness",
    "Source",
    "SourceKind",
    "Theme",
    "Verdict",
    "VerdictBasis",
    "WEAKNESS_REFERENCE_PATTERN",
    "WrittenStatementOfAction",
    "WsoaStatus",
    "_on_or_after",
    "add_months",
    "result_from_counts",
]
