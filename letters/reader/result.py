"""What reading a letter gives: a `LetterResult`, its weaknesses and priority actions,
and the values its fields take."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from typing import Any

JSON_KEYS = (
    "area",
    "framework",
    "kind",
    "visit_start",
    "visit_end",
    "letter_date",
    "previous_inspection_start",
    "previous_inspection_end",
    "outcome",
    "wsoa_required",
    "weaknesses",
    "priority_actions",
    "areas_for_improvement",
    "decision",
    "warnings",
)
FRAMEWORKS = ("2016", "2023")
KINDS = ("initial", "revisit", "full", "monitoring")
OUTCOMES = ("positive", "inconsistent", "widespread")
VERDICTS = ("sufficient", "not_sufficient")
HEADING_KEYS = ("identifying", "meeting", "outcomes")


@dataclass
class Weakness:
    text: str
    verdict: str | None = None  # "sufficient", "not_sufficient" or None
    narrative: str = ""  # revisits: what inspectors found, paragraphs separated by blank lines
    verdict_sentence: str | None = None


@dataclass
class PriorityAction:
    text: str
    responsible_body: str | None = None


@dataclass
class LetterResult:
    area: str
    framework: str  # "2016" or "2023"
    kind: str  # "initial", "revisit", "full" or "monitoring"
    visit_start: dt.date | None = None
    visit_end: dt.date | None = None
    letter_date: dt.date | None = None
    previous_inspection_start: dt.date | None = None
    previous_inspection_end: dt.date | None = None
    outcome: str | None = None  # "positive", "inconsistent", "widespread"
    wsoa_required: bool | None = None
    weaknesses: list[Weakness] = field(default_factory=list)
    priority_actions: list[PriorityAction] = field(default_factory=list)
    areas_for_improvement: list[str] = field(default_factory=list)
    decision: str | None = None
    warnings: list[str] = field(default_factory=list)

    # More structure for the Django layer (not in to_json_dict).
    responsible_bodies: str | None = None
    # framework 2: the local area partnership's council and integrated care board(s)
    council_name: str | None = None
    integrated_care_boards: list[str] = field(default_factory=list)
    initial_letter_published: dt.date | None = None  # revisits
    wsoa_fit_for_purpose: dt.date | None = None  # revisits
    overall: str | None = None  # revisits: the summary of progress
    stated_weakness_count: int | None = None  # "the six significant weaknesses"
    main_findings: list[str] = field(default_factory=list)  # initial letters
    strengths: dict[str, list[str]] = field(default_factory=dict)  # by heading
    areas_for_development: dict[str, list[str]] = field(default_factory=dict)  # by heading
    effective_practice: list[str] = field(default_factory=list)  # framework 2
    needs_to_do_better: list[str] = field(default_factory=list)  # framework 2
    improvement_bodies: list[str] = field(
        default_factory=list
    )  # beside each, if the table has them
    next_inspection: str | None = None  # "within approximately three years"
    next_monitoring_inspection: str | None = None  # "within approximately 18 months"
    priority_action_plan_required: bool | None = None
    strategic_plan_requested: bool | None = None
    previous_inspection_text: str | None = None  # as the report words it
    previous_revisit_date: dt.date | None = None
    inspectors: list[str] = field(default_factory=list)
    # framework 2: the PDF pages (1-based) each list of findings is on, by the list's name
    finding_pages: dict[str, list[int]] = field(default_factory=dict)

    def to_json_dict(self) -> dict[str, Any]:
        def iso(value: dt.date | None) -> str | None:
            return value.isoformat() if value else None

        return {
            "area": self.area,
            "framework": self.framework,
            "kind": self.kind,
            "visit_start": iso(self.visit_start),
            "visit_end": iso(self.visit_end),
            "letter_date": iso(self.letter_date),
            "previous_inspection_start": iso(self.previous_inspection_start),
            "previous_inspection_end": iso(self.previous_inspection_end),
            "outcome": self.outcome,
            "wsoa_required": self.wsoa_required,
            "weaknesses": [{"text": w.text, "verdict": w.verdict} for w in self.weaknesses],
            "priority_actions": [
                {"text": a.text, "responsible_body": a.responsible_body}
                for a in self.priority_actions
            ],
            "areas_for_improvement": list(self.areas_for_improvement),
            "decision": self.decision,
            "warnings": list(self.warnings),
        }

    @classmethod
    def from_json_dict(cls, data: dict[str, Any]) -> LetterResult:
        """The result from to_json_dict's form, or from any of its fields so written (dates
        as ISO text, weaknesses and priority actions as dicts); other keys are left out."""
        names = {f.name for f in fields(cls)}
        values = {key: value for key, value in data.items() if key in names}
        for name in _DATE_FIELDS:
            if values.get(name):
                values[name] = dt.date.fromisoformat(values[name])
        values["weaknesses"] = [
            Weakness(**_known(Weakness, w)) for w in values.get("weaknesses") or []
        ]
        values["priority_actions"] = [
            PriorityAction(**_known(PriorityAction, a))
            for a in values.get("priority_actions") or []
        ]
        return cls(**values)

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)


_DATE_FIELDS = (
    "visit_start",
    "visit_end",
    "letter_date",
    "previous_inspection_start",
    "previous_inspection_end",
    "initial_letter_published",
    "wsoa_fit_for_purpose",
    "previous_revisit_date",
)


def _known(kind: type, data: dict[str, Any]) -> dict[str, Any]:
    """The items of `data` that name fields of the dataclass `kind`."""
    names = {f.name for f in fields(kind)}
    return {key: value for key, value in data.items() if key in names}
