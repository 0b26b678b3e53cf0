"""The 2023 framework's outcomes: Ofsted's report pages and the management information."""

from __future__ import annotations

import datetime as dt
import re

from django.db.models import Q

from areas.models import Area
from inspections.models import (
    DateEvent,
    DatePrecision,
    Framework,
    Inspection,
    InspectionKind,
    Outcome,
    Source,
    SourceKind,
)
from inspections.saving import save
from national_data.common import (
    DATA_DIR,
    LoadReport,
    area_for_code,
    parse_date,
    read_csv,
    record_date,
    source,
    upsert_inspection,
)

FRAMEWORK_2_CSV = DATA_DIR / "area_send_2023_framework_outcomes.csv"
MANAGEMENT_INFORMATION_CSV = DATA_DIR / "ofsted_mi_2023_framework_winter_2022_23.csv"
OUTCOME_BY_GRADE = {"1.0": Outcome.POSITIVE, "2.0": Outcome.INCONSISTENT, "3.0": Outcome.WIDESPREAD}
OUTCOME_BY_TEXT = {
    "Typically positive experiences and outcomes": Outcome.POSITIVE,
    "Inconsistent experiences and outcomes": Outcome.INCONSISTENT,
    "Widespread and/or systemic failings": Outcome.WIDESPREAD,
}
NO_PREVIOUS_INSPECTION = "01/01/1900"


# --- Framework 2 ------------------------------------------------------------------


def report_link(cell: str) -> str:
    match = re.search(r"\[(https?://[^\]]+)\]", cell)
    return match.group(1) if match else ""


def load_framework_2_outcomes(report: LoadReport) -> None:
    index = source(
        SourceKind.REPORT_INDEX,
        "Area SEND inspection outcomes from Ofsted's report pages (Data to Insight)",
    )
    areas = Area.objects.in_bulk(field_name="code")
    loaded = 0
    for row in read_csv(FRAMEWORK_2_CSV):
        area = area_for_code(row["La Code"], areas)
        outcome = OUTCOME_BY_GRADE.get(row["Outcome Grade"])
        outcome_text = " ".join(row["Inspection Outcome Text"].split())
        notes = ""
        if outcome is None:
            outcome_text = ""
            notes = "The outcome could not be read from Ofsted's report page: see the report."
        within = row["Next Inspection"] if row["Next Inspection"] != "NaN" else ""
        start, published = (
            parse_date(row["Inspection Start Date"]),
            parse_date(row["Publication Date"]),
        )
        if start is None:
            # The table lacks the dates (Derbyshire): the shipped report may have given them.
            known = area.inspections.filter(kind=InspectionKind.FULL, published_on=published)
            start = known.values_list("visit_start", flat=True).first()
        inspection = upsert_inspection(
            area,
            start,
            framework=Framework.AREA_2023,
            kind=InspectionKind.FULL,
            visit_end=parse_date(row["Inspection End Date"])
            or (inspection_end(area, start) if start else None),
            published_on=published,
            outcome=outcome,
            outcome_text=outcome_text,
            priority_action_plan_required=None
            if outcome is None
            else outcome == Outcome.WIDESPREAD,
            next_inspection_within=within,
            next_inspection_by=parse_date(row["Next Inspection By Date"]),
            report_url=report_link(row["Inspection Link"]),
            notes=notes,
        )
        inspection.sources.add(index)
        loaded += 1
    report.counts["framework-2 full inspections"] = loaded


def inspection_end(area: Area, start: dt.date) -> dt.date | None:
    return area.inspections.filter(visit_start=start).values_list("visit_end", flat=True).first()


def link_previous_visits(report: LoadReport) -> None:
    """Each framework-2 row cites the last day of the area's previous visit."""
    index = Source.objects.get(kind=SourceKind.REPORT_INDEX)
    areas = Area.objects.in_bulk(field_name="code")
    for row in read_csv(FRAMEWORK_2_CSV):
        previous_end = parse_date(row["Previous Inspection Date"])
        if previous_end and row["Previous Inspection Date"] != NO_PREVIOUS_INSPECTION:
            record_previous_visit_end(areas[row["La Code"]], previous_end, index, report)


def record_previous_visit_end(
    area: Area, visit_end: dt.date, cited: Source, report: LoadReport
) -> None:
    """A framework-2 report cites the last day of the area's previous visit."""
    previous = (
        Inspection.objects.filter(Q(area=area) | Q(area__successors=area))
        .filter(
            Q(visit_start__range=(visit_end - dt.timedelta(days=7), visit_end))
            # A visit known only to its month (Dorset County, January 2017).
            | Q(visit_precision=DatePrecision.MONTH, visit_start=visit_end.replace(day=1))
        )
        .order_by("-visit_start")
        .first()
    )
    if previous is None:
        report.warnings.append(
            f"{area.name}: a report cites a previous visit ending {visit_end:%-d %B %Y}, "
            "which no loaded inspection matches"
        )
        return
    if previous.visit_end is None:
        previous.visit_end = visit_end
        save(previous).sources.add(cited)
    record_date(previous, DateEvent.VISIT_END, visit_end, cited)


def area_for_name(name: str) -> Area:
    area = Area.objects.current().named(name)
    if area is None:
        raise ValueError(f"No local area is called {name!r}")
    return area


def load_management_information(report: LoadReport) -> None:
    """Ofsted's first 16 framework-2 outcomes, with priority action plans and counts."""
    mi = source(
        SourceKind.MANAGEMENT_INFORMATION,
        "Area SEND inspections: management information, winter 2022 to 2023",
    )
    matched = 0
    for row in read_csv(MANAGEMENT_INFORMATION_CSV):
        area = area_for_name(row["Local.area.partnership"])
        start = parse_date(row["Inspection.start.date"])
        published = parse_date(row["Inspection.publication.date"])
        inspection = (
            area.inspections.filter(kind=InspectionKind.FULL, published_on=published).first()
            or area.inspections.filter(kind=InspectionKind.FULL, visit_start=start).first()
        )
        if inspection is None:
            inspection = Inspection(
                area=area,
                framework=Framework.AREA_2023,
                kind=InspectionKind.FULL,
                visit_start=start,
                published_on=published,
            )
        elif inspection.visit_start != start:
            # The two sources disagree on the first day: keep both, each with its source.
            record_date(
                inspection,
                DateEvent.VISIT_START,
                inspection.visit_start,
                *inspection.sources.filter(kind=SourceKind.REPORT_INDEX),
            )
            record_date(inspection, DateEvent.VISIT_START, start, mi)
        inspection.outcome = OUTCOME_BY_TEXT[row["Inspection.outcome"]]
        inspection.priority_action_plan_required = row["Priority.action.plan.required."] == "Yes"
        count = row["Number.of.areas.for.priority.action"]
        inspection.reported_priority_actions = int(count) if count.isdigit() else None
        save(inspection).sources.add(mi)
        matched += 1
    report.counts["framework-2 outcomes in the management information"] = matched
