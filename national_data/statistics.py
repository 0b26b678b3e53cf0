"""The 2016 framework from Ofsted's official statistics (to 31 August 2022), the revisits
gathered from public pages after them, and the former areas' inspections from the notes.
"""

from __future__ import annotations

import datetime as dt

from areas.models import Area
from inspections.models import (
    DatePrecision,
    Framework,
    Inspection,
    InspectionKind,
    RevisitResult,
    SourceKind,
    WrittenStatementOfAction,
    result_from_counts,
)
from inspections.saving import save
from inspections.sources import STATISTICS_NOTES_TITLE, STATISTICS_TITLE, STATISTICS_URL
from national_data.common import (
    DATA_DIR,
    LoadReport,
    area_for_code,
    month_in,
    parse_date,
    read_csv,
    source,
    upsert_inspection,
)
from national_data.sources import addresses_in, source_for_address

STATISTICS_CSV = DATA_DIR / "ofsted_area_send_2016_to_2022.csv"
LATER_REVISITS_CSV = DATA_DIR / "revisits_sep_to_dec_2022.csv"
FORMER_AREA_INSPECTIONS_CSV = DATA_DIR / "former_area_inspections.csv"

STATISTICS_PROGRESS = "Number significant weaknesses where sufficient progress"


# --- Framework 1: the official statistics and later revisits ---------------------


def load_framework_1_statistics(report: LoadReport) -> None:
    statistics = source(
        SourceKind.STATISTICS,
        STATISTICS_TITLE,
        STATISTICS_URL,
        dt.date(2022, 11, 17),
    )
    areas = {area.ons_code: area for area in Area.objects.all()}
    initial_count = revisit_count = 0
    for row in read_csv(STATISTICS_CSV):
        area = area_for_code(row["Local authority code"], areas)
        wsoa_required = row["Inspection outcome: written statement of action required?"] == "Yes"
        initial = upsert_inspection(
            area,
            parse_date(row["Inspection start date"]),
            framework=Framework.LOCAL_AREA_2016,
            kind=InspectionKind.INITIAL,
            published_on=parse_date(row["Inspection publication date"]),
            wsoa_required=wsoa_required,
        )
        initial.sources.add(statistics)
        initial_count += 1
        if not wsoa_required:
            continue
        count = row["Number significant weaknesses identified in written statement of action"]
        wsoa, _ = WrittenStatementOfAction.objects.get_or_create(inspection=initial)
        wsoa.reported_weakness_count = int(float(count)) if count else None
        save(wsoa).sources.add(statistics)
        revisit_start = parse_date(row["Revisit start date"])
        if revisit_start is None:
            continue
        sufficient = int(
            float(row["Number significant weaknesses where sufficient progress has been made"])
        )
        not_sufficient = int(
            float(row["Number significant weaknesses where sufficient progress has not been made"])
        )
        revisit = upsert_inspection(
            area,
            revisit_start,
            framework=Framework.LOCAL_AREA_2016,
            kind=InspectionKind.REVISIT,
            wsoa=wsoa,
            published_on=parse_date(row["Revisit publication date"]),
            revisit_result=result_from_counts(sufficient, not_sufficient),
            reported_sufficient=sufficient,
            reported_not_sufficient=not_sufficient,
        )
        revisit.sources.add(statistics)
        revisit_count += 1
    report.counts["framework-1 inspections (statistics)"] = initial_count
    report.counts["framework-1 revisits (statistics)"] = revisit_count


def latest_wsoa(area: Area, before: dt.date | None = None) -> WrittenStatementOfAction | None:
    wsoas = WrittenStatementOfAction.objects.filter(inspection__area=area)
    if before:
        wsoas = wsoas.filter(inspection__visit_start__lt=before)
    return wsoas.order_by("-inspection__visit_start").first()


def load_later_revisits(report: LoadReport) -> None:
    """Revisits after the statistics' 31 August 2022 cut-off, from public pages."""
    loaded = 0
    for row in read_csv(LATER_REVISITS_CSV):
        area = area_for_code(row["ons_code"], {})
        start = parse_date(row["revisit_start"])
        wsoa = latest_wsoa(area, before=start)
        if wsoa is None:
            report.warnings.append(f"{area.name}: revisit on {start} but no WSOA to revisit")
            continue
        sufficient, not_sufficient = int(row["sufficient"]), int(row["not_sufficient"])
        revisit = upsert_inspection(
            area,
            start,
            framework=Framework.LOCAL_AREA_2016,
            kind=InspectionKind.REVISIT,
            wsoa=wsoa,
            visit_end=parse_date(row["revisit_end"]),
            letter_date=parse_date(row["letter_date"]),
            published_on=parse_date(row["publication_date"]),
            revisit_result=result_from_counts(sufficient, not_sufficient),
            reported_sufficient=sufficient,
            reported_not_sufficient=not_sufficient,
        )
        if wsoa.reported_weakness_count is None:
            wsoa.reported_weakness_count = int(row["weaknesses"])
            save(wsoa)
        # The first address gives the outcome (a council page, or the seed letter loaded with
        # the seed letters); any after " ; " report it too (Luton's local news).
        first, *others = addresses_in(row["source"])
        if first.startswith("http"):
            revisit.sources.add(
                source(SourceKind.COUNCIL_PAGE, f"{area.name}: revisit outcome", first)
            )
        for address in others:
            revisit.sources.add(source_for_address(address, area))
        loaded += 1
    report.counts["framework-1 revisits (after the statistics)"] = loaded


def load_former_area_inspections(report: LoadReport) -> None:
    """Dorset County's and Northamptonshire's 2017 inspections, missing from the statistics."""
    loaded = 0
    notes = source(  # the release's notes sheet (notes 2 and 3), not its table
        SourceKind.STATISTICS,
        STATISTICS_NOTES_TITLE,
        STATISTICS_URL,
        dt.date(2022, 11, 17),
    )
    initial_by_area: dict[int, Inspection] = {}
    for row in read_csv(FORMER_AREA_INSPECTIONS_CSV):
        area = area_for_code(row["ons_code"], {})
        cited = [notes]
        for address in row["source"].split(" ; ")[1:]:
            cited.append(source_for_address(f"https://{address.strip()}", area))
        if row["event"] == "framework-1 inspection":
            month = month_in(row["notes"])
            inspection = upsert_inspection(
                area,
                month,
                framework=Framework.LOCAL_AREA_2016,
                kind=InspectionKind.INITIAL,
                visit_precision=DatePrecision.MONTH,
                wsoa_required=row["verdict_summary"].startswith("Written statement"),
                notes=row["notes"],
            )
            inspection.sources.add(*cited)
            initial_by_area[area.pk] = inspection
            if inspection.wsoa_required:
                wsoa, _ = WrittenStatementOfAction.objects.get_or_create(inspection=inspection)
                wsoa.reported_weakness_count = int(row["weaknesses"]) if row["weaknesses"] else None
                save(wsoa).sources.add(*cited)
            loaded += 1
        elif row["event"] == "framework-1 revisit":
            initial = initial_by_area[area.pk]
            revisit = upsert_inspection(
                area,
                parse_date(row["start_date"]),
                framework=Framework.LOCAL_AREA_2016,
                kind=InspectionKind.REVISIT,
                wsoa=initial.written_statement,
                revisit_result=RevisitResult.SOME
                if row["verdict_summary"].startswith("Some")
                else "",
                notes=row["notes"],
            )
            revisit.sources.add(*cited)
            loaded += 1
    report.counts["former areas' inspections (from the statistics' notes)"] = loaded
