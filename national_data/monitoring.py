"""2023-framework monitoring inspections that a public page states (the report is not held).

A monitoring inspection follows an outcome 3 and gives no new grade: it finds, on each area for
priority action of the report before it, whether the partnership is taking effective action.
The shared file gives the visit and the report only to the month, and what inspectors found
in words (`outcome_or_note`); each is read from those words by a pattern, and a row they do
not fit is refused with a message rather than guessed at.
"""

from __future__ import annotations

import datetime as dt
import re

from areas.models import Area
from inspections.models import (
    DatePrecision,
    Finding,
    FindingKind,
    Framework,
    Inspection,
    InspectionKind,
    MonitoringFinding,
    MonitoringVerdict,
)
from inspections.saving import save
from national_data.common import LoadReport, area_for_code, read_csv, upsert_inspection
from national_data.decisions import WSOA_MILESTONES_CSV
from national_data.sources import sources_for_cell

MONITORING_EVENT = "2023-framework monitoring inspection"
_MONTH = r"(?P<month>(?:January|February|March|April|May|June|July|August|September|October|November|December) \d{4})"
VISIT = re.compile(rf"visit in {_MONTH}")
REPORT = re.compile(rf"report dated {_MONTH}")
ON_EACH = re.compile(
    r"inspectors found (?P<verdict>effective action|no effective action) on each of the "
    r"(?P<count>\w+) areas? for priority action"
)
VERDICTS = {
    "effective action": MonitoringVerdict.EFFECTIVE,
    "no effective action": MonitoringVerdict.NOT_EFFECTIVE,
}
COUNTS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}


def _month(pattern: re.Pattern[str], note: str, area: Area, what: str) -> dt.date:
    found = pattern.search(note)
    if found is None:
        raise ValueError(f"{area.name}: the monitoring inspection's note gives no {what}: {note!r}")
    return dt.datetime.strptime(f"1 {found['month']}", "%d %B %Y").date()


def priority_actions_reviewed(area: Area, visit: dt.date) -> list[Finding]:
    """The areas for priority action of the area's latest full inspection before the visit."""
    reviewed = (
        Inspection.objects.filter(area=area, kind=InspectionKind.FULL, visit_start__lt=visit)
        .order_by("-visit_start")
        .first()
    )
    if reviewed is None:
        return []
    return list(reviewed.findings.filter(kind=FindingKind.PRIORITY_ACTION).order_by("number"))


def load_monitoring_inspections(report: LoadReport) -> None:
    loaded = 0
    for row in read_csv(WSOA_MILESTONES_CSV):
        if row["event"] != MONITORING_EVENT:
            continue
        area = area_for_code(row["area_code"], {})
        note = row["outcome_or_note"]
        visit = _month(VISIT, note, area, "visit month ('visit in July 2025')")
        published = _month(REPORT, note, area, "report month ('report dated September 2025')")
        on_each = ON_EACH.search(note)
        if on_each is None:
            raise ValueError(
                f"{area.name}: the monitoring inspection's note does not say what inspectors "
                f"found on each area for priority action: {note!r}"
            )
        actions = priority_actions_reviewed(area, visit)
        if COUNTS.get(on_each["count"]) != len(actions):
            raise ValueError(
                f"{area.name}: the monitoring inspection's note speaks of {on_each['count']} "
                f"areas for priority action; the report before it has {len(actions)}"
            )
        cited = sources_for_cell(row["source"], area)
        monitoring = upsert_inspection(
            area,
            visit,
            framework=Framework.AREA_2023,
            kind=InspectionKind.MONITORING,
            visit_precision=DatePrecision.MONTH,
            published_on=published,
            published_precision=DatePrecision.MONTH,
            outcome_basis=note,
            notes=row["notes"],
        )
        monitoring.sources.add(*cited)
        for action in actions:
            finding = MonitoringFinding.objects.filter(
                monitoring=monitoring, priority_action=action
            ).first() or MonitoringFinding(monitoring=monitoring, priority_action=action)
            finding.verdict = VERDICTS[on_each["verdict"]]
            finding.source = cited[0]
            save(finding)
        loaded += 1
    report.counts["2023-framework monitoring inspections from public pages"] = loaded
