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
from inspections.sources import (
    MANAGEMENT_INFORMATION_NOT_LINKED,
    MANAGEMENT_INFORMATION_TITLE,
    OFSTED_ON_GOV_UK,
    OUTCOMES_TABLE_PAGE,
    OUTCOMES_TABLE_TITLE,
)
from national_data.common import (
    DATA_DIR,
    LoadReport,
    area_for_code,
    parse_date,
    read_csv,
    record_date,
    source,
    source_with_address,
    upsert_inspection,
)
from national_data.sources import sources_for_cell

FRAMEWORK_2_CSV = DATA_DIR / "area_send_2023_framework_outcomes.csv"
# Outcomes the table could not read, from the public pages that quote the report.
PUBLIC_PAGES_CSV = DATA_DIR / "framework_2_outcomes_from_public_pages.csv"
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


NOT_READ = "The outcome could not be read from Ofsted's report page: see the report."
FROM_PUBLIC_PAGES = (
    "Ofsted's outcomes table could not read this report's outcome: the outcome is taken from "
    "public pages that quote the report (see where the outcome comes from, and the sources). "
    "The visit and publication dates and the report's address are the table's. The report "
    "itself is not held here, so neither are its areas for priority action and for "
    "improvement."
)
OUTCOME_GRADES = {"1": Outcome.POSITIVE, "2": Outcome.INCONSISTENT, "3": Outcome.WIDESPREAD}


def outcomes_from_public_pages() -> dict[tuple[str, dt.date | None], dict[str, str]]:
    """The outcomes the table could not read, from public pages: by ONS code and first day."""
    rows = {}
    for row in read_csv(PUBLIC_PAGES_CSV):
        if row["outcome_grade"] not in OUTCOME_GRADES:
            raise ValueError(
                f"{row['area']}: outcome {row['outcome_grade']!r} in {PUBLIC_PAGES_CSV.name} "
                "is not 1, 2 or 3"
            )
        rows[(row["ons_code"], parse_date(row["visit_start"]))] = row
    return rows


def load_framework_2_outcomes(report: LoadReport) -> None:
    """Every row of the outcomes table; an outcome the table could not read comes from the
    public pages that quote the report, where a row of `PUBLIC_PAGES_CSV` gives it."""
    index = source_with_address(SourceKind.REPORT_INDEX, OUTCOMES_TABLE_TITLE, OUTCOMES_TABLE_PAGE)
    areas = Area.objects.in_bulk(field_name="code")
    from_pages = outcomes_from_public_pages()
    loaded = 0
    for row in read_csv(FRAMEWORK_2_CSV):
        area = area_for_code(row["La Code"], areas)
        outcome = OUTCOME_BY_GRADE.get(row["Outcome Grade"])
        outcome_text = " ".join(row["Inspection Outcome Text"].split())
        notes = outcome_basis = ""
        within = row["Next Inspection"] if row["Next Inspection"] != "NaN" else ""
        start, published = (
            parse_date(row["Inspection Start Date"]),
            parse_date(row["Publication Date"]),
        )
        if start is None:
            # The table lacks the dates (Derbyshire): the shipped report may have given them.
            known = area.inspections.filter(kind=InspectionKind.FULL, published_on=published)
            start = known.values_list("visit_start", flat=True).first()
        pages = from_pages.pop((row["LTLA23CD"], start), None)
        if outcome is None:
            outcome_text = ""
            notes = NOT_READ
            if pages is not None:
                outcome = OUTCOME_GRADES[pages["outcome_grade"]]
                outcome_basis, notes = pages["outcome_basis"], FROM_PUBLIC_PAGES
        elif pages is not None and OUTCOME_GRADES[pages["outcome_grade"]] != outcome:
            report.warnings.append(
                f"{area.name}: public pages give outcome {pages['outcome_grade']}, the outcomes "
                f"table {outcome}; the table's is kept"
            )
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
            outcome_basis=outcome_basis,
            priority_action_plan_required=None
            if outcome is None
            else outcome == Outcome.WIDESPREAD,
            next_inspection_within=within,
            next_inspection_by=parse_date(row["Next Inspection By Date"]),
            report_url=report_link(row["Inspection Link"]),
            notes=notes,
        )
        inspection.sources.add(index)
        if pages is not None:
            cite_public_pages(inspection, pages, report)
        loaded += 1
    for (code, start), pages in from_pages.items():
        # A report the table does not list at all: the public pages give every fact.
        area = area_for_code(code, areas)
        outcome = OUTCOME_GRADES[pages["outcome_grade"]]
        inspection = upsert_inspection(
            area,
            start,
            framework=Framework.AREA_2023,
            kind=InspectionKind.FULL,
            visit_end=parse_date(pages["visit_end"]),
            published_on=parse_date(pages["published"]),
            outcome=outcome,
            outcome_basis=pages["outcome_basis"],
            priority_action_plan_required=outcome == Outcome.WIDESPREAD,
            notes="Every fact here is taken from public pages that quote the report, which is "
            "not held here (nor are its findings).",
        )
        cite_public_pages(inspection, pages, report)
        loaded += 1
    report.counts["framework-2 full inspections"] = loaded


def cite_public_pages(inspection: Inspection, pages: dict[str, str], report: LoadReport) -> None:
    """The public pages an outcome is taken from, as the inspection's sources; where they give
    other dates than the table's, both are kept, each with its source."""
    cited = sources_for_cell(pages["source"], inspection.area)
    inspection.sources.add(*cited)
    for event, field, column in (
        (DateEvent.VISIT_START, "visit_start", "visit_start"),
        (DateEvent.VISIT_END, "visit_end", "visit_end"),
        (DateEvent.PUBLISHED, "published_on", "published"),
    ):
        given = parse_date(pages[column])
        if given and given != getattr(inspection, field):
            record_date(
                inspection,
                event,
                getattr(inspection, field),
                *inspection.sources.filter(kind=SourceKind.REPORT_INDEX),
            )
            record_date(inspection, event, given, cited[0])
            report.warnings.append(
                f"{inspection.area.name}: public pages give {column} {given:%-d %B %Y}, "
                "the outcomes table another; both are kept"
            )


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
        MANAGEMENT_INFORMATION_TITLE,
        not_linked_because=MANAGEMENT_INFORMATION_NOT_LINKED,
        found_at_title=OFSTED_ON_GOV_UK[0],
        found_at_url=OFSTED_ON_GOV_UK[1],
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
